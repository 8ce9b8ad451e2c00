package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// DefaultMinCoverage is the share of a table's rows that must have a field
// for the figures needing it to be computed and shown: 1 %. Below it, the
// field is taken as not provided (a survey score answered by a few customers
// still counts; a column that is empty or absent does not).
const DefaultMinCoverage = 0.01

// Need is one field a figure needs: a column of a canonical table, or one of
// several columns (Columns holds alternatives: any one present is enough).
// A Need without columns asks only that the table was loaded.
type Need struct {
	Table   string
	Columns []string
}

// String is the Need in declaration form: "table.col", "table.a|b" or "table".
func (n Need) String() string {
	if len(n.Columns) == 0 {
		return n.Table
	}
	return n.Table + "." + strings.Join(n.Columns, "|")
}

// Fields names the columns in backquotes, "`a` or `b`", or the table.
func (n Need) Fields() string {
	if len(n.Columns) == 0 {
		return "`" + n.Table + "`"
	}
	q := make([]string, len(n.Columns))
	for i, c := range n.Columns {
		q[i] = "`" + c + "`"
	}
	return strings.Join(q, " or ")
}

// entityWords names each table as users know it and the file that feeds it.
var entityWords = map[string][2]string{
	"return_lines": {"return lines", "returns"},
	"order_lines":  {"order lines", "orders"},
	"products":     {"products", "products"},
	"claims":       {"claims", "claims"},
}

// Hint says, in English, what to provide: "`processed_ts` on return lines;
// map it in your returns mapping", or "a claims file; load one with
// `retour load`" when the table is needed as a whole.
func (n Need) Hint() string {
	w, ok := entityWords[n.Table]
	if !ok {
		w = [2]string{n.Table, n.Table}
	}
	if len(n.Columns) == 0 {
		return "a " + w[1] + " file; load one with `retour load`"
	}
	return n.Fields() + " on " + w[0] + "; map it in your " + w[1] + " mapping"
}

// measured lists the fields field_coverage measures, per table (the
// optional columns of 001_core.sql that figures read).
var measured = map[string][]string{
	"return_lines": {"order_id", "line_id", "requested_ts", "received_ts", "inspected_ts", "processed_ts", "reason_code",
		"reason_text", "condition_grade", "disposition", "refurbish_outcome", "refund_amount", "resale_value",
		"processing_cost", "transport_cost", "transport_mode", "transport_km", "carrier", "site", "csat_score"},
	"order_lines": {"ship_ts", "delivered_ts", "customer_id", "channel", "country", "unit_price", "promised_ts", "shipping_cost"},
	"products":    {"name", "category", "sector", "unit_cost", "weight_kg", "material", "pcf_kgco2e"},
	"claims":      {"sku", "carrier", "closed_ts", "type", "subtype", "resolution", "amount"},
}

// MeasuredFields returns the measured fields of table (nil for an unknown table).
func MeasuredFields(table string) []string { return slices.Clone(measured[table]) }

// ParseNeeds reads a comma-separated list of needs ("return_lines.received_ts|requested_ts,
// claims"), checking each names a measured table and field.
func ParseNeeds(s string) ([]Need, error) {
	var out []Need
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		table, cols, _ := strings.Cut(part, ".")
		fields, ok := measured[table]
		if !ok {
			return nil, fmt.Errorf("%w: %q: no table %q", ErrBadNeed, part, table)
		}
		n := Need{Table: table}
		if cols != "" {
			for _, c := range strings.Split(cols, "|") {
				if !slices.Contains(fields, c) {
					return nil, fmt.Errorf("%w: %q: %s has no measured field %q", ErrBadNeed, part, table, c)
				}
				n.Columns = append(n.Columns, c)
			}
		}
		out = append(out, n)
	}
	return out, nil
}

// FormatNeeds is the inverse of ParseNeeds.
func FormatNeeds(needs []Need) string {
	s := make([]string, len(needs))
	for i, n := range needs {
		s[i] = n.String()
	}
	return strings.Join(s, ",")
}

// FieldCoverage is how many rows of a table have a field.
type FieldCoverage struct {
	Table   string  `json:"table"`
	Field   string  `json:"field"`
	Rows    int64   `json:"rows"`
	Present int64   `json:"present"`
	Share   float64 `json:"share"`
}

// Coverage is the data coverage of the warehouse, read from the
// table_rows and field_coverage_total views.
type Coverage struct {
	// Rows per canonical table; 0 when the entity was never loaded.
	Rows map[string]int64 `json:"rows"`
	// Fields per "table.field", every measured field (share 0 when absent).
	Fields map[string]FieldCoverage `json:"fields"`
	// Min is the share a field needs to count as provided.
	Min float64 `json:"min_share"`
	// state is the tables' state it was measured in (coverageState);
	// stored, whether it was read from field_coverage_stored.
	state  string
	stored bool
}

// ReadCoverage measures the coverage of every measured field over all weeks,
// or reads it from field_coverage_stored when SaveCoverage stored it for the
// tables' current state (coveragestore.go). min <= 0 means DefaultMinCoverage.
func ReadCoverage(ctx context.Context, w *DB, min float64) (*Coverage, error) {
	if min <= 0 {
		min = DefaultMinCoverage
	}
	c := &Coverage{Rows: map[string]int64{}, Fields: map[string]FieldCoverage{}, Min: min}
	for table, fields := range measured {
		c.Rows[table] = 0
		for _, f := range fields {
			c.Fields[table+"."+f] = FieldCoverage{Table: table, Field: f}
		}
	}
	// The state first: a load committed while measuring then only makes the
	// stored copy stale, never wrong.
	state, err := coverageState(ctx, w)
	if err != nil {
		return nil, err
	}
	c.state = state
	if c.stored, err = readStoredCoverage(ctx, w, state, c); err != nil {
		return nil, err
	}
	if c.stored {
		return c, nil
	}
	if err := scanAll(ctx, w, `SELECT table_name, rows FROM table_rows`, func(r *sql.Rows) error {
		var t string
		var n int64
		if err := r.Scan(&t, &n); err != nil {
			return err
		}
		c.Rows[t] = n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read table rows: %w", err)
	}
	if err := scanAll(ctx, w, `SELECT table_name, field, rows, present FROM field_coverage_total`, func(r *sql.Rows) error {
		var f FieldCoverage
		if err := r.Scan(&f.Table, &f.Field, &f.Rows, &f.Present); err != nil {
			return err
		}
		if f.Rows > 0 {
			f.Share = float64(f.Present) / float64(f.Rows)
		}
		c.Fields[f.Table+"."+f.Field] = f
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read field coverage: %w", err)
	}
	return c, nil
}

func scanAll(ctx context.Context, w *DB, q string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := w.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Has reports whether need is met: the table has rows and, when columns are
// named, one of them reaches the minimum share.
func (c *Coverage) Has(n Need) bool {
	if c.Rows[n.Table] == 0 {
		return false
	}
	if len(n.Columns) == 0 {
		return true
	}
	for _, col := range n.Columns {
		if f := c.Fields[n.Table+"."+col]; f.Rows > 0 && f.Share >= c.Min {
			return true
		}
	}
	return false
}

// Missing returns the needs that are not met, tables never loaded first
// (one entry per such table), then fields, in declaration order.
func (c *Coverage) Missing(needs []Need) []Need {
	var tables, fields []Need
	seen := map[string]bool{}
	for _, n := range needs {
		if c.Has(n) {
			continue
		}
		if c.Rows[n.Table] == 0 {
			if !seen[n.Table] {
				seen[n.Table] = true
				tables = append(tables, Need{Table: n.Table})
			}
			continue
		}
		if !seen[n.String()] {
			seen[n.String()] = true
			fields = append(fields, n)
		}
	}
	return append(tables, fields...)
}

// Sorted returns the fields sorted by table then field.
func (c *Coverage) Sorted() []FieldCoverage {
	out := make([]FieldCoverage, 0, len(c.Fields))
	for _, f := range c.Fields {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Table != out[j].Table {
			return out[i].Table < out[j].Table
		}
		return out[i].Field < out[j].Field
	})
	return out
}
