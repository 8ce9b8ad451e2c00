#!/usr/bin/env bash
# Times the report packs on the 10M-order-line demo dataset against a raw-scan
# baseline measured in the same run on the same warehouse (kpi's
# TestBenchBaseline: count and sum(qty) by SKU and week over order_lines and
# return_lines). Each run: the baseline, then `retour report` (the five packs of
# one week, the carbon exports they link to in four formats, the index), then
# each pack alone (reports' TestBenchPacks), so all see the same machine load.
# Prints every run with wall and CPU (user + system) seconds, the medians of RUNS
# runs, the ratio to the baseline and the size of every file.
# Target: <= 10 s for the five packs of one week; each HTML file <= 3 MB.
# The warehouse is cached in $RETOUR_BENCH_DIR (default /tmp/retour-bench/report-10m):
# it is copied from the KPI bench's warehouse when that exists, else generated and
# loaded; a forecast and a KPI run are added when missing (the KPI run stores the
# data coverage the packs read). Delete the folder to rebuild.
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
  touch "$DIR/.ready" "$DIR/.coverage-schema-$("$BIN" --version | sed -nE 's/.*warehouse schema ([0-9]+).*/\1/p')"
fi
# A warehouse cached by an older retour: init brings its schema up to date
# (read-only commands refuse an older one), and a KPI run stores its data
# coverage for that schema (field_coverage_stored), which `retour report`
# reads instead of measuring it, as after any `retour kpi`.
"$BIN" --db "$DB" init >/dev/null
schema=$("$BIN" --version | sed -nE 's/.*warehouse schema ([0-9]+).*/\1/p')
if [ ! -f "$DIR/.coverage-schema-$schema" ]; then
  echo "kpi run (stores the data coverage for schema $schema) ..."
  "$BIN" --db "$DB" kpi >/dev/null
  touch "$DIR/.coverage-schema-$schema"
fi
# The baseline and the per-pack timings run from test binaries built before timing.
go test -c -tags=duckdb_arrow -o "$DIR/kpi.test" ./kpi
go test -c -tags=duckdb_arrow -o "$DIR/reports.test" ./reports
echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
OUT="$DIR/out"
base=(); walls=(); cpus=(); packsum=()
declare -A pw pc
for i in $(seq "$RUNS"); do
  b=$(RETOUR_BENCH_DB="$DB" "$DIR/kpi.test" -test.run '^TestBenchBaseline$' | sed -nE 's/^baseline seconds ([0-9.]+)$/\1/p')
  [ -n "$b" ] || { echo "bench-report: baseline failed" >&2; exit 1; }
  rm -rf "$OUT"
  tm=$( { /usr/bin/time -f '%e %U %S' "$BIN" --quiet --db "$DB" report --out "$OUT" >/dev/null; } 2>&1 | tail -1)
  read -r wall usr sys <<<"$tm"
  cpu=$(echo "$usr + $sys" | bc)
  lines=$(cd reports && RETOUR_BENCH_DB="$DB" "$DIR/reports.test" -test.run '^TestBenchPacks$' | grep '^pack ')
  sum=0
  detail=""
  while read -r _ name _ w _ c _ _; do
    pw[$name]="${pw[$name]:-} $w"; pc[$name]="${pc[$name]:-} $c"
    sum=$(echo "$sum + $w" | bc)
    detail="$detail $name $(printf '%.2f' "$w")s"
  done <<<"$lines"
  base+=("$b"); walls+=("$wall"); cpus+=("$cpu"); packsum+=("$sum")
  printf 'run %d: baseline scan %.2fs; retour report %.2fs wall, %.2fs CPU; five packs alone %.2fs (%s)\n' \
    "$i" "$b" "$wall" "$cpu" "$sum" "${detail# }"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "files:"
find "$OUT" -type f -printf '  %-40P %9s bytes\n' | sort
for name in "${!pw[@]}"; do
  # shellcheck disable=SC2086
  printf 'bench-report: pack %-10s median %.2f s wall, %.2f s CPU\n' "$name" "$(median ${pw[$name]})" "$(median ${pc[$name]})"
done | sort
mb=$(median "${base[@]}"); mw=$(median "${walls[@]}"); mc=$(median "${cpus[@]}"); ms=$(median "${packsum[@]}")
maxhtml=$(find "$OUT" -name '*.html' -printf '%s\n' | sort -g | tail -1)
awk -v b="$mb" -v w="$mw" -v c="$mc" -v s="$ms" -v n="$RUNS" -v x="$maxhtml" -v k="$(nproc)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  printf "bench-report: five packs of one week %.2f s (median of %d, each pack rendered alone; target <= 10 s: %s)\n", s, n, (s <= 10 ? "met" : "NOT met")
  printf "bench-report: retour report (five packs + carbon exports in 4 formats + index) %.2f s wall, %.2f s CPU (medians)\n", w, c
  printf "bench-report: baseline raw scan %.2f s (median); ratio five packs / baseline %.1f, whole command / baseline %.1f\n", b, s / b, w / b
  printf "bench-report: largest HTML file %.2f MB (limit 3 MB); %d cores, load average at end: %s\n", x / 1048576, k, load }'
