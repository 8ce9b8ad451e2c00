package serve

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// alert is one condition worth a message.
type alert struct {
	key, subject, text string
}

// sendAlerts mails each current alert (reason alerts of the latest forecast
// run detected in the last four weeks, and configured KPI thresholds crossed
// in the latest week) once: an alert already sent is not sent again before
// alerts.cooldown has passed. It returns how many were sent.
func (s *Server) sendAlerts(ctx context.Context) (int, error) {
	if s.cfg.SMTP.Host == "" || len(s.cfg.Alerts.To) == 0 {
		return 0, nil
	}
	list, err := s.currentAlerts(ctx)
	if err != nil {
		return 0, err
	}
	now := s.now().UTC()
	sent := 0
	for _, a := range list {
		var last sql.NullTime
		err := s.w.QueryRow(ctx, `SELECT max(last_sent) FROM serve_alerts WHERE alert_key = ?`, a.key).Scan(&last)
		if err != nil {
			return sent, fmt.Errorf("read sent alerts: %w", err)
		}
		if last.Valid && now.Sub(last.Time) < s.cfg.Alerts.Cooldown {
			continue
		}
		if err := s.sendMail(Message{To: s.cfg.Alerts.To, Subject: "retour alert: " + a.subject, Text: a.text + "\n\n" + strings.TrimRight(s.cfg.PublicURL, "/") + "/\n"}); err != nil {
			s.metrics.add("retour_serve_mails_total", 1, "kind", "alert", "outcome", "failed")
			return sent, fmt.Errorf("alert %s: %w", a.key, err)
		}
		s.metrics.add("retour_serve_mails_total", 1, "kind", "alert", "outcome", "ok")
		_, err = s.w.Exec(ctx, `INSERT INTO serve_alerts (alert_key, subject, first_sent, last_sent, times_sent) VALUES (?, ?, ?, ?, 1)
			ON CONFLICT (alert_key) DO UPDATE SET last_sent = excluded.last_sent, times_sent = serve_alerts.times_sent + 1`, a.key, a.subject, now, now)
		if err != nil {
			return sent, fmt.Errorf("record alert %s: %w", a.key, err)
		}
		sent++
	}
	return sent, nil
}

func (s *Server) currentAlerts(ctx context.Context) ([]alert, error) {
	var out []alert
	frun, err := s.w.LatestGoodRun(ctx, warehouse.RunForecast)
	if err != nil {
		return nil, err
	}
	rows, err := s.w.Query(ctx, `SELECT a.level, a.key, a.reason, a.start_week, a.detected_week, a.share_usual, a.share_recent
		FROM reason_alerts a WHERE a.run_id = ?
		  AND a.detected_week >= (SELECT max(detected_week) FROM reason_alerts WHERE run_id = ?) - INTERVAL 21 DAY
		ORDER BY a.strength DESC LIMIT 50`, frun, frun)
	if err != nil {
		return nil, fmt.Errorf("read reason alerts: %w", err)
	}
	for rows.Next() {
		var level, key, reason string
		var start, detected time.Time
		var usual, recent sql.NullFloat64
		if err := rows.Scan(&level, &key, &reason, &start, &detected, &usual, &recent); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, alert{
			key:     strings.Join([]string{"reason", level, key, reason, start.Format("2006-01-02")}, "|"),
			subject: fmt.Sprintf("%s %s: returns for %q rose", level, key, reason),
			text: fmt.Sprintf("The share of returns of %s %s for the reason %q rose from about %.0f %% to %.0f %% since the week of %s (detected in the week of %s).",
				level, key, reason, 100*usual.Float64, 100*recent.Float64, start.Format("2006-01-02"), detected.Format("2006-01-02")),
		})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return s.thresholdAlerts(ctx, out)
}

// thresholdAlerts adds the configured KPI thresholds crossed in the latest
// complete week of the latest KPI run.
func (s *Server) thresholdAlerts(ctx context.Context, out []alert) ([]alert, error) {
	if len(s.cfg.Alerts.Thresholds) == 0 {
		return out, nil
	}
	run, err := s.w.LatestGoodRun(ctx, warehouse.RunKPI)
	if err != nil {
		return nil, err
	}
	for _, th := range s.cfg.Alerts.Thresholds {
		var week string
		var v sql.NullFloat64
		err := s.w.QueryRow(ctx, `SELECT iso_week, value FROM kpi_snapshots
			WHERE run_id = ? AND kpi_id = ? AND scope = ? AND scope_value = ? AND NOT provisional AND value IS NOT NULL
			ORDER BY week_start DESC LIMIT 1`, run, th.KPI, th.Scope, th.ScopeValue).Scan(&week, &v)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read KPI %s: %w", th.KPI, err)
		}
		var what string
		switch {
		case th.Above != nil && v.Float64 > *th.Above:
			what = fmt.Sprintf("above %g", *th.Above)
		case th.Below != nil && v.Float64 < *th.Below:
			what = fmt.Sprintf("below %g", *th.Below)
		default:
			continue
		}
		scope := th.Scope
		if th.ScopeValue != "" {
			scope += " " + th.ScopeValue
		}
		out = append(out, alert{
			key:     strings.Join([]string{"kpi", th.KPI, th.Scope, th.ScopeValue, what}, "|"),
			subject: fmt.Sprintf("%s (%s) is %s", th.KPI, scope, what),
			text:    fmt.Sprintf("In week %s, %s (%s) was %.4g, %s.", week, th.KPI, scope, v.Float64, what),
		})
	}
	return out, nil
}
