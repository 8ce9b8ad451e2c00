package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

type execFunc func(what, q string, args ...any) error

// prepareSLA writes k_sla: each sector's processing-time SLA, the upper bound
// of its processing_time_mean band (sector-specific, else the "*" band).
func prepareSLA(ctx context.Context, c *sql.Conn, opts Options) error {
	if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE k_sla (sector VARCHAR, sla_hours DOUBLE)`); err != nil {
		return fmt.Errorf("prepare sla: %w", err)
	}
	rows, err := c.QueryContext(ctx, `SELECT DISTINCT sector FROM k_prod`)
	if err != nil {
		return fmt.Errorf("read sectors: %w", err)
	}
	var sectors []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("read sectors: %w", err)
		}
		sectors = append(sectors, s)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("read sectors: %w", err)
	}
	for _, s := range sectors {
		if b, ok := opts.Benchmarks.Band("processing_time_mean", s); ok {
			if _, err := c.ExecContext(ctx, `INSERT INTO k_sla VALUES (?, ?)`, s, b.High); err != nil {
				return fmt.Errorf("prepare sla %s: %w", s, err)
			}
		}
	}
	return nil
}

// prepareCoef writes k_coef: the carbon coefficients of every combination of
// sector, category, material, disposition, outcome and mode among processed
// lines, derived in Go by CarbonModel.coefficients.
func prepareCoef(ctx context.Context, c *sql.Conn, m CarbonModel) error {
	if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE k_coef (
		sector VARCHAR, category_key VARCHAR, material_key VARCHAR, disposition VARCHAR, outcome VARCHAR, mode_key VARCHAR,
		mode VARCHAR, parcel_kg DOUBLE, tkm DOUBLE, proc_kg DOUBLE, proc_minus DOUBLE, eol_per_kg DOUBLE,
		share DOUBLE, per_kg DOUBLE, pcf_unit DOUBLE, pcf_per_kg DOUBLE, route VARCHAR, destroyed BOOLEAN)`); err != nil {
		return fmt.Errorf("prepare carbon coefficients: %w", err)
	}
	rows, err := c.QueryContext(ctx, `SELECT DISTINCT sector, category_key, material_key, disposition, refurbish_outcome, mode_key
		FROM k_ret WHERE proc_week IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("read carbon keys: %w", err)
	}
	type key struct{ sector, cat, mat, disp, out, mode string }
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.sector, &k.cat, &k.mat, &k.disp, &k.out, &k.mode); err != nil {
			rows.Close()
			return fmt.Errorf("read carbon keys: %w", err)
		}
		keys = append(keys, k)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("read carbon keys: %w", err)
	}
	const chunk = 200
	for i := 0; i < len(keys); i += chunk {
		var sb strings.Builder
		var args []any
		sb.WriteString("INSERT INTO k_coef VALUES ")
		for j, k := range keys[i:min(i+chunk, len(keys))] {
			mode := k.mode
			if _, ok := m.Factors.value("transport." + mode); !ok {
				if _, ok := m.Factors.value("parcel." + mode); !ok {
					mode = m.DefaultMode
				}
			}
			cf := m.coefficients(k.sector, k.cat, k.mat, k.disp, k.out, mode)
			if j > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
			args = append(args, k.sector, k.cat, k.mat, k.disp, k.out, k.mode, mode, cf.parcelKg, cf.tkm, cf.procKg, cf.procMinus,
				cf.eolPerKg, cf.share, cf.perKg, cf.pcfUnit, cf.pcfPerKg, cf.route, cf.destroyed)
		}
		if _, err := c.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("write carbon coefficients: %w", err)
		}
	}
	return nil
}

// prepareCohorts writes k_lagcdf (the empirical ship-to-return lag CDF per
// sector and for all sectors, "*") and k_compl (each sector's cohort
// completion: share of eventual returns expected to be observed by the last
// complete week).
func prepareCohorts(ctx context.Context, c *sql.Conn, opts Options, res *Result, exec execFunc) error {
	W := opts.ReturnWindowWeeks
	mature := res.LastWeek.AddDate(0, 0, -7*W)
	var nMature int64
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM k_ret WHERE ship_week IS NOT NULL AND ret_week IS NOT NULL AND ship_week <= ?`,
		mature).Scan(&nMature); err != nil {
		return fmt.Errorf("count mature cohorts: %w", err)
	}
	cut := dateLit(mature)
	if nMature == 0 {
		cut = "$last" // too little history: use every cohort (biased towards short lags)
	}
	q := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE k_lagcdf AS
		WITH obs AS (
			SELECT sector, LEAST(GREATEST((ret_week - ship_week) // 7, 0), %[1]d) AS lag, qty
			FROM k_ret WHERE ship_week IS NOT NULL AND ret_week IS NOT NULL AND ret_week <= $last AND ship_week <= %[2]s),
		pmf AS (SELECT sector, lag, SUM(qty)::DOUBLE AS u FROM obs GROUP BY sector, lag
		        UNION ALL SELECT '*', lag, SUM(qty)::DOUBLE FROM obs GROUP BY lag),
		tot AS (SELECT sector, SUM(u) AS n FROM pmf GROUP BY sector),
		grid AS (SELECT t.sector, t.n, g.lag FROM tot t, range(0, %[1]d + 1) g(lag))
		SELECT grid.sector, grid.lag, grid.n,
		       SUM(COALESCE(pmf.u, 0)) OVER (PARTITION BY grid.sector ORDER BY grid.lag) / grid.n AS cdf
		FROM grid LEFT JOIN pmf USING (sector, lag)`, W, cut)
	if err := exec("lag distribution", q); err != nil {
		return err
	}
	q = fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE k_compl AS
		WITH s AS (SELECT DISTINCT sector FROM k_ship UNION SELECT DISTINCT sector FROM k_ret),
		     wk AS (SELECT DISTINCT week_start FROM k_ship WHERE week_start BETWEEN $first AND $last
		            UNION SELECT DISTINCT ship_week FROM k_ret WHERE ship_week BETWEEN $first AND $last),
		     src AS (SELECT s.sector, CASE WHEN l.n >= %[2]d THEN s.sector ELSE '*' END AS src
		             FROM s LEFT JOIN (SELECT DISTINCT sector, n FROM k_lagcdf) l USING (sector))
		SELECT src.sector, wk.week_start, COALESCE(c.cdf, 1.0) AS completion
		FROM src CROSS JOIN wk
		LEFT JOIN k_lagcdf c ON c.sector = src.src AND c.lag = LEAST(($last - wk.week_start) // 7, %[1]d)`, W, opts.MinLagSample)
	return exec("cohort completion", q)
}

// prepareClaims writes k_claims: claims with their weeks, scopes and days to
// close (view v_claims) and the repeat flag (previous claim on the same SKU within the look-back).
func prepareClaims(_ context.Context, opts Options, exec execFunc) error {
	return exec("prepare claims", fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE k_claims AS
		SELECT c.open_week, c.close_week, c.type, c.resolution, c.carrier,
		       COALESCE(p.sector, 'unknown') AS sector, COALESCE(p.category, 'unknown') AS category,
		       c.amount, c.days_to_close AS days,
		       COALESCE(trim(c.sku), '') <> '' AS has_sku,
		       COALESCE(trim(c.sku), '') <> '' AND
		         lag(c.opened_ts) OVER (PARTITION BY trim(c.sku) ORDER BY c.opened_ts, c.claim_id) >= c.opened_ts - INTERVAL %d DAY AS repeat_sku
		FROM v_claims c LEFT JOIN k_prod p ON p.sku = c.sku`, 7*opts.RecurringWeeks))
}

// prepareBands writes k_band (the bands with each KPI's direction) and
// k_catsec (the sector of each category that belongs to one sector only).
func prepareBands(ctx context.Context, c *sql.Conn, b *Benchmarks) error {
	if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE k_band (kpi_id VARCHAR, sector VARCHAR, low DOUBLE, high DOUBLE, source VARCHAR, direction INTEGER)`); err != nil {
		return fmt.Errorf("prepare bands: %w", err)
	}
	for _, band := range b.Bands {
		k, _ := Lookup(band.KPI)
		if _, err := c.ExecContext(ctx, `INSERT INTO k_band VALUES (?, ?, ?, ?, ?, ?)`,
			band.KPI, band.Sector, band.Low, band.High, band.Source, int(k.Direction)); err != nil {
			return fmt.Errorf("prepare band %s %s: %w", band.KPI, band.Sector, err)
		}
	}
	if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE k_catsec AS
		SELECT category, any_value(sector) AS sector FROM k_prod GROUP BY category HAVING count(DISTINCT sector) = 1`); err != nil {
		return fmt.Errorf("prepare category sectors: %w", err)
	}
	return nil
}
