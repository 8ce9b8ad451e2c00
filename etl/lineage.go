package etl

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/retour-analytics/retour/warehouse"
)

// Lineage survives crashes at the application level: a load first commits its
// load_runs row as 'running', tags every row it writes with that run_id, and
// turns the run 'ok' in the transaction that commits the rows. Whatever the
// database's crash recovery replays, warehouse.Open removes rows of runs that
// never reached 'ok' and marks those runs 'failed'. The lifecycle is the one
// every stage shares (warehouse.StartRun, warehouse.FinishRun).

// beginRun commits the run's load_runs row with status 'running' and returns its id.
func beginRun(ctx context.Context, w *warehouse.DB, path string) (int64, error) {
	id, err := warehouse.StartRun(ctx, w.SQL(), warehouse.RunLoad, map[string]any{"source": path, "entity": "unknown"})
	if err != nil {
		return 0, fmt.Errorf("load %s: record run: %w", path, err)
	}
	return id, nil
}

// finishRun turns the run 'ok' with its counts, on the connection whose
// transaction commits the rows.
func finishRun(ctx context.Context, c *sql.Conn, runID int64, s *Summary, size int64) error {
	t := s.Counts
	lk := s.Links.orZero()
	err := warehouse.FinishRun(ctx, c, warehouse.RunLoad, runID, nil, map[string]any{
		"entity": s.Entity, "sha256": s.SHA256, "bytes": size,
		"rows_read": t.Read, "rows_inserted": t.Inserted, "rows_updated": t.Updated, "rows_unchanged": t.Unchanged,
		"rows_quarantined": t.Quarantined, "rows_skipped": t.Skipped,
		"units_linked_given": lk.Given, "units_linked_inferred": lk.Inferred, "units_unlinked": lk.None})
	if err != nil {
		return fmt.Errorf("load %s: %w", s.File, err)
	}
	return nil
}

// failRun marks the run 'failed' with msg; the data tables are untouched.
func failRun(ctx context.Context, w *warehouse.DB, runID int64, s *Summary, msg string) error {
	err := warehouse.FinishRun(ctx, w.SQL(), warehouse.RunLoad, runID, fmt.Errorf("%s", msg), map[string]any{
		"entity": orDefault(s.Entity, "unknown"), "sha256": s.SHA256, "rows_read": 0, "rows_inserted": 0,
		"rows_updated": 0, "rows_unchanged": 0, "rows_quarantined": 0})
	if err != nil {
		return fmt.Errorf("record failed run: %w", err)
	}
	return nil
}
