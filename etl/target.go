package etl

import (
	"fmt"
	"sort"
	"strings"
)

// specOf gathers what a mapping says about one target; cols are the fields
// the user mapped.
func specOf(cols, consts map[string]string, m *Mapping) targetSpec {
	ex := map[string]bool{}
	for k, v := range cols {
		if v != "" {
			ex[k] = true
		}
	}
	return targetSpec{cols: cols, explicit: ex, consts: consts, values: m.Values, factors: m.factors}
}

// checkHeader refuses a header naming the same column twice: which one a
// mapping means would be a guess.
func (p *plan) checkHeader() error {
	seen := map[string]int{}
	for i, h := range p.header {
		n := normalizeName(h)
		if n == "" {
			continue
		}
		if j, ok := seen[n]; ok {
			return &ParseError{File: p.file, Line: 1, Column: h,
				Err: fmt.Errorf("%w: the header names column %q twice (columns %d and %d): rename one of them", ErrDuplicateColumn, h, j+1, i+1)}
		}
		seen[n] = i
	}
	return nil
}

// salesTargets builds the order and return targets of a sales file and the
// rule that tells them apart.
func (p *plan) salesTargets(m *Mapping, find func(string) int) error {
	sales, err := newTarget(EntityByName("order_lines"), specOf(m.Columns, m.Constants, m), find)
	if err != nil {
		return p.missing(err)
	}
	r := m.Returns
	rcols := map[string]string{}
	if r.InvoiceColumn != "" {
		rcols["return_id"] = r.InvoiceColumn
	} else {
		rcols["return_id"] = orDefault(m.Columns["order_id"], "order_id")
	}
	rcols["requested_ts"] = orDefault(m.Columns["order_ts"], "order_ts")
	rcols["sku"] = orDefault(m.Columns["sku"], "sku")
	rcols["qty"] = orDefault(m.Columns["qty"], "qty")
	rcols["customer_id"] = orDefault(m.Columns["customer_id"], "customer_id")
	rspec := specOf(r.Columns, r.Constants, m)
	for k, v := range r.Columns {
		rcols[k] = v
	}
	rspec.cols, rspec.abs = rcols, true
	ret, err := newTarget(EntityByName("return_lines"), rspec, find)
	if err != nil {
		return p.missing(err)
	}
	if ret.auto >= 0 {
		return p.missing(fmt.Errorf("returns.columns.line_id: auto numbers order lines; a return links to an order line by its order_id and line_id"))
	}
	p.targets = []*target{sales, ret}
	tests, err := returnTests(r, sales, find)
	if err != nil {
		return p.missing(err)
	}
	for _, t := range tests {
		p.returnRules = append(p.returnRules, t.name)
	}
	qty := sales.src[sales.ent.FieldIndex("qty")]
	negSkip := r.OtherNegative == "skip"
	p.classify = func(get func(int) string) (int, string) {
		for _, t := range tests {
			if t.test(get) {
				return 1, t.name
			}
		}
		if negSkip && qty >= 0 && strings.HasPrefix(strings.TrimSpace(get(qty)), "-") {
			return -1, "returns.other_negative: skip"
		}
		return 0, ""
	}
	return nil
}

// returnTests compiles a returns: rule into named tests, in the order they
// are tried: when: conditions, then negative_qty, doc_type and invoice prefixes.
func returnTests(r *ReturnRule, sales *target, find func(string) int) ([]namedTest, error) {
	var out []namedTest
	for i := range r.When {
		name := fmt.Sprintf("returns.when[%d]", i+1)
		t, err := r.When[i].compile(name, find)
		if err != nil {
			return nil, err
		}
		out = append(out, namedTest{name: name + ": " + r.When[i].String(), test: t})
	}
	if r.NegativeQty {
		qty := sales.src[sales.ent.FieldIndex("qty")]
		if qty >= 0 {
			out = append(out, namedTest{name: "returns.negative_qty", test: func(get func(int) string) bool {
				return strings.HasPrefix(strings.TrimSpace(get(qty)), "-")
			}})
		}
	}
	if r.DocTypeColumn != "" {
		c := Condition{Column: r.DocTypeColumn, In: r.DocTypeValues}
		t, err := c.compile("returns.doc_type_column", find)
		if err != nil {
			return nil, err
		}
		out = append(out, namedTest{name: "returns.doc_type: " + c.String(), test: t})
	}
	if r.InvoiceColumn != "" && len(r.InvoicePrefixes) > 0 {
		c := Condition{Column: r.InvoiceColumn, Prefix: r.InvoicePrefixes}
		t, err := c.compile("returns.invoice_column", find)
		if err != nil {
			return nil, err
		}
		out = append(out, namedTest{name: "returns.invoice_prefixes: " + c.String(), test: t})
	} else if r.InvoiceColumn != "" && find(r.InvoiceColumn) < 0 {
		return nil, fmt.Errorf("returns.invoice_column %q is not in the file", r.InvoiceColumn)
	}
	return out, nil
}

// newTarget resolves where each field of ent comes from.
func newTarget(ent *Entity, sp targetSpec, find func(string) int) (*target, error) {
	for k := range sp.cols {
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
	t := &target{ent: ent, abs: sp.abs, auto: -1}
	var missing, absent []string
	for fi, f := range ent.Fields {
		name := f.Name
		c, mapped := sp.cols[f.Name]
		if mapped && c != "" {
			name = c
		}
		i := find(name)
		var multi []int
		comp := false
		switch {
		case i >= 0:
		case mapped && c == autoKey && f.Name == "line_id" && ent.Name == "order_lines":
			t.auto = fi
		case mapped && (strings.Contains(c, "+") || strings.Contains(c, "|")):
			sep := "|"
			if comp = strings.Contains(c, "+"); comp {
				sep = "+"
			}
			for _, part := range strings.Split(c, sep) {
				j := find(strings.TrimSpace(part))
				if j < 0 {
					absent = append(absent, fmt.Sprintf("%s: %q (in %q)", f.Name, strings.TrimSpace(part), c))
				}
				multi = append(multi, j)
			}
			i = multi[0]
		case sp.explicit[f.Name]:
			absent = append(absent, fmt.Sprintf("%s: %q", f.Name, c))
		}
		cst := constOf(sp.consts, f.Name)
		if i < 0 && cst == nil && f.Required && t.auto != fi && multi == nil {
			if mapped {
				missing = append(missing, fmt.Sprintf("%s (mapped from %q)", f.Name, c))
			} else {
				missing = append(missing, f.Name)
			}
		}
		t.src = append(t.src, i)
		t.multi = append(t.multi, multi)
		t.comp = append(t.comp, comp)
		t.consts = append(t.consts, cst)
		t.srcCol = append(t.srcCol, name)
		vm, def := valueMap(sp.values[f.Name])
		t.values = append(t.values, vm)
		t.deflt = append(t.deflt, def)
		t.factor = append(t.factor, sp.factors[f.Name])
	}
	if len(absent) > 0 {
		sort.Strings(absent)
		return nil, fmt.Errorf("mapped column(s) not in the file: %s: correct the name under columns: or remove the line", strings.Join(absent, "; "))
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("%s needs column(s) %s: rename the column or map it under columns: in a mapping file", ent.Name, strings.Join(missing, ", "))
	}
	return t, nil
}

func constOf(consts map[string]string, field string) *string {
	if v, ok := consts[field]; ok {
		return &v
	}
	return nil
}

// valueMap lower-cases a value map's keys and takes out its default.
func valueMap(vm map[string]string) (map[string]string, *string) {
	if vm == nil {
		return nil, nil
	}
	low := make(map[string]string, len(vm))
	var def *string
	for k, v := range vm {
		if k == "default" {
			v := v
			def = &v
			continue
		}
		low[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return low, def
}
