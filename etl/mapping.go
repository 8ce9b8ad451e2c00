package etl

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Mapping says how a source file's columns become a canonical entity. Every
// field is optional: without a mapping, columns are matched to canonical
// fields by name and the entity is told from the file name or header.
// docs/mapping.md is the reference.
type Mapping struct {
	// Entity is products, order_lines, return_lines, claims, or sales (order
	// lines with returns in the same file; see Returns).
	Entity string `yaml:"entity"`
	// Delimiter forces the CSV delimiter (",", ";", "tab", "|"); default: sniffed.
	Delimiter string `yaml:"delimiter"`
	// Encoding is auto (default), utf-8 or latin-1.
	Encoding string `yaml:"encoding"`
	// Decimal is point (default) or comma.
	Decimal string `yaml:"decimal"`
	// DateFormats are tried before the defaults, as strftime patterns
	// ("%d/%m/%Y %H:%M") or Go layouts ("02/01/2006 15:04").
	DateFormats []string `yaml:"date_formats"`
	// Columns maps canonical field -> source column name.
	Columns map[string]string `yaml:"columns"`
	// Constants sets canonical fields to a fixed value (e.g. currency: EUR).
	Constants map[string]string `yaml:"constants"`
	// Values maps, per canonical field, source values to canonical values.
	Values map[string]map[string]string `yaml:"values"`
	// ReasonRules map free text (reason_text) to a canonical reason when the
	// reason code is missing or unknown; tried before the built-in French and
	// English rules.
	ReasonRules []ReasonRule `yaml:"reason_rules"`
	// Returns derives return lines from a sales file (Entity: sales).
	Returns *ReturnRule `yaml:"returns"`
	// Skip lists row filters: a row matching any of them is counted as
	// skipped and loaded nowhere (postage codes, cancelled statuses).
	Skip []Condition `yaml:"skip"`
	// Units converts numbers to the canonical unit: field -> source unit
	// (g, kg, lb, oz for weight_kg; cents, thousands for money; m, mi for
	// transport_km) or a plain factor ("0.01").
	Units map[string]string `yaml:"units"`
	// Joins look up columns of a second file by key (see Join).
	Joins []Join `yaml:"joins"`
	// DateWindow bounds plausible dates; rows outside go to quarantine.
	// Default: 1990-01-01 .. one year after the load.
	DateWindow *DateWindow `yaml:"date_window"`
	// Duplicates says what happens to a row whose key was already seen in
	// the file: quarantine (default) or first (keep the first, count the
	// others as skipped; e.g. products derived from a sales file).
	Duplicates string `yaml:"duplicates"`
	// LinkWindowDays bounds how long after a shipment a return without an
	// order reference may be linked to it by inference (default 90).
	LinkWindowDays int `yaml:"link_window_days"`

	layouts []string
	file    string
	factors map[string]float64
	window  [2]int64 // plausible dates, microseconds; 0: default
}

// DateWindow is the plausible range of dates, as YYYY-MM-DD (both inclusive).
type DateWindow struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// Join reads a second file and lets the mapping name its columns: a row of
// the main file takes the joined file's row whose Key equals its On column.
type Join struct {
	// File is the joined CSV file, relative to the mapping file's folder.
	File string `yaml:"file"`
	// On is the main file's column holding the key.
	On string `yaml:"on"`
	// Key is the joined file's key column (default: the same name as On).
	Key string `yaml:"key"`
	// As prefixes the joined columns' names ("as.column"); without it they
	// are named as in their file (the main file's own columns win).
	As string `yaml:"as"`
	// Delimiter of the joined file (default: sniffed).
	Delimiter string `yaml:"delimiter"`
}

// ReasonRule maps text containing any of the keywords (case- and
// accent-insensitive) to Reason.
type ReasonRule struct {
	Reason string   `yaml:"reason"`
	Any    []string `yaml:"any"`
}

// ReturnRule tells return lines apart from sales lines in one file. A line is
// a return when any enabled test matches.
type ReturnRule struct {
	// NegativeQty: a line whose quantity is negative is a return.
	NegativeQty bool `yaml:"negative_qty"`
	// DocTypeColumn and DocTypeValues: a line whose document type is one of the values is a return.
	DocTypeColumn string   `yaml:"doc_type_column"`
	DocTypeValues []string `yaml:"doc_type_values"`
	// InvoiceColumn and InvoicePrefixes: a line whose invoice number starts with a prefix is a return (credit note).
	InvoiceColumn   string   `yaml:"invoice_column"`
	InvoicePrefixes []string `yaml:"invoice_prefixes"`
	// Columns maps return_lines fields to source columns; unmapped fields fall
	// back to the sales columns of the same name (sku, qty, order_id, line_id).
	// Defaults: return_id <- the invoice column (or order_id), requested_ts <- order_ts.
	Columns map[string]string `yaml:"columns"`
	// Constants for return lines (e.g. reason_code: other).
	Constants map[string]string `yaml:"constants"`
	// When lists return conditions; a row matching any of them is a return.
	// Each may combine tests with all: (AND), any: (OR) and not:.
	When []Condition `yaml:"when"`
	// OtherNegative says what happens to a negative-quantity row that no
	// return rule matched: quarantine (default) or skip (stock write-offs).
	OtherNegative string `yaml:"other_negative"`
}

// LoadMapping reads and checks a YAML mapping file.
func LoadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mapping %s: %w", path, err)
	}
	return ParseMapping(path, b)
}

// ParseMapping parses and checks mapping YAML; name is used in messages.
func ParseMapping(name string, b []byte) (*Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w %s: %s", ErrMapping, name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	m.file = name
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrMapping, name, err)
	}
	if err := m.checkKeys(); err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrMapping, name, err)
	}
	return &m, nil
}

func (m *Mapping) check() error {
	switch m.Entity {
	case "", "sales":
	default:
		if EntityByName(m.Entity) == nil {
			return fmt.Errorf("entity %q: use products, sites, order_lines, return_lines, claims or sales", m.Entity)
		}
	}
	if m.Entity == "sales" && m.Returns == nil {
		return fmt.Errorf("entity sales needs a returns: rule (negative_qty, doc_type_column or invoice_prefixes)")
	}
	if m.Returns != nil {
		r := m.Returns
		if !r.NegativeQty && r.DocTypeColumn == "" && len(r.InvoicePrefixes) == 0 && len(r.When) == 0 {
			return fmt.Errorf("returns: set negative_qty: true, doc_type_column with doc_type_values, invoice_column with invoice_prefixes, or when: conditions")
		}
		if r.DocTypeColumn != "" && len(r.DocTypeValues) == 0 {
			return fmt.Errorf("returns: doc_type_column %q needs doc_type_values", r.DocTypeColumn)
		}
		if len(r.InvoicePrefixes) > 0 && r.InvoiceColumn == "" {
			return fmt.Errorf("returns: invoice_prefixes need invoice_column")
		}
	}
	switch m.Delimiter {
	case "", ",", ";", "|", "tab", "\t":
	default:
		return fmt.Errorf("delimiter %q: use \",\", \";\", \"|\" or tab", m.Delimiter)
	}
	switch strings.ToLower(m.Encoding) {
	case "", "auto", "utf-8", "utf8", "latin-1", "latin1", "iso-8859-1", "windows-1252", "cp1252":
	default:
		return fmt.Errorf("encoding %q: use auto, utf-8 or latin-1", m.Encoding)
	}
	switch m.Decimal {
	case "", "point", "comma":
	default:
		return fmt.Errorf("decimal %q: use point or comma", m.Decimal)
	}
	for _, f := range m.DateFormats {
		l, err := toLayout(f)
		if err != nil {
			return err
		}
		m.layouts = append(m.layouts, l)
	}
	for _, r := range m.ReasonRules {
		if !contains(Reasons, r.Reason) {
			return fmt.Errorf("reason_rules: reason %q is not canonical (%s)", r.Reason, strings.Join(Reasons, ", "))
		}
	}
	return nil
}

// strftime maps pattern letters to Go layout elements. Month, day, hour,
// minute and second take one or two digits, so %m/%d/%y %H:%M reads both
// 12/01/10 08:26 and 12/1/10 8:26.
var strftime = map[byte]string{'Y': "2006", 'y': "06", 'm': "1", 'd': "2", 'H': "15", 'M': "4", 'S': "5", 'b': "Jan", 'f': "000000"}

var goLayout = regexp.MustCompile(`2006|06|15|04|05|Jan`)

// toLayout turns a strftime pattern or a Go layout into a Go layout.
func toLayout(p string) (string, error) {
	if !strings.Contains(p, "%") {
		if goLayout.MatchString(p) {
			return p, nil
		}
		return "", fmt.Errorf("date format %q: write it as strftime (%%d/%%m/%%Y %%H:%%M) or a Go layout (02/01/2006 15:04)", p)
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] != '%' {
			b.WriteByte(p[i])
			continue
		}
		i++
		if i >= len(p) {
			return "", fmt.Errorf("date format %q ends with %%", p)
		}
		l, ok := strftime[p[i]]
		if !ok {
			return "", fmt.Errorf("date format %q: %%%c is not supported (use %%Y %%m %%d %%H %%M %%S %%y %%b %%f)", p, p[i])
		}
		b.WriteString(l)
	}
	return b.String(), nil
}

func contains(set []string, v string) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}
