package etl

import (
	"fmt"
	"sort"
	"strings"
)

// target is one canonical entity a file's rows go to, with where each field comes from.
type target struct {
	ent    *Entity
	src    []int               // per field: source column index, -1 when not in the file
	consts []*string           // per field: constant value, or nil
	values []map[string]string // per field: value map (source -> canonical), or nil
	srcCol []string            // per field: the source column name (for messages)
	abs    bool                // derived returns: quantities are taken as absolute values
	stgCol []int               // per field: column in the staging schema
	used   []bool              // per staging column: whether this target has the field
}

// plan is how one file is read: its header resolved against the mapping.
type plan struct {
	file    string
	header  []string
	comma   bool
	layouts []string
	targets []*target
	rules   []ReasonRule
	// classify picks the target of a row (sales files); nil: always 0.
	classify func(get func(int) string) int
	// stg is the staging schema: the union of the targets' fields.
	stg []Field
}

// newPlan resolves header against m (may be nil) for the file at path.
func newPlan(path string, header []string, m *Mapping) (*plan, error) {
	if m == nil {
		m = &Mapping{}
	}
	p := &plan{file: path, header: header, comma: m.Decimal == "comma", layouts: m.layouts, rules: m.ReasonRules}
	col := map[string]int{}
	for i, h := range header {
		if _, dup := col[normalizeName(h)]; !dup {
			col[normalizeName(h)] = i
		}
	}
	find := func(name string) int {
		if i, ok := col[normalizeName(name)]; ok {
			return i
		}
		return -1
	}
	switch {
	case m.Entity == "sales":
		sales, err := newTarget(EntityByName("order_lines"), m.Columns, m.Constants, m.Values, find, false)
		if err != nil {
			return nil, p.missing(err)
		}
		r := m.Returns
		fallback := map[string]string{}
		for k, v := range m.Columns {
			fallback[k] = v
		}
		rcols := map[string]string{}
		if r.InvoiceColumn != "" {
			rcols["return_id"] = r.InvoiceColumn
		} else {
			rcols["return_id"] = orDefault(m.Columns["order_id"], "order_id")
		}
		rcols["requested_ts"] = orDefault(m.Columns["order_ts"], "order_ts")
		rcols["sku"] = orDefault(m.Columns["sku"], "sku")
		rcols["qty"] = orDefault(m.Columns["qty"], "qty")
		for k, v := range r.Columns {
			rcols[k] = v
		}
		ret, err := newTarget(EntityByName("return_lines"), rcols, r.Constants, m.Values, find, true)
		if err != nil {
			return nil, p.missing(err)
		}
		p.targets = []*target{sales, ret}
		qty := sales.src[sales.ent.FieldIndex("qty")]
		doc, inv := -1, -1
		if r.DocTypeColumn != "" {
			if doc = find(r.DocTypeColumn); doc < 0 {
				return nil, p.missing(fmt.Errorf("returns.doc_type_column %q", r.DocTypeColumn))
			}
		}
		if r.InvoiceColumn != "" {
			if inv = find(r.InvoiceColumn); inv < 0 {
				return nil, p.missing(fmt.Errorf("returns.invoice_column %q", r.InvoiceColumn))
			}
		}
		docVals := map[string]bool{}
		for _, v := range r.DocTypeValues {
			docVals[strings.ToLower(strings.TrimSpace(v))] = true
		}
		p.classify = func(get func(int) string) int {
			if r.NegativeQty && qty >= 0 && strings.HasPrefix(strings.TrimSpace(get(qty)), "-") {
				return 1
			}
			if doc >= 0 && docVals[strings.ToLower(strings.TrimSpace(get(doc)))] {
				return 1
			}
			if inv >= 0 {
				v := strings.TrimSpace(get(inv))
				for _, pre := range r.InvoicePrefixes {
					if strings.HasPrefix(v, pre) {
						return 1
					}
				}
			}
			return 0
		}
	default:
		var ent *Entity
		if m.Entity != "" {
			ent = EntityByName(m.Entity)
		} else {
			ent = guessEntity(baseName(path), header)
		}
		if ent == nil {
			return nil, &ParseError{File: path, Err: fmt.Errorf("%w: name the file products.csv, order_lines.csv, return_lines.csv or claims.csv, or give a mapping with entity: (header: %s)", ErrUnknownEntity, strings.Join(header, ", "))}
		}
		t, err := newTarget(ent, m.Columns, m.Constants, m.Values, find, false)
		if err != nil {
			return nil, p.missing(err)
		}
		p.targets = []*target{t}
	}
	// staging schema: union of the targets' fields
	idx := map[string]int{}
	for _, t := range p.targets {
		t.stgCol = make([]int, len(t.ent.Fields))
		for i, f := range t.ent.Fields {
			j, ok := idx[f.Name]
			if !ok {
				j = len(p.stg)
				idx[f.Name] = j
				p.stg = append(p.stg, f)
			}
			t.stgCol[i] = j
		}
	}
	for _, t := range p.targets {
		t.used = make([]bool, len(p.stg))
		for _, c := range t.stgCol {
			t.used[c] = true
		}
	}
	return p, nil
}

func orDefault(v, d string) string {
	if v != "" {
		return v
	}
	return d
}

func (p *plan) missing(err error) error {
	delim := ""
	if len(p.header) == 1 {
		delim = "; the header has a single column, so the delimiter is probably wrong (set delimiter: in the mapping)"
	}
	return &ParseError{File: p.file, Line: 1, Err: fmt.Errorf("%w: %w (header: %s)%s", ErrMissingColumn, err, strings.Join(p.header, ", "), delim)}
}

func newTarget(ent *Entity, cols, consts map[string]string, values map[string]map[string]string, find func(string) int, abs bool) (*target, error) {
	for k := range cols {
		if ent.FieldIndex(k) < 0 && k != "" {
			if ent.Name == "return_lines" || ent.Name == "order_lines" {
				// a sales mapping lists fields of either entity
				if EntityByName("order_lines").FieldIndex(k) >= 0 || EntityByName("return_lines").FieldIndex(k) >= 0 {
					continue
				}
			}
			return nil, fmt.Errorf("mapping names unknown field %q for %s", k, ent.Name)
		}
	}
	t := &target{ent: ent, abs: abs}
	var missing []string
	for _, f := range ent.Fields {
		name := f.Name
		if c, ok := cols[f.Name]; ok && c != "" {
			name = c
		}
		i := find(name)
		var cst *string
		if v, ok := consts[f.Name]; ok {
			v := v
			cst = &v
		}
		if i < 0 && cst == nil && f.Required {
			if c, ok := cols[f.Name]; ok {
				missing = append(missing, fmt.Sprintf("%s (mapped from %q)", f.Name, c))
			} else {
				missing = append(missing, f.Name)
			}
		}
		t.src = append(t.src, i)
		t.consts = append(t.consts, cst)
		t.srcCol = append(t.srcCol, name)
		vm := values[f.Name]
		if vm != nil {
			low := make(map[string]string, len(vm))
			for k, v := range vm {
				low[strings.ToLower(strings.TrimSpace(k))] = v
			}
			vm = low
		}
		t.values = append(t.values, vm)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("%s needs column(s) %s: rename the column or map it under columns: in a mapping file", ent.Name, strings.Join(missing, ", "))
	}
	return t, nil
}
