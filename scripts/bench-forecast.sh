#!/usr/bin/env bash
# Forecast bench (make bench-forecast): accuracy on demo data with ground
# truth (engine vs oracle, seasonal naive, ETS; 200 SKUs), reason alerts on
# two seeds, the same at 4 x the volume, R's ets() and croston() against the engine on the same series
# and origins at scale (2,000 demo SKUs; croston on a deterministic sample,
# it takes about 0.1 s a fit), the carparts real-data benchmark in generic
# mode vs R's croston, SBA, TSB, ses and ets, and speed on 20,000 synthetic
# SKUs x 156 weeks (wall time and peak RSS), and the monthly benchmark sets
# (M1 monthly h 18, Tourism monthly h 24) in generic mode vs R's ets(),
# thetaf(), auto.arima() and snaive() on the same splits. Every figure is
# measured in this run; only the published figures quoted beside the
# monthly tables come from the data README.
# Environment: SECTIONS (default "demo alerts x4 rscale unlinked carparts
# monthly speed": the parts to run, each alone if named alone: demo = 1,
# alerts = 1b, x4 = 1c, rscale = 1d, unlinked = 1e, carparts = 2, monthly =
# 2b, speed = 3), BENCH_DIR (default bench-out/forecast), SPEED_SKUS (20000),
# R_SKUS (2000), CROSTON_SKUS (100), R_CORES (2), R_TIMEOUT (seconds each R
# script may take, default 5400: R's auto.arima on all of M1 and Tourism
# takes many minutes; past it the R columns are skipped, saying so), SKIP_R=1
# to skip the R runs, SKIP_SPEED=1 to skip the speed run. Without Rscript
# (Debian: apt-get install r-base-core r-cran-forecast) the R columns are
# skipped and the bench says so.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-bench-out/forecast}
SPEED_SKUS=${SPEED_SKUS:-20000}
R_SKUS=${R_SKUS:-2000}
CROSTON_SKUS=${CROSTON_SKUS:-100}
R_CORES=${R_CORES:-2}
R_TIMEOUT=${R_TIMEOUT:-5400}
mkdir -p "$DIR"
GO=${GO:-go}
$GO build -tags=duckdb_arrow -o "$DIR/forecastbench" ./forecast/cmd/forecastbench
FB="$DIR/forecastbench"
RDIR=forecast/cmd/forecastbench/r

SKIP_R=${SKIP_R:-0}
if [ "$SKIP_R" != 1 ]; then
	if ! command -v Rscript >/dev/null 2>&1; then
		echo "Rscript not found: the R columns are skipped (install r-base-core and r-cran-forecast to get them)"
		SKIP_R=1
	elif ! Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
		echo "R package forecast not found: the R columns are skipped (install r-cran-forecast to get them)"
		SKIP_R=1
	else
		echo "R: $(Rscript -e 'cat(R.version.string, "forecast", as.character(packageVersion("forecast")))' 2>/dev/null)"
	fi
fi
# rrun runs an R script bounded by R_TIMEOUT; it fails (and says so) past it
rrun() {
	local rc=0
	timeout "$R_TIMEOUT" Rscript "$@" || rc=$?
	if [ "$rc" = 124 ]; then
		echo "R did not finish within R_TIMEOUT=${R_TIMEOUT}s (machine load: $(uptime | sed 's/.*load/load/')): R columns skipped"
	fi
	return "$rc"
}
echo "machine: $(nproc) cores, $(uptime | sed 's/^ *//')"

# fresh demo data every run: a cached folder could predate a generator change
rm -rf "$DIR/demo" "$DIR/demo-seed2" "$DIR/demo-r" "$DIR/demo-x4" "$DIR/demo-x4-seed2" "$DIR/demo-unlinked" "$DIR/demo-linked"

SECTIONS=" ${SECTIONS:-demo alerts x4 rscale unlinked carparts monthly speed} "
has() { [[ "$SECTIONS" == *" $1 "* ]]; }

if has demo; then
echo "== 1. demo data with ground truth: 200 SKUs, seed 1 (accuracy vs oracle at h 1-4 and 5-13, intervals, alerts) =="
"$FB" demo -dir "$DIR/demo" -wape-out "$DIR/demo_linked.wape"
fi

if has alerts; then
echo
echo "== 1b. reason alerts on a second seed (settings were chosen on seed 1) =="
"$FB" demo -dir "$DIR/demo-seed2" -seed 2 -alerts-only
fi

if has x4; then
echo
echo "== 1c. the same 200 SKUs at 4 x the volume (1,000,000 order lines, about 32 a SKU-week): how accuracy and alert delays move with volume =="
X4=(-dir "$DIR/demo-x4" -lines 1000000)
if [ "$SKIP_R" != 1 ]; then
	"$FB" demo "${X4[@]}" -export "$DIR/demo_x4_series.csv"
	if rrun "$RDIR/demo.R" "$DIR/demo_x4_series.csv" "$DIR/demo_x4_series.csv.origins" "$DIR/demo_x4_r.csv" "$DIR/demo_x4_r_times.csv" 20 "$R_CORES"; then
		"$FB" demo "${X4[@]}" -r "$DIR/demo_x4_r.csv" -rtime "$DIR/demo_x4_r_times.csv"
	else
		"$FB" demo "${X4[@]}"
	fi
else
	"$FB" demo "${X4[@]}"
fi
"$FB" demo -dir "$DIR/demo-x4-seed2" -lines 1000000 -seed 2 -alerts-only
fi

if has rscale; then
echo
echo "== 1d. R's forecast package at scale: $R_SKUS demo SKUs, seed 1, same series and origins (time per SKU-origin, wall and CPU) =="
if [ "$SKIP_R" != 1 ]; then
	"$FB" demo -dir "$DIR/demo-r" -skus "$R_SKUS" -export "$DIR/demo_r_series.csv"
	echo "running R forecast::ets() on every SKU and croston() on $CROSTON_SKUS of them, per origin..." >&2
	# ets() timed 3 times and the engine 3 times: medians (the machine is shared)
	if rrun "$RDIR/demo.R" "$DIR/demo_r_series.csv" "$DIR/demo_r_series.csv.origins" "$DIR/demo_r.csv" "$DIR/demo_r_times.csv" "$CROSTON_SKUS" "$R_CORES" 3; then
		"$FB" demo -dir "$DIR/demo-r" -skus "$R_SKUS" -no-alerts -reps 3 -phases -r "$DIR/demo_r.csv" -rtime "$DIR/demo_r_times.csv"
	else
		"$FB" demo -dir "$DIR/demo-r" -skus "$R_SKUS" -no-alerts -reps 3 -phases
	fi
else
	echo "R skipped: the engine alone"
	"$FB" demo -dir "$DIR/demo-r" -skus "$R_SKUS" -no-alerts -reps 3 -phases
fi
fi

if has unlinked; then
echo
echo "== 1e. demo returns without order references (links inferred at load) vs the linked run: engine WAPE ratio (target <= 1.03) =="
if [ ! -f "$DIR/demo_linked.wape" ]; then
	"$FB" demo -dir "$DIR/demo-linked" -no-alerts -wape-out "$DIR/demo_linked.wape" >/dev/null
fi
"$FB" demo -dir "$DIR/demo-unlinked" -unlink -no-alerts -linked "$DIR/demo_linked.wape"
fi

if has carparts; then
echo
echo "== 2. carparts (real data, generic mode) =="
CP=${CARPARTS:-../shared/data/carparts/carparts_long.csv}
if [ -f "$CP" ]; then
	"$FB" carparts-prep -in "$CP" -out "$DIR/carparts_1046.csv"
	ROPTS=()
	if [ "$SKIP_R" != 1 ] && rrun "$RDIR/carparts.R" "$DIR/carparts_1046.csv" "$DIR/carparts_r.csv" "$DIR/carparts_r_times.csv"; then
		ROPTS=(-r "$DIR/carparts_r.csv" -rtime "$DIR/carparts_r_times.csv")
	fi
	"$FB" carparts-score -in "$DIR/carparts_1046.csv" "${ROPTS[@]}"
	# the same split through the CLI, as a user would run it
	if [ -x bin/retour ]; then
		bin/retour forecast --series "$DIR/carparts_1046.csv" --out "$DIR/carparts_engine.csv" --period 12 --horizon 6 --holdout 6 -q
	fi
else
	echo "carparts file $CP not found: skipped"
fi
fi

if has monthly; then
	MT=${MONTHLY_DATA:-../shared/data/m1_tourism}
	for set in "m1 18" "tourism 24"; do
		read -r name h <<<"$set"
		echo
		echo "== 2b. $name monthly (real data, generic mode, h $h) vs R ets(), thetaf(), auto.arima() =="
		if [ ! -f "$MT/${name}_monthly_train.csv" ]; then
			echo "$MT/${name}_monthly_train.csv not found: skipped"
			continue
		fi
		ROPTS=()
		if [ "$SKIP_R" != 1 ]; then
			echo "running R's ets, thetaf, auto.arima, snaive on every $name series ($R_CORES cores)..." >&2
			if rrun "$RDIR/monthly.R" "$MT/${name}_monthly_train.csv" "$h" "$DIR/${name}_r.csv" "$DIR/${name}_r_times.csv" "$R_CORES"; then
				ROPTS=(-r "$DIR/${name}_r.csv" -rtime "$DIR/${name}_r_times.csv")
			fi
		fi
		"$FB" monthly -name "$name" -train "$MT/${name}_monthly_train.csv" -test "$MT/${name}_monthly_test.csv" -h "$h" -reps 3 "${ROPTS[@]}"
	done
fi

if has speed && [ "${SKIP_SPEED:-0}" != 1 ]; then
	echo
	echo "== 3. speed: $SPEED_SKUS SKUs x 156 weeks, 4 origins, h 1-13, all models =="
	/usr/bin/time -v "$FB" speed -skus "$SPEED_SKUS" 2> "$DIR/speed_time.txt"
	grep -E "Elapsed \(wall|Maximum resident" "$DIR/speed_time.txt" | sed 's/^\s*/  /'
	awk '/Maximum resident/ {printf "  peak RSS %.2f GiB (target <= 4 GiB)\n", $6/1048576}' "$DIR/speed_time.txt"
fi
