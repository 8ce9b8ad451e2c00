package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// LoadTables are the tables whose rows carry the load_runs.run_id of the load
// that wrote them.
var LoadTables = []string{"products", "order_lines", "return_lines", "claims", "sites", "quarantine"}

// InterruptedMessage is the load_runs message of a load that never finished.
const InterruptedMessage = "interrupted: the load stopped before it finished (process killed or machine stopped); its rows were removed, load the file again"

// recoverLoads makes lineage hold whatever the database's own crash recovery
// did: a load records its run as 'running' (committed) before it writes any
// row and turns it 'ok' in the transaction that commits its rows. On open, rows
// of a run that never reached 'ok' (and rows naming a run id the loader handed
// out but never recorded) are removed, and such runs are marked 'failed'.
// It runs in one transaction, and costs one count when no run is 'running'.
func (w *DB) recoverLoads(ctx context.Context) error {
	var pending int64
	err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM load_runs WHERE status = 'running'`).Scan(&pending)
	if err != nil {
		return fmt.Errorf("open warehouse %s: check interrupted loads: %w", w.path, err)
	}
	if pending == 0 {
		return nil
	}
	var handed sql.NullInt64 // highest run id handed out, NULL when none
	err = w.db.QueryRowContext(ctx, `SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'load_run_seq'`).Scan(&handed)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("open warehouse %s: read load_run_seq: %w", w.path, err)
	}
	bad := `run_id IN (SELECT run_id FROM load_runs WHERE status <> 'ok')`
	if handed.Valid {
		bad += fmt.Sprintf(` OR (run_id <= %d AND run_id NOT IN (SELECT run_id FROM load_runs))`, handed.Int64)
	}
	return w.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range LoadTables {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE %s`, t, bad)); err != nil {
				return fmt.Errorf("open warehouse %s: remove rows of interrupted loads from %s: %w", w.path, t, err)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE load_runs SET status = 'failed', finished_at = COALESCE(finished_at, now()),
			rows_inserted = 0, rows_updated = 0, rows_unchanged = 0, rows_quarantined = 0, message = ? WHERE status = 'running'`, InterruptedMessage)
		if err != nil {
			return fmt.Errorf("open warehouse %s: mark interrupted loads failed: %w", w.path, err)
		}
		return nil
	})
}
