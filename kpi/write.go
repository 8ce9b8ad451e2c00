package kpi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// classifySQL is the SQL twin of Classify over a row with value, low, high
// and direction (1 higher is better, 2 lower is better).
const classifySQL = `CASE WHEN low IS NULL THEN NULL
	WHEN value > high THEN CASE WHEN direction = 1 THEN 'better' ELSE 'worse' END
	WHEN value < low THEN CASE WHEN direction = 2 THEN 'better' ELSE 'worse' END
	ELSE 'within' END`

const gapSQL = `CASE WHEN low IS NULL THEN NULL WHEN value > high THEN value - high WHEN value < low THEN value - low ELSE 0 END`

// carbonFactsSQL writes k_carbon, the carbon_facts rows of the run, from the
// processed family's fact rows.
func carbonFactsSQL(processed family) string {
	return `CREATE OR REPLACE TEMP TABLE k_carbon AS
		SELECT week_start, sector, category, NULLIF(disposition, '') AS disposition, transport_mode, esrs_route,
		       SUM(qty) AS units, SUM(mass_kg) AS mass_kg, SUM(co2_transport) AS transport, SUM(co2_processing) AS processing,
		       SUM(co2_end_of_life) AS end_of_life, SUM(co2_avoided) AS avoided, SUM(new_footprint) AS new_footprint,
		       COALESCE(SUM(qty) FILTER (WHERE destroyed), 0) AS destroyed
		FROM (` + processed.fact + `) WHERE week_start BETWEEN $first AND $last
		GROUP BY week_start, sector, category, NULLIF(disposition, ''), transport_mode, esrs_route`
}

// writeResults replaces the previous run's outputs with this run's, in one transaction.
func writeResults(ctx context.Context, c *sql.Conn, opts Options, res *Result, exec execFunc) (err error) {
	if err := exec("begin", "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			if _, rbErr := c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
		}
	}()
	steps := []struct{ what, q string }{
		{"clear snapshots", `DELETE FROM kpi_snapshots`},
		{"clear carbon facts", `DELETE FROM carbon_facts`},
		{"clear recurring claims", `DELETE FROM kpi_claims_recurring`},
		{"clear definitions", `DELETE FROM kpi_definitions`},
		{"clear factors", `DELETE FROM carbon_factors`},
		{"clear bands", `DELETE FROM kpi_benchmarks`},
		{"clear published figures", `DELETE FROM kpi_published_figures`},
		{"write snapshots", fmt.Sprintf(`INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value,
			numerator, denominator, provisional, benchmark_low, benchmark_high, benchmark_status, benchmark_gap, benchmark_source, completion)
			SELECT %d, kpi_id, week_start, strftime(week_start, '%%G-W%%V'), scope, scope_value, value, numerator, denominator,
			       COALESCE(provisional, false), low, high, %s, %s, source, completion
			FROM (SELECT r.*,
			             CASE WHEN bs.kpi_id IS NOT NULL THEN bs.low ELSE ba.low END AS low,
			             CASE WHEN bs.kpi_id IS NOT NULL THEN bs.high ELSE ba.high END AS high,
			             CASE WHEN bs.kpi_id IS NOT NULL THEN bs.source ELSE ba.source END AS source,
			             CASE WHEN bs.kpi_id IS NOT NULL THEN bs.direction ELSE ba.direction END AS direction
			      FROM k_rows r
			      LEFT JOIN k_catsec cs ON r.scope = 'category' AND cs.category = r.scope_value
			      LEFT JOIN k_band bs ON bs.kpi_id = r.kpi_id
			           AND bs.sector = CASE r.scope WHEN 'sector' THEN r.scope_value WHEN 'category' THEN cs.sector END
			      LEFT JOIN k_band ba ON ba.kpi_id = r.kpi_id AND ba.sector = '*')`, res.RunID, classifySQL, gapSQL)},
		{"write carbon facts", fmt.Sprintf(`INSERT INTO carbon_facts (run_id, week_start, iso_week, sector, category, disposition, transport_mode,
			esrs_route, units, mass_kg, transport_kgco2e, processing_kgco2e, end_of_life_kgco2e, avoided_kgco2e, new_footprint_kgco2e, destroyed_units)
			SELECT %d, week_start, strftime(week_start, '%%G-W%%V'), * EXCLUDE (week_start) FROM k_carbon`, res.RunID)},
		{"write recurring claims", fmt.Sprintf(`INSERT INTO kpi_claims_recurring
			WITH c AS (SELECT *, opened_ts >= $last + INTERVAL 7 DAY - INTERVAL %[2]d DAY AND opened_ts < $last + INTERVAL 7 DAY AS recent FROM claims WHERE replaced_by IS NULL),
			k AS (SELECT 'sku' AS key_type, trim(sku) AS key, * EXCLUDE (sku) FROM c WHERE COALESCE(trim(sku), '') <> ''
			      UNION ALL BY NAME
			      SELECT 'carrier' AS key_type, trim(carrier) AS key, * EXCLUDE (carrier) FROM c WHERE COALESCE(trim(carrier), '') <> '')
			, tt AS (SELECT key_type, key, first(v ORDER BY n DESC, v) AS top_type
			         FROM (SELECT key_type, key, lower(type) AS v, count(*) AS n FROM k WHERE recent AND type IS NOT NULL GROUP BY ALL) GROUP BY ALL)
			, ts AS (SELECT key_type, key, first(v ORDER BY n DESC, v) AS top_subtype
			         FROM (SELECT key_type, key, subtype AS v, count(*) AS n FROM k WHERE recent AND subtype IS NOT NULL GROUP BY ALL) GROUP BY ALL)
			SELECT %[1]d, a.key_type, a.key, a.n_recent, a.n_all, a.amount_recent, tt.top_type, ts.top_subtype, a.first_ts, a.last_ts, %[3]d
			FROM (SELECT key_type, key, count(*) FILTER (WHERE recent) AS n_recent, count(*) AS n_all,
			             SUM(amount ORDER BY claim_id) FILTER (WHERE recent) AS amount_recent, min(opened_ts) AS first_ts, max(opened_ts) AS last_ts
			      FROM k GROUP BY key_type, key HAVING count(*) FILTER (WHERE recent) >= %[4]d) a
			LEFT JOIN tt USING (key_type, key) LEFT JOIN ts USING (key_type, key)`, res.RunID, 7*opts.RecurringWeeks, opts.RecurringWeeks, opts.RecurringMin)},
	}
	steps = append(steps, claimsListSteps(res.RunID, opts)...)
	steps = append(steps, discardedSteps(res.RunID)...)
	steps = append(steps, carbonSKUSteps(res.RunID)...)
	for _, s := range steps {
		if err := exec(s.what, s.q); err != nil {
			return err
		}
	}
	repl := strings.NewReplacer("$recurring_weeks", fmt.Sprint(opts.RecurringWeeks))
	for _, k := range registry {
		if err := exec("write definition "+k.ID, `INSERT INTO kpi_definitions (kpi_id, name_en, name_fr, definition_en, definition_fr, unit, higher_is_better, audience, needs)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ID, k.NameEN, k.NameFR, repl.Replace(k.DefinitionEN), repl.Replace(k.DefinitionFR), k.Unit, k.HigherIsBetter(), k.Audience, k.Needs); err != nil {
			return err
		}
	}
	for _, f := range opts.Carbon.Factors.All() {
		if err := exec("write factor "+f.ID, `INSERT INTO carbon_factors (factor_id, item, value, unit, source, year, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			f.ID, f.Item, f.Value, f.Unit, f.Source, nullInt(f.Year), f.Note); err != nil {
			return err
		}
	}
	for _, b := range opts.Benchmarks.Bands {
		if err := exec("write band", `INSERT INTO kpi_benchmarks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			b.KPI, b.Sector, b.Low, b.High, b.Unit, b.Source, nullInt(b.Year), b.Note, opts.Benchmarks.File); err != nil {
			return err
		}
	}
	for _, f := range opts.Benchmarks.Published {
		if err := exec("write published figure", `INSERT INTO kpi_published_figures VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			f.ID, f.KPI, f.Scope, f.Value, f.Unit, f.Description, f.Source, nullInt(f.Year)); err != nil {
			return err
		}
	}
	for _, q := range []struct {
		dst *int64
		sql string
	}{
		{&res.Snapshots, `SELECT count(*) FROM kpi_snapshots`},
		{&res.Carbon, `SELECT count(*) FROM carbon_facts`},
		{&res.Recurring, `SELECT count(*) FROM kpi_claims_recurring`},
	} {
		if err := c.QueryRowContext(ctx, q.sql).Scan(q.dst); err != nil {
			return fmt.Errorf("count outputs: %w", err)
		}
	}
	return exec("commit", "COMMIT")
}

func nullInt(v int) any {
	if v == 0 {
		return nil
	}
	return v
}
