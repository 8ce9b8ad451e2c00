package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// DataWeeks returns the first and last ISO weeks with data: a line shipped
// (v_order_lines.ship_week) or a return (v_return_lines.week_start). ok is
// false when the warehouse holds neither.
func (w *DB) DataWeeks(ctx context.Context) (first, last Week, ok bool, err error) {
	var lo, hi sql.NullTime
	err = w.db.QueryRowContext(ctx, `SELECT min(wk), max(wk) FROM (
		SELECT min(ship_week) AS wk FROM v_order_lines UNION ALL SELECT max(ship_week) FROM v_order_lines
		UNION ALL SELECT min(week_start) FROM v_return_lines UNION ALL SELECT max(week_start) FROM v_return_lines)`).Scan(&lo, &hi)
	if err != nil {
		return first, last, false, fmt.Errorf("read data weeks: %w", err)
	}
	if !lo.Valid {
		return first, last, false, nil
	}
	return WeekOf(lo.Time), WeekOf(hi.Time), true, nil
}

// WeekHasData reports whether any line shipped or any return happened in wk.
func (w *DB) WeekHasData(ctx context.Context, wk Week) (bool, error) {
	var n int64
	err := w.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM v_return_lines WHERE week_start = $1)
		+ (SELECT count(*) FROM v_order_lines WHERE ship_week = $1)`, wk.Start()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read data of %s: %w", wk, err)
	}
	return n > 0, nil
}
