package serve

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// skuDetail reads one SKU's history, forecast, reasons and alerts.
func skuDetail(ctx context.Context, w *warehouse.DB, q ExplorerQuery, week time.Time, frun int64) (*SKUDetail, error) {
	d := &SKUDetail{SKU: q.SKU, History: []WeekUnits{}, Forecast: []ForecastRow{}, Reasons: []ReasonShare{}, Alerts: []ReasonAlert{}}
	err := w.QueryRow(ctx, `SELECT name, category, sector FROM sku_labels WHERE sku = ?`, q.SKU).Scan(&d.Name, &d.Category, &d.Sector)
	if err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("sku %s: %w", q.SKU, err)
	}
	where, args := q.filter()
	hist := fmt.Sprintf(`WITH weeks AS (SELECT CAST(unnest(generate_series(CAST(? AS DATE) - INTERVAL 175 DAY, CAST(? AS DATE), INTERVAL 7 DAY)) AS DATE) AS week_start),
		u AS (SELECT r.week_start, sum(r.qty)::BIGINT AS units FROM v_return_lines r LEFT JOIN sku_labels l USING (sku) WHERE %s GROUP BY 1)
		SELECT strftime(weeks.week_start, '%%G-W%%V'), COALESCE(u.units, 0) FROM weeks LEFT JOIN u USING (week_start) ORDER BY weeks.week_start`, where)
	rows, err := w.Query(ctx, hist, append([]any{week, week}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("sku %s history: %w", q.SKU, err)
	}
	for rows.Next() {
		var p WeekUnits
		if err := rows.Scan(&p.Week, &p.Units); err != nil {
			rows.Close()
			return nil, err
		}
		d.History = append(d.History, p)
	}
	rows.Close()
	rows, err = w.Query(ctx, `SELECT iso_week, model, mean, COALESCE(lo80, mean), COALESCE(hi80, mean), COALESCE(lo95, mean), COALESCE(hi95, mean)
		FROM forecasts WHERE run_id = ? AND level = 'sku' AND key = ? ORDER BY h`, frun, q.SKU)
	if err != nil {
		return nil, fmt.Errorf("sku %s forecast: %w", q.SKU, err)
	}
	for rows.Next() {
		var f ForecastRow
		if err := rows.Scan(&f.Week, &d.Model, &f.Mean, &f.Lo80, &f.Hi80, &f.Lo95, &f.Hi95); err != nil {
			rows.Close()
			return nil, err
		}
		d.Forecast = append(d.Forecast, f)
	}
	rows.Close()
	reasons := fmt.Sprintf(`SELECT COALESCE(r.reason_code, 'other') AS reason, sum(r.qty)::BIGINT AS units,
		sum(r.qty) / sum(sum(r.qty)) OVER () AS share
		FROM v_return_lines r LEFT JOIN sku_labels l USING (sku)
		WHERE %s AND r.week_start > ? - INTERVAL 91 DAY AND r.week_start <= ? GROUP BY 1 ORDER BY 2 DESC, 1`, where)
	rows, err = w.Query(ctx, reasons, append(args, week, week)...)
	if err != nil {
		return nil, fmt.Errorf("sku %s reasons: %w", q.SKU, err)
	}
	for rows.Next() {
		var r ReasonShare
		if err := rows.Scan(&r.Reason, &r.Units, &r.Share); err != nil {
			rows.Close()
			return nil, err
		}
		d.Reasons = append(d.Reasons, r)
	}
	rows.Close()
	rows, err = w.Query(ctx, `SELECT reason, strftime(start_week, '%G-W%V'), strftime(detected_week, '%G-W%V'), COALESCE(share_usual, 0), COALESCE(share_recent, 0)
		FROM reason_alerts WHERE run_id = ? AND level = 'sku' AND key = ? ORDER BY detected_week DESC`, frun, q.SKU)
	if err != nil {
		return nil, fmt.Errorf("sku %s alerts: %w", q.SKU, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a ReasonAlert
		if err := rows.Scan(&a.Reason, &a.Start, &a.Detected, &a.Usual, &a.Recent); err != nil {
			return nil, err
		}
		d.Alerts = append(d.Alerts, a)
	}
	return d, rows.Err()
}
