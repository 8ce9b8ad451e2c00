package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// alertComments is how many comment examples an alert shows.
const alertComments = 3

// AlertDetail is what one key (SKU or category) with reason alerts shows one
// click from the alert tables: its reason shares per week and, per alert,
// customer comments given with the alert's reason since the alert started.
type AlertDetail struct {
	ID     string          `json:"id"` // anchor, alert-key-N
	Title  string          `json:"title"`
	Trend  CategoryChart   `json:"trend"`
	Alerts []AlertComments `json:"alerts"`
}

// AlertComments are an alert in words and the comments behind it; Note says
// why there are none.
type AlertComments struct {
	Words    string    `json:"words"`
	Reason   string    `json:"reason"` // the canonical reason code
	Comments []Comment `json:"comments"`
	Note     string    `json:"note,omitempty"`
}

// Comment is one customer's free-text return comment and its week.
type Comment struct {
	Week string `json:"week"`
	Text string `json:"text"`
}

// alertDetails groups the shown alerts by key, in table order, and loads
// each key's reason trend and each alert's comments. noComments, when the
// data maps no comment field, is said instead of examples.
func alertDetails(ctx context.Context, w *warehouse.DB, wk Week, o Options, cube *returnedCube, alerts []ReasonAlert, noComments *Missing) ([]AlertDetail, map[string]string, error) {
	l := o.Lang
	var out []AlertDetail
	anchor := map[string]string{} // level/key -> anchor
	var comments [][]Comment
	if noComments == nil {
		var err error
		if comments, err = alertsComments(ctx, w, wk, alerts); err != nil {
			return nil, nil, err
		}
	}
	for ai, a := range alerts {
		k := a.Level + "/" + a.Key
		i, seen := anchor[k]
		if !seen {
			id := fmt.Sprintf("alert-key-%d", len(out)+1)
			anchor[k] = id
			title := l.Name(a.Level) + " " + a.Key
			if a.Name != "" {
				title += " · " + a.Name
			}
			out = append(out, AlertDetail{ID: id, Title: title, Trend: keyReasonTrend(o, cube, a, id)})
			i = id
		}
		ac := AlertComments{Words: alertWords(l, a), Reason: a.Reason}
		if noComments != nil {
			ac.Note = noComments.Message
		} else {
			cs := comments[ai]
			ac.Comments = cs
			if len(cs) == 0 {
				ac.Note = l.Tf("alert.no_comments", l.Name(a.Reason), WeekOf(a.Start).String())
			}
		}
		for j := range out {
			if out[j].ID == i {
				out[j].Alerts = append(out[j].Alerts, ac)
			}
		}
	}
	return out, anchor, nil
}

// alertsComments returns, per alert, the newest alertComments comments given
// with the alert's reason on the alert's key (a SKU, or every SKU of a
// category) since the alert started, up to the report week: one query over
// return_comments for every alert.
func alertsComments(ctx context.Context, w *warehouse.DB, wk Week, alerts []ReasonAlert) ([][]Comment, error) {
	out := make([][]Comment, len(alerts))
	if len(alerts) == 0 {
		return out, nil
	}
	vals := make([]string, len(alerts))
	var args []any
	from := wk.End()
	for i, a := range alerts {
		vals[i] = "(?::INTEGER, ?, ?, ?, ?::DATE)"
		since := WeekOf(a.Start).Start()
		args = append(args, i, a.Level, a.Key, a.Reason, since)
		if since.Before(from) {
			from = since
		}
	}
	args = append(args, from, wk.End(), alertComments)
	q := fmt.Sprintf(`
		WITH a(idx, level, key, reason, since) AS (VALUES %s),
		c AS (
			SELECT r.week_start, r.reason, r.sku, COALESCE(l.category, 'unknown') AS category, trim(r.reason_text) AS text
			FROM return_comments r LEFT JOIN sku_labels l ON l.sku = r.sku
			WHERE r.week_start >= ? AND r.week_start < ? AND r.reason IN (SELECT reason FROM a)
			  AND (r.sku IN (SELECT key FROM a WHERE level = 'sku')
			       OR COALESCE(l.category, 'unknown') IN (SELECT key FROM a WHERE level = 'category'))),
		k AS (SELECT 'sku' AS level, sku AS key, reason, week_start, text FROM c
		      UNION ALL SELECT 'category', category, reason, week_start, text FROM c)
		SELECT a.idx, k.week_start, k.text
		FROM a JOIN k ON k.level = a.level AND k.key = a.key AND k.reason = a.reason AND k.week_start >= a.since
		QUALIFY row_number() OVER (PARTITION BY a.idx ORDER BY k.week_start DESC, k.text) <= ?
		ORDER BY a.idx, k.week_start DESC, k.text`, strings.Join(vals, ", "))
	err := queryEach(ctx, w, "alert comments", q, args, func(r *sql.Rows) error {
		var i int
		var ws sql.NullTime
		var c Comment
		if err := r.Scan(&i, &ws, &c.Text); err != nil {
			return err
		}
		if ws.Valid {
			c.Week = WeekOf(ws.Time).String()
		}
		out[i] = append(out[i], c)
		return nil
	})
	return out, err
}

// keyReasonTrend is the key's share of returns per reason per week over the
// last RecentWeeks x 2 weeks, as stacked bars (the cube holds at least those).
func keyReasonTrend(o Options, cube *returnedCube, a ReasonAlert, id string) CategoryChart {
	l := o.Lang
	n := 2 * o.RecentWeeks
	keep := func(r returnedCell) bool { return r.SKU == a.Key }
	if a.Level == "category" {
		keep = func(r returnedCell) bool { return cube.category(r.SKU) == a.Key }
	}
	units, weeks := cube.reasonWeeks(n, keep)
	return CategoryChart{
		ID:         id,
		Caption:    Caption{Title: l.Tf("alert.trend", l.Name(a.Level), a.Key), Definition: l.Tf("def.alert_trend", n), Unit: "%", Source: "weekly_returned (return_lines)"},
		Categories: weeks,
		Stacked:    true,
		Max:        100,
		Series:     seriesFromMap(shares(units, len(weeks)), l, "bar"),
	}
}
