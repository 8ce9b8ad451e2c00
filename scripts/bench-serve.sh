#!/usr/bin/env bash
# retour serve benchmark (loopback only, bounded in count and time):
# CLIENTS concurrent clients (default 50) query the explorer API
# (/api/v1/explorer: totals, categories, sites, SKU search) for BENCH_SECONDS
# (default 60) while an order file of LINES lines (default 1,000,000) loads
# into the served warehouse. The same load is first timed with no traffic, on
# a fresh copy of the same warehouse, and both times are printed with the
# latency percentiles and the error count. Fails when p95 > 200 ms or any
# request fails. The harness is serve/bench_test.go TestBenchServe.
set -euo pipefail
cd "$(dirname "$0")/.."
export RETOUR_BENCH_SERVE=1 CLIENTS=${CLIENTS:-50} BENCH_SECONDS=${BENCH_SECONDS:-60} LINES=${LINES:-1000000}
echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -tags=duckdb_arrow -count=1 -timeout 60m -run '^TestBenchServe$' -v ./serve | grep -v '^=== RUN'
