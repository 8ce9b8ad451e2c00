package etl

import (
	"context"
	"database/sql"
	"fmt"
)

// replaceQuarantine makes a file's quarantine rows those of this load: a
// reload of the same file leaves the earlier rows (and their run) as they
// were; a changed file replaces its own earlier rows.
func replaceQuarantine(ctx context.Context, c *sql.Conn, runID int64, path string, bad []badRow) error {
	if err := insertQuarantine(ctx, c, runID, path, bad); err != nil {
		return err
	}
	const cols = `entity, line, col, value, reason, raw`
	var diff int64
	err := c.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM (
			SELECT `+cols+` FROM quarantine WHERE file = $1 AND run_id = $2
			EXCEPT ALL SELECT `+cols+` FROM quarantine WHERE file = $1 AND run_id <> $2))
		+ (SELECT count(*) FROM (
			SELECT `+cols+` FROM quarantine WHERE file = $1 AND run_id <> $2
			EXCEPT ALL SELECT `+cols+` FROM quarantine WHERE file = $1 AND run_id = $2))`, path, runID).Scan(&diff)
	if err != nil {
		return fmt.Errorf("compare with earlier quarantine: %w", err)
	}
	q := `DELETE FROM quarantine WHERE file = $1 AND run_id <> $2`
	if diff == 0 {
		q = `DELETE FROM quarantine WHERE file = $1 AND run_id = $2`
	}
	if _, err := c.ExecContext(ctx, q, path, runID); err != nil {
		return fmt.Errorf("replace earlier quarantine: %w", err)
	}
	return nil
}

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
