#!/usr/bin/env bash
# Times `retour report` (operations, reasons and carbon packs for one week, the
# carbon exports they link to, and the index) on the 10M-order-line demo
# dataset; prints each run, the median of RUNS runs and the size of every file.
# Target: <= 10 s for all packs of one week; each HTML file <= 3 MB.
# The warehouse is cached in $RETOUR_BENCH_DIR (default /tmp/retour-bench/report-10m):
# it is copied from the KPI bench's warehouse when that exists, else generated and
# loaded; a forecast and a KPI run are added when missing. Delete the folder to rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/retour}
LINES=${LINES:-10000000}
RUNS=${RUNS:-3}
DIR=${RETOUR_BENCH_DIR:-/tmp/retour-bench/report-10m}
DB="$DIR/retour.duckdb"
KPIDB=/tmp/retour-bench/kpi-10m/retour.duckdb
mkdir -p "$DIR"
if [ ! -f "$DIR/.ready" ]; then
  rm -f "$DB" "$DB.wal"
  if [ -f "$KPIDB" ] && [ -f /tmp/retour-bench/kpi-10m/.loaded ]; then
    echo "copying the KPI bench warehouse ($KPIDB) ..."
    cp "$KPIDB" "$DB"
  else
    echo "generating $LINES order lines in $DIR ..."
    "$BIN" demo-data --out "$DIR/data" --lines "$LINES" --skus 2000 --weeks 156 --seed 1 >/dev/null
    echo "loading ..."
    "$BIN" --db "$DB" load "$DIR"/data/products.csv "$DIR"/data/order_lines.csv "$DIR"/data/return_lines.csv "$DIR"/data/claims.csv >/dev/null
  fi
  echo "forecast run ..."
  "$BIN" --db "$DB" forecast | tail -1
  echo "kpi run ..."
  "$BIN" --db "$DB" kpi >/dev/null 2>&1 || "$BIN" --db "$DB" kpi | tail -1
  touch "$DIR/.ready"
fi
OUT="$DIR/out"
times=()
for i in $(seq "$RUNS"); do
  rm -rf "$OUT"
  t0=$(date +%s.%N)
  "$BIN" --quiet --db "$DB" report --out "$OUT" >/dev/null
  t1=$(date +%s.%N)
  s=$(echo "$t1 - $t0" | bc)
  echo "run $i: ${s}s"
  times+=("$s")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
echo "files:"
find "$OUT" -type f -printf '  %-40P %9s bytes\n' | sort
maxhtml=$(find "$OUT" -name '*.html' -printf '%s\n' | sort -g | tail -1)
awk -v m="$median" -v x="$maxhtml" -v c="$(nproc)" 'BEGIN {
  printf "bench-report: median of runs %.2f s for all packs of one week + carbon exports + index (target <= 10 s), on %d cores\n", m, c
  printf "largest HTML file: %.2f MB (limit 3 MB)\n", x / 1048576 }'
