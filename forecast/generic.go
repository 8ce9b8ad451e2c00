package forecast

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/retour-analytics/retour/csvsafe"
)

// GenericOptions configure RunGeneric.
type GenericOptions struct {
	Options
	// Period is the seasonal period; 0 detects it (52 weekly, 12 monthly).
	Period int
	// Holdout is the number of final periods of each series hidden from the
	// engine and used to score its forecasts (0: forecast after each
	// series' last period).
	Holdout int
}

// DefaultGenericOptions returns DefaultOptions with generic mode's
// selection, SelectAuto.
func DefaultGenericOptions() GenericOptions {
	o := GenericOptions{Options: DefaultOptions()}
	o.Selection = SelectAuto
	return o
}

// GenericSummary reports a generic-mode run.
type GenericSummary struct {
	Series, Periods, Missing int
	Monthly                  bool
	Period                   int
	// Gaps counts periods absent inside the series' spans (read as 0).
	Gaps int
	// Short: series with under two seasons of history; Constant: one value
	// throughout; Intermittent: mean interval between non-zero values over
	// 1.32 periods (Syntetos-Boylan); Ragged: ending before the file's last
	// date (each is forecast from its own last date).
	Short, Constant, Intermittent, Ragged int
	// Holdout scores the forecasts against the hidden periods (when Holdout > 0).
	Holdout Score
	Models  map[string]int // selected model counts
}

// RunGeneric forecasts every series of a long-format file (see ReadLongFile)
// from its own last date, writes point forecasts and intervals to out (id,
// date, h, model, mean, lo80, hi80, lo95, hi95, actual, q50, q80, q95: the
// quantiles of the scaled pinball loss) and per-series
// accuracy to acc (backtest WAPE and MASE; holdout MAE, RMSE, MASE and
// scaled pinball loss when Holdout > 0, the summary's Holdout score adding
// the bands' coverage).
func RunGeneric(ctx context.Context, in io.Reader, out, acc io.Writer, opts GenericOptions) (*GenericSummary, error) {
	lf, err := ReadLongFile(in, opts.Period)
	if err != nil {
		return nil, err
	}
	ds := lf.Dataset
	if opts.Selection == "" {
		opts.Selection = SelectAuto
	}
	if len(opts.Models) == 0 {
		for _, m := range AllModels() {
			opts.Models = append(opts.Models, m.Name())
		}
	}
	o := opts.Options.withDefaults()
	if opts.Holdout > 0 && o.Horizon < opts.Holdout {
		o.Horizon = opts.Holdout
	}
	origin := ds.Weeks - opts.Holdout
	if origin < o.Horizon+8 {
		return nil, fmt.Errorf("%w: the longest series has %d periods before the holdout, need at least %d for the backtest", ErrNoHistory, origin, o.Horizon+8)
	}
	res, err := Run(ctx, ds, origin, o)
	if err != nil {
		return nil, err
	}
	sum := summarise(lf, origin, opts.Holdout)
	if err := writeGeneric(lf, res, origin, opts.Holdout, out, acc, sum); err != nil {
		return nil, err
	}
	return sum, nil
}

// summarise counts the short, constant, intermittent and ragged series of
// lf (history before origin).
func summarise(lf *LongFile, origin, holdout int) *GenericSummary {
	ds := lf.Dataset
	sum := &GenericSummary{Series: len(ds.Series), Periods: ds.Weeks, Missing: lf.Missing, Monthly: ds.Monthly, Period: ds.Period, Models: map[string]int{}}
	var lastDate = lf.Spans[0].Last
	for _, sp := range lf.Spans {
		if sp.Last.After(lastDate) {
			lastDate = sp.Last
		}
	}
	for i, s := range ds.Series {
		sp := lf.Spans[i]
		sum.Gaps += sp.Gaps
		if sp.Last.Before(lastDate) {
			sum.Ragged++
		}
		y := s.Y[ds.Weeks-sp.Periods : origin]
		if len(y) < 2*ds.Period {
			sum.Short++
		}
		constant, nz := true, 0
		for _, v := range y {
			constant = constant && v == y[0]
			if v > 0 {
				nz++
			}
		}
		if constant {
			sum.Constant++
		}
		if nz > 0 && float64(len(y))/float64(nz) > 1.32 {
			sum.Intermittent++
		}
	}
	return sum
}

// writeGeneric writes the forecasts and per-series accuracy of a
// generic-mode run; each series' forecast dates follow its own last date.
func writeGeneric(lf *LongFile, res *Result, origin, holdout int, out, acc io.Writer, sum *GenericSummary) error {
	ds := lf.Dataset
	cw := csv.NewWriter(out)
	aw := csv.NewWriter(acc)
	layout := "2006-01-02"
	if ds.Monthly {
		layout = "2006-01"
	}
	if err := cw.Write([]string{"id", "date", "h", "model", "mean", "lo80", "hi80", "lo95", "hi95", "actual", "q50", "q80", "q95"}); err != nil {
		return fmt.Errorf("write forecasts: %w", err)
	}
	if err := aw.Write([]string{"id", "model", "backtest_wape", "backtest_mase", "holdout_mae", "holdout_rmse", "holdout_mase", "holdout_scaled_pinball", "holdout_n", "not_fitted"}); err != nil {
		return fmt.Errorf("write accuracy: %w", err)
	}
	var sku *LevelResult
	for _, l := range res.Levels {
		if l.Level == LevelSKU {
			sku = l
		}
	}
	bt := map[string]Score{}
	for _, a := range sku.Accuracy {
		if a.Selected && a.Horizons == "all" {
			bt[a.Key] = a.Score
		}
	}
	g := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 8, 64)
	}
	idx := make(map[string]int, len(ds.Series))
	for i, s := range ds.Series {
		idx[s.Key] = i
	}
	for _, k := range sku.Keys {
		i := idx[k.Key]
		s, sp, sr := ds.Series[i], lf.Spans[i], res.Series[i]
		sum.Models[k.Model]++
		first := firstActive(s.Y, nil, origin)
		scale := naiveScale(s.Y[first:origin])
		var hs Score
		for h, mu := range k.Mean {
			t := origin + h
			q80, q95 := k.Upper(h)
			actual := ""
			if t < ds.Weeks {
				a := s.Y[t]
				actual = g(a)
				hs.Add(mu, a, scale)
				q := k.Q[h]
				c80, c95 := k.Cover(h, a)
				hs.AddInterval(a, q, c80, c95)
				hs.AddAbove95(k.Above95(h, a))
				hs.AddScaledPinball(a, [3]float64{q[2], q80, q95}, scale)
			}
			q := k.Q[h]
			date := periodAfter(sp.Last, h+1-holdout, ds.Monthly)
			rec := []string{csvsafe.Cell(k.Key), date.Format(layout), strconv.Itoa(h + 1), k.Model, g(mu), g(q[1]), g(q[3]), g(q[0]), g(q[4]), actual, g(q[2]), g(q80), g(q95)}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("write forecasts: %w", err)
			}
		}
		sum.Holdout.Merge(hs)
		b := bt[k.Key]
		rec := []string{csvsafe.Cell(k.Key), k.Model, g(b.WAPE()), g(b.MASE()), g(hs.MAE()), g(hs.RMSE()), g(hs.MASE()), g(hs.ScaledPinball()), strconv.Itoa(hs.N), sr.notFittedText()}
		if err := aw.Write(rec); err != nil {
			return fmt.Errorf("write accuracy: %w", err)
		}
	}
	cw.Flush()
	aw.Flush()
	if err := errors.Join(cw.Error(), aw.Error()); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
