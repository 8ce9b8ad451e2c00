#!/usr/bin/env bash
# KPI benchmark: `retour kpi` (every KPI, every week, every scope, CO2 facts)
# on the 10M-order-line demo dataset, against a raw-scan baseline measured in
# the same run on the same warehouse: one plain aggregate over each fact table
# (SELECT count(*), sum(qty) FROM order_lines GROUP BY sku, week, and the same
# on return_lines; kpi/bench_test.go TestBenchBaseline). Runs alternate
# baseline and KPIs so both see the same machine load. Prints every run, the
# medians of RUNS runs, the ratio KPI / baseline and the target (<= 10 s).
# The dataset and its warehouse are cached in $RETOUR_BENCH_DIR (default
# /tmp/retour-bench/kpi-10m); delete it to rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/retour}
LINES=${LINES:-10000000}
RUNS=${RUNS:-3}
DIR=${RETOUR_BENCH_DIR:-/tmp/retour-bench/kpi-10m}
DB="$DIR/retour.duckdb"
mkdir -p "$DIR"
if [ ! -f "$DIR/.loaded" ]; then
  rm -f "$DB"
  echo "generating $LINES order lines in $DIR ..."
  "$BIN" demo-data --out "$DIR/data" --lines "$LINES" --skus 2000 --weeks 156 --seed 1 >/dev/null
  echo "loading ..."
  RETOUR_DB="$DB" "$BIN" load "$DIR"/data/products.csv "$DIR"/data/order_lines.csv "$DIR"/data/return_lines.csv "$DIR"/data/claims.csv
  touch "$DIR/.loaded"
fi
# The baseline runs from the kpi package's test binary (built before timing).
TESTBIN="$DIR/kpi.test"
go test -c -tags=duckdb_arrow -o "$TESTBIN" ./kpi
echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
base=(); comp=(); walls=()
for i in $(seq "$RUNS"); do
  b=$(RETOUR_BENCH_DB="$DB" "$TESTBIN" -test.run '^TestBenchBaseline$' | sed -nE 's/^baseline seconds ([0-9.]+)$/\1/p')
  [ -n "$b" ] || { echo "bench-kpi: baseline failed" >&2; exit 1; }
  t0=$(date +%s.%N)
  line=$(RETOUR_DB="$DB" "$BIN" kpi 2>&1 >/dev/null | grep -E '^kpi run')
  t1=$(date +%s.%N)
  s=$(echo "$line" | sed -E 's/.* in ([0-9.]+)s$/\1/')
  wall=$(echo "$t1 - $t0" | bc)
  base+=("$b"); comp+=("$s"); walls+=("$wall")
  printf 'run %d: baseline scan %.2fs, KPI compute %.2fs (ratio %.1f), whole command %.2fs  (%s)\n' \
    "$i" "$b" "$s" "$(echo "$s / $b" | bc -l)" "$wall" "$line"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mb=$(median "${base[@]}"); mc=$(median "${comp[@]}"); mw=$(median "${walls[@]}")
awk -v b="$mb" -v c="$mc" -v w="$mw" -v n="$RUNS" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  printf "bench-kpi: KPI compute %.2f s (median of %d; all KPIs x all weeks x all scopes + CO2 facts), whole command %.2f s\n", c, n, w
  printf "bench-kpi: baseline raw scan %.2f s (median; count and sum(qty) by SKU and week over order_lines and return_lines)\n", b
  printf "bench-kpi: ratio KPI / baseline %.1f; target <= 10 s: %s; load average at end: %s\n", c / b, (c <= 10 ? "met" : "NOT met"), load }'
