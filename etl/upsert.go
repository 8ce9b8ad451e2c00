package etl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
)

// rejectRows finds, among the rows of table from that pass filter, keys seen
// twice in the file (the first line is kept) and returns of unknown order
// lines, deletes them from from, and returns them as bad rows. lineCol holds
// the source line; sameFile, when set, is a staging table whose target-0 rows
// (order lines of a sales file) count as known orders.
func rejectRows(ctx context.Context, c *sql.Conn, from, lineCol, filter, sameFile string, t *target) ([]badRow, error) {
	var bad []badRow
	table := t.ent.Name
	keys := strings.Join(t.ent.Key, ", ")
	var ndup int64
	if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s GROUP BY %s HAVING count(*) > 1)`, from, filter, keys)).Scan(&ndup); err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	if ndup > 0 {
		rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT %s, first_line, concat_ws(', ', %s) FROM (
			SELECT %s, %s, min(%s) OVER (PARTITION BY %s) AS first_line FROM %s WHERE %s) WHERE %s <> first_line`,
			lineCol, keyPairs(t.ent.Key), lineCol, keys, lineCol, keys, from, filter, lineCol))
		if err != nil {
			return nil, fmt.Errorf("list duplicates: %w", err)
		}
		dup, err := scanRejects(rows, func(line, first int64, key string) badRow {
			return badRow{line: line, entity: table, col: keys, value: key, skip: t.dupFirst,
				reason: fmt.Sprintf("duplicate of line %d: the same key (%s) appears twice in the file; the first row is kept, remove or correct this one", first, key)}
		})
		if err != nil {
			return nil, err
		}
		bad = append(bad, dup...)
	}
	if table == "return_lines" {
		known := `EXISTS (SELECT 1 FROM order_lines o WHERE o.order_id = s.order_id AND (s.line_id IS NULL OR o.line_id = s.line_id))`
		if sameFile != "" {
			known += fmt.Sprintf(` OR EXISTS (SELECT 1 FROM %s o WHERE o._target = 0 AND o.order_id = s.order_id AND (s.line_id IS NULL OR o.line_id = s.line_id))`, sameFile)
		}
		rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT %s, 0, concat_ws(', ', 'order_id=' || order_id, 'line_id=' || line_id)
			FROM %s s WHERE %s AND s.order_id IS NOT NULL AND NOT (%s)`, lineCol, from, filter, known))
		if err != nil {
			return nil, fmt.Errorf("check order links: %w", err)
		}
		orphans, err := scanRejects(rows, func(line, _ int64, key string) badRow {
			return badRow{line: line, entity: table, col: "order_id", value: key,
				reason: fmt.Sprintf("return of an unknown order line (%s): load the orders file first, or correct the link", key)}
		})
		if err != nil {
			return nil, err
		}
		bad = append(bad, orphans...)
		checked, err := linkChecks(ctx, c, from, lineCol, filter, bad)
		if err != nil {
			return nil, err
		}
		bad = append(bad, checked...)
	}
	bad = mergeByLine(bad)
	if len(bad) > 0 {
		rej := "rej_lines"
		if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE `+rej+`(line BIGINT)`); err != nil {
			return nil, err
		}
		if err := insertLines(ctx, c, rej, bad); err != nil {
			return nil, err
		}
		_, err := c.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE %s AND %s IN (SELECT line FROM %s); DROP TABLE %s`, from, filter, lineCol, rej, rej))
		if err != nil {
			return nil, fmt.Errorf("drop rejected rows: %w", err)
		}
	}
	return bad, nil
}

// upsert moves target ti's staged rows into its table on the natural key:
// rejected rows go to the quarantine list, new keys are inserted, changed
// rows replaced, identical rows left alone.
func upsert(ctx context.Context, c *sql.Conn, stg string, p *plan, ti int, t *target, runID int64) (Counts, []badRow, error) {
	var cnt Counts
	table := t.ent.Name
	filter := "true"
	sameFile := ""
	if len(p.targets) > 1 {
		filter = fmt.Sprintf("_target = %d", ti)
		sameFile = stg
	}
	if err := p.prepare(ctx, c, stg, "_line", filter, t); err != nil {
		return cnt, nil, err
	}
	bad, err := rejectRows(ctx, c, stg, "_line", filter, sameFile, t)
	if err != nil {
		return cnt, nil, err
	}
	var cols, sCols, keyJoin, same []string
	for _, f := range t.ent.Fields {
		cols = append(cols, f.Name)
		sCols = append(sCols, "s."+f.Name)
		if !contains(t.ent.Key, f.Name) {
			same = append(same, fmt.Sprintf("s.%s IS NOT DISTINCT FROM t.%s", f.Name, f.Name))
		}
	}
	for _, k := range t.ent.Key {
		keyJoin = append(keyJoin, fmt.Sprintf("t.%s = s.%s", k, k))
	}
	on := strings.Join(keyJoin, " AND ")
	unchanged := strings.Join(same, " AND ")
	insert := fmt.Sprintf(`INSERT INTO %s (%s, source_line, run_id) SELECT %s, s._line, %d FROM %s s WHERE %s`,
		table, strings.Join(cols, ", "), strings.Join(sCols, ", "), runID, stg, filter)
	err = c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FILTER (WHERE t.%s IS NULL),
			count(*) FILTER (WHERE t.%s IS NOT NULL AND NOT (%s)),
			count(*) FILTER (WHERE t.%s IS NOT NULL AND (%s))
		FROM %s s LEFT JOIN %s t ON %s WHERE %s`, t.ent.Key[0], t.ent.Key[0], unchanged, t.ent.Key[0], unchanged, stg, table, on, filter)).
		Scan(&cnt.Inserted, &cnt.Updated, &cnt.Unchanged)
	if err != nil {
		return cnt, nil, fmt.Errorf("compare with %s: %w", table, err)
	}
	if cnt.Updated > 0 {
		if _, err := c.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s t USING %s s WHERE %s AND %s AND NOT (%s)`, table, stg, on, filter, unchanged)); err != nil {
			return cnt, nil, fmt.Errorf("replace changed rows: %w", err)
		}
	}
	if cnt.Inserted+cnt.Updated > 0 {
		if _, err := c.ExecContext(ctx, insert+fmt.Sprintf(` AND NOT EXISTS (SELECT 1 FROM %s t WHERE %s)`, table, on)); err != nil {
			return cnt, nil, fmt.Errorf("insert: %w", err)
		}
	}
	return cnt, bad, nil
}

func keyPairs(keys []string) string {
	var p []string
	for _, k := range keys {
		p = append(p, fmt.Sprintf("'%s=' || %s", k, k))
	}
	return strings.Join(p, ", ")
}

func scanRejects(rows *sql.Rows, mk func(line, other int64, key string) badRow) ([]badRow, error) {
	defer rows.Close()
	var out []badRow
	for rows.Next() {
		var line, other int64
		var key sql.NullString
		if err := rows.Scan(&line, &other, &key); err != nil {
			return nil, err
		}
		out = append(out, mk(line, other, key.String))
	}
	return out, rows.Err()
}

func insertLines(ctx context.Context, c *sql.Conn, table string, bad []badRow) error {
	const chunk = 1000
	for i := 0; i < len(bad); i += chunk {
		var sb strings.Builder
		fmt.Fprintf(&sb, "INSERT INTO %s VALUES ", table)
		for j := i; j < min(i+chunk, len(bad)); j++ {
			if j > i {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(%d)", bad[j].line)
		}
		if _, err := c.ExecContext(ctx, sb.String()); err != nil {
			return err
		}
	}
	return nil
}

// fillRaw re-reads the file for the raw text of rows rejected after staging.
func fillRaw(path string, f format, enc string, delim byte, lim limits, bad []badRow) error {
	need := map[int64][]int{}
	for i, b := range bad {
		if b.raw == "" && b.line > 0 {
			need[b.line] = append(need[b.line], i)
		}
	}
	if len(need) == 0 || f == fmtParquet {
		return nil
	}
	in, err := openInput(path, enc)
	if err != nil {
		return fmt.Errorf("re-read %s: %w", path, err)
	}
	defer in.close()
	rr := in.records(delim, lim)
	next := rr.next
	if f == fmtNDJSON {
		next = rr.nextLine
	}
	for len(need) > 0 {
		rec, line, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		var stray *errStrayQuote
		if err != nil && !errors.As(err, &stray) && !errors.Is(err, errUnterminated) { // set-aside records keep their line
			return fmt.Errorf("re-read %s: %w", path, err)
		}
		if idx, ok := need[line]; ok {
			for _, i := range idx {
				bad[i].raw = string(rec)
			}
			delete(need, line)
		}
	}
	return nil
}
