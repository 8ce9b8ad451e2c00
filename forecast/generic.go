package forecast

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// GenericOptions configure RunGeneric.
type GenericOptions struct {
	Options
	// Period is the seasonal period; 0 detects it (52 weekly, 12 monthly).
	Period int
	// Holdout is the number of final periods hidden from the engine and used
	// to score its forecasts (0: forecast after the last period).
	Holdout int
}

// GenericSummary reports a generic-mode run.
type GenericSummary struct {
	Series, Periods, Missing int
	Monthly                  bool
	Period                   int
	// Holdout scores the forecasts against the hidden periods (when Holdout > 0).
	Holdout Score
	Models  map[string]int // selected model counts
}

// MaxGenericPeriods bounds the calendar of a long-format file: 5,000 periods
// are 96 years of weeks or 416 years of months.
const MaxGenericPeriods = 5000

// ReadLong reads a long-format file with columns id, date, value (a header
// row first; extra columns ignored). Dates are YYYY-MM-DD or YYYY-MM; an empty
// value (or NA) is a missing period, counted and filled with 0; a negative
// value counts as 0 (the engine forecasts counts); rows of one series and
// period are summed. A calendar over MaxGenericPeriods periods is refused.
func ReadLong(r io.Reader, period int) (*Dataset, int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("%w: read header: %w", ErrBadInput, err)
	}
	if len(header) < 3 {
		return nil, 0, fmt.Errorf("%w: need columns id,date,value, got %q", ErrBadInput, strings.Join(header, ","))
	}
	// copies: the reader reuses its record slice
	dateCol, valueCol := strings.Clone(header[1]), strings.Clone(header[2])
	type obs struct {
		t       time.Time
		v       float64
		missing bool
	}
	byID := map[string][]obs{}
	var order []string
	line := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			return nil, 0, fmt.Errorf("%w: line %d: %w", ErrBadInput, line, err)
		}
		if len(rec) < 3 {
			return nil, 0, fmt.Errorf("%w: line %d: %d columns, want id,date,value", ErrBadInput, line, len(rec))
		}
		ds := strings.TrimSpace(rec[1])
		t, err := time.Parse("2006-01-02", ds)
		if err != nil {
			t, err = time.Parse("2006-01", ds)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%w: line %d, column 2 (%s): %q is neither YYYY-MM-DD nor YYYY-MM", ErrBadInput, line, dateCol, ds)
		}
		o := obs{t: t}
		vs := strings.TrimSpace(rec[2])
		if vs == "" || strings.EqualFold(vs, "NA") {
			o.missing = true
		} else if o.v, err = strconv.ParseFloat(vs, 64); err != nil || math.IsNaN(o.v) || math.IsInf(o.v, 0) {
			return nil, 0, fmt.Errorf("%w: line %d, column 3 (%s): %q is not a number", ErrBadInput, line, valueCol, vs)
		}
		id := rec[0]
		if _, ok := byID[id]; !ok {
			id = strings.Clone(id)
			order = append(order, id)
		}
		byID[id] = append(byID[id], o)
	}
	if len(order) == 0 {
		return nil, 0, fmt.Errorf("%w: no data rows", ErrBadInput)
	}
	// frequency: median gap between consecutive dates of a series
	var gaps []float64
	minT, maxT := byID[order[0]][0].t, byID[order[0]][0].t
	minID, maxID := order[0], order[0]
	for _, id := range order {
		os := byID[id]
		sort.Slice(os, func(i, j int) bool { return os[i].t.Before(os[j].t) })
		for i, o := range os {
			if i > 0 && len(gaps) < 100000 {
				gaps = append(gaps, o.t.Sub(os[i-1].t).Hours()/24)
			}
			if o.t.Before(minT) {
				minT, minID = o.t, id
			}
			if o.t.After(maxT) {
				maxT, maxID = o.t, id
			}
		}
	}
	sort.Float64s(gaps)
	monthly := len(gaps) > 0 && gaps[len(gaps)/2] >= 27
	ds := &Dataset{Start: minT, Monthly: monthly, Period: period}
	index := func(t time.Time) int {
		if monthly {
			return (t.Year()-minT.Year())*12 + int(t.Month()) - int(minT.Month())
		}
		return int(math.Round(t.Sub(minT).Hours() / 24 / 7))
	}
	ds.Weeks = index(maxT) + 1
	if ds.Weeks > MaxGenericPeriods {
		// a mistyped year (2202 for 2022) would otherwise allocate a
		// calendar of centuries for every series
		return nil, 0, fmt.Errorf("%w: dates run from %s (series %q) to %s (series %q): %d periods, more than %d; check those dates",
			ErrBadInput, minT.Format("2006-01-02"), minID, maxT.Format("2006-01-02"), maxID, ds.Weeks, MaxGenericPeriods)
	}
	if ds.Period == 0 {
		ds.Period = 52
		if monthly {
			ds.Period = 12
		}
	}
	missing := 0
	for _, id := range order {
		s := &Series{Key: id, Y: make([]float64, ds.Weeks)}
		for _, o := range byID[id] {
			if o.missing {
				missing++
				continue
			}
			i := index(o.t)
			s.Y[i] += math.Max(o.v, 0)
			if math.IsInf(s.Y[i], 0) {
				return nil, 0, fmt.Errorf("%w: series %q: the values dated %s sum past the largest number (%g)",
					ErrBadInput, id, o.t.Format("2006-01-02"), math.MaxFloat64)
			}
		}
		ds.Series = append(ds.Series, s)
	}
	return ds, missing, nil
}

// RunGeneric forecasts every series of a long-format file (see ReadLong) with
// the engine, writes point forecasts and intervals to out (id, date, h,
// model, mean, lo80, hi80, lo95, hi95, actual) and per-series accuracy to acc
// (backtest WAPE and MASE; holdout MAE, RMSE and MASE when Holdout > 0).
func RunGeneric(ctx context.Context, in io.Reader, out, acc io.Writer, opts GenericOptions) (*GenericSummary, error) {
	ds, missing, err := ReadLong(in, opts.Period)
	if err != nil {
		return nil, err
	}
	o := opts.Options.withDefaults()
	if opts.Holdout > 0 && o.Horizon < opts.Holdout {
		o.Horizon = opts.Holdout
	}
	origin := ds.Weeks - opts.Holdout
	if origin < o.Horizon+8 {
		return nil, fmt.Errorf("%w: %d periods before the holdout, need at least %d for the backtest", ErrNoHistory, origin, o.Horizon+8)
	}
	res, err := Run(ctx, ds, origin, o)
	if err != nil {
		return nil, err
	}
	sum := &GenericSummary{Series: len(ds.Series), Periods: ds.Weeks, Missing: missing, Monthly: ds.Monthly, Period: ds.Period, Models: map[string]int{}}
	cw := csv.NewWriter(out)
	aw := csv.NewWriter(acc)
	layout := "2006-01-02"
	if ds.Monthly {
		layout = "2006-01"
	}
	if err := cw.Write([]string{"id", "date", "h", "model", "mean", "lo80", "hi80", "lo95", "hi95", "actual"}); err != nil {
		return nil, fmt.Errorf("write forecasts: %w", err)
	}
	if err := aw.Write([]string{"id", "model", "backtest_wape", "backtest_mase", "holdout_mae", "holdout_rmse", "holdout_mase", "holdout_n"}); err != nil {
		return nil, fmt.Errorf("write accuracy: %w", err)
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
	byKey := make(map[string]*Series, len(ds.Series))
	for _, s := range ds.Series {
		byKey[s.Key] = s
	}
	for _, k := range sku.Keys {
		s := byKey[k.Key]
		sum.Models[k.Model]++
		first := firstActive(s.Y, nil, origin)
		scale := naiveScale(s.Y[first:origin])
		var hs Score
		for h, mu := range k.Mean {
			t := origin + h
			actual := ""
			if t < ds.Weeks {
				actual = g(s.Y[t])
				hs.Add(mu, s.Y[t], scale)
			}
			q := k.Q[h]
			rec := []string{k.Key, ds.PeriodStart(t).Format(layout), strconv.Itoa(h + 1), k.Model, g(mu), g(q[1]), g(q[3]), g(q[0]), g(q[4]), actual}
			if err := cw.Write(rec); err != nil {
				return nil, fmt.Errorf("write forecasts: %w", err)
			}
		}
		sum.Holdout.Merge(hs)
		b := bt[k.Key]
		rec := []string{k.Key, k.Model, g(b.WAPE()), g(b.MASE()), g(hs.MAE()), g(hs.RMSE()), g(hs.MASE()), strconv.Itoa(hs.N)}
		if err := aw.Write(rec); err != nil {
			return nil, fmt.Errorf("write accuracy: %w", err)
		}
	}
	cw.Flush()
	aw.Flush()
	if err := errors.Join(cw.Error(), aw.Error()); err != nil {
		return nil, fmt.Errorf("write output: %w", err)
	}
	return sum, nil
}
