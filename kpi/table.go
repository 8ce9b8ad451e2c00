package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// Row is one KPI value of a week beside the week before and its band.
type Row struct {
	KPI         string   `json:"kpi_id"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Scope       string   `json:"scope"`
	ScopeValue  string   `json:"scope_value"`
	Value       float64  `json:"value"`
	Previous    *float64 `json:"previous"`
	Numerator   *float64 `json:"numerator"`
	Denominator *float64 `json:"denominator"`
	Provisional bool     `json:"provisional"`
	Low         *float64 `json:"benchmark_low"`
	High        *float64 `json:"benchmark_high"`
	Status      string   `json:"benchmark_status,omitempty"`
	Gap         *float64 `json:"benchmark_gap"`
	BandSource  string   `json:"benchmark_source,omitempty"`
}

// WeekTable is what `retour kpi` prints: one week's values with the week before.
type WeekTable struct {
	RunID        int64     `json:"run_id"`
	Week         string    `json:"week"`
	WeekStart    time.Time `json:"week_start"`
	PreviousWeek string    `json:"previous_week"`
	Rows         []Row     `json:"rows"`
	Published    []Figure  `json:"published_figures"`
	// ClaimedAvoidedShare is the "up to 65 %" avoided share often quoted
	// (no published source), shown beside co2_avoided_share; a claim, not a factor.
	ClaimedAvoidedShare float64 `json:"unsourced_claim_avoided_share_pct"`
}

// ReadWeek reads the latest kpi run's snapshots for week ("" = the run's last
// complete week) in the given scopes (nil = total and sector), in registry order.
func ReadWeek(ctx context.Context, w *warehouse.DB, week string, scopes []string) (*WeekTable, error) {
	var last sql.NullTime
	runID, err := w.LatestGoodRun(ctx, warehouse.RunKPI)
	if err != nil {
		return nil, err
	}
	if runID == 0 {
		return nil, fmt.Errorf("read kpis: %w", ErrNoRun)
	}
	if err := w.QueryRow(ctx, `SELECT last_week FROM kpi_runs WHERE run_id = ?`, runID).Scan(&last); err != nil {
		return nil, fmt.Errorf("read kpi run %d: %w", runID, err)
	}
	start := last.Time
	if week != "" {
		wk, err := warehouse.ParseWeek(week)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrWeek, err)
		}
		start = wk.Start()
	}
	if len(scopes) == 0 {
		scopes = []string{ScopeTotal, ScopeSector}
	}
	prev := start.AddDate(0, 0, -7)
	t := &WeekTable{RunID: runID, Week: warehouse.WeekLabel(start), WeekStart: start, PreviousWeek: warehouse.WeekLabel(prev), ClaimedAvoidedShare: ClaimedAvoidedShare}
	q := `SELECT s.kpi_id, s.scope, s.scope_value, s.value, p.value, s.numerator, s.denominator, s.provisional,
	             s.benchmark_low, s.benchmark_high, s.benchmark_status, s.benchmark_gap, s.benchmark_source
	      FROM kpi_snapshots s
	      LEFT JOIN kpi_snapshots p ON p.kpi_id = s.kpi_id AND p.scope = s.scope AND p.scope_value = s.scope_value AND p.week_start = ?
	      WHERE s.week_start = ? AND s.scope IN ('` + strings.Join(quoteless(scopes), "','") + `')
	      ORDER BY s.scope = 'total' DESC, s.scope, s.scope_value`
	rows, err := w.Query(ctx, q, prev, start)
	if err != nil {
		return nil, fmt.Errorf("read kpi snapshots: %w", err)
	}
	byKPI := map[string][]Row{}
	for rows.Next() {
		var r Row
		var prevV, num, den, lo, hi, gap sql.NullFloat64
		var status, src sql.NullString
		if err := rows.Scan(&r.KPI, &r.Scope, &r.ScopeValue, &r.Value, &prevV, &num, &den, &r.Provisional, &lo, &hi, &status, &gap, &src); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read kpi snapshots: %w", err)
		}
		r.Previous, r.Numerator, r.Denominator, r.Low, r.High, r.Gap = ptr(prevV), ptr(num), ptr(den), ptr(lo), ptr(hi), ptr(gap)
		r.Status, r.BandSource = status.String, src.String
		byKPI[r.KPI] = append(byKPI[r.KPI], r)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("read kpi snapshots: %w", err)
	}
	for _, k := range registry {
		for _, r := range byKPI[k.ID] {
			r.Name, r.Unit = k.NameEN, k.Unit
			t.Rows = append(t.Rows, r)
		}
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("%w: no KPI values for %s; the data covers the weeks of kpi run %d", ErrWeek, t.Week, runID)
	}
	prows, err := w.Query(ctx, `SELECT figure_id, COALESCE(kpi_id, ''), COALESCE(scope, ''), value, unit, description, source, COALESCE(year, 0) FROM kpi_published_figures ORDER BY figure_id`)
	if err != nil {
		return nil, fmt.Errorf("read published figures: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var f Figure
		if err := prows.Scan(&f.ID, &f.KPI, &f.Scope, &f.Value, &f.Unit, &f.Description, &f.Source, &f.Year); err != nil {
			return nil, fmt.Errorf("read published figures: %w", err)
		}
		t.Published = append(t.Published, f)
	}
	return t, prows.Err()
}

func ptr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	x := v.Float64
	return &x
}

// quoteless drops quotes from scope names (they come from flags).
func quoteless(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.NewReplacer("'", "", `\`, "").Replace(strings.TrimSpace(s))
	}
	return out
}
