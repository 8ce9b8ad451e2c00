package etl

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// autoKey is the column value that generates a key (columns: line_id: auto).
const autoKey = "auto"

// unitFactors convert a source unit to the canonical one, per field family.
var unitFactors = map[string]map[string]float64{
	"mass":     {"g": 0.001, "kg": 1, "t": 1000, "lb": 0.45359237, "oz": 0.028349523125},
	"money":    {"cents": 0.01, "units": 1, "thousands": 1000},
	"distance": {"m": 0.001, "km": 1, "mi": 1.609344},
}

// unitFamily tells which units a canonical numeric field accepts.
func unitFamily(field string) string {
	switch field {
	case "weight_kg":
		return "mass"
	case "transport_km":
		return "distance"
	case "unit_cost", "list_price", "unit_price", "discount", "refund_amount", "resale_value", "processing_cost", "transport_cost", "shipping_cost", "amount":
		return "money"
	}
	return ""
}

// fieldsOf lists the canonical fields a mapping for entity may name: one
// entity's, both order and return fields for sales, every entity's when the
// entity is told from the file.
func fieldsOf(entity string) map[string]bool {
	out := map[string]bool{}
	add := func(e *Entity) {
		for _, f := range e.Fields {
			out[f.Name] = true
		}
	}
	switch entity {
	case "":
		for _, e := range Entities {
			add(e)
		}
	case "sales":
		add(EntityByName("order_lines"))
		add(EntityByName("return_lines"))
	default:
		if e := EntityByName(entity); e != nil {
			add(e)
		}
	}
	return out
}

// checkKeys refuses keys that name no canonical field at every level
// (columns, constants, values, units, returns.columns, returns.constants),
// and checks the settings added for real exports.
func (m *Mapping) checkKeys() error {
	fields := fieldsOf(m.Entity)
	known := func(path string, keys []string, set map[string]bool) error {
		sort.Strings(keys)
		for _, k := range keys {
			if !set[k] {
				return fmt.Errorf("%s.%s: unknown field %q (fields: %s)", path, k, k, strings.Join(sortedKeys(set), ", "))
			}
		}
		return nil
	}
	if err := known("columns", mapKeys(m.Columns), fields); err != nil {
		return err
	}
	for k, v := range m.Columns {
		if v == autoKey && k != "line_id" {
			return fmt.Errorf("columns.%s: auto generates line_id only", k)
		}
	}
	if err := known("constants", mapKeys(m.Constants), fields); err != nil {
		return err
	}
	if err := known("values", mapKeys(m.Values), fields); err != nil {
		return err
	}
	if err := known("units", mapKeys(m.Units), fields); err != nil {
		return err
	}
	m.factors = map[string]float64{}
	for k, u := range m.Units {
		f, err := unitFactor(k, u)
		if err != nil {
			return fmt.Errorf("units.%s: %w", k, err)
		}
		m.factors[k] = f
	}
	if r := m.Returns; r != nil {
		rf := fieldsOf("return_lines")
		if err := known("returns.columns", mapKeys(r.Columns), rf); err != nil {
			return err
		}
		if err := known("returns.constants", mapKeys(r.Constants), rf); err != nil {
			return err
		}
		for i := range r.When {
			if err := r.When[i].check(fmt.Sprintf("returns.when[%d]", i+1), 0); err != nil {
				return err
			}
		}
		switch r.OtherNegative {
		case "", "quarantine", "skip":
		default:
			return fmt.Errorf("returns.other_negative %q: use quarantine or skip", r.OtherNegative)
		}
	}
	for i := range m.Skip {
		if err := m.Skip[i].check(fmt.Sprintf("skip[%d]", i+1), 0); err != nil {
			return err
		}
	}
	switch m.Duplicates {
	case "", "quarantine", "first":
	default:
		return fmt.Errorf("duplicates %q: use quarantine or first", m.Duplicates)
	}
	if m.LinkWindowDays < 0 {
		return fmt.Errorf("link_window_days %d: must be 0 (default, 90 days) or more", m.LinkWindowDays)
	}
	for i, j := range m.Joins {
		if j.File == "" || j.On == "" {
			return fmt.Errorf("joins[%d]: needs file: and on:", i+1)
		}
	}
	return m.checkWindow()
}

func (m *Mapping) checkWindow() error {
	if m.DateWindow == nil {
		return nil
	}
	for i, s := range []string{m.DateWindow.From, m.DateWindow.To} {
		if s == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return fmt.Errorf("date_window: %q is not a date (YYYY-MM-DD)", s)
		}
		m.window[i] = t.UnixMicro()
		if i == 1 {
			m.window[i] = t.Add(24*time.Hour).UnixMicro() - 1
		}
	}
	if m.window[0] != 0 && m.window[1] != 0 && m.window[1] < m.window[0] {
		return fmt.Errorf("date_window: to %s is before from %s", m.DateWindow.To, m.DateWindow.From)
	}
	return nil
}

// unitFactor is the multiplier from unit u to field's canonical unit.
func unitFactor(field, u string) (float64, error) {
	if f, err := strconv.ParseFloat(strings.TrimSpace(u), 64); err == nil {
		if f <= 0 || f > 1e9 || f != f {
			return 0, fmt.Errorf("factor %q must be above 0 and at most 1e9", u)
		}
		return f, nil
	}
	fam := unitFamily(field)
	if fam == "" {
		return 0, fmt.Errorf("%s has no unit to convert (units apply to weights, money and distances)", field)
	}
	f, ok := unitFactors[fam][strings.ToLower(strings.TrimSpace(u))]
	if !ok {
		return 0, fmt.Errorf("unit %q: use %s, or a factor such as 0.01", u, strings.Join(sortedKeysF(unitFactors[fam]), ", "))
	}
	return f, nil
}

// convert applies a unit factor; a factor below 1 that is the inverse of a
// whole number divides, so 1990 cents are exactly 19.9, not 19.900000000000002.
func convert(x, k float64) float64 {
	if k < 1 {
		if inv := math.Round(1 / k); math.Abs(inv*k-1) < 1e-12 {
			return x / inv
		}
	}
	return x * k
}

// dateWindow returns the plausible range for a load on day now.
func (m *Mapping) dateWindow(now time.Time) (int64, int64) {
	from := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	to := now.UTC().AddDate(1, 0, 0).UnixMicro()
	if m != nil {
		if m.window[0] != 0 {
			from = m.window[0]
		}
		if m.window[1] != 0 {
			to = m.window[1]
		}
	}
	return from, to
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := mapKeys(m)
	sort.Strings(out)
	return out
}

func sortedKeysF(m map[string]float64) []string {
	out := mapKeys(m)
	sort.Strings(out)
	return out
}
