package kpi

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/retour-analytics/retour/warehouse"
)

// NeedList returns the fields k needs (its Needs, parsed).
func (k KPI) NeedList() ([]warehouse.Need, error) {
	n, err := warehouse.ParseNeeds(k.Needs)
	if err != nil {
		return nil, fmt.Errorf("kpi %s needs: %w", k.ID, err)
	}
	return n, nil
}

// Unsupported returns, per KPI id, the needs the data does not meet; KPIs
// whose needs are all met are left out.
func Unsupported(cov *warehouse.Coverage) (map[string][]warehouse.Need, error) {
	out := map[string][]warehouse.Need{}
	for _, k := range registry {
		needs, err := k.NeedList()
		if err != nil {
			return nil, err
		}
		if miss := cov.Missing(needs); len(miss) > 0 {
			out[k.ID] = miss
		}
	}
	return out, nil
}

// dropUnsupported removes the run's snapshots of the KPIs the data cannot
// support (a claims KPI without claims would read 0, a backlog without
// processing times would only grow) and records them in kpi_unsupported.
func dropUnsupported(ctx context.Context, c *sql.Conn, run int64, skip map[string][]warehouse.Need, res *Result) error {
	for id, miss := range skip {
		r, err := c.ExecContext(ctx, `DELETE FROM kpi_snapshots WHERE run_id = ? AND kpi_id = ?`, run, id)
		if err != nil {
			return fmt.Errorf("drop unsupported kpi %s: %w", id, err)
		}
		if n, err := r.RowsAffected(); err == nil {
			res.Snapshots -= n
		}
		if _, err := c.ExecContext(ctx, `INSERT INTO kpi_unsupported VALUES (?, ?, ?)`, run, id, warehouse.FormatNeeds(miss)); err != nil {
			return fmt.Errorf("record unsupported kpi %s: %w", id, err)
		}
	}
	return nil
}
