package forecast

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/retour-analytics/retour/warehouse"
)

// LoadOptions configure Load.
type LoadOptions struct {
	// MaxLag is the longest ship-to-receipt lag (weeks) kept; 0 means 16.
	MaxLag int
	// ProcessingWindowWeeks is the history used for hours per unit; 0 means 26.
	ProcessingWindowWeeks int
}

// Load reads the weekly series from the warehouse: returned units per SKU,
// week and reason (view weekly_returned), shipped units per SKU and week
// (weekly_shipped), products' category and sector, the ship-to-receipt lag of
// order-linked return lines per category, the returns per site and the
// processing hours per unit per site (mean of processed_ts - received_ts over
// the last ProcessingWindowWeeks weeks; DefaultHoursPerUnit when a site has none).
func Load(ctx context.Context, w *warehouse.DB, opts LoadOptions) (*Dataset, error) {
	if opts.MaxLag <= 0 {
		opts.MaxLag = 16
	}
	if opts.ProcessingWindowWeeks <= 0 {
		opts.ProcessingWindowWeeks = 26
	}
	var first, last sql.NullTime
	err := w.QueryRow(ctx, `SELECT min(week_start), max(week_start) FROM (
		SELECT week_start FROM weekly_returned UNION ALL SELECT week_start FROM weekly_shipped)`).Scan(&first, &last)
	if err != nil {
		return nil, fmt.Errorf("read calendar: %w", err)
	}
	if !first.Valid {
		return nil, ErrNoData
	}
	start := first.Time.UTC()
	weeks := int(last.Time.UTC().Sub(start).Hours()/24/7) + 1
	ds := &Dataset{Start: start, Weeks: weeks, Period: 52, SiteY: map[string][]float64{}, HoursPerUnit: map[string]float64{}}
	startDate := start.Format("2006-01-02")

	// products
	type prod struct{ cat, sector string }
	prods := map[string]prod{}
	rows, err := w.Query(ctx, `SELECT sku, category, sector FROM v_products`)
	if err != nil {
		return nil, fmt.Errorf("read products: %w", err)
	}
	for rows.Next() {
		var sku string
		var p prod
		if err := rows.Scan(&sku, &p.cat, &p.sector); err != nil {
			return nil, errors.Join(fmt.Errorf("read products: %w", err), rows.Close())
		}
		prods[sku] = p
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("read products: %w", err)
	}

	// reasons
	rs, err := w.Query(ctx, `SELECT DISTINCT reason FROM weekly_returned ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("read reasons: %w", err)
	}
	reasonIdx := map[string]int{}
	for rs.Next() {
		var r string
		if err := rs.Scan(&r); err != nil {
			return nil, errors.Join(fmt.Errorf("read reasons: %w", err), rs.Close())
		}
		reasonIdx[r] = len(ds.Reasons)
		ds.Reasons = append(ds.Reasons, r)
	}
	if err := errors.Join(rs.Err(), rs.Close()); err != nil {
		return nil, fmt.Errorf("read reasons: %w", err)
	}

	bySKU := map[string]*Series{}
	get := func(sku string) *Series {
		s := bySKU[sku]
		if s == nil {
			sku = strings.Clone(sku) // Arrow strings alias the batch's memory
			p, ok := prods[sku]
			if !ok {
				p = prod{warehouse.Unknown, warehouse.Unknown}
			}
			s = &Series{Key: sku, Category: p.cat, Sector: p.sector, Y: make([]float64, weeks), X: make([]float64, weeks),
				Reasons: make([][]float64, len(ds.Reasons)), Sites: map[string]float64{}}
			for r := range s.Reasons {
				s.Reasons[r] = make([]float64, weeks)
			}
			bySKU[sku] = s
		}
		return s
	}
	// series through Arrow: (sku, week index, reason, units)
	q := fmt.Sprintf(`SELECT sku, CAST((week_start - DATE '%s') / 7 AS BIGINT) AS t, reason, CAST(units AS DOUBLE) AS units
		FROM weekly_returned`, startDate)
	err = scanArrow(ctx, w, q, func(rec arrow.RecordBatch, i int) {
		sku := rec.Column(0).(*array.String).Value(i)
		t := int(rec.Column(1).(*array.Int64).Value(i))
		reason := rec.Column(2).(*array.String).Value(i)
		u := rec.Column(3).(*array.Float64).Value(i)
		if t < 0 || t >= weeks {
			return
		}
		s := get(sku)
		s.Y[t] += u
		s.Reasons[reasonIdx[reason]][t] += u
	})
	if err != nil {
		return nil, fmt.Errorf("read weekly returns: %w", err)
	}
	q = fmt.Sprintf(`SELECT sku, CAST((week_start - DATE '%s') / 7 AS BIGINT) AS t, CAST(units AS DOUBLE) AS units
		FROM weekly_shipped`, startDate)
	err = scanArrow(ctx, w, q, func(rec arrow.RecordBatch, i int) {
		t := int(rec.Column(1).(*array.Int64).Value(i))
		if t < 0 || t >= weeks {
			return
		}
		get(rec.Column(0).(*array.String).Value(i)).X[t] += rec.Column(2).(*array.Float64).Value(i)
	})
	if err != nil {
		return nil, fmt.Errorf("read weekly shipments: %w", err)
	}

	// ship-to-receipt lags of order-linked returns, per category and ship week
	q = fmt.Sprintf(`SELECT r.category,
			CAST((o.ship_week - DATE '%s') / 7 AS BIGINT) AS s,
			CAST((r.week_start - o.ship_week) / 7 AS BIGINT) AS k,
			CAST(SUM(r.qty) AS DOUBLE) AS units
		FROM v_return_lines r
		JOIN v_return_shipments o ON o.return_rowid = r.line_rowid
		WHERE o.ship_week IS NOT NULL AND r.week_start IS NOT NULL
		GROUP BY ALL`, startDate)
	lags := map[string][][]float64{}
	in := interner{}
	err = scanArrow(ctx, w, q, func(rec arrow.RecordBatch, i int) {
		cat := rec.Column(0).(*array.String).Value(i)
		s := int(rec.Column(1).(*array.Int64).Value(i))
		k := int(rec.Column(2).(*array.Int64).Value(i))
		if s < 0 || s >= weeks || k < 0 || k > opts.MaxLag {
			return
		}
		if lags[cat] == nil {
			cat = in.str(cat)
			lags[cat] = make([][]float64, weeks)
		}
		if lags[cat][s] == nil {
			lags[cat][s] = make([]float64, opts.MaxLag+1)
		}
		lags[cat][s][k] += rec.Column(3).(*array.Float64).Value(i)
	})
	if err != nil {
		return nil, fmt.Errorf("read return lags: %w", err)
	}
	if len(lags) > 0 {
		ds.Lags = lags
	}

	// sites: per-SKU units and per-site weekly units
	q = fmt.Sprintf(`SELECT sku, site, CAST((week_start - DATE '%s') / 7 AS BIGINT) AS t,
			CAST(SUM(qty) AS DOUBLE) AS units
		FROM v_return_lines WHERE site <> '%s' AND week_start IS NOT NULL GROUP BY ALL`, startDate, warehouse.Unknown)
	err = scanArrow(ctx, w, q, func(rec arrow.RecordBatch, i int) {
		sku := rec.Column(0).(*array.String).Value(i)
		site := rec.Column(1).(*array.String).Value(i)
		t := int(rec.Column(2).(*array.Int64).Value(i))
		u := rec.Column(3).(*array.Float64).Value(i)
		if t < 0 || t >= weeks {
			return
		}
		// Arrow strings alias the batch's memory, and assigning to an existing
		// map key replaces the stored key: intern before any map write.
		site = in.str(site)
		if ds.SiteY[site] == nil {
			ds.SiteY[site] = make([]float64, weeks)
		}
		ds.SiteY[site][t] += u
		if s := bySKU[sku]; s != nil {
			s.Sites[site] += u
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read sites: %w", err)
	}

	// processing hours per unit per site
	// Labour hours are not in the data: they are estimated from the processing
	// cost (inspection, grading, refurbishment labour) at LabourCostPerHour.
	// Elapsed receipt-to-disposition time is not used: it counts queueing.
	hr, err := w.Query(ctx, `SELECT site, SUM(processing_cost) / SUM(qty) / ?
		FROM v_return_lines
		WHERE site <> ? AND processed_ts IS NOT NULL AND processing_cost IS NOT NULL AND qty > 0
		  AND received_ts >= (SELECT max(received_ts) FROM v_return_lines) - to_weeks(CAST(? AS INTEGER))
		GROUP BY site`, LabourCostPerHour, warehouse.Unknown, opts.ProcessingWindowWeeks)
	if err != nil {
		return nil, fmt.Errorf("read processing hours: %w", err)
	}
	for hr.Next() {
		var site string
		var h sql.NullFloat64
		if err := hr.Scan(&site, &h); err != nil {
			return nil, errors.Join(fmt.Errorf("read processing hours: %w", err), hr.Close())
		}
		if h.Valid && h.Float64 > 0 {
			ds.HoursPerUnit[site] = h.Float64
		}
	}
	if err := errors.Join(hr.Err(), hr.Close()); err != nil {
		return nil, fmt.Errorf("read processing hours: %w", err)
	}
	ds.HoursSource = fmt.Sprintf("processing cost per unit per site over the last %d weeks / %.0f EUR per labour hour (retour assumption, unsourced); %.2f h when a site has none", opts.ProcessingWindowWeeks, LabourCostPerHour, DefaultHoursPerUnit)

	keys := make([]string, 0, len(bySKU))
	for k := range bySKU {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := bySKU[k]
		if firstActive(s.Y, nil, weeks) == weeks {
			continue // never returned: nothing to forecast
		}
		ds.Series = append(ds.Series, s)
	}
	if len(ds.Series) == 0 {
		return nil, ErrNoData
	}
	return ds, nil
}

// interner returns one heap copy per distinct string.
type interner map[string]string

func (in interner) str(s string) string {
	if c, ok := in[s]; ok {
		return c
	}
	c := strings.Clone(s)
	in[c] = c
	return c
}

// scanArrow runs q and calls fn for every row of every record batch.
func scanArrow(ctx context.Context, w *warehouse.DB, q string, fn func(rec arrow.RecordBatch, i int)) error {
	rdr, err := w.QueryArrow(ctx, q)
	if err != nil {
		return err
	}
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i := range int(rec.NumRows()) {
			fn(rec, i)
		}
	}
	return rdr.Err()
}

// ISOWeek formats t as YYYY-Www (warehouse.WeekLabel; kept for callers of forecast).
func ISOWeek(t time.Time) string { return warehouse.WeekLabel(t) }

// Save records a forecast run (warehouse.StartRun) and writes its outputs
// (the 010_forecast tables and forecast_exposure) in one transaction that
// also marks the run ok; it returns the run_id. params is stored as JSON in
// forecast_runs.params. RunStage does load, run and save in one call.
func Save(ctx context.Context, w *warehouse.DB, ds *Dataset, res *Result, params any, wall time.Duration) (runID int64, err error) {
	pj, err := json.Marshal(params)
	if err != nil {
		return 0, fmt.Errorf("encode params: %w", err)
	}
	runID, err = warehouse.StartRun(ctx, w.SQL(), warehouse.RunForecast, map[string]any{
		"origin_week": ds.PeriodStart(res.Origin - 1), "horizon": res.Horizon, "origins": len(res.BacktestOrigins), "params": string(pj)})
	if err != nil {
		return 0, err
	}
	if err := saveOutputs(ctx, w, runID, ds, res, wall); err != nil {
		return 0, errors.Join(err, warehouse.FinishRun(context.WithoutCancel(ctx), w.SQL(), warehouse.RunForecast, runID, err, nil))
	}
	return runID, nil
}

// saveOutputs writes run runID's outputs and marks it ok, in one transaction.
func saveOutputs(ctx context.Context, w *warehouse.DB, runID int64, ds *Dataset, res *Result, wall time.Duration) error {
	err := w.Conn(ctx, func(c *sql.Conn) (err error) {
		if _, err := c.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer func() {
			if err != nil {
				if _, rerr := c.ExecContext(ctx, "ROLLBACK"); rerr != nil {
					err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
				}
			}
		}()
		if err := writeOutputs(ctx, c, runID, ds, res); err != nil {
			return err
		}
		if err := warehouse.FinishRun(ctx, c, warehouse.RunForecast, runID, nil, map[string]any{
			"wall_seconds": wall.Seconds(), "origin_week": ds.PeriodStart(res.Origin - 1), "origins": len(res.BacktestOrigins)}); err != nil {
			return err
		}
		if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save forecast run %d: %w", runID, err)
	}
	return nil
}

// table is a column-oriented batch writer for one output table.
type table struct {
	name   string
	schema *arrow.Schema
	b      *array.RecordBuilder
	recs   []arrow.RecordBatch
	rows   int
}

func newTable(name string, fields ...arrow.Field) *table {
	s := arrow.NewSchema(fields, nil)
	return &table{name: name, schema: s, b: array.NewRecordBuilder(memory.DefaultAllocator, s)}
}

func (t *table) row(vals ...any) {
	for i, v := range vals {
		switch b := t.b.Field(i).(type) {
		case *array.Int64Builder:
			b.Append(int64(v.(int)))
		case *array.Int32Builder:
			b.Append(int32(v.(int)))
		case *array.StringBuilder:
			b.Append(v.(string))
		case *array.Float64Builder:
			f := v.(float64)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				b.AppendNull()
			} else {
				b.Append(f)
			}
		case *array.BooleanBuilder:
			b.Append(v.(bool))
		case *array.Date32Builder:
			b.Append(arrow.Date32FromTime(v.(time.Time)))
		}
	}
	t.endRow()
}

// endRow counts a row appended to every column's builder and cuts a record
// batch every 65,536 rows.
func (t *table) endRow() {
	t.rows++
	if t.rows%65536 == 0 {
		t.recs = append(t.recs, t.b.NewRecordBatch())
	}
}

func (t *table) insert(ctx context.Context, c *sql.Conn) error {
	t.recs = append(t.recs, t.b.NewRecordBatch())
	t.b.Release()
	rdr, err := array.NewRecordReader(t.schema, t.recs)
	if err != nil {
		return fmt.Errorf("batch %s: %w", t.name, err)
	}
	defer rdr.Release()
	for _, r := range t.recs {
		r.Release()
	}
	if _, err := warehouse.InsertArrow(ctx, c, t.name, rdr); err != nil {
		return fmt.Errorf("insert %s: %w", t.name, err)
	}
	return nil
}

func f64(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64, Nullable: true}
}
func str(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.BinaryTypes.String} }
func i64(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int64} }
func i32(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int32} }
func date(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.FixedWidthTypes.Date32}
}

// weekCache holds each period's start and ISO week label, computed once:
// the exposure table alone has one row per SKU and week (3 million at
// 20,000 SKUs), and formatting the label per row took a tenth of the
// write's CPU time.
type weekCache struct {
	ds     *Dataset
	starts []time.Time
	labels []string
}

func newWeekCache(ds *Dataset, periods int) *weekCache {
	wc := &weekCache{ds: ds, starts: make([]time.Time, periods), labels: make([]string, periods)}
	for t := range periods {
		wc.starts[t] = ds.PeriodStart(t)
		wc.labels[t] = warehouse.WeekLabel(wc.starts[t])
	}
	return wc
}

// at returns period t's start and ISO week label.
func (wc *weekCache) at(t int) (time.Time, string) {
	if t < 0 || t >= len(wc.starts) {
		st := wc.ds.PeriodStart(t)
		return st, warehouse.WeekLabel(st)
	}
	return wc.starts[t], wc.labels[t]
}

func writeOutputs(ctx context.Context, c *sql.Conn, runID int64, ds *Dataset, res *Result) error {
	run := int(runID)
	weeks := newWeekCache(ds, max(ds.Weeks, res.Origin+res.Horizon))
	week := func(h int) time.Time { st, _ := weeks.at(res.Origin + h - 1); return st }
	label := func(h int) string { _, l := weeks.at(res.Origin + h - 1); return l }
	fc := newTable("forecasts", i64("run_id"), str("level"), str("key"), date("week_start"), str("iso_week"), i32("h"),
		str("model"), f64("mean"), f64("lo80"), f64("hi80"), f64("lo95"), f64("hi95"))
	ac := newTable("forecast_accuracy", i64("run_id"), str("level"), str("key"), str("model"), str("horizons"),
		f64("wape"), f64("mase"), f64("bias"), f64("coverage80"), f64("coverage95"), f64("pinball"), i64("n"),
		arrow.Field{Name: "selected", Type: arrow.FixedWidthTypes.Boolean})
	for _, l := range res.Levels {
		for _, k := range l.Keys {
			for h, mu := range k.Mean {
				q := k.Q[h]
				fc.row(run, l.Level, k.Key, week(h+1), label(h+1), h+1, k.Model, mu, q[1], q[3], q[0], q[4])
			}
		}
		for _, a := range l.Accuracy {
			s := a.Score
			cov80, cov95, pin := nan(), nan(), nan()
			if s.NInt > 0 {
				cov80, cov95, pin = s.Coverage80(), s.Coverage95(), s.PinballLoss()
			}
			ac.row(run, a.Level, a.Key, a.Model, a.Horizons, s.WAPE(), s.MASE(), s.Bias(), cov80, cov95, pin, s.N, a.Selected)
		}
	}
	rf := newTable("reason_forecasts", i64("run_id"), str("level"), str("key"), date("week_start"), str("iso_week"),
		str("reason"), f64("share"), f64("units"))
	for _, r := range res.Reasons {
		rf.row(run, r.Level, r.Key, week(r.H), label(r.H), r.Reason, r.Share, r.Units)
	}
	al := newTable("reason_alerts", i64("run_id"), str("level"), str("key"), str("reason"), date("start_week"),
		date("detected_week"), f64("share_usual"), f64("share_recent"), f64("strength"), f64("false_alarm_rate"))
	for _, a := range res.Alerts {
		al.row(run, a.Level, a.Key, a.Reason, ds.PeriodStart(a.StartWeek), ds.PeriodStart(a.DetectedWeek),
			a.ShareUsual, a.ShareRecent, a.Strength, a.FalseAlarm)
	}
	wl := newTable("workload_forecasts", i64("run_id"), str("site"), date("week_start"), str("iso_week"),
		f64("units"), f64("hours_per_unit"), f64("hours"), f64("hours_lo80"), f64("hours_hi80"))
	for _, r := range res.Workload {
		wl.row(run, r.Site, week(r.H), label(r.H), r.Units, r.HoursPerUnit, r.Hours, r.HoursLo, r.HoursHi)
	}
	ex := newTable("forecast_exposure", i64("run_id"), str("sku"), date("week_start"), str("iso_week"),
		i32("window_weeks"), f64("shipped"), f64("open_units"), f64("pending_returns"))
	exposureRows(ex, run, weeks, res.Exposure)
	for _, t := range []*table{fc, ac, rf, al, wl, ex} {
		if err := t.insert(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// exposureRows appends the forecast_exposure rows to ex, column by column
// through the typed builders: table.row boxes every value in an interface,
// and this table has one row per SKU and week.
func exposureRows(ex *table, run int, weeks *weekCache, exposure []Exposure) {
	runB := ex.b.Field(0).(*array.Int64Builder)
	skuB := ex.b.Field(1).(*array.StringBuilder)
	wkB := ex.b.Field(2).(*array.Date32Builder)
	isoB := ex.b.Field(3).(*array.StringBuilder)
	winB := ex.b.Field(4).(*array.Int32Builder)
	shipB := ex.b.Field(5).(*array.Float64Builder)
	openB := ex.b.Field(6).(*array.Float64Builder)
	pendB := ex.b.Field(7).(*array.Float64Builder)
	f := func(b *array.Float64Builder, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b.AppendNull()
		} else {
			b.Append(v)
		}
	}
	for _, e := range exposure {
		for i, open := range e.Open {
			t := e.First + i
			pending := nan()
			if e.Pending != nil {
				pending = e.Pending[i]
			}
			wk, iso := weeks.at(t)
			runB.Append(int64(run))
			skuB.Append(e.Series.Key)
			wkB.Append(arrow.Date32FromTime(wk))
			isoB.Append(iso)
			winB.Append(int32(e.WindowWeeks))
			f(shipB, e.Series.X[t])
			f(openB, open)
			f(pendB, pending)
			ex.endRow()
		}
	}
}
