#!/usr/bin/env bash
# Load benchmark: `retour load` of a 10M-line orders CSV made by demo-data,
# against DuckDB's own CREATE TABLE AS SELECT * FROM read_csv(...) on the same
# file in the same run, then an incremental re-load of the same file with 1 %
# of its rows changed into the warehouse that holds the original. Prints each
# run (wall, CPU = user + sys of the process, peak RSS) and the medians of
# RUNS runs with the ratios. Wall time depends on what else the machine runs;
# CPU time much less so: read both.
# BENCH_LINES (or LINES) sets the file's size, RUNS the number of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${BENCH_LINES:-${LINES:-10000000}}
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
SIZE=$(du -mL "$FILE" | cut -f1)
echo "file: $FILE ($ROWS rows, $SIZE MB), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# measure CMD...: prints "wall cpu rssKB" of the command.
measure() {
  local r
  r=$( { /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null; } 2>&1 | tail -1)
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' <<<"$r"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
bw=(); bc=(); ow=(); oc=(); orss=()
for i in $(seq "$RUNS"); do
  read -r w c _ < <(measure $BIN bench-baseline-csv "$FILE")
  bw+=("$w"); bc+=("$c")
  rm -f "$OUT/w.duckdb" "$OUT/w.duckdb.wal"
  read -r w2 c2 r2 < <(measure $BIN --quiet --db "$OUT/w.duckdb" load "$FILE")
  ow+=("$w2"); oc+=("$c2"); orss+=("$r2")
  echo "run $i: duckdb read_csv ${w}s wall ${c}s cpu; retour load ${w2}s wall ${c2}s cpu, peak RSS $((r2 / 1024)) MB"
done
# Incremental re-load: the same file with 1 % of its rows changed (every
# 100th line's quantity), loaded into the warehouse that holds the original.
CHANGED="$OUT/order_lines_changed.csv"
if [ ! -f "$CHANGED" ] || [ "$CHANGED" -ot "$FILE" ]; then
  awk -F, -v OFS=, 'NR == 1 { for (c = 1; c <= NF; c++) if ($c == "qty") q = c }
    NR > 1 && NR % 100 == 0 { $q = $q + 1 } { print }' "$FILE" > "$CHANGED"
fi
iw=(); ic=(); irss=()
for i in $(seq "$RUNS"); do
  rm -f "$OUT/w.duckdb" "$OUT/w.duckdb.wal"
  $BIN --quiet --db "$OUT/w.duckdb" load "$FILE" >/dev/null
  read -r w c r < <(measure $BIN --quiet --db "$OUT/w.duckdb" load "$CHANGED")
  iw+=("$w"); ic+=("$c"); irss+=("$r")
  echo "run $i: re-load with 1 % of rows changed ${w}s wall ${c}s cpu, peak RSS $((r / 1024)) MB"
done
rm -f "$OUT/w.duckdb" "$OUT/w.duckdb.wal"
awk -v bw="$(median "${bw[@]}")" -v bc="$(median "${bc[@]}")" -v ow="$(median "${ow[@]}")" -v oc="$(median "${oc[@]}")" \
  -v or="$(median "${orss[@]}")" -v iw="$(median "${iw[@]}")" -v ic="$(median "${ic[@]}")" -v ir="$(median "${irss[@]}")" -v n="$ROWS" -v runs="$RUNS" 'BEGIN {
  printf "medians of %d runs:\n", runs
  printf "retour load:     %.2f s wall, %.2f s cpu, %.0f rows/s, peak RSS %.0f MB (target <= 1536)\n", ow, oc, n/ow, or/1024
  printf "duckdb read_csv: %.2f s wall, %.2f s cpu (same file, same run)\n", bw, bc
  printf "ratio retour/duckdb: %.2f wall, %.2f cpu (target <= 1.3, aim 1.1)\n", ow/bw, oc/bc
  printf "incremental re-load (1 %% of rows changed): %.2f s wall, %.2f s cpu, peak RSS %.0f MB (target <= 1536); %.2f x the first load (wall), %.2f x (cpu)\n", iw, ic, ir/1024, iw/ow, ic/oc }'
