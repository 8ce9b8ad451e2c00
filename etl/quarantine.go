package etl

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// replaceQuarantine makes a file's quarantine rows those of this load: a
// reload of the same file leaves the earlier rows (and their run) as they
// were; a changed file replaces its own earlier rows. A file loaded with two
// mappings (orders, and products derived from the same file) keeps one set
// of rows per table: entities names the tables of this load.
func replaceQuarantine(ctx context.Context, c *sql.Conn, runID int64, path string, entities []string, bad []badRow) error {
	if err := insertQuarantine(ctx, c, runID, path, bad); err != nil {
		return err
	}
	const cols = `entity, line, col, value, reason, raw`
	mine := `file = $1 AND list_contains(string_split($3, ','), entity) AND replaced_by IS NULL`
	var diff int64
	err := c.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM (
			SELECT `+cols+` FROM quarantine WHERE `+mine+` AND run_id = $2
			EXCEPT ALL SELECT `+cols+` FROM quarantine WHERE `+mine+` AND run_id <> $2))
		+ (SELECT count(*) FROM (
			SELECT `+cols+` FROM quarantine WHERE `+mine+` AND run_id <> $2
			EXCEPT ALL SELECT `+cols+` FROM quarantine WHERE `+mine+` AND run_id = $2))`, path, runID, entityList(entities)).Scan(&diff)
	if err != nil {
		return fmt.Errorf("compare with earlier quarantine: %w", err)
	}
	q := `UPDATE quarantine SET replaced_by = $2 WHERE ` + mine + ` AND run_id <> $2` // deleted once the run is ok (purgeReplaced)
	if diff == 0 {
		q = `DELETE FROM quarantine WHERE ` + mine + ` AND run_id = $2`
	}
	if _, err := c.ExecContext(ctx, q, path, runID, entityList(entities)); err != nil {
		return fmt.Errorf("replace earlier quarantine: %w", err)
	}
	return nil
}

// entityList is a DuckDB list literal argument: the names joined for
// string_split, so the driver needs no list binding.
func entityList(entities []string) string { return strings.Join(entities, ",") }

// splitSkipped takes out the rows the mapping skips (duplicates: first) and
// counts them.
func splitSkipped(bad []badRow) ([]badRow, int64) {
	out := bad[:0]
	var n int64
	for _, b := range bad {
		if b.skip {
			n++
			continue
		}
		out = append(out, b)
	}
	return out, n
}

func (st *rowStats) add(o rowStats) {
	st.skipped += o.skipped
	for k, v := range o.matched {
		if st.matched == nil {
			st.matched = map[string]int64{}
		}
		st.matched[k] += v
	}
}
