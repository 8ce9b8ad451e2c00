package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/retour-analytics/retour/forecast"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func init() {
	commands = append(commands, newForecastCmd)
	registerDemoStage(demoStage{Name: "forecast", Order: 20, Run: forecastDemoStage})
}

type forecastFlags struct {
	opts      forecast.Options
	models    string
	level     string
	series    string
	out       string
	period    int
	holdout   int
	originArg string
}

func newForecastCmd() *cobra.Command {
	f := forecastFlags{opts: forecast.DefaultOptions()}
	cmd := &cobra.Command{
		Use:   "forecast",
		Short: "Forecast weekly returns and reasons per SKU, with intervals, backtest and alerts",
		Long: `forecast reads the weekly series from the warehouse (returned units per SKU,
week and reason; shipped units; order-linked return lags; sites), backtests
every model on --origins rolling origins for horizons 1..--horizon, selects a
model or combination per SKU, reconciles bottom-up to category, sector, site
and total, and writes forecasts with 80/95 % intervals, accuracy, reason
forecasts, reason alerts, workload (hours per site) and the open exposure
(units shipped and still inside their return window, per SKU and week) to
the warehouse.
--level chooses the level summarised on stdout; every level is stored.

Generic mode forecasts any long-format CSV (columns id,date,value; weekly or
monthly) with the same engine:
  retour forecast --series FILE.csv --out FILE.csv [--period 52|12] [--horizon N] [--holdout N]
It writes FILE.csv (forecasts and intervals) and FILE.accuracy.csv.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.models != "" {
				f.opts.Models = strings.Split(f.models, ",")
			}
			if f.series != "" && !cmd.Flags().Changed("selection") {
				f.opts.Selection = forecast.SelectAuto
			}
			if err := f.opts.Validate(); err != nil {
				return usagef("%v", err)
			}
			stderr := cmd.ErrOrStderr()
			if !global.quiet && forecastIsTTY(stderr) {
				f.opts.Progress = forecastProgress(stderr)
			}
			if f.series != "" {
				return runGenericForecast(cmd.Context(), cmd.OutOrStdout(), f)
			}
			if f.out != "" || f.holdout != 0 {
				return usagef("--out and --holdout need --series")
			}
			switch f.level {
			case forecast.LevelSKU, forecast.LevelCategory, forecast.LevelSector, forecast.LevelSite, forecast.LevelTotal:
			default:
				return usagef("--level must be sku, category, sector, site or total")
			}
			w, err := openWarehouse(cmd.Context())
			if err != nil {
				return err
			}
			res, err := forecast.RunStage(cmd.Context(), w, f.opts)
			if errors.Is(err, forecast.ErrNoData) {
				// Orders-only data is valid: there is nothing to forecast yet.
				fmt.Fprintln(cmd.OutOrStdout(), "forecast: nothing to forecast: the warehouse holds no return lines; load a returns file (retour load FILE) to forecast returns")
				return w.Close()
			}
			if err != nil {
				return errors.Join(err, w.Close())
			}
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, res)
			printLevel(out, res.Result, f.level)
			return w.Close()
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.opts.Horizon, "horizon", f.opts.Horizon, "periods to forecast")
	fl.IntVar(&f.opts.Origins, "origins", f.opts.Origins, "rolling backtest origins")
	fl.IntVar(&f.opts.Step, "step", f.opts.Step, "periods between backtest origins")
	fl.StringVar(&f.opts.Selection, "selection", f.opts.Selection, "per-series choice: pooled (3 best by backtest MSE pooled with the category), family (the best of each model family, 3 families combined), auto (family, pooled for intermittent series; the --series default), combo (3 best of the series) or best (1)")
	fl.StringVar(&f.models, "models", "", "comma-separated candidate models (default all)")
	fl.StringVar(&f.level, "level", forecast.LevelTotal, "level summarised on stdout: sku, category, sector, site or total")
	fl.StringVar(&f.series, "series", "", "generic mode: long-format CSV file (id,date,value)")
	fl.StringVar(&f.out, "out", "", "generic mode: forecast CSV to write (accuracy goes to <out>.accuracy.csv)")
	fl.IntVar(&f.period, "period", 0, "generic mode: seasonal period (52 weekly, 12 monthly; 0 detects)")
	fl.IntVar(&f.holdout, "holdout", 0, "generic mode: final periods hidden from the engine and scored")
	return cmd
}

// printLevel prints the level's keys with the next 4 and 13 weeks' units.
func printLevel(out io.Writer, res *forecast.Result, level string) {
	for _, l := range res.Levels {
		if l.Level != level {
			continue
		}
		keys := append([]*forecast.KeyResult(nil), l.Keys...)
		sort.Slice(keys, func(i, j int) bool { return fcSum(keys[i].Mean) > fcSum(keys[j].Mean) })
		if len(keys) > 20 {
			keys = keys[:20]
		}
		fmt.Fprintf(out, "%-24s %-28s %12s %12s %20s\n", level, "model", "units 1-4", "units all", "week 1 80% interval")
		for _, k := range keys {
			fmt.Fprintf(out, "%-24s %-28s %12.1f %12.1f %9.1f-%-9.1f\n", k.Key, k.Model, fcSum(k.Mean[:min(4, len(k.Mean))]), fcSum(k.Mean), k.Q[0][1], k.Q[0][3])
		}
	}
}

func fcSum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func runGenericForecast(ctx context.Context, stdout io.Writer, f forecastFlags) error {
	if f.out == "" {
		return usagef("--series needs --out FILE.csv")
	}
	in, err := os.Open(f.series)
	if err != nil {
		return fmt.Errorf("open series: %w", err)
	}
	defer in.Close()
	out, err := os.Create(f.out)
	if err != nil {
		return fmt.Errorf("create forecast file: %w", err)
	}
	accPath := strings.TrimSuffix(f.out, filepath.Ext(f.out)) + ".accuracy.csv"
	acc, err := os.Create(accPath)
	if err != nil {
		return errors.Join(fmt.Errorf("create accuracy file: %w", err), out.Close())
	}
	t0 := time.Now()
	s, err := forecast.RunGeneric(ctx, in, out, acc, forecast.GenericOptions{Options: f.opts, Period: f.period, Holdout: f.holdout})
	if cerr := out.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if cerr := acc.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("forecast %s: %w", f.series, err)
	}
	freq := "weekly"
	if s.Monthly {
		freq = "monthly"
	}
	fmt.Fprintf(stdout, "%d %s series x %d periods (period %d, %d missing values read as 0) in %.1fs -> %s, %s\n",
		s.Series, freq, s.Periods, s.Period, s.Missing, time.Since(t0).Seconds(), f.out, accPath)
	fmt.Fprintf(stdout, "series: %d short (under two seasons), %d constant, %d intermittent, %d ending before the last date (each forecast from its own last date); %d periods absent inside series read as 0\n",
		s.Short, s.Constant, s.Intermittent, s.Ragged, s.Gaps)
	if s.Holdout.N > 0 {
		h := s.Holdout
		fmt.Fprintf(stdout, "holdout (%d points): WAPE %.4g, MASE %.4g, RMSE %.4g, bias %+.3g, scaled pinball (q 0.5, 0.8, 0.95) %.4g (MASE and pinball scaled by in-sample naive MAE)\n",
			h.N, h.WAPE(), h.MASE(), h.RMSE(), h.Bias(), h.ScaledPinball())
		for _, zero := range []bool{true, false} {
			c, n := h.CoverageBy(zero)
			if n == 0 {
				continue
			}
			what := "non-zero actuals"
			if zero {
				what = "zero actuals"
			}
			fmt.Fprintf(stdout, "  coverage on %d %s: 80 %% band %.1f %% randomised (PIT), %.1f %% plain; 95 %% band %.1f %% / %.1f %%\n",
				n, what, 100*c[0], 100*c[2], 100*c[1], 100*c[3])
		}
	}
	return nil
}

func forecastIsTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// forecastProgress draws a bar over the series fitted, at most 10 times a second.
func forecastProgress(w io.Writer) func(done, total int) {
	t0 := time.Now()
	var last time.Time
	return func(done, total int) {
		if done < total && time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		frac := float64(done) / float64(max(total, 1))
		n := int(frac * 30)
		el := time.Since(t0).Seconds()
		eta := "?"
		if frac > 0.01 {
			eta = (time.Duration(el*(1-frac)/frac) * time.Second).Round(time.Second).String()
		}
		fmt.Fprintf(w, "\rforecast [%s%s] %d/%d series ETA %s   ", strings.Repeat("=", n), strings.Repeat(" ", 30-n), done, total, eta)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}

func forecastDemoStage(ctx context.Context, w *warehouse.DB, _ string, _ io.Writer) (string, error) {
	res, err := forecast.RunStage(ctx, w, forecast.DefaultOptions())
	if err != nil {
		return "", err
	}
	return res.String(), nil
}
