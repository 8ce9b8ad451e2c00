package serve

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

var claimsCols = []PackColumn{{ID: "open", Label: "col.open_claims"}, {ID: "amount", Label: "col.amount", Unit: "EUR", Dec: 2},
	{ID: "oldest_days", Label: "col.oldest_days", Unit: "d", Dec: 0}}

// claimsWeekCols are the claims of a week (kpi_snapshots), by KPI id.
var claimsWeekCols = []PackColumn{{ID: "claims_opened", Label: "col.claims_opened", Unit: "n"}, {ID: "claims_closed", Label: "col.claims_closed", Unit: "n"},
	{ID: "claims_amount", Label: "col.amount", Unit: "EUR", Dec: 2}, {ID: "claims_days_to_close_median", Label: "col.days_to_close", Unit: "d", Dec: 1}}

// claimsWeek adds the claims opened and closed in the chosen week by type
// and by carrier (the claims KPIs of kpi_snapshots, as the claims pack's
// weekly figures), each table under its own filter, unless a SKU search or
// a SKU is set (the KPIs are not recorded per SKU).
func claimsWeek(ctx context.Context, w *warehouse.DB, v *PackView, run int64) error {
	q := v.Filters
	if q.Q != "" || q.SKU != "" || v.Week == "" {
		return nil
	}
	wk, err := warehouse.ParseWeek(v.Week)
	if err != nil {
		return fmt.Errorf("week %q: %w", v.Week, err)
	}
	v.Notes = append(v.Notes, "clm.note_week")
	for _, s := range []struct{ scope, only string }{{"type", q.Type}, {"carrier", q.Carrier}} {
		t := &PackTable{ID: "week-by-" + s.scope, Title: "clm.week_by_" + s.scope, KeyCol: "col." + s.scope, Drill: s.scope, Source: "kpi_snapshots",
			Columns: claimsWeekCols}
		if err := v.kpiTable(ctx, w, t, run, wk, s.scope, s.only); err != nil {
			return err
		}
	}
	return nil
}

// exploreClaims: the claims open at the end of the last complete week of the
// latest KPI run (kpi_claims_open), by type, carrier and SKU under the
// filters, drilling into the claims behind a SKU: its open claims and the
// recent claims behind it as a recurring cause (kpi_claims_recurring_claims).
// The week filter chooses the week of the claims opened and closed by type
// and carrier (kpi_snapshots); the open claims are those of the last
// complete week, the only moment kpi records them at.
func exploreClaims(ctx context.Context, w *warehouse.DB, v *PackView) error {
	q := v.Filters
	run, err := w.LatestGoodRun(ctx, warehouse.RunKPI)
	if err != nil {
		return err
	}
	v.Runs["kpi"] = run
	var asOf sql.NullTime
	if err := w.QueryRow(ctx, `SELECT max(as_of) FROM kpi_claims_open WHERE run_id = ?`, run).Scan(&asOf); err != nil {
		return fmt.Errorf("open claims: %w", err)
	}
	if asOf.Valid {
		v.AsOf = asOf.Time.Format("2006-01-02")
		v.Week = warehouse.WeekOf(asOf.Time.Add(-time.Hour)).String()
	}
	if q.Week != "" {
		wk, err := warehouse.ParseWeek(q.Week)
		if err != nil {
			return fmt.Errorf("week %q: %w (write 2026-W47)", q.Week, err)
		}
		v.Week = wk.String()
	}
	for key, sq := range map[string]string{
		"weeks":    `SELECT DISTINCT iso_week FROM kpi_snapshots WHERE run_id = ? AND kpi_id = 'claims_opened' AND scope = 'total' ORDER BY 1 DESC LIMIT 156`,
		"types":    `SELECT DISTINCT COALESCE(type, 'unknown') FROM kpi_claims_open WHERE run_id = ? ORDER BY 1`,
		"carriers": `SELECT DISTINCT COALESCE(carrier, 'unknown') FROM kpi_claims_open WHERE run_id = ? ORDER BY 1`,
	} {
		if err := v.options(ctx, w, key, sq, run); err != nil {
			return err
		}
	}
	if err := claimsWeek(ctx, w, v, run); err != nil {
		return err
	}
	where := `c.run_id = ? AND (? = '' OR COALESCE(c.type, 'unknown') = ?) AND (? = '' OR COALESCE(c.carrier, 'unknown') = ?)
		AND (? = '' OR c.sku ILIKE '%' || ? || '%' OR l.name ILIKE '%' || ? || '%') AND (? = '' OR c.sku = ?)`
	args := []any{run, q.Type, q.Type, q.Carrier, q.Carrier, q.Q, q.Q, q.Q, q.SKU, q.SKU}
	for _, g := range []struct{ id, col, drill string }{
		{"type", "COALESCE(c.type, 'unknown')", "type"}, {"carrier", "COALESCE(c.carrier, 'unknown')", "carrier"}, {"sku", "COALESCE(c.sku, 'unknown')", "sku"},
	} {
		if q.SKU != "" && g.id == "sku" {
			continue
		}
		label := g.col
		if g.id == "sku" {
			label = "COALESCE(any_value(l.name), '')"
		}
		t := &PackTable{ID: "by-" + g.id, Title: "clm.by_" + g.id, KeyCol: "col." + g.id, Drill: g.drill, Source: "kpi_claims_open", Columns: claimsCols}
		if err := v.table(ctx, w, t, fmt.Sprintf(`SELECT %s AS k, %s, count(*)::BIGINT, COALESCE(sum(c.amount), 0), max(c.age_days)
			FROM kpi_claims_open c LEFT JOIN sku_labels l USING (sku) WHERE %s GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 200`, g.col, label, where), args...); err != nil {
			return err
		}
	}
	if q.SKU == "" {
		return nil
	}
	open := &PackTable{ID: "sku-open", Title: "clm.sku_open", KeyCol: "col.claim", Source: "kpi_claims_open",
		Columns: []PackColumn{{ID: "type", Label: "col.type", Text: true}, {ID: "subtype", Label: "col.subtype", Text: true},
			{ID: "carrier", Label: "col.carrier", Text: true}, {ID: "opened", Label: "col.opened", Text: true},
			{ID: "age_days", Label: "col.age_days", Unit: "d", Dec: 0}, {ID: "amount", Label: "col.amount", Unit: "EUR", Dec: 2}}}
	if err := v.table(ctx, w, open, `SELECT c.claim_id, c.claim_id, COALESCE(c.type, 'unknown'), COALESCE(c.subtype, ''), COALESCE(c.carrier, 'unknown'),
		strftime(c.opened_ts, '%Y-%m-%d'), c.age_days, c.amount
		FROM kpi_claims_open c LEFT JOIN sku_labels l USING (sku) WHERE `+where+` ORDER BY c.age_days DESC, c.claim_id`, args...); err != nil {
		return err
	}
	rec := &PackTable{ID: "sku-recurring", Title: "clm.sku_recurring", KeyCol: "col.claim", Source: "kpi_claims_recurring_claims",
		Columns: []PackColumn{{ID: "type", Label: "col.type", Text: true}, {ID: "resolution", Label: "col.resolution", Text: true},
			{ID: "opened", Label: "col.opened", Text: true}, {ID: "closed", Label: "col.closed", Text: true},
			{ID: "amount", Label: "col.amount", Unit: "EUR", Dec: 2}}}
	return v.table(ctx, w, rec, `SELECT claim_id, claim_id, COALESCE(type, 'unknown'), COALESCE(resolution, ''), strftime(opened_ts, '%Y-%m-%d'),
		COALESCE(strftime(closed_ts, '%Y-%m-%d'), ''), amount
		FROM kpi_claims_recurring_claims WHERE run_id = ? AND key_type = 'sku' AND key = ? ORDER BY opened_ts DESC, claim_id`, run, q.SKU)
}
