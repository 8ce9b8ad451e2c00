package reports

import (
	"context"
	"database/sql"
	"fmt"

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

// keyFilter selects a key's rows in SQL reading sku and sku_labels l.
func keyFilter(level string) string {
	if level == "category" {
		return "COALESCE(l.category, 'unknown') = ?"
	}
	return "r.sku = ?"
}

// alertDetails groups the shown alerts by key, in table order, and loads
// each key's reason trend and each alert's comments. noComments, when the
// data maps no comment field, is said instead of examples.
func alertDetails(ctx context.Context, w *warehouse.DB, wk Week, o Options, alerts []ReasonAlert, noComments *Missing) ([]AlertDetail, map[string]string, error) {
	l := o.Lang
	var out []AlertDetail
	anchor := map[string]string{} // level/key -> anchor
	for _, a := range alerts {
		k := a.Level + "/" + a.Key
		i, seen := anchor[k]
		if !seen {
			id := fmt.Sprintf("alert-key-%d", len(out)+1)
			anchor[k] = id
			title := l.Name(a.Level) + " " + a.Key
			if a.Name != "" {
				title += " · " + a.Name
			}
			trend, err := keyReasonTrend(ctx, w, wk, o, a, id)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, AlertDetail{ID: id, Title: title, Trend: trend})
			i = id
		}
		ac := AlertComments{Words: alertWords(l, a), Reason: a.Reason}
		if noComments != nil {
			ac.Note = noComments.Message
		} else {
			cs, err := keyComments(ctx, w, wk, a)
			if err != nil {
				return nil, nil, err
			}
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

// keyComments returns the newest comments given with the alert's reason on
// the alert's key since the alert started, up to the report week.
func keyComments(ctx context.Context, w *warehouse.DB, wk Week, a ReasonAlert) ([]Comment, error) {
	var out []Comment
	err := queryEach(ctx, w, "alert comments", `
		SELECT r.week_start, trim(r.reason_text) FROM return_comments r LEFT JOIN sku_labels l ON l.sku = r.sku
		WHERE r.reason = ? AND `+keyFilter(a.Level)+` AND r.week_start >= ? AND r.week_start < ?
		ORDER BY r.week_start DESC, trim(r.reason_text) LIMIT ?`,
		[]any{a.Reason, a.Key, WeekOf(a.Start).Start(), wk.End(), alertComments}, func(r *sql.Rows) error {
			var ws sql.NullTime
			var c Comment
			if err := r.Scan(&ws, &c.Text); err != nil {
				return err
			}
			if ws.Valid {
				c.Week = WeekOf(ws.Time).String()
			}
			out = append(out, c)
			return nil
		})
	return out, err
}

// keyReasonTrend is the key's share of returns per reason per week over the
// last RecentWeeks x 2 weeks, as stacked bars.
func keyReasonTrend(ctx context.Context, w *warehouse.DB, wk Week, o Options, a ReasonAlert, id string) (CategoryChart, error) {
	l := o.Lang
	n := 2 * o.RecentWeeks
	weeks := weekLabels(wk, n)
	units, err := reasonShares(ctx, w, "alert reason trend", `
		SELECT r.iso_week, r.reason, SUM(r.units)::DOUBLE FROM weekly_returned r LEFT JOIN sku_labels l ON l.sku = r.sku
		WHERE `+keyFilter(a.Level)+` AND r.week_start >= ? AND r.week_start < ? GROUP BY ALL`,
		[]any{a.Key, wk.Add(1 - n).Start(), wk.End()}, weeks)
	if err != nil {
		return CategoryChart{}, err
	}
	return CategoryChart{
		ID:         id,
		Caption:    Caption{Title: l.Tf("alert.trend", l.Name(a.Level), a.Key), Definition: l.Tf("def.alert_trend", n), Unit: "%", Source: "weekly_returned (return_lines)"},
		Categories: weeks,
		Stacked:    true,
		Max:        100,
		Series:     seriesFromMap(units, l, "bar"),
	}, nil
}
