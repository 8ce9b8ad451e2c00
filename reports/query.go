package reports

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// queryEach runs q and calls scan once per row.
func queryEach(ctx context.Context, w *warehouse.DB, what, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := w.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("query %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("scan %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

// Runs are the output runs a pack reads: the latest good run of each
// (warehouse.LatestGoodRun).
type Runs struct {
	Forecast int64 `json:"forecast"`
	KPI      int64 `json:"kpi"`
	Carbon   int64 `json:"carbon"`
	// ForecastOrigin is the last week of history the forecast used.
	ForecastOrigin string `json:"forecast_origin,omitempty"`
}

func loadRuns(ctx context.Context, w *warehouse.DB) (Runs, error) {
	var r Runs
	var err error
	if r.Forecast, err = w.LatestGoodRun(ctx, warehouse.RunForecast); err != nil {
		return r, err
	}
	if r.KPI, err = w.LatestGoodRun(ctx, warehouse.RunKPI); err != nil {
		return r, err
	}
	r.Carbon = r.KPI // carbon facts are written by the KPI run
	if r.Forecast > 0 {
		var origin sql.NullTime
		err := w.QueryRow(ctx, `SELECT COALESCE((SELECT origin_week FROM forecast_runs WHERE run_id = ?),
			(SELECT min(week_start) - INTERVAL 7 DAY FROM forecasts WHERE run_id = ?))`, r.Forecast, r.Forecast).Scan(&origin)
		if err != nil {
			return r, fmt.Errorf("forecast origin: %w", err)
		}
		if origin.Valid {
			r.ForecastOrigin = WeekOf(origin.Time).String()
		}
	}
	return r, nil
}

// LatestWeek is the ISO week of the newest return line (received, else
// requested), or of the newest shipment when no return was loaded: the
// default week of a report. It reads the line views (the same weeks as
// weekly_returned and weekly_shipped, without their per-SKU aggregation).
func LatestWeek(ctx context.Context, w *warehouse.DB) (Week, error) {
	var t sql.NullTime
	if err := w.QueryRow(ctx, `SELECT COALESCE((SELECT max(week_start) FROM v_return_lines WHERE return_ts IS NOT NULL),
		(SELECT max(ship_week) FROM v_order_lines WHERE ship_ts IS NOT NULL))::TIMESTAMP`).Scan(&t); err != nil {
		return Week{}, fmt.Errorf("latest week: %w", err)
	}
	if !t.Valid {
		return Week{}, ErrNoData
	}
	return WeekOf(t.Time), nil
}

// weekLabels returns the ISO labels of n weeks ending at last.
func weekLabels(last Week, n int) []string {
	out := make([]string, n)
	for i := range n {
		out[i] = last.Add(i - n + 1).String()
	}
	return out
}

func indexOf(labels []string) map[string]int {
	m := make(map[string]int, len(labels))
	for i, s := range labels {
		m[s] = i
	}
	return m
}

func nullF(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return ptr(v.Float64)
}

func day(t time.Time) string { return t.Format("2006-01-02") }
