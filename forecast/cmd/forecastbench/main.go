// Command forecastbench measures the forecast engine: accuracy on demo data
// against the ground truth (oracle), seasonal naive, ETS and R's forecast
// package (same series and origins, at scale); reason alert delays against
// the best possible detector; the carparts benchmark in generic mode against R's intermittent
// methods; and speed on 20,000 synthetic SKUs. scripts/bench-forecast.sh runs
// it; every figure is measured in the same run.
//
//	forecastbench demo -dir DIR [-skus 200] [-weeks 156] [-seed 1] [-export series.csv]
//	                   [-r rfc.csv -rtime times.csv] [-no-alerts | -alerts-only] [-alpha A] [-min-count N]
//	forecastbench carparts-prep -in carparts_long.csv -out filtered.csv
//	forecastbench carparts-score -in filtered.csv -r rfc.csv [-rtime S]
//	forecastbench monthly -name m1|tourism -train train.csv -test test.csv -h 18 [-r rfc.csv -rtime times.csv] [-reps 3]
//	forecastbench speed [-skus 20000] [-weeks 156] [-save=false] [-cpuprofile FILE]
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: forecastbench demo|carparts-prep|carparts-score|monthly|speed [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "demo":
		err = benchDemo(os.Args[2:])
	case "carparts-prep":
		err = carpartsPrep(os.Args[2:])
	case "carparts-score":
		err = carpartsScore(os.Args[2:])
	case "monthly":
		err = monthlyScore(os.Args[2:])
	case "speed":
		err = benchSpeed(os.Args[2:])
	default:
		err = fmt.Errorf("unknown bench %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "forecastbench:", err)
		os.Exit(1)
	}
}
