#!/usr/bin/env bash
# Times `retour kpi` (every KPI, every week, every scope, CO2 facts) on the
# 10M-order-line demo dataset; prints the median of 3 runs. Target: <= 10 s.
# The dataset and its warehouse are cached in $RETOUR_BENCH_DIR (default
# /tmp/retour-bench/kpi-10m); delete it to rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/retour}
LINES=${LINES:-10000000}
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
times=()
walls=()
for i in 1 2 3; do
  t0=$(date +%s.%N)
  line=$(RETOUR_DB="$DB" "$BIN" kpi 2>&1 >/dev/null | grep -E '^kpi run')
  t1=$(date +%s.%N)
  s=$(echo "$line" | sed -E 's/.* in ([0-9.]+)s$/\1/')
  wall=$(echo "$t1 - $t0" | bc)
  echo "run $i: compute ${s}s, whole command ${wall}s  ($line)"
  times+=("$s")
  walls+=("$wall")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
mwall=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n 2p)
echo "bench-kpi: median of 3: compute ${median}s (all KPIs x all weeks x all scopes + CO2 facts; target <= 10 s), whole command ${mwall}s, on $(nproc) cores"
