#!/usr/bin/env bash
# Load benchmark: `retour load` of a 10M-line orders CSV made by demo-data,
# against DuckDB's own CREATE TABLE AS SELECT * FROM read_csv(...) on the same
# file in the same run. Prints medians of RUNS runs and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-10000000}
RUNS=${RUNS:-3}
OUT=${BENCH_DIR:-bench-out}/load
BIN=./bin/retour
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
mkdir -p "$OUT"
if [ ! -f "$OUT/order_lines.csv" ] || [ "$(cat "$OUT/.lines" 2>/dev/null)" != "$LINES" ]; then
  echo "generating $LINES order lines..."
  /usr/bin/time -f "demo-data: %e s wall, peak RSS %M KB" $BIN demo-data --out "$OUT" --skus 20000 --weeks 156 --lines "$LINES" --seed 7 >/dev/null
  echo "$LINES" > "$OUT/.lines"
fi
FILE="$OUT/order_lines.csv"
ROWS=$(($(wc -l < "$FILE") - 1))
SIZE=$(du -m "$FILE" | cut -f1)
echo "file: $FILE ($ROWS rows, $SIZE MB)"
base=(); ours=(); rss=()
for i in $(seq "$RUNS"); do
  b=$( { /usr/bin/time -f "%e %M" $BIN bench-baseline-csv "$FILE" >/dev/null; } 2>&1 | tail -1 | cut -d' ' -f1)
  rm -f "$OUT/w.duckdb" "$OUT/w.duckdb.wal"
  r=$( { /usr/bin/time -f "%e %M" $BIN --quiet --db "$OUT/w.duckdb" load "$FILE" >/dev/null; } 2>&1 | tail -1)
  base+=("$b"); ours+=("${r% *}"); rss+=("${r#* }")
  echo "run $i: duckdb read_csv ${b}s, retour load ${r% *}s, peak RSS $((${r#* } / 1024)) MB"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Incremental re-load: the same file with 1 % of its rows changed (every
# 100th line's quantity), loaded into the warehouse that holds the original.
CHANGED="$OUT/order_lines_changed.csv"
if [ ! -f "$CHANGED" ] || [ "$CHANGED" -ot "$FILE" ]; then
  awk -F, -v OFS=, 'NR == 1 { for (c = 1; c <= NF; c++) if ($c == "qty") q = c }
    NR > 1 && NR % 100 == 0 { $q = $q + 1 } { print }' "$FILE" > "$CHANGED"
fi
inc=(); incrss=()
for i in $(seq "$RUNS"); do
  rm -f "$OUT/w.duckdb" "$OUT/w.duckdb.wal"
  $BIN --quiet --db "$OUT/w.duckdb" load "$FILE" >/dev/null
  r=$( { /usr/bin/time -f "%e %M" $BIN --quiet --db "$OUT/w.duckdb" load "$CHANGED" >/dev/null; } 2>&1 | tail -1)
  inc+=("${r% *}"); incrss+=("${r#* }")
  echo "run $i: re-load with 1 % of rows changed ${r% *}s, peak RSS $((${r#* } / 1024)) MB"
done
rm -f "$OUT/w.duckdb" "$OUT/w.duckdb.wal"
mb=$(median "${base[@]}"); mo=$(median "${ours[@]}"); mr=$(median "${rss[@]}")
mi=$(median "${inc[@]}"); mir=$(median "${incrss[@]}")
awk -v b="$mb" -v o="$mo" -v r="$mr" -v n="$ROWS" -v i="$mi" -v ir="$mir" 'BEGIN {
  printf "retour load:     %.2f s wall (median of runs), %.0f rows/s, peak RSS %.0f MB (target <= 1536)\n", o, n/o, r/1024
  printf "duckdb read_csv: %.2f s wall (median, same file, same run)\n", b
  printf "ratio retour/duckdb: %.2f (target <= 1.3, aim 1.1)\n", o/b
  printf "incremental re-load (1 %% of rows changed): %.2f s wall, peak RSS %.0f MB; %.2f x the first load, %.2f x duckdb read_csv\n", i, ir/1024, i/o, i/b }'
