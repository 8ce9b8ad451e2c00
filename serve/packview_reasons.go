package serve

import (
	"context"
	"fmt"
	"sort"

	"github.com/retour-analytics/retour/warehouse"
)

// reasonWeeks is the look-back of the reasons explorer, as the reasons
// pack's recent weeks.
const reasonWeeks = 13

// exploreReasons: the reason mix (week and 13 weeks) under the filters, the
// categories or SKUs with their main reason, and for a SKU its reason mix
// week by week, its reason alerts and examples of its return comments.
// Sources: weekly_returned, sku_labels, reason_alerts, return_comments.
func exploreReasons(ctx context.Context, w *warehouse.DB, v *PackView) error {
	q := v.Filters
	wk, err := packWeek(ctx, w, q.Week, `SELECT max(week_start) FROM weekly_returned`)
	if err != nil {
		return err
	}
	v.Week = wk.String()
	frun, err := w.LatestGoodRun(ctx, warehouse.RunForecast)
	if err != nil {
		return err
	}
	v.Runs["forecast"] = frun
	for key, sq := range map[string]string{
		"weeks":      `SELECT DISTINCT iso_week FROM weekly_returned ORDER BY 1 DESC LIMIT 156`,
		"sectors":    `SELECT DISTINCT sector FROM sku_labels WHERE sector IS NOT NULL ORDER BY 1`,
		"categories": `SELECT DISTINCT category FROM sku_labels WHERE category IS NOT NULL ORDER BY 1`,
	} {
		if err := v.options(ctx, w, key, sq); err != nil {
			return err
		}
	}
	where, args := q.skuFilter("r.sku")
	from, to := wk.Add(1-reasonWeeks).Start(), wk.Start()
	base := fmt.Sprintf(`SELECT r.sku, COALESCE(l.name, '') AS name, COALESCE(l.category, 'unknown') AS category, r.reason, r.week_start, r.units
		FROM weekly_returned r LEFT JOIN sku_labels l USING (sku) WHERE %s AND r.week_start >= ? AND r.week_start <= ?`, where)
	bargs := append(append([]any{}, args...), from, to)
	mix := &PackTable{ID: "reason-mix", Title: "rsn.mix", KeyCol: "col.reason", Source: "weekly_returned, sku_labels",
		Columns: []PackColumn{{ID: "units", Label: "col.units_week", Unit: "units"}, {ID: "share", Label: "col.share_week", Unit: "%", Dec: 1},
			{ID: "units_13w", Label: "col.units_13w", Unit: "units"}, {ID: "share_13w", Label: "col.share_13w", Unit: "%", Dec: 1}}}
	err = v.table(ctx, w, mix, `WITH b AS (`+base+`)
		SELECT reason, reason, COALESCE(sum(units) FILTER (WHERE week_start = ?), 0)::BIGINT,
			100 * COALESCE(sum(units) FILTER (WHERE week_start = ?), 0) / NULLIF(sum(sum(units) FILTER (WHERE week_start = ?)) OVER (), 0),
			sum(units)::BIGINT, 100 * sum(units) / sum(sum(units)) OVER ()
		FROM b GROUP BY reason ORDER BY 5 DESC, 1`, append(bargs, to, to, to)...)
	if err != nil {
		return err
	}
	if q.SKU != "" {
		return reasonsSKU(ctx, w, v, wk, frun)
	}
	group, label, t := "category", "category", &PackTable{ID: "categories", Title: "rsn.by_category", KeyCol: "col.category", Drill: "category"}
	if q.Category != "" || q.Q != "" {
		group, label, t = "sku", "any_value(name)", &PackTable{ID: "skus", Title: "rsn.by_sku", KeyCol: "col.sku", Drill: "sku"}
	}
	t.Source = "weekly_returned, sku_labels, reason_alerts"
	t.Columns = []PackColumn{{ID: "units", Label: "col.units_week", Unit: "units"}, {ID: "units_13w", Label: "col.units_13w", Unit: "units"},
		{ID: "top_reason", Label: "col.top_reason", Text: true}, {ID: "top_share", Label: "col.top_share", Unit: "%", Dec: 1},
		{ID: "alerts", Label: "col.alerts"}}
	return v.table(ctx, w, t, fmt.Sprintf(`WITH b AS (%[1]s),
		g AS (SELECT %[2]s AS key, %[3]s AS label, COALESCE(sum(units) FILTER (WHERE week_start = ?), 0)::BIGINT AS units, sum(units)::BIGINT AS units13
			FROM b GROUP BY %[2]s),
		rr AS (SELECT %[2]s AS key, reason, sum(units) AS u FROM b GROUP BY ALL),
		top AS (SELECT key, first(reason ORDER BY u DESC, reason) AS reason, 100 * max(u) / sum(u) AS share FROM rr GROUP BY key),
		al AS (SELECT a.key, count(*) AS n FROM reason_alerts a WHERE a.run_id = ? AND a.level = ? GROUP BY a.key)
		SELECT g.key, g.label, g.units, g.units13, top.reason, top.share, COALESCE(al.n, 0)::BIGINT
		FROM g JOIN top USING (key) LEFT JOIN al USING (key) ORDER BY g.units13 DESC, g.key LIMIT 200`, base, group, label),
		append(bargs, to, frun, group)...)
}

// reasonsSKU adds a SKU's reason mix week by week, its alerts and comments.
func reasonsSKU(ctx context.Context, w *warehouse.DB, v *PackView, wk warehouse.Week, frun int64) error {
	sku := v.Filters.SKU
	units := map[string]map[string]int64{}
	reasons := map[string]int64{}
	rows, err := w.Query(ctx, `SELECT iso_week, reason, sum(units)::BIGINT FROM weekly_returned
		WHERE sku = ? AND week_start >= ? AND week_start <= ? GROUP BY ALL`, sku, wk.Add(1-reasonWeeks).Start(), wk.Start())
	if err != nil {
		return fmt.Errorf("sku reason weeks: %w", err)
	}
	for rows.Next() {
		var iw, reason string
		var n int64
		if err := rows.Scan(&iw, &reason, &n); err != nil {
			rows.Close()
			return fmt.Errorf("sku reason weeks: %w", err)
		}
		if units[iw] == nil {
			units[iw] = map[string]int64{}
		}
		units[iw][reason] += n
		reasons[reason] += n
	}
	rows.Close()
	order := make([]string, 0, len(reasons))
	for r := range reasons {
		order = append(order, r)
	}
	sort.Slice(order, func(i, j int) bool {
		return reasons[order[i]] > reasons[order[j]] || reasons[order[i]] == reasons[order[j]] && order[i] < order[j]
	})
	t := &PackTable{ID: "sku-reason-weeks", Title: "rsn.sku_weeks", KeyCol: "col.week", Source: "weekly_returned", Rows: []PackRow{}}
	t.Columns = append(t.Columns, PackColumn{ID: "units", Label: "col.units", Unit: "units"})
	for _, r := range order {
		t.Columns = append(t.Columns, PackColumn{ID: r, Label: r, Unit: "units", Raw: true})
	}
	for i := reasonWeeks - 1; i >= 0; i-- {
		iw := wk.Add(-i).String()
		row := PackRow{Key: iw, Label: iw, Values: []any{int64(0)}}
		for _, r := range order {
			row.Values = append(row.Values, units[iw][r])
			row.Values[0] = row.Values[0].(int64) + units[iw][r]
		}
		t.Rows = append(t.Rows, row)
	}
	v.Tables = append(v.Tables, t)
	al := &PackTable{ID: "sku-alerts", Title: "rsn.alerts", KeyCol: "col.reason", Source: "reason_alerts",
		Columns: []PackColumn{{ID: "start_week", Label: "col.since", Text: true}, {ID: "detected_week", Label: "col.detected", Text: true},
			{ID: "share_usual", Label: "col.share_usual", Unit: "%", Dec: 1}, {ID: "share_recent", Label: "col.share_recent", Unit: "%", Dec: 1}}}
	if err := v.table(ctx, w, al, `SELECT reason, reason, strftime(start_week, '%G-W%V'), strftime(detected_week, '%G-W%V'),
		100 * share_usual, 100 * share_recent FROM reason_alerts WHERE run_id = ? AND level = 'sku' AND key = ?
		ORDER BY detected_week DESC, reason`, frun, sku); err != nil {
		return err
	}
	cm := &PackTable{ID: "sku-comments", Title: "rsn.comments", KeyCol: "col.week", Source: "return_comments",
		Columns: []PackColumn{{ID: "reason", Label: "col.reason", Text: true}, {ID: "comment", Label: "col.comment", Text: true}}}
	return v.table(ctx, w, cm, `SELECT strftime(week_start, '%G-W%V'), strftime(week_start, '%G-W%V'), reason, reason_text
		FROM return_comments WHERE sku = ? AND week_start <= ? ORDER BY week_start DESC, reason, reason_text LIMIT 20`, sku, wk.Start())
}
