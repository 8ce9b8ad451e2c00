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
	o = o.withDefaults()
	cube, err := loadReturnedCube(ctx, w, wk, max(o.RecentWeeks, alertCurrentWeeks))
	if err != nil {
		return nil, err
	}
	return reasonAlertsFrom(ctx, w, run, wk, o, cube)
}

// alertVolumes are a key's returned units over the last alertCurrentWeeks
// (cur) and RecentWeeks (recent) weeks, and per reason over the first.
type alertVolumes struct {
	cur, recent int64
	reasonCur   map[string]int64
}

// keyVolumes sums the cube's last RecentWeeks weeks per SKU and per category
// ("sku/KEY", "category/KEY").
func keyVolumes(cube *returnedCube, o Options) map[string]*alertVolumes {
	out := map[string]*alertVolumes{}
	recent := cube.since(o.RecentWeeks)
	cur := max(recent, cube.since(alertCurrentWeeks))
	for _, r := range cube.Cells {
		if r.Week < recent {
			continue
		}
		for _, k := range [2]string{"sku/" + r.SKU, "category/" + cube.category(r.SKU)} {
			v := out[k]
			if v == nil {
				v = &alertVolumes{reasonCur: map[string]int64{}}
				out[k] = v
			}
			v.recent += r.Units
			if r.Week >= cur {
				v.cur += r.Units
				v.reasonCur[r.Reason] += r.Units
			}
		}
	}
	return out
}

// reasonAlertsFrom is loadReasonAlerts on a cube of at least RecentWeeks
// and alertCurrentWeeks weeks.
func reasonAlertsFrom(ctx context.Context, w *warehouse.DB, run int64, wk Week, o Options, cube *returnedCube) ([]ReasonAlert, error) {
	var out []ReasonAlert
	vols := keyVolumes(cube, o)
	err := queryEach(ctx, w, "reason alerts", `
		SELECT a.level, a.key, COALESCE(CASE WHEN a.level = 'sku' THEN p.name END, ''), a.reason, a.start_week, a.detected_week,
		       COALESCE(a.share_usual, 0), COALESCE(a.share_recent, 0)
		FROM reason_alerts a
		LEFT JOIN sku_labels p ON p.sku = a.key
		WHERE a.run_id = ? AND a.detected_week < ? AND a.reason NOT IN `+catchAllReasons+`
		ORDER BY a.detected_week DESC, a.strength DESC NULLS LAST, a.key, a.reason`,
		[]any{run, wk.End()}, func(r *sql.Rows) error {
			var a ReasonAlert
			if err := r.Scan(&a.Level, &a.Key, &a.Name, &a.Reason, &a.Start, &a.Detected, &a.Usual, &a.Recent); err != nil {
				return err
			}
			if v := vols[a.Level+"/"+a.Key]; v != nil {
				a.Units, a.UnitsRecent, a.ReasonUnits = v.cur, v.recent, v.reasonCur[a.Reason]
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
