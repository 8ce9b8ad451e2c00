package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// RunKind names a stage whose runs the warehouse records.
type RunKind string

// The stages that record runs, each in its own table.
const (
	RunLoad     RunKind = "load"     // load_runs
	RunForecast RunKind = "forecast" // forecast_runs
	RunKPI      RunKind = "kpi"      // kpi_runs
)

// Run statuses. Every run goes running -> ok | failed.
const (
	StatusRunning = "running"
	StatusOK      = "ok"
	StatusFailed  = "failed"
)

// InterruptedRunMessage is the message of a forecast or KPI run found
// 'running' when a writer opened the warehouse: its process stopped before the
// run finished (loads get InterruptedMessage, recover.go).
const InterruptedRunMessage = "interrupted: the process running it stopped (killed or crashed) before it finished; nothing it wrote was kept, run it again"

type runTable struct{ table, seq, started string }

var runTables = map[RunKind]runTable{
	RunLoad:     {"load_runs", "load_run_seq", "started_at"},
	RunForecast: {"forecast_runs", "forecast_run_seq", "created_at"},
	RunKPI:      {"kpi_runs", "kpi_run_seq", "created_at"},
}

// RunKinds lists the kinds in a stable order.
func RunKinds() []RunKind { return []RunKind{RunLoad, RunForecast, RunKPI} }

func tableOf(kind RunKind) (runTable, error) {
	t, ok := runTables[kind]
	if !ok {
		return t, fmt.Errorf("warehouse: unknown run kind %q (want load, forecast or kpi)", kind)
	}
	return t, nil
}

// Execer runs statements: *sql.DB, *sql.Conn and *sql.Tx satisfy it.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// StartRun takes the next run id of kind and records the run as running, with
// its start time and the given columns (the kind's table's own, e.g. source
// and entity for a load). Call FinishRun when the run ends, on the path that
// commits its outputs if it has one.
func StartRun(ctx context.Context, e Execer, kind RunKind, cols map[string]any) (int64, error) {
	t, err := tableOf(kind)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := e.QueryRowContext(ctx, "SELECT nextval('"+t.seq+"')").Scan(&id); err != nil {
		return 0, fmt.Errorf("start %s run: %w", kind, err)
	}
	names := []string{"run_id", "status", t.started}
	marks := []string{"?", "?", "current_timestamp"}
	args := []any{id, StatusRunning}
	for _, k := range sortedKeys(cols) {
		names = append(names, k)
		marks = append(marks, "?")
		args = append(args, cols[k])
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t.table, strings.Join(names, ", "), strings.Join(marks, ", "))
	if _, err := e.ExecContext(ctx, q, args...); err != nil {
		return 0, fmt.Errorf("start %s run %d: %w", kind, id, err)
	}
	return id, nil
}

// FinishRun ends run id of kind: status ok when runErr is nil, else failed
// with runErr's message; it also sets the finish time and the given columns
// (counts, wall_seconds...). Run it inside the transaction that commits the
// run's outputs, so that an ok run and its outputs land together.
func FinishRun(ctx context.Context, e Execer, kind RunKind, id int64, runErr error, cols map[string]any) error {
	t, err := tableOf(kind)
	if err != nil {
		return err
	}
	status, msg := StatusOK, sql.NullString{}
	if runErr != nil {
		status, msg = StatusFailed, sql.NullString{String: runErr.Error(), Valid: true}
	}
	sets := []string{"status = ?", "message = ?", "finished_at = current_timestamp"}
	args := []any{status, msg}
	for _, k := range sortedKeys(cols) {
		sets = append(sets, k+" = ?")
		args = append(args, cols[k])
	}
	args = append(args, id)
	q := fmt.Sprintf("UPDATE %s SET %s WHERE run_id = ?", t.table, strings.Join(sets, ", "))
	if _, err := e.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("finish %s run %d: %w", kind, id, err)
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// LatestGoodRun returns the id of the latest good run of kind: the newest run
// whose status is ok (a run still running, failed or interrupted never
// counts). It returns 0 when there is none. The view v_latest_runs applies
// the same rule for SQL readers (notebooks).
func LatestGoodRun(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, kind RunKind) (int64, error) {
	t, err := tableOf(kind)
	if err != nil {
		return 0, err
	}
	var id sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT max(run_id) FROM "+t.table+" WHERE status = ?", StatusOK).Scan(&id); err != nil {
		return 0, fmt.Errorf("latest good %s run: %w", kind, err)
	}
	return id.Int64, nil
}

// LatestGoodForecastAt is the latest good forecast run whose origin (last
// week of history) is origin, or 0 when no good run was made then: what a
// point-in-time pack for that week shows.
func (w *DB) LatestGoodForecastAt(ctx context.Context, origin Week) (int64, error) {
	var id sql.NullInt64
	err := w.db.QueryRowContext(ctx, `SELECT max(run_id) FROM forecast_runs WHERE status = ? AND origin_week = ?`, StatusOK, origin.Start()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("latest good forecast run with origin %s: %w", origin, err)
	}
	return id.Int64, nil
}

// LatestGoodRun is the package function on w's handle.
func (w *DB) LatestGoodRun(ctx context.Context, kind RunKind) (int64, error) {
	return LatestGoodRun(ctx, w.db, kind)
}

// failInterruptedRuns marks failed every run still 'running': Open calls it
// once it holds the file as its only writer (DuckDB's file lock), so no live
// process owns them. Loads also lose their rows (recoverLoads); forecast and
// KPI runs commit their outputs with their 'ok', so they left none.
func (w *DB) failInterruptedRuns(ctx context.Context) error {
	var loads int64
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM load_runs WHERE status = ?`, StatusRunning).Scan(&loads); err != nil {
		return fmt.Errorf("open warehouse %s: check interrupted loads: %w", w.path, err)
	}
	if err := w.recoverLoads(ctx); err != nil {
		return err
	}
	w.interrupted = int(loads)
	var errs []error
	for _, k := range []RunKind{RunForecast, RunKPI} {
		t := runTables[k]
		res, err := w.db.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET status = ?, message = ?, finished_at = current_timestamp WHERE status = ?`, t.table),
			StatusFailed, InterruptedRunMessage, StatusRunning)
		if err != nil {
			errs = append(errs, fmt.Errorf("mark interrupted %s runs: %w", k, err))
			continue
		}
		n, _ := res.RowsAffected()
		w.interrupted += int(n)
	}
	return errors.Join(errs...)
}

// InterruptedRuns is how many runs left 'running' by a stopped process Open
// found and marked failed.
func (w *DB) InterruptedRuns() int { return w.interrupted }
