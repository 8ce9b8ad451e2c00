package serve

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// ExplorerQuery is the explorer's filters and drill-down position; every
// field is optional.
type ExplorerQuery struct {
	Week     string `json:"week"`     // ISO week; "" = the latest week with returns
	Sector   string `json:"sector"`   // filters
	Category string `json:"category"` // set: the category's SKUs
	Site     string `json:"site"`
	Carrier  string `json:"carrier"`
	Q        string `json:"q"`   // SKU search (code or name)
	SKU      string `json:"sku"` // set: the SKU's history and forecast
}

// ExplorerRow is one category or SKU: returned units in the week, the week
// before and the last 13 weeks (under the filters), and the forecast of
// the next 4 weeks (whole network: forecasts are not split by carrier).
type ExplorerRow struct {
	Key       string   `json:"key"`
	Label     string   `json:"label"`
	Units     int64    `json:"units"`
	Previous  int64    `json:"previous"`
	Units13   int64    `json:"units_13w"`
	Forecast4 *float64 `json:"forecast_4w"`
}

// ExplorerView is what one explorer page shows, and what /api/v1/explorer returns.
type ExplorerView struct {
	Week    string              `json:"week"`
	Level   string              `json:"level"` // total, category, search, sku
	Filters ExplorerQuery       `json:"filters"`
	Options map[string][]string `json:"options"` // weeks, sectors, categories, sites, carriers
	Total   ExplorerRow         `json:"total"`
	Rows    []ExplorerRow       `json:"rows"`
	SKU     *SKUDetail          `json:"sku,omitempty"`

	jsonOnce sync.Once // the API's encoding, made once per cached view
	json     []byte
}

// JSON is the view as the API sends it, encoded once.
func (v *ExplorerView) JSON() []byte {
	v.jsonOnce.Do(func() {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			b = []byte(`{"error":"encode explorer view"}`)
		}
		v.json = append(b, '\n')
	})
	return v.json
}

// SKUDetail is the drill-down's last step.
type SKUDetail struct {
	SKU      string        `json:"sku"`
	Name     string        `json:"name"`
	Category string        `json:"category"`
	Sector   string        `json:"sector"`
	Model    string        `json:"model"`
	History  []WeekUnits   `json:"history"`  // 26 weeks up to the week, under the filters
	Forecast []ForecastRow `json:"forecast"` // latest forecast run
	Reasons  []ReasonShare `json:"reasons"`  // last 13 weeks
	Alerts   []ReasonAlert `json:"alerts"`   // latest forecast run
}

// WeekUnits is returned units in one week.
type WeekUnits struct {
	Week  string `json:"week"`
	Units int64  `json:"units"`
}

// ForecastRow is one forecast week with its intervals.
type ForecastRow struct {
	Week string  `json:"week"`
	Mean float64 `json:"mean"`
	Lo80 float64 `json:"lo80"`
	Hi80 float64 `json:"hi80"`
	Lo95 float64 `json:"lo95"`
	Hi95 float64 `json:"hi95"`
}

// ReasonShare is a reason's returned units and share.
type ReasonShare struct {
	Reason string  `json:"reason"`
	Units  int64   `json:"units"`
	Share  float64 `json:"share"`
}

// ReasonAlert is a reason whose share rose.
type ReasonAlert struct {
	Reason   string  `json:"reason"`
	Start    string  `json:"start_week"`
	Detected string  `json:"detected_week"`
	Usual    float64 `json:"share_usual"`
	Recent   float64 `json:"share_recent"`
}

func explorerQuery(r *http.Request) ExplorerQuery {
	q := r.URL.Query()
	trim := func(k string) string {
		v := q.Get(k)
		if len(v) > 200 {
			v = v[:200]
		}
		return v
	}
	return ExplorerQuery{Week: trim("week"), Sector: trim("sector"), Category: trim("category"), Site: trim("site"),
		Carrier: trim("carrier"), Q: trim("q"), SKU: trim("sku")}
}

// filter is the WHERE clause of the filters over v_return_lines (alias r)
// joined with sku_labels (alias l), and its arguments.
func (q ExplorerQuery) filter() (string, []any) {
	return `(? = '' OR r.sector = ?) AND (? = '' OR r.category = ?) AND (? = '' OR r.site = ?)
		AND (? = '' OR COALESCE(r.carrier, '') = ?) AND (? = '' OR r.sku ILIKE '%' || ? || '%' OR l.name ILIKE '%' || ? || '%')
		AND (? = '' OR r.sku = ?)`,
		[]any{q.Sector, q.Sector, q.Category, q.Category, q.Site, q.Site, q.Carrier, q.Carrier, q.Q, q.Q, q.Q, q.SKU, q.SKU}
}

// Explore computes one explorer view from the warehouse views.
func Explore(ctx context.Context, w *warehouse.DB, q ExplorerQuery) (*ExplorerView, error) {
	v := &ExplorerView{Filters: q, Options: map[string][]string{}}
	weekStart, err := explorerWeek(ctx, w, q.Week)
	if err != nil {
		return nil, err
	}
	v.Week = warehouse.WeekLabel(weekStart)
	v.Filters.Week = v.Week
	if err := explorerOptions(ctx, w, v); err != nil {
		return nil, err
	}
	frun, err := w.LatestGoodRun(ctx, warehouse.RunForecast)
	if err != nil {
		return nil, err
	}
	level, group, fcLevel := "total", "r.category", "category"
	switch {
	case q.SKU != "":
		level, group, fcLevel = "sku", "r.sku", "sku"
	case q.Category != "" || q.Q != "":
		level, group, fcLevel = "category", "r.sku", "sku"
		if q.Category == "" {
			level = "search"
		}
	}
	v.Level = level
	if v.Rows, err = explorerRows(ctx, w, q, weekStart, group, fcLevel, frun); err != nil {
		return nil, err
	}
	for _, r := range v.Rows {
		v.Total.Units += r.Units
		v.Total.Previous += r.Previous
		v.Total.Units13 += r.Units13
	}
	v.Total.Key, v.Total.Label = "total", "Total"
	if level == "sku" {
		if v.SKU, err = skuDetail(ctx, w, q, weekStart, frun); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func explorerWeek(ctx context.Context, w *warehouse.DB, week string) (time.Time, error) {
	if week != "" {
		wk, err := warehouse.ParseWeek(week)
		if err != nil {
			return time.Time{}, fmt.Errorf("week %q: %w (write 2026-W47)", week, err)
		}
		return wk.Start(), nil
	}
	var t sql.NullTime
	if err := w.QueryRow(ctx, `SELECT max(week_start) FROM v_return_lines`).Scan(&t); err != nil {
		return time.Time{}, fmt.Errorf("latest week: %w", err)
	}
	if !t.Valid {
		return time.Time{}, fmt.Errorf("no returns loaded yet")
	}
	return t.Time, nil
}

func explorerOptions(ctx context.Context, w *warehouse.DB, v *ExplorerView) error {
	for key, q := range map[string]string{
		"weeks":      `SELECT DISTINCT iso_week FROM v_return_lines WHERE iso_week IS NOT NULL ORDER BY 1 DESC LIMIT 156`,
		"sectors":    `SELECT DISTINCT sector FROM v_return_lines ORDER BY 1`,
		"categories": `SELECT DISTINCT category FROM v_return_lines ORDER BY 1`,
		"sites":      `SELECT DISTINCT site FROM v_return_lines ORDER BY 1`,
		"carriers":   `SELECT DISTINCT carrier FROM v_return_lines WHERE NULLIF(trim(carrier), '') IS NOT NULL ORDER BY 1`,
	} {
		rows, err := w.Query(ctx, q)
		if err != nil {
			return fmt.Errorf("explorer %s: %w", key, err)
		}
		list := []string{}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			list = append(list, s)
		}
		rows.Close()
		v.Options[key] = list
	}
	return nil
}

func explorerRows(ctx context.Context, w *warehouse.DB, q ExplorerQuery, week time.Time, group, fcLevel string, frun int64) ([]ExplorerRow, error) {
	where, args := q.filter()
	label := group
	if group == "r.sku" {
		label = "COALESCE(NULLIF(any_value(l.name), ''), r.sku)"
	}
	sqlText := fmt.Sprintf(`WITH x AS (
		SELECT %s AS key, %s AS label,
			COALESCE(sum(r.qty) FILTER (WHERE r.week_start = ?), 0)::BIGINT AS units,
			COALESCE(sum(r.qty) FILTER (WHERE r.week_start = ? - INTERVAL 7 DAY), 0)::BIGINT AS previous,
			COALESCE(sum(r.qty) FILTER (WHERE r.week_start > ? - INTERVAL 91 DAY AND r.week_start <= ?), 0)::BIGINT AS units13
		FROM v_return_lines r LEFT JOIN sku_labels l USING (sku)
		WHERE %s GROUP BY %s)
		SELECT x.key, x.label, x.units, x.previous, x.units13,
			(SELECT sum(f.mean) FROM forecasts f WHERE f.run_id = ? AND f.level = ? AND f.key = x.key AND f.h <= 4)
		FROM x WHERE x.units13 > 0 ORDER BY x.units13 DESC, x.key LIMIT 500`, group, label, where, group)
	all := append([]any{week, week, week, week}, args...)
	all = append(all, frun, fcLevel)
	rows, err := w.Query(ctx, sqlText, all...)
	if err != nil {
		return nil, fmt.Errorf("explorer rows: %w", err)
	}
	defer rows.Close()
	out := []ExplorerRow{}
	for rows.Next() {
		var r ExplorerRow
		var fc sql.NullFloat64
		if err := rows.Scan(&r.Key, &r.Label, &r.Units, &r.Previous, &r.Units13, &fc); err != nil {
			return nil, fmt.Errorf("explorer rows: %w", err)
		}
		if fc.Valid {
			r.Forecast4 = &fc.Float64
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
