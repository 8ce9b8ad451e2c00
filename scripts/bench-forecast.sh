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
# Environment: SECTIONS (default "demo carparts monthly speed": the parts
# to run), BENCH_DIR (default bench-out/forecast), SPEED_SKUS (20000),
# R_SKUS (2000), CROSTON_SKUS (100), SKIP_R=1 to skip the R runs,
# SKIP_SPEED=1 to skip the speed run.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-bench-out/forecast}
SPEED_SKUS=${SPEED_SKUS:-20000}
R_SKUS=${R_SKUS:-2000}
CROSTON_SKUS=${CROSTON_SKUS:-100}
mkdir -p "$DIR"
GO=${GO:-go}
$GO build -tags=duckdb_arrow -o "$DIR/forecastbench" ./forecast/cmd/forecastbench
FB="$DIR/forecastbench"
RDIR=forecast/cmd/forecastbench/r

if [ "${SKIP_R:-0}" != 1 ] && ! command -v Rscript >/dev/null 2>&1; then
	echo "Rscript missing: installing r-cran-forecast (Debian)" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq r-cran-forecast >&2
fi

# fresh demo data every run: a cached folder could predate a generator change
rm -rf "$DIR/demo" "$DIR/demo-seed2" "$DIR/demo-r" "$DIR/demo-x4" "$DIR/demo-x4-seed2"

SECTIONS=" ${SECTIONS:-demo carparts monthly speed} "
has() { [[ "$SECTIONS" == *" $1 "* ]]; }

if has demo; then
echo "== 1. demo data with ground truth: 200 SKUs, seed 1 (accuracy vs oracle, intervals, alerts) =="
"$FB" demo -dir "$DIR/demo"
echo
echo "== 1b. reason alerts on a second seed (settings were chosen on seed 1) =="
"$FB" demo -dir "$DIR/demo-seed2" -seed 2 -alerts-only

echo
echo "== 1c. the same 200 SKUs at 4 x the volume (1,000,000 order lines, about 32 a SKU-week): how accuracy and alert delays move with volume =="
X4=(-dir "$DIR/demo-x4" -lines 1000000)
if [ "${SKIP_R:-0}" != 1 ]; then
	"$FB" demo "${X4[@]}" -export "$DIR/demo_x4_series.csv"
	Rscript "$RDIR/demo.R" "$DIR/demo_x4_series.csv" "$DIR/demo_x4_series.csv.origins" "$DIR/demo_x4_r.csv" "$DIR/demo_x4_r_times.csv" 20 2
	"$FB" demo "${X4[@]}" -r "$DIR/demo_x4_r.csv" -rtime "$DIR/demo_x4_r_times.csv"
else
	"$FB" demo "${X4[@]}"
fi
"$FB" demo -dir "$DIR/demo-x4-seed2" -lines 1000000 -seed 2 -alerts-only

echo
echo "== 1d. R's forecast package at scale: $R_SKUS demo SKUs, seed 1, same series and origins =="
if [ "${SKIP_R:-0}" != 1 ]; then
	"$FB" demo -dir "$DIR/demo-r" -skus "$R_SKUS" -export "$DIR/demo_r_series.csv"
	echo "running R forecast::ets() on every SKU and croston() on $CROSTON_SKUS of them, per origin..." >&2
	# ets() timed 3 times and the engine 3 times: medians (the machine is shared)
	Rscript "$RDIR/demo.R" "$DIR/demo_r_series.csv" "$DIR/demo_r_series.csv.origins" "$DIR/demo_r.csv" "$DIR/demo_r_times.csv" "$CROSTON_SKUS" 2 3
	"$FB" demo -dir "$DIR/demo-r" -skus "$R_SKUS" -no-alerts -reps 3 -phases -r "$DIR/demo_r.csv" -rtime "$DIR/demo_r_times.csv"
else
	echo "SKIP_R=1: skipped"
fi

fi

if has carparts; then
echo
echo "== 2. carparts (real data, generic mode) =="
CP=${CARPARTS:-../shared/data/carparts/carparts_long.csv}
if [ -f "$CP" ]; then
	"$FB" carparts-prep -in "$CP" -out "$DIR/carparts_1046.csv"
	ROPTS=()
	if [ "${SKIP_R:-0}" != 1 ]; then
		Rscript "$RDIR/carparts.R" "$DIR/carparts_1046.csv" "$DIR/carparts_r.csv" "$DIR/carparts_r_times.csv"
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
		if [ "${SKIP_R:-0}" != 1 ]; then
			echo "running R's ets, thetaf, auto.arima, snaive on every $name series..." >&2
			Rscript "$RDIR/monthly.R" "$MT/${name}_monthly_train.csv" "$h" "$DIR/${name}_r.csv" "$DIR/${name}_r_times.csv"
			ROPTS=(-r "$DIR/${name}_r.csv" -rtime "$DIR/${name}_r_times.csv")
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
