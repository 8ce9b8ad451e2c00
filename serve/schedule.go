package serve

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// scheduleLoop checks the schedule at start (a run missed while the process
// was down runs once) and then every tick.
func (s *Server) scheduleLoop(ctx context.Context) {
	t := time.NewTicker(s.tick)
	defer t.Stop()
	for {
		if err := s.checkSchedule(ctx, s.now()); err != nil && ctx.Err() == nil {
			s.log.Error("scheduled run", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// checkSchedule runs the weekly run when a cron time has passed since the
// last one recorded. Several missed times run once, as the latest; a run
// starting more than two minutes after its time is recorded as missed. It
// waits for a run in progress (runs never overlap).
func (s *Server) checkSchedule(ctx context.Context, now time.Time) error {
	last, err := s.lastScheduled(ctx)
	if err != nil {
		return err
	}
	if last.IsZero() {
		last = now
	}
	due := s.cron.Next(last, s.loc)
	if due.IsZero() || due.After(now) {
		return nil
	}
	for n := s.cron.Next(due, s.loc); !n.IsZero() && !n.After(now); n = s.cron.Next(n, s.loc) {
		due = n
	}
	kind := KindScheduled
	if now.Sub(due) > 2*time.Minute+s.tick {
		kind = KindMissed
	}
	return s.run(ctx, kind, due, true, func(ctx context.Context, _ int64) (string, error) {
		return s.weeklyRun(ctx)
	})
}

// NextRun is the next time the schedule fires after now.
func (s *Server) NextRun() time.Time { return s.cron.Next(s.now(), s.loc) }

// weeklyRun refreshes forecast, KPIs and packs, then mails each audience its
// pack and sends new alerts.
func (s *Server) weeklyRun(ctx context.Context) (string, error) {
	res, err := s.pipe.Refresh(ctx, s.w, s.cfg.ReportsDir, s.cfg.Language)
	lines := append([]string(nil), res.Lines...)
	if err != nil {
		return strings.Join(lines, "\n"), fmt.Errorf("refresh: %w", err)
	}
	sent, derr := s.deliver(ctx, res)
	lines = append(lines, fmt.Sprintf("packs of %s mailed to %d audiences", res.Week, sent))
	na, aerr := s.sendAlerts(ctx)
	lines = append(lines, fmt.Sprintf("%d new alerts sent", na))
	if derr != nil || aerr != nil {
		return strings.Join(lines, "\n"), fmt.Errorf("delivery: %w", joinErr(derr, aerr))
	}
	return strings.Join(lines, "\n"), nil
}

func joinErr(a, b error) error {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return fmt.Errorf("%w; %w", a, b)
}
