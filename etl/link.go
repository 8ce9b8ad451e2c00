package etl

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// Links counts a load's returned units by how their order line was found.
type Links struct {
	Given    int64 `json:"given"`    // the file named the order line
	Inferred int64 `json:"inferred"` // linked by inference (same customer and SKU)
	None     int64 `json:"none"`     // no order line
}

// Rate is the share of returned units linked to an order line (given or
// inferred); 0 when there are none.
func (l *Links) Rate() float64 {
	if l == nil {
		return 0
	}
	t := l.Given + l.Inferred + l.None
	if t == 0 {
		return 0
	}
	return float64(l.Given+l.Inferred) / float64(t)
}

func (l *Links) orZero() Links {
	if l == nil {
		return Links{}
	}
	return *l
}

// prepare completes a target's rows in from before they are checked:
// generated line ids, then inferred links of returns.
func (p *plan) prepare(ctx context.Context, c *sql.Conn, from, lineCol, filter string, t *target) error {
	if t.auto >= 0 {
		q := fmt.Sprintf(`UPDATE %[1]s SET line_id = CAST(x.n AS VARCHAR) FROM (
			SELECT %[2]s AS gen_line, row_number() OVER (PARTITION BY order_id ORDER BY %[2]s) AS n FROM %[1]s WHERE %[3]s) x
			WHERE %[3]s AND %[1]s.%[2]s = x.gen_line`, from, lineCol, filter)
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("number line_id: %w", err)
		}
	}
	if t.ent.Name != "return_lines" {
		return nil
	}
	p.linkFrom, p.linkFilter = from, filter
	return inferLinks(ctx, c, from, lineCol, filter, p.linkDays)
}

// linkUnits counts the file's returned units by link method.
func (p *plan) linkUnits(ctx context.Context, c *sql.Conn, runID int64) (*Links, error) {
	if p.linkFrom == "" {
		return nil, nil
	}
	var l Links
	err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT COALESCE(sum(qty) FILTER (WHERE link_method = 'given'), 0),
		COALESCE(sum(qty) FILTER (WHERE link_method = 'inferred'), 0),
		COALESCE(sum(qty) FILTER (WHERE link_method = 'none' OR link_method IS NULL), 0) FROM %s WHERE %s`, p.linkFrom, p.linkFilter)).
		Scan(&l.Given, &l.Inferred, &l.None)
	return &l, err
}

// candidate is an order line a return without reference may belong to.
type candidate struct {
	order, line string
	ts          int64 // shipped (else ordered), microseconds
	left        int64 // units shipped net of returns already linked to it
}

// unlinked is a return line without order reference.
type unlinked struct {
	line     int64
	cust     string
	sku      string
	qty      int64
	req      int64
	order    string
	lineID   string
	inferred bool
}

// inferLinks links returns that name no order line to the latest earlier
// shipment of the same SKU to the same customer inside the window, whose
// units left (shipped net of returns already linked) cover the return;
// returns are taken first-in first-out (by request date, then line).
func inferLinks(ctx context.Context, c *sql.Conn, from, lineCol, filter string, days int) error {
	rets, err := queryUnlinked(ctx, c, from, lineCol, filter)
	if err != nil || len(rets) == 0 {
		return err
	}
	cands, err := queryCandidates(ctx, c, from, filter)
	if err != nil {
		return err
	}
	window := int64(days) * 86400 * 1_000_000
	n := 0
	for i := range rets {
		r := &rets[i]
		for _, k := range cands[r.cust+"\x00"+r.sku] { // latest first
			if k.ts > r.req || k.ts < r.req-window || k.left < r.qty {
				continue
			}
			k.left -= r.qty
			r.order, r.lineID, r.inferred = k.order, k.line, true
			n++
			break
		}
	}
	if n == 0 {
		return nil
	}
	return writeInferred(ctx, c, from, lineCol, filter, rets)
}

func queryUnlinked(ctx context.Context, c *sql.Conn, from, lineCol, filter string) ([]unlinked, error) {
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT %s, customer_id, sku, qty, epoch_us(requested_ts) FROM %s
		WHERE %s AND order_id IS NULL AND customer_id IS NOT NULL AND requested_ts IS NOT NULL AND qty > 0
		ORDER BY requested_ts, %s`, lineCol, from, filter, lineCol))
	if err != nil {
		return nil, fmt.Errorf("find returns without order: %w", err)
	}
	defer rows.Close()
	var out []unlinked
	for rows.Next() {
		var u unlinked
		if err := rows.Scan(&u.line, &u.cust, &u.sku, &u.qty, &u.req); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// queryCandidates lists the order lines of the customers and SKUs of
// unlinked returns, latest first per customer and SKU, with the units left
// after returns already linked to them (in the table, other than the rows
// being loaded, and in the rows being loaded).
func queryCandidates(ctx context.Context, c *sql.Conn, from, filter string) (map[string][]*candidate, error) {
	q := fmt.Sprintf(`WITH want AS (SELECT DISTINCT customer_id, sku FROM %[1]s WHERE %[2]s AND order_id IS NULL AND customer_id IS NOT NULL),
		cand AS (SELECT o.order_id, o.line_id, o.customer_id, o.sku, o.qty, COALESCE(o.ship_ts, o.order_ts) AS ts
			FROM order_lines o JOIN want w ON o.customer_id = w.customer_id AND o.sku = w.sku WHERE o.replaced_by IS NULL),
		mine AS (SELECT return_id, sku, order_id, line_id, qty FROM %[1]s WHERE %[2]s),
		prior AS (SELECT r.order_id, r.line_id, sum(r.qty) AS q FROM (FROM return_lines WHERE replaced_by IS NULL) r
			SEMI JOIN cand k ON r.order_id = k.order_id AND r.line_id = k.line_id
			ANTI JOIN mine m ON m.return_id = r.return_id AND m.sku = r.sku GROUP BY ALL),
		given AS (SELECT order_id, line_id, sum(qty) AS q FROM mine WHERE order_id IS NOT NULL GROUP BY ALL)
		SELECT k.customer_id, k.sku, k.order_id, k.line_id, epoch_us(k.ts), k.qty - COALESCE(p.q, 0) - COALESCE(g.q, 0)
		FROM cand k LEFT JOIN prior p ON p.order_id = k.order_id AND p.line_id = k.line_id
		LEFT JOIN given g ON g.order_id = k.order_id AND g.line_id = k.line_id`, from, filter)
	rows, err := c.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("find order lines to link: %w", err)
	}
	defer rows.Close()
	out := map[string][]*candidate{}
	for rows.Next() {
		var cust, sku string
		k := &candidate{}
		if err := rows.Scan(&cust, &sku, &k.order, &k.line, &k.ts, &k.left); err != nil {
			return nil, err
		}
		key := cust + "\x00" + sku
		out[key] = append(out[key], k)
	}
	for _, ks := range out {
		sort.Slice(ks, func(i, j int) bool {
			if ks[i].ts != ks[j].ts {
				return ks[i].ts > ks[j].ts
			}
			return ks[i].order+"\x00"+ks[i].line > ks[j].order+"\x00"+ks[j].line
		})
	}
	return out, rows.Err()
}

func writeInferred(ctx context.Context, c *sql.Conn, from, lineCol, filter string, rets []unlinked) error {
	if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE inferred_links(inf_line BIGINT, inf_order VARCHAR, inf_line_id VARCHAR)`); err != nil {
		return err
	}
	const chunk = 500
	var args []any
	var vals []string
	flush := func() error {
		if len(vals) == 0 {
			return nil
		}
		_, err := c.ExecContext(ctx, `INSERT INTO inferred_links VALUES `+strings.Join(vals, ","), args...)
		args, vals = args[:0], vals[:0]
		return err
	}
	for _, r := range rets {
		if !r.inferred {
			continue
		}
		vals = append(vals, "(?, ?, ?)")
		args = append(args, r.line, r.order, r.lineID)
		if len(vals) == chunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	_, err := c.ExecContext(ctx, fmt.Sprintf(`UPDATE %[1]s SET order_id = i.inf_order, line_id = i.inf_line_id, link_method = 'inferred'
		FROM inferred_links i WHERE %[2]s AND %[1]s.%[3]s = i.inf_line; DROP TABLE inferred_links`, from, filter, lineCol))
	if err != nil {
		return fmt.Errorf("record inferred links: %w", err)
	}
	return nil
}
