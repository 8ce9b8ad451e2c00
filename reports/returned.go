package reports

import (
	"context"
	"database/sql"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// returnedCell is one row of the weekly_returned view: a SKU's returned
// units with one reason in one week (Week indexes returnedCube.Weeks).
type returnedCell struct {
	SKU    string
	Reason string
	Week   int
	Units  int64
}

// skuInfo is a SKU's row of the sku_labels view.
type skuInfo struct {
	Name, Category, Sector string
}

// returnedCube holds the weekly_returned rows of the last len(Weeks) weeks
// up to a report week, read in one query, and sku_labels, so that the
// sections of a pack that each sum returned units a different way (reason
// mix, category x reason, Pareto, reason alerts and their trends, recent
// reason shares) scan the return lines once instead of once per section.
// Sums of units are exact integers, so every figure equals the query that
// would have summed the view in SQL.
type returnedCube struct {
	Weeks  []string // ISO weeks, oldest first
	first  time.Time
	Cells  []returnedCell
	Labels map[string]skuInfo // sku_labels; a SKU without a product row is absent
}

// loadReturnedCube reads the returned units per SKU, reason and week of the
// n weeks ending with wk, and the SKUs' labels.
func loadReturnedCube(ctx context.Context, w *warehouse.DB, wk Week, n int) (*returnedCube, error) {
	c := &returnedCube{Weeks: weekLabels(wk, n), first: wk.Add(1 - n).Start(), Labels: map[string]skuInfo{}}
	err := queryEach(ctx, w, "returned units per SKU, reason and week", `
		SELECT sku, reason, week_start, units FROM weekly_returned WHERE week_start >= ? AND week_start < ?`,
		[]any{c.first, wk.End()}, func(r *sql.Rows) error {
			var cell returnedCell
			var ws time.Time
			if err := r.Scan(&cell.SKU, &cell.Reason, &ws, &cell.Units); err != nil {
				return err
			}
			cell.Week = int(ws.Sub(c.first).Hours()+12) / (7 * 24)
			if cell.Week < 0 || cell.Week >= n {
				return nil
			}
			c.Cells = append(c.Cells, cell)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = queryEach(ctx, w, "SKU labels", `SELECT sku, name, category, sector FROM sku_labels`, nil, func(r *sql.Rows) error {
		var sku string
		var l skuInfo
		if err := r.Scan(&sku, &l.Name, &l.Category, &l.Sector); err != nil {
			return err
		}
		c.Labels[sku] = l
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// category is the SKU's category as the packs join it (sku_labels, 'unknown'
// for a SKU without a product row).
func (c *returnedCube) category(sku string) string {
	if l, ok := c.Labels[sku]; ok {
		return l.Category
	}
	return warehouse.Unknown
}

// since is the index of the first of the last n weeks of the cube (0 when
// the cube holds fewer).
func (c *returnedCube) since(n int) int { return max(0, len(c.Weeks)-n) }

// reasonWeeks sums the units of the cells keep accepts per reason and week
// over the last n weeks of the cube: units[reason][i] for the i-th of those
// weeks, and the weeks' labels.
func (c *returnedCube) reasonWeeks(n int, keep func(returnedCell) bool) (map[string][]float64, []string) {
	from := c.since(n)
	weeks := c.Weeks[from:]
	units := map[string][]float64{}
	for _, cell := range c.Cells {
		if cell.Week < from || (keep != nil && !keep(cell)) {
			continue
		}
		if units[cell.Reason] == nil {
			units[cell.Reason] = make([]float64, len(weeks))
		}
		units[cell.Reason][cell.Week-from] += float64(cell.Units)
	}
	return units, weeks
}

// shares turns units per reason and week into each reason's share (%) of the
// week's units, rounded to two decimals (0 in a week without returns).
func shares(units map[string][]float64, weeks int) map[string][]float64 {
	totals := make([]float64, weeks)
	for _, v := range units {
		for i, n := range v {
			totals[i] += n
		}
	}
	for _, v := range units {
		for i := range v {
			if totals[i] > 0 {
				v[i] = 100 * v[i] / totals[i]
			}
		}
		round2(v)
	}
	return units
}
