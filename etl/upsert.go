package etl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// rejectRows finds, among the rows of table from that pass filter, keys seen
// twice in the file (the first line is kept) and returns of unknown order
// lines, deletes them from from, and returns them as bad rows. lineCol holds
// the source line; sameFile, when set, is a staging table whose target-0 rows
// (order lines of a sales file) count as known orders.
func rejectRows(ctx context.Context, c *sql.Conn, from, lineCol, filter, sameFile string, t *target, tr *tracer) ([]badRow, error) {
	table := t.ent.Name
	bad, err := duplicateKeys(ctx, c, from, lineCol, filter, t)
	if err != nil {
		return nil, err
	}
	tr.step("find duplicates")
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
		tr.step("check order links")
		checked, err := linkChecks(ctx, c, from, lineCol, filter, bad)
		if err != nil {
			return nil, err
		}
		bad = append(bad, checked...)
		tr.step("check returns against orders")
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
		tr.step("drop rejected rows")
	}
	return bad, nil
}

// duplicateKeys returns the rows of from that pass filter whose key an
// earlier line of the file already has (the first line is kept). A file
// whose key hashes are all distinct skips the search. Keys are
// grouped on their hash, a number (much faster than text); DuckDB's string
// hash is weak (order ids that differ in two places by the same bits
// collide: about a thousand groups per million rows), so the groups found
// are only candidates: their rows alone are listed and compared on the key
// itself, not the whole table.
func duplicateKeys(ctx context.Context, c *sql.Conn, from, lineCol, filter string, t *target) ([]badRow, error) {
	if t.keysDistinct {
		return nil, nil // no key hash repeats, so no key does (keyset.go)
	}
	keys := strings.Join(t.ent.Key, ", ")
	const cand = "dup_hashes"
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT hash(%s) AS h FROM %s WHERE %s GROUP BY 1 HAVING count(*) > 1`,
		cand, keys, from, filter)); err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	defer func() { _, _ = c.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS `+cand) }()
	var n int64
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM `+cand).Scan(&n); err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := c.QueryContext(ctx, fmt.Sprintf(`SELECT %s, first_line, concat_ws(', ', %s) FROM (
		SELECT %s, %s, min(%s) OVER (PARTITION BY %s) AS first_line FROM %s
		WHERE %s AND hash(%s) IN (SELECT h FROM %s)) WHERE %s <> first_line`,
		lineCol, keyPairs(t.ent.Key), lineCol, keys, lineCol, keys, from, filter, keys, cand, lineCol))
	if err != nil {
		return nil, fmt.Errorf("list duplicates: %w", err)
	}
	return scanRejects(rows, func(line, first int64, key string) badRow {
		return badRow{line: line, entity: t.ent.Name, col: keys, value: key, skip: t.dupFirst,
			reason: fmt.Sprintf("duplicate of line %d: the same key (%s) appears twice in the file; the first row is kept, remove or correct this one", first, key)}
	})
}

// upsert moves target ti's staged rows into its table on the natural key:
// rejected rows go to the quarantine list, new keys are inserted, changed
// rows replaced, identical rows left alone. One join of the staged rows with
// the table, on key and row hash, finds the rows that differ (classify); the
// rows they replace are marked replaced_by runID, not deleted: the load
// deletes them once its run is committed (purgeReplaced), and opening the
// warehouse restores them if it never was (warehouse/recover.go).
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
	p.tr.step("prepare")
	bad, err := rejectRows(ctx, c, stg, "_line", filter, sameFile, t, p.tr)
	if err != nil {
		return cnt, nil, err
	}
	var staged int64
	if cnt, staged, err = classify(ctx, c, stg, filter, t); err != nil {
		return cnt, nil, fmt.Errorf("compare with %s: %w", table, err)
	}
	p.tr.step("classify")
	cnt.Unchanged = staged - cnt.Inserted - cnt.Updated
	if cnt.Updated > 0 {
		if _, err := c.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET replaced_by = %d WHERE rowid IN (SELECT trow FROM cls WHERE trow IS NOT NULL)`, table, runID)); err != nil {
			return cnt, nil, fmt.Errorf("replace changed rows: %w", err)
		}
		p.tr.step("mark replaced rows")
	}
	if cnt.Inserted+cnt.Updated > 0 {
		var cols, sCols []string
		for _, f := range t.ent.Fields {
			cols = append(cols, f.Name)
			sCols = append(sCols, "s."+f.Name)
		}
		if _, err := c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s, source_line, run_id, row_hash) SELECT %s, s._line, %d, %s FROM %s s SEMI JOIN cls ON cls.line = s._line WHERE %s`,
			table, strings.Join(cols, ", "), strings.Join(sCols, ", "), runID, rowHash(t, "s"), stg, filter)); err != nil {
			return cnt, nil, fmt.Errorf("insert: %w", err)
		}
		p.tr.step("insert new and changed")
	}
	if _, err := c.ExecContext(ctx, `DROP TABLE cls`); err != nil {
		return cnt, nil, err
	}
	return cnt, bad, nil
}

// classify leaves in the temp table cls(line, trow) the staged rows of target
// t that are new (trow NULL) or differ from the current row of their key (trow:
// that row's rowid), and returns their counts and the number of staged rows.
// Rows are compared by their hash (rowHash); a stored row without one
// (written before hashes were kept) is compared field by field. A migration
// that changes an entity's fields must set row_hash to NULL, or every row of
// the table counts as updated on its next re-load.
func classify(ctx context.Context, c *sql.Conn, stg, filter string, t *target) (Counts, int64, error) {
	var cnt Counts
	table := t.ent.Name
	var keyJoin, same []string
	for _, k := range t.ent.Key {
		keyJoin = append(keyJoin, fmt.Sprintf("t.%s = s.%s", k, k))
	}
	for _, f := range t.ent.Fields {
		if !contains(t.ent.Key, f.Name) {
			same = append(same, fmt.Sprintf("s.%s IS NOT DISTINCT FROM t.%s", f.Name, f.Name))
		}
	}
	// Both sides are narrowed to key, line or rowid, and hash before the join,
	// so its hash table holds no other field; a large load joins in parts (a
	// slice of the key hashes each), so the hash table stays small whatever
	// the size of the file.
	keys := strings.Join(t.ent.Key, ", ")
	var staged int64
	if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s`, stg, filter)).Scan(&staged); err != nil {
		return cnt, 0, err
	}
	parts := classifyParts(staged)
	if _, err := c.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE cls (line BIGINT, trow BIGINT, nohash BOOLEAN)`); err != nil {
		return cnt, 0, err
	}
	for part := range parts {
		slice := "true"
		if parts > 1 {
			slice = fmt.Sprintf("hash(%s) %% %d = %d", keys, parts, part)
		}
		q := fmt.Sprintf(`INSERT INTO cls SELECT s._line, t.rowid, t.row_hash IS NULL
		FROM (SELECT _line, %s, %s AS h FROM %s s WHERE %s AND %s) s
		LEFT JOIN (SELECT rowid, %s, row_hash FROM %s WHERE replaced_by IS NULL AND %s) t ON %s
		WHERE t.rowid IS NULL OR t.row_hash IS DISTINCT FROM s.h`,
			keys, rowHash(t, "s"), stg, filter, slice, keys, table, slice, strings.Join(keyJoin, " AND "))
		if _, err := c.ExecContext(ctx, q); err != nil {
			return cnt, 0, err
		}
	}
	var stale int64
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM cls WHERE trow IS NOT NULL AND nohash`).Scan(&stale); err != nil {
		return cnt, 0, err
	}
	if stale > 0 && len(same) > 0 {
		if err := refreshStale(ctx, c, stg, filter, t, same); err != nil {
			return cnt, 0, err
		}
	}
	err := c.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE trow IS NULL), count(*) FILTER (WHERE trow IS NOT NULL) FROM cls`).
		Scan(&cnt.Inserted, &cnt.Updated)
	return cnt, staged, err
}

// refreshStale takes out of cls the stored rows without a hash (written
// before hashes were kept, or by a version that hashed differently: see
// migration 101) whose fields all equal the staged row's, and stores their
// hash, so the next re-load compares them by hash again.
func refreshStale(ctx context.Context, c *sql.Conn, stg, filter string, t *target, same []string) error {
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE cls_same AS SELECT c.line, c.trow, %s AS h
		FROM cls c JOIN %s s ON s._line = c.line JOIN (SELECT rowid AS trow, * FROM %s) t ON t.trow = c.trow
		WHERE c.nohash AND %s AND %s`, rowHash(t, "s"), stg, t.ent.Name, filter, strings.Join(same, " AND "))); err != nil {
		return fmt.Errorf("compare rows without a hash: %w", err)
	}
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET row_hash = x.h FROM cls_same x WHERE %s.rowid = x.trow`, t.ent.Name, t.ent.Name)); err != nil {
		return fmt.Errorf("store hashes of unchanged rows: %w", err)
	}
	if _, err := c.ExecContext(ctx, `DELETE FROM cls WHERE line IN (SELECT line FROM cls_same); DROP TABLE cls_same`); err != nil {
		return fmt.Errorf("compare rows without a hash: %w", err)
	}
	return nil
}

// classifyRowsPerPart is how many staged rows one part of the classification
// join takes at most (its hash table holds key, line, rowid and hash of each:
// about 150 MB for 2.5M order lines).
var classifyRowsPerPart int64 = 2_500_000

// classifyParts is the number of parts the classification join of staged
// rows is cut into.
func classifyParts(staged int64) int64 {
	return max(1, (staged+classifyRowsPerPart-1)/classifyRowsPerPart)
}

// purgeReplaced deletes the rows a committed load replaced (the load's run is
// 'ok'). It runs after the commit, in its own transaction: if the process
// stops before it, opening the warehouse finishes the job.
func purgeReplaced(ctx context.Context, c *sql.Conn, runID int64) error {
	for _, tb := range warehouse.LoadTables {
		if _, err := c.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE replaced_by = %d`, tb, runID)); err != nil {
			return fmt.Errorf("delete rows replaced by run %d from %s: %w", runID, tb, err)
		}
	}
	return nil
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

// markEvery is how many lines apart the CSV reader notes where a record
// starts, for fillRaw.
const markEvery = 1 << 16

// fillRaw re-reads the file for the raw text of rows rejected after staging.
// With the record starts the first read noted (marks; a plain CSV file only)
// it reads from the mark before each row, not the whole file.
func fillRaw(path string, f format, enc string, delim byte, lim limits, bad []badRow, marks []mark, skip int64) error {
	need := map[int64][]int{}
	for i, b := range bad {
		if b.raw == "" && b.line > 0 {
			need[b.line] = append(need[b.line], i)
		}
	}
	if len(need) == 0 || f == fmtParquet {
		return nil
	}
	if f == fmtCSV && len(marks) > 0 {
		return fillRawAt(path, delim, lim, bad, need, marks, skip)
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

// fillRawAt fills the raw text of the rows in need by reading a plain CSV
// file from the noted record start before each of them.
func fillRawAt(path string, delim byte, lim limits, bad []badRow, need map[int64][]int, marks []mark, skip int64) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("re-read %s: %w", path, err)
	}
	defer f.Close()
	lines := make([]int64, 0, len(need))
	for l := range need {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	var rr *recordReader
	for _, want := range lines {
		// the last mark before the wanted line
		i := sort.Search(len(marks), func(i int) bool { return marks[i].line >= want }) - 1
		if i < 0 {
			return fmt.Errorf("re-read %s: no record start noted before line %d", path, want)
		}
		if rr == nil || rr.line < marks[i].line || rr.line >= want {
			if _, err := f.Seek(skip+marks[i].off, io.SeekStart); err != nil {
				return fmt.Errorf("re-read %s: %w", path, err)
			}
			rr = newRecordReaderOpts(f, delim, lim)
			rr.line = marks[i].line
		}
		for {
			rec, line, err := rr.next()
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("re-read %s: line %d not found", path, want)
			}
			var stray *errStrayQuote
			if err != nil && !errors.As(err, &stray) && !errors.Is(err, errUnterminated) {
				return fmt.Errorf("re-read %s: %w", path, err)
			}
			if line == want {
				for _, j := range need[want] {
					bad[j].raw = string(rec)
				}
				break
			}
			if line > want {
				return fmt.Errorf("re-read %s: line %d is not where a record starts", path, want)
			}
		}
	}
	return nil
}
