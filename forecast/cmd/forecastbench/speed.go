package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/retour-analytics/retour/forecast"
	"github.com/retour-analytics/retour/warehouse"
)

func benchSpeed(args []string) error {
	fs := flag.NewFlagSet("speed", flag.ExitOnError)
	skus := fs.Int("skus", 20000, "synthetic SKUs")
	weeks := fs.Int("weeks", 156, "weeks of history")
	save := fs.Bool("save", true, "also write the outputs to a DuckDB file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the engine run to this file")
	writeProfile := fs.String("writeprofile", "", "write a CPU profile of the DuckDB write to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	t0, c0 := time.Now(), cpuSeconds()
	ds, _ := forecast.Synthetic(forecast.SyntheticOptions{SKUs: *skus, Weeks: *weeks, Categories: 40, Seed: 1, WithLinks: true})
	gen, genCPU := time.Since(t0), cpuSeconds()-c0
	ctx := context.Background()
	opts := forecast.DefaultOptions()
	stopRun, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	t1, c1 := time.Now(), cpuSeconds()
	res, err := forecast.Run(ctx, ds, 0, opts)
	if err != nil {
		return err
	}
	run, runCPU := time.Since(t1), cpuSeconds()-c1
	if err := stopRun(); err != nil {
		return err
	}
	var saveDur time.Duration
	var saveCPU float64
	if *save {
		dir, err := os.MkdirTemp("", "forecastbench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		w, err := warehouse.Open(ctx, filepath.Join(dir, "speed.duckdb"), warehouse.Options{})
		if err != nil {
			return err
		}
		stopWrite, err := startCPUProfile(*writeProfile)
		if err != nil {
			return err
		}
		t2, c2 := time.Now(), cpuSeconds()
		if _, err := forecast.Save(ctx, w, ds, res, opts, run); err != nil {
			return err
		}
		if err := stopWrite(); err != nil {
			return err
		}
		saveDur, saveCPU = time.Since(t2), cpuSeconds()-c2
		if err := w.Close(); err != nil {
			return err
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("speed: %d SKUs x %d weeks, %d backtest origins + final, h = 1..%d, %d models, %d workers (GOMAXPROCS %d)\n",
		*skus, *weeks, len(res.BacktestOrigins), opts.Horizon, len(res.Models), opts.Workers, runtime.GOMAXPROCS(0))
	fmt.Printf("  synthetic data %.1fs (not counted); engine %.1fs; write 010/011 tables %.1fs; total %.1fs (target <= 60 s); Go heap peak ~ %.2f GiB (Sys)\n",
		gen.Seconds(), run.Seconds(), saveDur.Seconds(), (run + saveDur).Seconds(), float64(ms.Sys)/(1<<30))
	fmt.Printf("  CPU (user + sys, every thread): synthetic data %.1fs, engine %.1fs, write %.1fs; engine and write %.1fs (the wall time on 2 cores is at least half of it, %.1fs)\n",
		genCPU, runCPU, saveCPU, runCPU+saveCPU, (runCPU+saveCPU)/2)
	return nil
}
