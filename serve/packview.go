package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// PackQuery is the filters and drill-down position of the returns,
// reasons, carbon and claims explorers; every field but Pack is optional.
type PackQuery struct {
	Pack        string `json:"pack"`        // returns, reasons, carbon or claims
	Week        string `json:"week"`        // ISO week; "" = the latest week of the pack's data
	Sector      string `json:"sector"`      // reasons, carbon
	Category    string `json:"category"`    // returns, reasons, carbon
	Site        string `json:"site"`        // returns, carbon
	Disposition string `json:"disposition"` // carbon
	Type        string `json:"type"`        // claims: claim type
	Carrier     string `json:"carrier"`     // returns, carbon, claims
	Q           string `json:"q"`           // SKU search (code or name)
	SKU         string `json:"sku"`         // set: the SKU's detail
}

// PackView is what one explorer page of a pack shows, and what
// /api/v1/explorer/{pack} returns: tables of rows, each row a key, its
// label and one value per column.
type PackView struct {
	Pack    string              `json:"pack"`
	Week    string              `json:"week"`
	AsOf    string              `json:"as_of,omitempty"` // claims: open at this moment
	Level   string              `json:"level"`           // total, filtered, sku
	Filters PackQuery           `json:"filters"`
	Options map[string][]string `json:"options"`
	Runs    map[string]int64    `json:"runs"` // the stage runs read (kpi, forecast)
	Tables  []*PackTable        `json:"tables"`
	// Notes are label keys of what the page must say about the filters
	// (a filter a table's source does not carry).
	Notes []string `json:"notes,omitempty"`

	jsonOnce sync.Once
	json     []byte
}

// PackTable is one table of a pack explorer. Title and column labels are
// label keys (labels.go); Drill names the filter a row's key sets.
type PackTable struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	KeyCol  string       `json:"key_label"`
	Drill   string       `json:"drill,omitempty"`
	Source  string       `json:"source"`
	Columns []PackColumn `json:"columns"`
	Rows    []PackRow    `json:"rows"`
}

// PackColumn is one value column: its id, label key (or the raw name of a
// data value when Raw), unit and decimals shown.
type PackColumn struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Unit  string `json:"unit,omitempty"`
	Dec   int    `json:"decimals"`
	Text  bool   `json:"text,omitempty"`
	Raw   bool   `json:"raw,omitempty"`
}

// PackRow is one row: values are numbers, text or null, one per column.
type PackRow struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Values []any  `json:"values"`
}

// JSON is the view as the API sends it, encoded once.
func (v *PackView) JSON() []byte {
	v.jsonOnce.Do(func() {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			b = []byte(`{"error":"encode explorer view"}`)
		}
		v.json = append(b, '\n')
	})
	return v.json
}

// packExplorers are the packs with an explorer besides operations.
var packExplorers = map[string]func(context.Context, *warehouse.DB, *PackView) error{
	"returns": exploreReturns,
	"reasons": exploreReasons,
	"carbon":  exploreCarbon,
	"claims":  exploreClaims,
}

func packQuery(r *http.Request, pack string) PackQuery {
	q := r.URL.Query()
	trim := func(k string) string {
		v := q.Get(k)
		if len(v) > 200 {
			v = v[:200]
		}
		return v
	}
	return PackQuery{Pack: pack, Week: trim("week"), Sector: trim("sector"), Category: trim("category"),
		Site: trim("site"), Disposition: trim("disposition"), Type: trim("type"), Carrier: trim("carrier"), Q: trim("q"), SKU: trim("sku")}
}

// ExplorePack computes one view of the returns, reasons, carbon or claims explorer
// from the stage tables and warehouse views the packs read.
func ExplorePack(ctx context.Context, w *warehouse.DB, q PackQuery) (*PackView, error) {
	f, ok := packExplorers[q.Pack]
	if !ok {
		return nil, fmt.Errorf("%w: no explorer for pack %q (returns, reasons, carbon, claims)", ErrUnknownPack, q.Pack)
	}
	v := &PackView{Pack: q.Pack, Filters: q, Options: map[string][]string{}, Runs: map[string]int64{}, Level: "total"}
	switch {
	case q.SKU != "":
		v.Level = "sku"
	case q.Sector != "" || q.Category != "" || q.Site != "" || q.Disposition != "" || q.Type != "" || q.Carrier != "" || q.Q != "":
		v.Level = "filtered"
	}
	if err := f(ctx, w, v); err != nil {
		return nil, fmt.Errorf("%s explorer: %w", q.Pack, err)
	}
	v.Filters.Week = v.Week
	return v, nil
}

// packWeek resolves ?week= or, when empty, the latest week of latestSQL.
func packWeek(ctx context.Context, w *warehouse.DB, week, latestSQL string, args ...any) (warehouse.Week, error) {
	if week != "" {
		wk, err := warehouse.ParseWeek(week)
		if err != nil {
			return warehouse.Week{}, fmt.Errorf("week %q: %w (write 2026-W47)", week, err)
		}
		return wk, nil
	}
	var t *time.Time
	if err := w.QueryRow(ctx, latestSQL, args...).Scan(&t); err != nil {
		return warehouse.Week{}, fmt.Errorf("latest week: %w", err)
	}
	if t == nil {
		return warehouse.Week{}, ErrNoData
	}
	return warehouse.WeekOf(*t), nil
}

// options fills v.Options[key] with the first column of a query.
func (v *PackView) options(ctx context.Context, w *warehouse.DB, key, q string, args ...any) error {
	rows, err := w.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	defer rows.Close()
	list := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		list = append(list, s)
	}
	v.Options[key] = list
	return rows.Err()
}

// table runs q (key, label, then one value per column) into a new table.
func (v *PackView) table(ctx context.Context, w *warehouse.DB, t *PackTable, q string, args ...any) error {
	rows, err := w.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", t.ID, err)
	}
	defer rows.Close()
	t.Rows = []PackRow{}
	for rows.Next() {
		r := PackRow{Values: make([]any, len(t.Columns))}
		dst := []any{&r.Key, &r.Label}
		for i := range r.Values {
			dst = append(dst, &r.Values[i])
		}
		if err := rows.Scan(dst...); err != nil {
			return fmt.Errorf("%s: %w", t.ID, err)
		}
		for i, x := range r.Values {
			switch y := x.(type) {
			case time.Time:
				r.Values[i] = y.Format("2006-01-02")
			case int32:
				r.Values[i] = int64(y)
			case float32:
				r.Values[i] = float64(y)
			}
		}
		t.Rows = append(t.Rows, r)
	}
	v.Tables = append(v.Tables, t)
	return rows.Err()
}

// kpiTable reads one row per scope value of the week's stored KPIs, one
// column per KPI id (kpi_snapshots), largest first by the first column;
// only, when set, keeps that scope value's row. A scope value with none of
// the KPIs stored that week has no row.
func (v *PackView) kpiTable(ctx context.Context, w *warehouse.DB, t *PackTable, run int64, wk warehouse.Week, scope, only string) error {
	cols := make([]string, len(t.Columns))
	args := []any{}
	for i, c := range t.Columns {
		cols[i] = "max(value) FILTER (WHERE kpi_id = ?)"
		args = append(args, c.ID)
	}
	key, lbl := "scope_value", "scope_value"
	if scope == "total" {
		key, lbl = "'total'", "'Total'"
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ")
	return v.table(ctx, w, t, fmt.Sprintf(`SELECT %s AS k, %s, %s FROM kpi_snapshots
		WHERE run_id = ? AND week_start = ? AND scope = ? AND (? = '' OR scope_value = ?) AND kpi_id IN (%s)
		GROUP BY 1 HAVING count(value) > 0 ORDER BY 3 DESC NULLS LAST, 1`, key, lbl, strings.Join(cols, ", "), marks),
		append(append(args, run, wk.Start(), scope, only, only), args...)...)
}

// skuFilter is the WHERE clause of sector, category and SKU search over
// sku_labels (alias l) and a SKU column, with its arguments.
func (q PackQuery) skuFilter(skuCol string) (string, []any) {
	return fmt.Sprintf(`(? = '' OR l.sector = ?) AND (? = '' OR l.category = ?)
		AND (? = '' OR %[1]s ILIKE '%%' || ? || '%%' OR l.name ILIKE '%%' || ? || '%%') AND (? = '' OR %[1]s = ?)`, skuCol),
		[]any{q.Sector, q.Sector, q.Category, q.Category, q.Q, q.Q, q.Q, q.SKU, q.SKU}
}
