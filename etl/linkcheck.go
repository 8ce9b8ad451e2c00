package etl

import (
	"context"
	"database/sql"
	"fmt"
)

// linkChecks finds return rows whose linked order line contradicts them: a
// different SKU, a return requested before the order, or more units returned
// than the line shipped net of earlier returns (returns already in the table
// for other keys, then this file's rows in line order). Rows already in
// rejected are left to their first reason.
func linkChecks(ctx context.Context, c *sql.Conn, from, lineCol, filter string, rejected []badRow) ([]badRow, error) {
	q := fmt.Sprintf(`WITH s AS (SELECT %[3]s AS l, return_id, sku, qty, requested_ts, order_id, line_id FROM %[1]s
			WHERE %[2]s AND order_id IS NOT NULL AND line_id IS NOT NULL),
		j AS (SELECT s.*, o.sku AS osku, o.qty AS oqty, o.order_ts AS ots,
				sum(CASE WHEN s.sku = o.sku AND COALESCE(s.requested_ts >= o.order_ts, true) THEN s.qty ELSE 0 END)
					OVER (PARTITION BY s.order_id, s.line_id ORDER BY s.l) AS cum
			FROM s JOIN order_lines o ON o.order_id = s.order_id AND o.line_id = s.line_id AND o.replaced_by IS NULL),
		prior AS (SELECT r.order_id, r.line_id, sum(r.qty) AS q FROM (FROM return_lines WHERE replaced_by IS NULL) r
			SEMI JOIN s ON s.order_id = r.order_id AND s.line_id = r.line_id
			ANTI JOIN (SELECT return_id, sku FROM %[1]s WHERE %[2]s) m ON m.return_id = r.return_id AND m.sku = r.sku
			GROUP BY ALL)
		SELECT j.l, CASE WHEN j.sku <> j.osku THEN 1 WHEN j.requested_ts < j.ots THEN 2 ELSE 3 END,
			j.order_id || '/' || j.line_id, j.sku, j.osku, j.qty, j.oqty, COALESCE(p.q, 0), j.cum - j.qty,
			strftime(j.requested_ts, '%%Y-%%m-%%d'), strftime(j.ots, '%%Y-%%m-%%d')
		FROM j LEFT JOIN prior p ON p.order_id = j.order_id AND p.line_id = j.line_id
		WHERE j.sku <> j.osku OR j.requested_ts < j.ots OR j.cum + COALESCE(p.q, 0) > j.oqty
		ORDER BY j.l`, from, filter, lineCol)
	rows, err := c.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("check returns against their order lines: %w", err)
	}
	defer rows.Close()
	skip := map[int64]bool{}
	for _, b := range rejected {
		skip[b.line] = true
	}
	var out []badRow
	for rows.Next() {
		var line, why, qty, oqty, prior, before int64
		var link, sku, osku string
		var req, ots sql.NullString
		if err := rows.Scan(&line, &why, &link, &sku, &osku, &qty, &oqty, &prior, &before, &req, &ots); err != nil {
			return nil, err
		}
		if skip[line] {
			continue
		}
		b := badRow{line: line, entity: "return_lines"}
		switch why {
		case 1:
			b.col, b.value = "sku", sku
			b.reason = fmt.Sprintf("return SKU %s differs from the SKU of its order line %s (%s): correct the SKU or the order link", sku, link, osku)
		case 2:
			b.col, b.value = "requested_ts", req.String
			b.reason = fmt.Sprintf("return requested on %s, before its order %s was placed (%s): correct the date or the order link", req.String, link, ots.String)
		default:
			b.col, b.value = "qty", fmt.Sprint(qty)
			b.reason = fmt.Sprintf("%d units returned but order line %s shipped %d, of which %d were returned earlier (%d in the table, %d above in this file): correct the quantity or the order link",
				qty, link, oqty, prior+before, prior, before)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
