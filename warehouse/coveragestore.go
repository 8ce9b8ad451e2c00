package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
)

// coverageState fingerprints the canonical tables the coverage measures:
// per table its row count and the count, sum and maximum of run_id and the
// sum of row_hash, with the measured fields and the schema version. Every load writes its run id on the rows it writes and
// deletes the rows it replaces, so a load that changes a table changes its
// state; reading it costs a scan of two integer columns.
func coverageState(ctx context.Context, w *DB) (string, error) {
	tables := sortedTables()
	parts := make([]string, len(tables))
	for i, t := range tables {
		parts[i] = fmt.Sprintf(`(SELECT concat_ws(',', '%[1]s', count(*), count(run_id), COALESCE(sum(run_id), 0), COALESCE(max(run_id), 0),
			COALESCE(sum(row_hash::HUGEINT), 0)) FROM %[1]s)`, t)
	}
	// What is measured, and how (the file's schema version: a migration may
	// redefine the coverage views), is part of the state. (The views' SQL
	// text is not: DuckDB rewrites it when it checkpoints.)
	var s string
	var schema int64
	if err := w.QueryRow(ctx, `SELECT concat_ws(';', `+strings.Join(parts, ", ")+`),
		(SELECT COALESCE(max(version), 0) FROM schema_migrations)`).Scan(&s, &schema); err != nil {
		return "", fmt.Errorf("read data state: %w", err)
	}
	h := fnv.New64a()
	for _, t := range tables {
		fmt.Fprintf(h, "%s:%s;", t, strings.Join(measured[t], ","))
	}
	return fmt.Sprintf("schema %d;fields %x;%s", schema, h.Sum64(), s), nil
}

func sortedTables() []string {
	out := make([]string, 0, len(measured))
	for t := range measured {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// readStoredCoverage fills c from field_coverage_stored when it was stored
// for state; ok is false when it was not (c is then left untouched).
func readStoredCoverage(ctx context.Context, w *DB, state string, c *Coverage) (ok bool, err error) {
	rows, fields := map[string]int64{}, map[string]FieldCoverage{}
	err = scanAll(ctx, w, `SELECT table_name, field, rows, present FROM field_coverage_stored WHERE state = ?`, func(r *sql.Rows) error {
		var f FieldCoverage
		var field sql.NullString
		if err := r.Scan(&f.Table, &field, &f.Rows, &f.Present); err != nil {
			return err
		}
		if !field.Valid {
			rows[f.Table] = f.Rows
			return nil
		}
		f.Field = field.String
		if f.Rows > 0 {
			f.Share = float64(f.Present) / float64(f.Rows)
		}
		fields[f.Table+"."+f.Field] = f
		return nil
	}, state)
	if err != nil {
		return false, fmt.Errorf("read stored field coverage: %w", err)
	}
	if len(rows) == 0 {
		return false, nil
	}
	for t, n := range rows {
		c.Rows[t] = n
	}
	for k, f := range fields {
		c.Fields[k] = f
	}
	return true, nil
}

// SaveCoverage stores c, as measured by ReadCoverage, for the state of the
// tables it was measured in, replacing what was stored; a coverage read
// from the store is not written again. `retour kpi` calls it: the packs and
// `retour status` then read the stored copy until the next load.
func SaveCoverage(ctx context.Context, w *DB, c *Coverage) error {
	if c == nil || c.state == "" || c.stored {
		return nil
	}
	var vals []string
	var args []any
	for _, t := range sortedTables() {
		vals = append(vals, "(?, ?, NULL, ?, ?)")
		args = append(args, c.state, t, c.Rows[t], c.Rows[t])
	}
	for _, f := range c.Sorted() {
		vals = append(vals, "(?, ?, ?, ?, ?)")
		args = append(args, c.state, f.Table, f.Field, f.Rows, f.Present)
	}
	return w.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM field_coverage_stored`); err != nil {
			return fmt.Errorf("store field coverage: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO field_coverage_stored (state, table_name, field, rows, present) VALUES `+strings.Join(vals, ", "), args...); err != nil {
			return fmt.Errorf("store field coverage: %w", err)
		}
		return nil
	})
}
