package serve

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Run kinds recorded in serve_runs.
const (
	KindScheduled = "scheduled"
	KindMissed    = "missed"
	KindInbox     = "inbox"
	KindManual    = "manual"
	KindStart     = "start"
)

// run executes fn as one recorded run. With wait false it returns ErrBusy
// when another run holds the lock; otherwise it waits its turn.
func (s *Server) run(ctx context.Context, kind string, scheduledFor time.Time, wait bool, fn func(ctx context.Context, runID int64) (string, error)) error {
	if wait {
		s.runMu.Lock()
	} else if !s.runMu.TryLock() {
		return ErrBusy
	}
	defer s.runMu.Unlock()
	return s.runHeld(ctx, kind, scheduledFor, fn)
}

// runHeld is run for a caller that already holds runMu.
func (s *Server) runHeld(ctx context.Context, kind string, scheduledFor time.Time, fn func(ctx context.Context, runID int64) (string, error)) error {
	start := s.now()
	defer s.version.Add(1) // whatever the run committed is now visible
	var id int64
	if err := s.w.QueryRow(ctx, `SELECT nextval('serve_run_seq')`).Scan(&id); err != nil {
		return fmt.Errorf("record %s run: %w", kind, err)
	}
	var sched any
	if !scheduledFor.IsZero() {
		sched = scheduledFor.UTC()
	}
	if _, err := s.w.Exec(ctx, `INSERT INTO serve_runs (run_id, kind, scheduled_for, started_at, status) VALUES (?, ?, ?, ?, 'running')`,
		id, kind, sched, start.UTC()); err != nil {
		return fmt.Errorf("record %s run: %w", kind, err)
	}
	msg, err := fn(ctx, id)
	status := "ok"
	if err != nil {
		status = "failed"
		msg = strings.TrimSpace(msg + "\n" + err.Error())
	}
	end := s.now()
	secs := end.Sub(start).Seconds()
	if _, uerr := s.w.Exec(context.WithoutCancel(ctx), `UPDATE serve_runs SET finished_at = ?, status = ?, seconds = ?, message = ? WHERE run_id = ?`,
		end.UTC(), status, secs, msg, id); uerr != nil {
		err = errors.Join(err, fmt.Errorf("record %s run %d: %w", kind, id, uerr))
	}
	s.metrics.add("retour_serve_runs_total", 1, "kind", kind, "outcome", status)
	s.metrics.observe("retour_serve_run_duration_seconds", runBuckets, secs, "kind", kind)
	s.metrics.set("retour_serve_last_run_timestamp_seconds", float64(end.Unix()), "kind", kind)
	s.log.Info("run finished", "run", id, "kind", kind, "status", status, "seconds", fmt.Sprintf("%.1f", secs), "message", msg)
	return err
}

// recordStart notes that the service started (the anchor of the missed-run
// check when no scheduled run was ever recorded).
func (s *Server) recordStart(ctx context.Context) error {
	now := s.now().UTC()
	_, err := s.w.Exec(ctx, `INSERT INTO serve_runs (run_id, kind, started_at, finished_at, status, seconds, message)
		VALUES (nextval('serve_run_seq'), ?, ?, ?, 'ok', 0, ?)`, KindStart, now, now, "listening on "+s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("record start: %w", err)
	}
	return nil
}

// lastScheduled returns the latest cron time a scheduled (or missed) run
// stood for, else the first recorded start, else the zero time.
func (s *Server) lastScheduled(ctx context.Context) (time.Time, error) {
	var t sql.NullTime
	err := s.w.QueryRow(ctx, `SELECT COALESCE(
		(SELECT max(scheduled_for) FROM serve_runs WHERE kind IN ('scheduled', 'missed')),
		(SELECT min(started_at) FROM serve_runs WHERE kind = 'start'))`).Scan(&t)
	if err != nil {
		return time.Time{}, fmt.Errorf("read last scheduled run: %w", err)
	}
	if !t.Valid {
		return time.Time{}, nil
	}
	return time.Date(t.Time.Year(), t.Time.Month(), t.Time.Day(), t.Time.Hour(), t.Time.Minute(), t.Time.Second(), t.Time.Nanosecond(), time.UTC), nil
}

var zeroTime time.Time
