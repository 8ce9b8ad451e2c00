package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/retour-analytics/retour/forecast"
)

// dumpResult writes every output of one engine run in full precision (maps
// in key order), so that two builds can be compared byte for byte: a speed
// change must leave this text unchanged.
func dumpResult(w io.Writer, res *forecast.Result) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "origin %d horizon %d backtest %v models %v\n", res.Origin, res.Horizon, res.BacktestOrigins, res.Models)
	for _, s := range res.Series {
		fmt.Fprintf(b, "series %s %s %v %v %v %v %v %v\n", s.Series.Key, s.Model, s.Weights, s.Mean,
			s.Backtest, s.Failed, s.NotFitted, s.Scale)
	}
	for _, l := range res.Levels {
		for _, k := range l.Keys {
			fmt.Fprintf(b, "key %s %+v\n", l.Level, *k)
		}
		for _, a := range l.Accuracy {
			fmt.Fprintf(b, "accuracy %+v\n", a)
		}
	}
	for _, r := range res.Reasons {
		fmt.Fprintf(b, "reason %+v\n", r)
	}
	for _, a := range res.Alerts {
		fmt.Fprintf(b, "alert %+v\n", a)
	}
	for _, r := range res.Workload {
		fmt.Fprintf(b, "workload %+v\n", r)
	}
	for _, e := range res.Exposure {
		fmt.Fprintf(b, "exposure %s %d %d %v %v\n", e.Series.Key, e.WindowWeeks, e.First, e.Open, e.Pending)
	}
	return b.Flush()
}

// dumpTo appends res to path (truncating it first when fresh); no-op for "".
func dumpTo(path string, fresh bool, res *forecast.Result) error {
	if path == "" {
		return nil
	}
	flag := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if fresh {
		flag |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return fmt.Errorf("dump %s: %w", path, err)
	}
	if err := dumpResult(f, res); err != nil {
		f.Close()
		return fmt.Errorf("dump %s: %w", path, err)
	}
	return f.Close()
}
