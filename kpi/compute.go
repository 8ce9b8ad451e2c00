package kpi

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// Result summarises a Compute run.
type Result struct {
	RunID     int64
	FirstWeek time.Time // Monday of the first week with data
	LastWeek  time.Time // Monday of the last complete week
	Snapshots int64     // kpi_snapshots rows written
	Carbon    int64     // carbon_facts rows written
	Recurring int64     // kpi_claims_recurring rows written
	Wall      time.Duration
}

// normSQL is the SQL twin of normKey.
func normSQL(col string) string {
	return "replace(replace(lower(trim(" + col + ")), ' ', '_'), '-', '_')"
}

// Compute evaluates every KPI of the registry for every ISO week from the
// first week with data to the last complete week, for every scope, and
// writes kpi_runs, kpi_definitions, kpi_snapshots, carbon_facts,
// carbon_factors, kpi_benchmarks, kpi_published_figures and
// kpi_claims_recurring. Earlier runs' snapshots and facts are replaced; the
// run history stays in kpi_runs.
func Compute(ctx context.Context, w *warehouse.DB, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	res := &Result{}
	cov, err := warehouse.ReadCoverage(ctx, w, opts.MinCoverage)
	if err != nil {
		return nil, fmt.Errorf("compute kpis: %w", err)
	}
	// Stored for the readers (report, status): measuring it scans every row.
	if err := warehouse.SaveCoverage(ctx, w, cov); err != nil {
		return nil, fmt.Errorf("compute kpis: %w", err)
	}
	skip, err := Unsupported(cov)
	if err != nil {
		return nil, err
	}
	err = w.Conn(ctx, func(c *sql.Conn) error {
		if opts.Threads > 0 {
			if _, err := c.ExecContext(ctx, fmt.Sprintf("SET threads = %d", opts.Threads)); err != nil {
				return fmt.Errorf("set threads: %w", err)
			}
		}
		first, last, err := weekBounds(ctx, c)
		if err != nil {
			return err
		}
		res.FirstWeek, res.LastWeek = first, last
		params, _ := json.Marshal(map[string]any{
			"sla_hours": opts.SLAHours, "return_window_weeks": opts.ReturnWindowWeeks, "complete_at": opts.CompleteAt,
			"min_completion": opts.MinCompletion, "min_lag_sample": opts.MinLagSample, "recurring_weeks": opts.RecurringWeeks,
			"recurring_min": opts.RecurringMin, "destroy_routes": opts.Carbon.DestroyRoutes, "parcel_linehaul": opts.Carbon.ParcelLinehaul,
			"default_mode": opts.Carbon.DefaultMode, "default_weight_kg": opts.Carbon.DefaultWeightKg,
		})
		res.RunID, err = warehouse.StartRun(ctx, c, warehouse.RunKPI, map[string]any{
			"first_week": first, "last_week": last, "benchmarks_file": opts.Benchmarks.File,
			"factors_files": strings.Join(opts.Carbon.Factors.Files, ";"), "params": string(params)})
		if err != nil {
			return err
		}
		runErr := compute(ctx, c, opts, res)
		if runErr == nil {
			runErr = dropUnsupported(ctx, c, res.RunID, skip, res)
		}
		res.Wall = time.Since(start)
		if err := warehouse.FinishRun(context.WithoutCancel(ctx), c, warehouse.RunKPI, res.RunID, runErr, map[string]any{"wall_seconds": res.Wall.Seconds()}); err != nil {
			return errors.Join(runErr, err)
		}
		return runErr
	})
	if err != nil {
		return nil, fmt.Errorf("compute kpis: %w", err)
	}
	return res, nil
}

// weekBounds returns the Monday of the first week with shipments or returns
// and the Monday of the last complete week: the week of the last shipment or
// return if that day is a Sunday, else the week before.
func weekBounds(ctx context.Context, c *sql.Conn) (first, last time.Time, err error) {
	var minTS, maxTS sql.NullTime
	err = c.QueryRowContext(ctx, `SELECT min(t), max(t) FROM (
		SELECT min(ship_ts) AS t FROM v_order_lines UNION ALL SELECT max(ship_ts) FROM v_order_lines
		UNION ALL SELECT min(return_ts) FROM v_return_lines
		UNION ALL SELECT max(return_ts) FROM v_return_lines)`).Scan(&minTS, &maxTS)
	if err != nil {
		return first, last, fmt.Errorf("read data bounds: %w", err)
	}
	if !minTS.Valid {
		return first, last, ErrNoData
	}
	first = mondayOf(minTS.Time)
	end := maxTS.Time
	last = mondayOf(end)
	if end.Weekday() != time.Sunday {
		last = last.AddDate(0, 0, -7)
	}
	if last.Before(first) {
		last = first
	}
	return first, last, nil
}

func mondayOf(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func dateLit(t time.Time) string { return "DATE '" + t.Format("2006-01-02") + "'" }

func compute(ctx context.Context, c *sql.Conn, opts Options, res *Result) error {
	repl := strings.NewReplacer(
		"$first", dateLit(res.FirstWeek), "$last", dateLit(res.LastWeek),
		"$default_sla", fmt.Sprintf("%g", opts.SLAHours),
		"$default_weight", fmt.Sprintf("%g", opts.Carbon.DefaultWeightKg),
		"$min_completion", fmt.Sprintf("%g", opts.MinCompletion),
		"$complete_at", fmt.Sprintf("%g", opts.CompleteAt),
	)
	exec := func(what, q string, args ...any) error {
		t0 := time.Now()
		if _, err := c.ExecContext(ctx, repl.Replace(q), args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if opts.Trace != nil {
			fmt.Fprintf(opts.Trace, "%8.3fs  %s\n", time.Since(t0).Seconds(), what)
		}
		return nil
	}
	defer func() {
		for _, t := range []string{"k_prod", "k_link", "k_ret", "k_ship", "k_sla", "k_coef", "k_lagcdf", "k_compl", "k_claims", "k_ord", "k_catsec", "k_band", "k_rows", "k_weeks", "k_carbon", "k_carbon_sku"} {
			_, _ = c.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+t)
		}
		for _, f := range families {
			for _, p := range []string{"kl_", "kh_", "ka_"} {
				_, _ = c.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+p+f.name)
			}
		}
	}()
	restoreOrder, err := setTemporarily(ctx, c, "preserve_insertion_order", "false")
	if err != nil {
		return err
	}
	defer func() { _ = restoreOrder() }()
	if err := exec("prepare products", `CREATE OR REPLACE TEMP TABLE k_prod AS
		SELECT p.sku, any_value(v.sector) AS sector, any_value(v.category) AS category,
		       COALESCE(any_value(`+normSQL("p.category")+`), '') AS category_key,
		       COALESCE(any_value(`+normSQL("p.material")+`), '') AS material_key,
		       any_value(p.weight_kg) AS weight_kg, any_value(p.pcf_kgco2e) AS pcf, any_value(p.unit_cost) AS unit_cost
		FROM products p JOIN v_products v ON v.sku = p.sku WHERE p.replaced_by IS NULL GROUP BY p.sku`); err != nil {
		return err
	}
	// The link of each return line to its order line is one narrow join (the
	// two text keys in, the ship time and channel out); the wide return rows
	// then join it on the row id. Joining the wide rows to the 10M order lines
	// directly carries every return column through the big hash join.
	if err := exec("link returns to orders", `CREATE OR REPLACE TEMP TABLE k_link AS
		SELECT return_rowid AS rid, ship_week, channel FROM v_return_shipments`); err != nil {
		return err
	}
	if err := exec("prepare returns", `CREATE OR REPLACE TEMP TABLE k_ret AS
		SELECT r.qty, r.requested_ts, r.received_ts, r.inspected_ts, r.processed_ts,
		       r.processing_hours, r.inspection_hours, r.disposition_hours, -- the warehouse's hour rules
		       r.week_start AS ret_week, r.received_week AS recv_week, r.processed_week AS proc_week,
		       o.ship_week, r.sector, r.category,
		       COALESCE(p.category_key, '') AS category_key, COALESCE(p.material_key, '') AS material_key,
		       p.weight_kg, p.pcf, p.unit_cost, r.site, r.carrier, r.sku,
		       COALESCE(o.channel, 'unknown') AS channel,
		       lower(trim(r.reason_code)) AS reason_code,
		       COALESCE(lower(trim(r.disposition)), '') AS disposition,
		       COALESCE(lower(trim(r.refurbish_outcome)), '') AS refurbish_outcome,
		       COALESCE(`+normSQL("r.transport_mode")+`, '') AS mode_key,
		       r.transport_km, r.refund_amount, r.resale_value, r.processing_cost, r.transport_cost, r.csat_score
		FROM v_return_lines r
		LEFT JOIN k_prod p ON p.sku = r.sku
		LEFT JOIN k_link o ON o.rid = r.line_rowid`); err != nil {
		return err
	}
	if err := exec("prepare shipments", `CREATE OR REPLACE TEMP TABLE k_ship AS
		SELECT o.week_start,
		       COALESCE(p.sector, 'unknown') AS sector, COALESCE(p.category, 'unknown') AS category,
		       o.channel, SUM(o.qty)::DOUBLE AS shipped
		FROM (SELECT sku, channel, ship_week AS week_start, SUM(qty) AS qty
		      FROM v_order_lines WHERE ship_week IS NOT NULL GROUP BY ALL) o -- the 10M lines summed by SKU first
		LEFT JOIN k_prod p ON p.sku = o.sku
		GROUP BY ALL`); err != nil {
		return err
	}
	if err := exec("prepare weeks", `CREATE OR REPLACE TEMP TABLE k_weeks AS
		SELECT CAST(range AS DATE) AS week_start FROM range(CAST($first AS TIMESTAMP), CAST($last AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 7 DAY)`); err != nil {
		return err
	}
	if err := prepareSLA(ctx, c, opts); err != nil {
		return err
	}
	if err := prepareCoef(ctx, c, opts.Carbon); err != nil {
		return err
	}
	if err := prepareCohorts(ctx, c, opts, res, exec); err != nil {
		return err
	}
	if err := prepareClaims(ctx, opts, exec); err != nil {
		return err
	}
	if err := prepareDelivery(opts, exec); err != nil {
		return err
	}
	if err := exec("prepare rows", `CREATE OR REPLACE TEMP TABLE k_rows (kpi_id VARCHAR, week_start DATE, scope VARCHAR, scope_value VARCHAR,
		value DOUBLE, numerator DOUBLE, denominator DOUBLE, provisional BOOLEAN, completion DOUBLE)`); err != nil {
		return err
	}
	byFamily := map[string][]KPI{}
	for _, k := range registry {
		byFamily[k.Family] = append(byFamily[k.Family], k)
	}
	aggregates, err := aggregateNames(ctx, c)
	if err != nil {
		return err
	}
	for _, f := range families {
		plan, err := planFamily(f, byFamily[f.name], aggregates)
		if err != nil {
			return err
		}
		if err := exec("partials "+f.name, plan.partials); err != nil {
			return err
		}
		if plan.holistic != "" {
			if err := exec("holistic "+f.name, plan.holistic); err != nil {
				return err
			}
		}
		if err := exec("rollup "+f.name, plan.rollup); err != nil {
			return err
		}
		var rows []string
		for _, k := range byFamily[f.name] {
			rows = append(rows, rowsSQL(k))
		}
		if err := exec("rows "+f.name, "INSERT INTO k_rows "+strings.Join(rows, "\nUNION ALL\n")); err != nil {
			return err
		}
		if f.name == famProcessed {
			if err := exec("carbon facts", carbonFactsSQL(f)); err != nil {
				return err
			}
			if err := exec("carbon by sku", carbonSKUSQL(f)); err != nil {
				return err
			}
		}
	}
	if err := prepareBands(ctx, c, opts.Benchmarks); err != nil {
		return err
	}
	if err := restoreOrder(); err != nil {
		return err
	}
	return writeResults(ctx, c, opts, res, exec)
}

func orNull(expr string) string {
	if expr == "" {
		return "NULL"
	}
	return expr
}

// rowsSQL selects one KPI's k_rows from its family aggregate.
func rowsSQL(k KPI) string {
	if k.Custom != "" {
		return "SELECT '" + k.ID + "', *, NULL FROM (" + k.Custom + ")"
	}
	id := k.ID
	value := "v_" + id
	num := "n_" + id
	switch {
	case k.Value != "":
	case k.Denominator != "":
		scale := k.Scale
		if scale == 0 {
			scale = 1
		}
		// A FILTERed SUM over no rows is NULL: with units in the denominator the numerator is 0.
		num = fmt.Sprintf("CASE WHEN d_%s IS NOT NULL THEN COALESCE(n_%s, 0) END", id, id)
		value = fmt.Sprintf("%g * %s / NULLIF(d_%s, 0)", scale, num, id)
	default:
		value = "n_" + id
	}
	completion := "NULL"
	if k.Family == famCohort {
		completion = "completion"
	}
	return fmt.Sprintf(`SELECT '%s', week_start, scope, scope_value, v, %s, d_%s, p_%s, %s
		FROM (SELECT *, %s AS v FROM ka_%s) WHERE v IS NOT NULL AND NOT isnan(v)`, id, num, id, id, completion, value, k.Family)
}
