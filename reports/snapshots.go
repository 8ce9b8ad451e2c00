package reports

import (
	"context"
	"database/sql"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// snap is one stored KPI value.
type snap struct {
	KPI, Week, Scope, ScopeValue string
	Value, Denominator           sql.NullFloat64
}

// readSnapshots reads the stored values of the given KPIs for one scope
// ("total", "site", "type", ...) over the weeks from .. last (inclusive),
// in week order: reports draw what kpi wrote, never recompute it.
func readSnapshots(ctx context.Context, w *warehouse.DB, run int64, ids []string, scope string, from, last Week) ([]snap, error) {
	if run == 0 || len(ids) == 0 {
		return nil, nil
	}
	args := []any{run, scope, from.Start(), last.Start()}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = "?"
		args = append(args, id)
	}
	var out []snap
	err := queryEach(ctx, w, "kpi values "+strings.Join(ids, ", "), `
		SELECT kpi_id, iso_week, scope, scope_value, value, denominator FROM kpi_snapshots
		WHERE run_id = ? AND scope = ? AND week_start >= ? AND week_start <= ? AND kpi_id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY week_start, kpi_id, scope_value`, args, func(r *sql.Rows) error {
		var s snap
		if err := r.Scan(&s.KPI, &s.Week, &s.Scope, &s.ScopeValue, &s.Value, &s.Denominator); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}
