package etl

import (
	"fmt"
	"strings"
	"time"
)

// target is one canonical entity a file's rows go to, with where each field comes from.
type target struct {
	ent      *Entity
	src      []int               // per field: source column index, -1 when not in the file
	multi    [][]int             // per field: several source columns (composite or alternatives), or nil
	comp     []bool              // per field with multi: true joins the values with "|", false takes the first non-empty
	consts   []*string           // per field: constant value (used when the cell is empty), or nil
	values   []map[string]string // per field: value map (source -> canonical), or nil
	deflt    []*string           // per field: the value map's default for unmapped values, or nil
	factor   []float64           // per field: unit conversion factor (0: none)
	srcCol   []string            // per field: the source column name (for messages)
	abs      bool                // derived returns: quantities are taken as absolute values
	auto     int                 // field index of a generated line_id, or -1
	dupFirst bool                // a repeated key is skipped, not quarantined
	stgCol   []int               // per field: column in the staging schema
	used     []bool              // per staging column: whether this target has the field
	isKey    []bool              // per field: part of the entity's key (left out of the row hash)
	// Field indices the validator reads on every row (-1: none).
	linkIdx, orderIdx          int   // link_method, order_id (returns)
	reasonIdx, textIdx, rawIdx int   // reason_code, reason_text, reason_raw (returns)
	timeIdx                    []int // timeOrder's fields, in order
	// keysDistinct: the load's key hashes for this target are all
	// distinct, so the file repeats no key (keyset.go).
	keysDistinct bool
}

// indexFields sets the field indices the validator reads on every row.
func (t *target) indexFields() {
	e := t.ent
	t.linkIdx, t.orderIdx = e.FieldIndex("link_method"), e.FieldIndex("order_id")
	t.reasonIdx, t.textIdx, t.rawIdx = -1, -1, -1
	if e.Name == "return_lines" {
		t.reasonIdx, t.textIdx, t.rawIdx = e.FieldIndex("reason_code"), e.FieldIndex("reason_text"), e.FieldIndex("reason_raw")
	}
	t.timeIdx = nil
	for _, name := range timeOrder[e.Name] {
		t.timeIdx = append(t.timeIdx, e.FieldIndex(name))
	}
}

// namedTest is a compiled skip or return rule with the name summaries use.
type namedTest struct {
	name string
	test rowTest
}

// plan is how one file is read: its header resolved against the mapping.
type plan struct {
	file    string
	header  []string // the file's columns, then joined columns
	nsrc    int      // columns of the file itself
	comma   bool
	layouts []string
	targets []*target
	rules   []ReasonRule
	// classify picks the target of a row (sales files); nil: always 0. It
	// returns -1 to skip the row, with the name of the rule that decided.
	classify func(get func(int) string) (int, string)
	skips    []namedTest
	// returnRules names a sales file's return rules, for the hints of rows
	// that matched none.
	returnRules []string
	joins       []*joined
	window      [2]int64 // plausible dates (microseconds)
	dupFirst    bool     // duplicates: first
	linkDays    int
	// linkFrom and linkFilter locate the return rows of the load (for link counts).
	linkFrom, linkFilter string
	// stg is the staging schema: the union of the targets' fields.
	stg []Field
	tr  *tracer // step timings (RETOUR_LOAD_TRACE)
}

// targetSpec is what a mapping says about one target.
type targetSpec struct {
	cols     map[string]string
	explicit map[string]bool // fields the user mapped (their columns must exist)
	consts   map[string]string
	values   map[string]map[string]string
	factors  map[string]float64
	abs      bool
}

// newPlan resolves header against m (may be nil) for the file at path.
func newPlan(path string, header []string, m *Mapping, now time.Time) (*plan, error) {
	if m == nil {
		m = &Mapping{}
	}
	p := &plan{file: path, header: header, nsrc: len(header), comma: m.Decimal == "comma", layouts: m.layouts, rules: m.ReasonRules,
		dupFirst: m.Duplicates == "first", linkDays: m.LinkWindowDays}
	p.window[0], p.window[1] = m.dateWindow(now)
	if p.linkDays == 0 {
		p.linkDays = 90
	}
	if err := p.checkHeader(); err != nil {
		return nil, err
	}
	if err := p.addJoins(m); err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range p.header {
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
	for i := range m.Skip {
		name := fmt.Sprintf("skip[%d]", i+1)
		t, err := m.Skip[i].compile(name, find)
		if err != nil {
			return nil, p.missing(err)
		}
		p.skips = append(p.skips, namedTest{name: name + ": " + m.Skip[i].String(), test: t})
	}
	switch {
	case m.Entity == "sales":
		if err := p.salesTargets(m, find); err != nil {
			return nil, err
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
		t, err := newTarget(ent, specOf(m.Columns, m.Constants, m), find)
		if err != nil {
			return nil, p.missing(err)
		}
		p.targets = []*target{t}
	}
	for _, t := range p.targets {
		t.dupFirst = p.dupFirst
		t.indexFields()
	}
	// staging schema: union of the targets' fields
	idx := map[string]int{}
	for _, t := range p.targets {
		t.stgCol = make([]int, len(t.ent.Fields))
		t.isKey = make([]bool, len(t.ent.Fields))
		for i, f := range t.ent.Fields {
			t.isKey[i] = contains(t.ent.Key, f.Name)
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

// entities names the tables the plan's rows go to.
func (p *plan) entities() []string {
	var out []string
	for _, t := range p.targets {
		out = append(out, t.ent.Name)
	}
	return out
}
