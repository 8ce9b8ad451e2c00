package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// queryMaps runs a query and returns its rows as column -> value maps
// (dates as YYYY-MM-DD, timestamps as RFC 3339).
func queryMaps(ctx context.Context, w *warehouse.DB, q string, args ...any) ([]map[string]any, error) {
	if s, ok := ctx.Value(serverKey).(*Server); ok {
		if err := s.acquire(ctx); err != nil {
			return nil, err
		}
		defer s.release()
	}
	rows, err := w.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			switch v := vals[i].(type) {
			case time.Time:
				if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
					m[c] = v.Format("2006-01-02")
				} else {
					m[c] = v.Format(time.RFC3339)
				}
			default:
				m[c] = v
			}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, what string, rows []map[string]any, err error, extra map[string]any) {
	if err != nil {
		s.log.Error("api", "what", what, "err", err)
		httpError(w, r, http.StatusInternalServerError, what+": "+err.Error())
		return
	}
	out := map[string]any{"data": rows}
	for k, v := range extra {
		out[k] = v
	}
	writeJSON(w, http.StatusOK, out)
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("parameter %s=%q: want a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

// weekParam reads ?week= as an ISO week; "" means the latest week of the KPI run.
func (s *Server) weekParam(ctx context.Context, r *http.Request, kpiRun int64) (string, error) {
	if v := r.URL.Query().Get("week"); v != "" {
		wk, err := warehouse.ParseWeek(v)
		if err != nil {
			return "", fmt.Errorf("parameter week=%q: %w (write 2026-W47)", v, err)
		}
		return wk.String(), nil
	}
	var wk string
	err := s.w.QueryRow(ctx, `SELECT COALESCE(max(iso_week), '') FROM kpi_snapshots WHERE run_id = ? AND NOT provisional`, kpiRun).Scan(&wk)
	return wk, err
}

func (s *Server) apiWeeks(w http.ResponseWriter, r *http.Request) {
	run, err := s.w.LatestGoodRun(r.Context(), warehouse.RunKPI)
	var rows []map[string]any
	if err == nil {
		rows, err = queryMaps(r.Context(), s.w, `SELECT iso_week, min(week_start) AS week_start, bool_or(provisional) AS provisional
			FROM kpi_snapshots WHERE run_id = ? GROUP BY iso_week ORDER BY iso_week DESC`, run)
	}
	s.answer(w, r, "weeks", rows, err, map[string]any{"kpi_run": run})
}

func (s *Server) apiKPIs(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	run, err := s.w.LatestGoodRun(ctx, warehouse.RunKPI)
	if err != nil {
		s.answer(w, r, "kpis", nil, err, nil)
		return
	}
	week, err := s.weekParam(ctx, r, run)
	if err != nil {
		httpError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	scope := q.Get("scope")
	if scope == "" {
		scope = "total"
	}
	rows, err := queryMaps(ctx, s.w, `SELECT k.kpi_id, d.name_en, d.name_fr, d.unit, k.iso_week, k.scope, k.scope_value, k.value,
			k.numerator, k.denominator, k.provisional, k.benchmark_low, k.benchmark_high, k.benchmark_status, k.benchmark_source
		FROM kpi_snapshots k LEFT JOIN kpi_definitions d USING (kpi_id)
		WHERE k.run_id = ? AND k.iso_week = ? AND k.scope = ? AND (? = '' OR k.scope_value = ?) AND (? = '' OR k.kpi_id = ?)
		ORDER BY k.kpi_id, k.scope_value`, run, week, scope, q.Get("scope_value"), q.Get("scope_value"), q.Get("kpi"), q.Get("kpi"))
	s.answer(w, r, "kpis", rows, err, map[string]any{"kpi_run": run, "week": week, "scope": scope})
}

func (s *Server) apiForecasts(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	run, err := s.w.LatestGoodRun(ctx, warehouse.RunForecast)
	if err != nil {
		s.answer(w, r, "forecasts", nil, err, nil)
		return
	}
	level := q.Get("level")
	if level == "" {
		level = "total"
	}
	limit, err := intParam(r, "limit", 2000, 1, 100000)
	if err != nil {
		httpError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	rows, err := queryMaps(ctx, s.w, `SELECT level, key, iso_week, week_start, h, model, mean, lo80, hi80, lo95, hi95
		FROM forecasts WHERE run_id = ? AND level = ? AND (? = '' OR key = ?) ORDER BY key, h LIMIT ?`, run, level, q.Get("key"), q.Get("key"), limit)
	s.answer(w, r, "forecasts", rows, err, map[string]any{"forecast_run": run, "level": level})
}

func (s *Server) apiAccuracy(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	run, err := s.w.LatestGoodRun(ctx, warehouse.RunForecast)
	if err != nil {
		s.answer(w, r, "accuracy", nil, err, nil)
		return
	}
	level, key := q.Get("level"), q.Get("key")
	if level == "" {
		level = "sku"
	}
	if key == "" {
		key = "*"
	}
	rows, err := queryMaps(ctx, s.w, `SELECT level, key, model, horizons, wape, mase, bias, coverage80, coverage95, pinball, n, selected
		FROM forecast_accuracy WHERE run_id = ? AND level = ? AND key = ? ORDER BY model, horizons`, run, level, key)
	s.answer(w, r, "accuracy", rows, err, map[string]any{"forecast_run": run, "level": level, "key": key})
}

func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	run, err := s.w.LatestGoodRun(ctx, warehouse.RunForecast)
	var rows, sent []map[string]any
	if err == nil {
		rows, err = queryMaps(ctx, s.w, `SELECT level, key, reason, start_week, detected_week, share_usual, share_recent, strength
			FROM reason_alerts WHERE run_id = ? ORDER BY detected_week DESC, strength DESC LIMIT 500`, run)
	}
	if err == nil {
		sent, err = queryMaps(ctx, s.w, `SELECT alert_key, subject, first_sent, last_sent, times_sent FROM serve_alerts ORDER BY last_sent DESC LIMIT 500`)
	}
	s.answer(w, r, "alerts", rows, err, map[string]any{"forecast_run": run, "sent": sent})
}

// apiCapabilities returns the capability table the last report run saved
// beside the index.
func (s *Server) apiCapabilities(w http.ResponseWriter, r *http.Request) {
	b, err := os.ReadFile(filepath.Join(s.cfg.ReportsDir, "capabilities.json"))
	if errors.Is(err, fs.ErrNotExist) {
		httpError(w, r, http.StatusNotFound, "no capability table yet: it is written with the packs")
		return
	}
	var v any
	if err == nil {
		err = json.Unmarshal(b, &v)
	}
	if err != nil {
		httpError(w, r, http.StatusInternalServerError, "capabilities: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": v})
}

func (s *Server) apiLoadRuns(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r, "limit", 50, 1, 1000)
	if err != nil {
		httpError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	rows, err := queryMaps(r.Context(), s.w, `SELECT run_id, source, entity, status, started_at, finished_at, rows_read, rows_inserted,
		rows_updated, rows_unchanged, rows_quarantined, message FROM load_runs ORDER BY run_id DESC LIMIT ?`, limit)
	s.answer(w, r, "load runs", rows, err, nil)
}

func (s *Server) apiQuarantine(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r, "limit", 200, 1, 10000)
	run := 0
	if err == nil {
		run, err = intParam(r, "run", 0, 0, 1<<31-1)
	}
	if err != nil {
		httpError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	rows, err := queryMaps(r.Context(), s.w, `SELECT run_id, file, entity, line, col, value, reason FROM quarantine
		WHERE replaced_by IS NULL AND (? = 0 OR run_id = ?) ORDER BY run_id DESC, line LIMIT ?`, run, run, limit)
	s.answer(w, r, "quarantine", rows, err, nil)
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request) {
	rows, err := queryMaps(r.Context(), s.w, `SELECT run_id, kind, scheduled_for, started_at, finished_at, status, seconds, message
		FROM serve_runs ORDER BY run_id DESC LIMIT 100`)
	s.answer(w, r, "runs", rows, err, map[string]any{"next_scheduled": s.NextRun().Format(time.RFC3339)})
}
