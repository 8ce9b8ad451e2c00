package serve

import (
	"context"
	"fmt"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// reasonSummary is the reasons pack's part of the mail: no KPI belongs to
// its audience, so it gives the week's returned units by reason (the five
// largest, with their share; weekly_returned) and the reason alerts the
// latest forecast run detected that week (reason_alerts).
func (s *Server) reasonSummary(ctx context.Context, b *strings.Builder, week string) error {
	wk, err := warehouse.ParseWeek(week)
	if err != nil {
		return fmt.Errorf("reason summary: %w", err)
	}
	rows, err := s.w.Query(ctx, `SELECT reason, SUM(units)::BIGINT AS u, SUM(SUM(units)) OVER () AS total
		FROM weekly_returned WHERE week_start = ? GROUP BY reason ORDER BY u DESC, reason LIMIT 5`, wk.Start())
	if err != nil {
		return fmt.Errorf("read reasons of %s: %w", week, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var reason string
		var u int64
		var total float64
		if err := rows.Scan(&reason, &u, &total); err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintf(b, "Returned units by customer reason (the five largest):\n")
		}
		fmt.Fprintf(b, "- %s: %d units (%.1f %% of the week's returned units)\n", reason, u, 100*float64(u)/total)
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(b, "No returned unit was received in week %s.\n", week)
	}
	return s.alertSummary(ctx, b, wk)
}

// alertSummary lists the reason alerts detected in week wk (the strongest
// five) by the latest forecast run.
func (s *Server) alertSummary(ctx context.Context, b *strings.Builder, wk warehouse.Week) error {
	run, err := s.w.LatestGoodRun(ctx, warehouse.RunForecast)
	if err != nil || run == 0 {
		if err == nil {
			fmt.Fprintf(b, "\nReason alerts: no forecast run yet (run the weekly pipeline).\n")
		}
		return err
	}
	rows, err := s.w.Query(ctx, `SELECT level, key, reason, 100 * share_usual, 100 * share_recent, count(*) OVER ()
		FROM reason_alerts WHERE run_id = ? AND detected_week = ? ORDER BY strength DESC, level, key, reason LIMIT 5`, run, wk.Start())
	if err != nil {
		return fmt.Errorf("read reason alerts: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var level, key, reason string
		var usual, recent *float64
		var total int
		if err := rows.Scan(&level, &key, &reason, &usual, &recent, &total); err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintf(b, "\nReason alerts detected this week: %d (the strongest first):\n", total)
		}
		fmt.Fprintf(b, "- %s %s: %s", level, key, reason)
		if usual != nil && recent != nil {
			fmt.Fprintf(b, " %.1f %% of its returns, usually %.1f %%", *recent, *usual)
		}
		b.WriteByte('\n')
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(b, "\nNo reason alert was detected this week.\n")
	}
	return nil
}
