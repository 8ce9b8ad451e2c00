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
// row and turns it 'ok' in the transaction that commits its rows. A re-load
// does not delete the rows it replaces: it marks them replaced_by its run and
// deletes them after its commit. On open, in one transaction:
//   - rows replaced by a run that never reached 'ok' are restored
//     (replaced_by back to NULL), so a killed re-load loses no old row;
//   - rows of a run that never reached 'ok' (and rows naming a run id the
//     loader handed out but never recorded) are removed, and such runs are
//     marked 'failed';
//   - rows replaced by an 'ok' run that were not deleted yet (the process
//     stopped between the commit and the purge) are deleted.
//
// It costs one count and one look at replaced_by per table when nothing was
// interrupted.
func (w *DB) recoverLoads(ctx context.Context) error {
	var pending int64
	err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM load_runs WHERE status = 'running'`).Scan(&pending)
	if err != nil {
		return fmt.Errorf("open warehouse %s: check interrupted loads: %w", w.path, err)
	}
	replaced, err := w.anyReplaced(ctx)
	if err != nil {
		return err
	}
	if pending == 0 && !replaced {
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
			steps := []struct{ what, q string }{
				{"restore rows replaced by interrupted loads in", `UPDATE %s SET replaced_by = NULL WHERE replaced_by IS NOT NULL AND replaced_by NOT IN (SELECT run_id FROM load_runs WHERE status = 'ok')`},
				{"remove rows of interrupted loads from", `DELETE FROM %s WHERE ` + bad},
				{"remove rows replaced by finished loads from", `DELETE FROM %s WHERE replaced_by IS NOT NULL`},
			}
			for _, st := range steps {
				if _, err := tx.ExecContext(ctx, fmt.Sprintf(st.q, t)); err != nil {
					return fmt.Errorf("open warehouse %s: %s %s: %w", w.path, st.what, t, err)
				}
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

// anyReplaced reports whether a load table holds a row marked replaced_by.
func (w *DB) anyReplaced(ctx context.Context) (bool, error) {
	for _, t := range LoadTables {
		var found bool
		if err := w.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s WHERE replaced_by IS NOT NULL)`, t)).Scan(&found); err != nil {
			return false, fmt.Errorf("open warehouse %s: check replaced rows in %s: %w", w.path, t, err)
		}
		if found {
			return true, nil
		}
	}
	return false, nil
}
