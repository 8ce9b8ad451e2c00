package etl

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// Lineage survives crashes at the application level: a load first commits its
// load_runs row as 'running', tags every row it writes with that run_id, and
// turns the run 'ok' in the transaction that commits the rows. Whatever the
// database's crash recovery replays, warehouse.Open removes rows of runs that
// never reached 'ok' and marks those runs 'failed'.

// beginRun commits the run's load_runs row with status 'running'.
func beginRun(ctx context.Context, w *warehouse.DB, runID int64, path string, start time.Time) error {
	_, err := w.Exec(ctx, `INSERT INTO load_runs(run_id, source, entity, started_at, status)
		VALUES (?, ?, 'unknown', ?, 'running')`, runID, path, start)
	if err != nil {
		return fmt.Errorf("load %s: record run: %w", path, err)
	}
	return nil
}

// finishRun turns the run 'ok' with its counts, inside the load's transaction.
func finishRun(ctx context.Context, c *sql.Conn, runID int64, s *Summary, size int64) error {
	t := s.Counts
	lk := s.Links.orZero()
	_, err := c.ExecContext(ctx, `UPDATE load_runs SET entity = ?, sha256 = ?, bytes = ?, finished_at = now(),
		rows_read = ?, rows_inserted = ?, rows_updated = ?, rows_unchanged = ?, rows_quarantined = ?, status = 'ok', message = NULL,
		rows_skipped = ?, units_linked_given = ?, units_linked_inferred = ?, units_unlinked = ?
		WHERE run_id = ?`, s.Entity, s.SHA256, size, t.Read, t.Inserted, t.Updated, t.Unchanged, t.Quarantined,
		t.Skipped, lk.Given, lk.Inferred, lk.None, runID)
	if err != nil {
		return fmt.Errorf("load %s: record run: %w", s.File, err)
	}
	return nil
}

// failRun records a failed attempt; the data tables are untouched.
func failRun(ctx context.Context, w *warehouse.DB, runID int64, s *Summary, msg string) error {
	_, err := w.Exec(ctx, `UPDATE load_runs SET entity = ?, sha256 = ?, finished_at = now(), rows_read = 0, rows_inserted = 0,
		rows_updated = 0, rows_unchanged = 0, rows_quarantined = 0, status = 'failed', message = ? WHERE run_id = ?`,
		orDefault(s.Entity, "unknown"), s.SHA256, msg, runID)
	if err != nil {
		return fmt.Errorf("record failed run: %w", err)
	}
	return nil
}
