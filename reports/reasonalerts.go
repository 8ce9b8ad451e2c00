package reports

import (
	"context"
	"database/sql"
	"math"
	"sort"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// alertMinUnits is the fewest returns with the reason over the last four
// weeks for an alert to be active: two stray returns of a small SKU are
// no evidence that the rise goes on.
const alertMinUnits = 3

// alertTinyUsual is the usual share below which a multiple of it means
// nothing (a SKU with almost no history of the reason): the alert then says
// the share itself.
const alertTinyUsual = 0.005

// alertCurrentWeeks is the window of an alert's current share: the last
// four weeks up to the report week.
const alertCurrentWeeks = 4

// ReasonAlert is one reason alert of the forecast run, with the share of
// its reason over the last four weeks and the key's returned volume.
type ReasonAlert struct {
	Level    string // sku or category
	Key      string
	Name     string // product name of a SKU, "" otherwise
	Reason   string
	Start    time.Time // estimated change point
	Detected time.Time
	Usual    float64 // usual share of the reason (0-1)
	Recent   float64 // share since the change point when detected
	// Current is the reason's share of the key's returns over the last
	// alertCurrentWeeks weeks up to the report week; NaN without returns.
	Current float64
	// Units are the key's returned units over the last alertCurrentWeeks
	// weeks; UnitsRecent over the last RecentWeeks.
	Units, UnitsRecent int64
	// ReasonUnits are the returns with the reason over the last
	// alertCurrentWeeks weeks.
	ReasonUnits int64
	// Active: the current share still stands at least halfway from the
	// usual share to the share that raised the alert.
	Active bool
}

// Ratio is the current share as a multiple of the usual one (the share
// when detected when the current one is unknown).
func (a ReasonAlert) Ratio() float64 {
	cur := a.Current
	if cur != cur || !a.Active {
		cur = a.Recent
	}
	if a.Usual <= 0 {
		return 0
	}
	return cur / a.Usual
}

// loadReasonAlerts reads the alerts of forecast run `run` detected up to
// report week wk (catch-all reasons left out), with their current share
// and volume from the weekly returns view: active ones first, by Excess,
// then past ones, newest first.
func loadReasonAlerts(ctx context.Context, w *warehouse.DB, run int64, wk Week, o Options) ([]ReasonAlert, error) {
	var out []ReasonAlert
	cur := wk.Add(-alertCurrentWeeks + 1).Start()
	recent := wk.Add(-o.RecentWeeks + 1).Start()
	err := queryEach(ctx, w, "reason alerts", `
		WITH ret AS (
			SELECT r.sku, COALESCE(l.category, 'unknown') AS category, r.reason, r.week_start, r.units
			FROM weekly_returned r LEFT JOIN sku_labels l ON l.sku = r.sku
			WHERE r.week_start >= ? AND r.week_start < ?),
		vol AS (
			SELECT 'sku' AS level, sku AS key, reason, week_start, units FROM ret
			UNION ALL SELECT 'category', category, reason, week_start, units FROM ret),
		agg AS (
			SELECT level, key,
			       SUM(units) FILTER (WHERE week_start >= ?) AS units_cur,
			       SUM(units) AS units_recent
			FROM vol GROUP BY level, key),
		rs AS (
			SELECT level, key, reason, SUM(units) FILTER (WHERE week_start >= ?) AS units_cur
			FROM vol GROUP BY level, key, reason)
		SELECT a.level, a.key, COALESCE(CASE WHEN a.level = 'sku' THEN p.name END, ''), a.reason, a.start_week, a.detected_week,
		       COALESCE(a.share_usual, 0), COALESCE(a.share_recent, 0),
		       COALESCE(g.units_cur, 0), COALESCE(g.units_recent, 0), COALESCE(s.units_cur, 0)
		FROM reason_alerts a
		LEFT JOIN sku_labels p ON p.sku = a.key
		LEFT JOIN agg g ON g.level = a.level AND g.key = a.key
		LEFT JOIN rs s ON s.level = a.level AND s.key = a.key AND s.reason = a.reason
		WHERE a.run_id = ? AND a.detected_week < ? AND a.reason NOT IN `+catchAllReasons+`
		ORDER BY a.detected_week DESC, a.strength DESC NULLS LAST, a.key, a.reason`,
		[]any{recent, wk.End(), cur, cur, run, wk.End()}, func(r *sql.Rows) error {
			var a ReasonAlert
			if err := r.Scan(&a.Level, &a.Key, &a.Name, &a.Reason, &a.Start, &a.Detected, &a.Usual, &a.Recent,
				&a.Units, &a.UnitsRecent, &a.ReasonUnits); err != nil {
				return err
			}
			a.Current = math.NaN()
			if a.Units > 0 {
				a.Current = float64(a.ReasonUnits) / float64(a.Units)
			}
			a.Active = a.ReasonUnits >= alertMinUnits && a.Current >= (a.Usual+a.Recent)/2
			out = append(out, a)
			return nil
		})
	if err != nil {
		return nil, err
	}
	active := out[:0:0]
	var past []ReasonAlert
	for _, a := range out {
		if a.Active {
			active = append(active, a)
		} else {
			past = append(past, a)
		}
	}
	// active ones by the returns above the usual share, the largest first
	sort.SliceStable(active, func(i, j int) bool { return active[i].Excess() > active[j].Excess() })
	return append(active, past...), nil
}

// Excess is the number of returns with the reason over the last
// alertCurrentWeeks weeks beyond what the usual share would give.
func (a ReasonAlert) Excess() float64 { return float64(a.ReasonUnits) - a.Usual*float64(a.Units) }
