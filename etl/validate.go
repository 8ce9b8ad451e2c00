package etl

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
)

// MaxAmount bounds every decimal field (amounts, costs, prices, weights,
// distances): a larger absolute value is quarantined, so a stray 1e308 can
// never reach the KPIs, reports or forecast as +Inf.
const MaxAmount = 1e12

// badRow is a rejected row on its way to the quarantine table.
type badRow struct {
	line   int64
	entity string
	col    string
	value  string
	reason string
	raw    string
	skip   bool // not bad: skipped by the mapping (duplicates: first)
}

// stagingSchema is the Arrow schema of a plan's staging table.
func (p *plan) stagingSchema() *arrow.Schema {
	fs := make([]arrow.Field, 0, len(p.stg)+3)
	for _, f := range p.stg {
		fs = append(fs, arrow.Field{Name: f.Name, Type: arrowType(f.Kind), Nullable: true})
	}
	// The direct load reads the fields, _line and _rh: a prefix of the
	// columns. DuckDB's scan of a registered Arrow view takes the columns
	// it reads by position (measured: `SELECT a, c` of a view (a, b, c)
	// gets b's values for c), so _target, read only from the staged table,
	// must stay last.
	fs = append(fs, arrow.Field{Name: "_line", Type: arrow.PrimitiveTypes.Int64})
	fs = append(fs, arrow.Field{Name: "_rh", Type: arrow.PrimitiveTypes.Uint64}) // row hash (rowhash.go)
	fs = append(fs, arrow.Field{Name: "_target", Type: arrow.PrimitiveTypes.Int8})
	return arrow.NewSchema(fs, nil)
}

func arrowType(k Kind) arrow.DataType {
	switch k {
	case KInt:
		return arrow.PrimitiveTypes.Int64
	case KFloat:
		return arrow.PrimitiveTypes.Float64
	case KTime:
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	}
	return arrow.BinaryTypes.String
}

// val is one parsed field.
type val struct {
	s    string
	i    int64
	f    float64
	null bool
}

// validator turns batches into Arrow record batches; one per worker.
type validator struct {
	p      *plan
	schema *arrow.Schema
	split  [][]byte
	delim  byte
	vals   []val
	// utf8OK: the current record is valid UTF-8 as a whole, so its fields
	// need no check of their own.
	utf8OK bool
	hbuf   []byte // the row's values, encoded for its hash
	kbuf   []byte // the row's key, encoded for its hash
	// textPerRow sizes each batch's string columns from the previous one.
	textPerRow []float64
	// keys holds the current batch's key hashes per target (keyset.go),
	// for the caller to take after process.
	keys [][]uint64
	// the current record: JSON fields (json) or CSV fields (split)
	json bool
	strs []string
	// get reads the current record's field i, joined files included.
	get func(int) string
}

func newValidator(p *plan, schema *arrow.Schema, delim byte) *validator {
	v := &validator{p: p, schema: schema, delim: delim, vals: make([]val, len(p.stg))}
	v.get = p.joinedGet(v.field)
	return v
}

// rowStats counts the rows a batch skipped and the rules rows matched.
type rowStats struct {
	skipped int64
	matched map[string]int64
}

func (st *rowStats) match(rule string) {
	if st.matched == nil {
		st.matched = map[string]int64{}
	}
	st.matched[rule]++
}

// process validates every record of b.
func (v *validator) process(b *batch) (arrow.RecordBatch, []badRow, rowStats) {
	bb := newBatchBuilder(v.schema, v.p.stg, b.len(), v.textPerRow)
	defer func() { v.textPerRow = bb.textPerRow(v.textPerRow) }()
	v.keys = make([][]uint64, len(v.p.targets))
	var bad []badRow
	var st rowStats
	nh := v.p.nsrc
	ent0 := v.p.targets[0].ent.Name
	for r := 0; r < b.len(); r++ {
		line := b.lines[r]
		if reason, ok := b.errs[r]; ok {
			bad = append(bad, badRow{line: line, entity: ent0, reason: reason, raw: b.rawText(r)})
			continue
		}
		v.utf8OK = false
		if v.json = b.fields != nil; v.json {
			v.strs = b.fields[r]
			if v.strs == nil {
				bad = append(bad, badRow{line: line, entity: ent0, reason: "not a JSON object: each line must hold one {...} object", raw: b.rawText(r)})
				continue
			}
		} else {
			raw := b.buf[b.offs[r]:b.offs[r+1]]
			var err error
			v.split, err = splitCSV(raw, v.delim, v.split[:0])
			if err != nil {
				bad = append(bad, badRow{line: line, entity: ent0, reason: err.Error(), raw: b.rawText(r)})
				continue
			}
			if len(v.split) != nh {
				bad = append(bad, badRow{line: line, entity: ent0, reason: v.fieldCountReason(len(v.split)), raw: b.rawText(r)})
				continue
			}
			v.utf8OK = utf8.Valid(raw)
		}
		ti, rule := v.p.route(v.get)
		if rule != "" {
			st.match(rule)
		}
		if ti < 0 {
			st.skipped++
			continue
		}
		t := v.p.targets[ti]
		if br, ok := v.row(t, v.get); !ok {
			br.line, br.raw = line, b.rawText(r)
			bad = append(bad, br)
			continue
		}
		v.appendRow(bb, t, line, ti)
	}
	return bb.record(), bad, st
}

// field is the current record's field i, as read. CSV fields are read in
// place, not copied: the batch's text is never written again, and what
// outlives the row (a bad row's value) is cloned (row).
func (v *validator) field(i int) string {
	if v.json {
		return v.strs[i]
	}
	f := v.split[i]
	return unsafe.String(unsafe.SliceData(f), len(f))
}

// fieldCountReason explains a CSV record with n fields where the header has
// another number.
func (v *validator) fieldCountReason(n int) string {
	nh := v.p.nsrc
	if n > nh {
		return fmt.Sprintf("row has %d fields, the header has %d: an unquoted %s inside a value? quote the value", n, nh, delimName(v.delim))
	}
	return fmt.Sprintf("row has %d fields, the header has %d: the row is cut short or a delimiter is missing", n, nh)
}

// rawText is record r's text as read, for the quarantine.
func (b *batch) rawText(r int) string {
	if b.fields != nil {
		return b.raws[r]
	}
	return string(b.buf[b.offs[r]:b.offs[r+1]])
}

// route picks a row's target: -1 when a skip rule (or other_negative: skip)
// matches. rule names the rule that decided, if any.
func (p *plan) route(get func(int) string) (int, string) {
	for _, s := range p.skips {
		if s.test(get) {
			return -1, s.name
		}
	}
	if p.classify == nil {
		return 0, ""
	}
	return p.classify(get)
}

// cell is a field's source text: its column, several columns joined or the
// first non-empty of them, else the constant; then value map and default.
func (t *target) cell(fi int, get func(int) string) string {
	var s string
	switch {
	case t.multi[fi] != nil:
		var parts []string
		for _, c := range t.multi[fi] {
			x := strings.TrimSpace(get(c))
			if !t.comp[fi] && x != "" {
				s = x
				break
			}
			parts = append(parts, x)
		}
		if t.comp[fi] {
			s = strings.Join(parts, "|")
		}
	case t.src[fi] >= 0:
		s = trimSpace(get(t.src[fi]))
	}
	if vm := t.values[fi]; vm != nil && s != "" {
		if m, ok := vm[strings.ToLower(s)]; ok {
			s = m
		} else if d := t.deflt[fi]; d != nil {
			s = *d
		}
	}
	if s == "" && t.consts[fi] != nil {
		s = *t.consts[fi]
	}
	return s
}

// row parses and checks one row into v.vals; on failure it says why.
func (v *validator) row(t *target, get func(int) string) (badRow, bool) {
	fail := func(fi int, value, reason string) (badRow, bool) {
		return badRow{entity: t.ent.Name, col: t.srcCol[fi], value: strings.Clone(value), reason: reason}, false
	}
	reasonIdx, textIdx, rawIdx := t.reasonIdx, t.textIdx, t.rawIdx
	for fi := range t.ent.Fields {
		f := &t.ent.Fields[fi]
		s := t.cell(fi, get)
		out := &v.vals[t.stgCol[fi]]
		*out = val{}
		if fi == t.auto {
			out.s = "" // numbered after staging (generated key)
			continue
		}
		if fi == reasonIdx || fi == rawIdx {
			out.s = s
			out.null = s == ""
			continue // resolved below, once reason_text is known
		}
		if s == "" {
			if f.Required {
				return fail(fi, "", fmt.Sprintf("%s is required but empty: fill column %q", f.Name, t.srcCol[fi]))
			}
			out.null = true
			continue
		}
		if !v.utf8OK && !utf8.ValidString(s) {
			return fail(fi, strings.ToValidUTF8(s, "?"), "text is not valid UTF-8: re-save the file as UTF-8 or set encoding: latin-1 in the mapping")
		}
		switch f.Kind {
		case KString:
			if f.Enum != nil {
				c, ok := canonical(f.Enum, s)
				if !ok {
					return fail(fi, s, fmt.Sprintf("%s %q is not one of %s: map it under values: %s: in the mapping", f.Name, s, strings.Join(f.Enum, ", "), f.Name))
				}
				s = c
			}
			out.s = s
		case KInt:
			n, err := ParseInt(s, v.p.comma)
			if err != nil {
				return fail(fi, s, fmt.Sprintf("%s: %v", f.Name, err))
			}
			if n > math.MaxInt32 || n < math.MinInt32 {
				return fail(fi, s, fmt.Sprintf("%s %d is out of range (at most %d in absolute value): a misplaced column or a number pasted twice?", f.Name, n, math.MaxInt32))
			}
			if t.abs && f.Name == "qty" && n < 0 {
				n = -n
			}
			if f.Positive && n <= 0 {
				return fail(fi, s, v.p.nonPositive(f.Name, n))
			}
			if f.Max > 0 && (n < f.Min || n > f.Max) {
				return fail(fi, s, fmt.Sprintf("%s must be between %d and %d", f.Name, f.Min, f.Max))
			}
			out.i = n
		case KFloat:
			x, err := ParseDecimal(s, v.p.comma)
			if err != nil {
				return fail(fi, s, fmt.Sprintf("%s: %v", f.Name, err))
			}
			if math.Abs(x) > MaxAmount {
				return fail(fi, s, fmt.Sprintf("%s %s is out of range (at most %g in absolute value): a unit or decimal-separator error?", f.Name, s, MaxAmount))
			}
			if t.abs && x < 0 {
				x = -x
			}
			if f.NonNeg && x < 0 {
				return fail(fi, s, fmt.Sprintf("%s must not be negative", f.Name))
			}
			if k := t.factor[fi]; k != 0 {
				x = convert(x, k)
			}
			out.f = x
		case KTime:
			us, err := ParseTime(s, v.p.layouts)
			if err != nil {
				return fail(fi, s, fmt.Sprintf("%s: %v", f.Name, err))
			}
			if us < v.p.window[0] || us > v.p.window[1] {
				return fail(fi, s, v.p.outOfWindow(f.Name, us))
			}
			out.i = us
		}
	}
	if reasonIdx >= 0 {
		code := &v.vals[t.stgCol[reasonIdx]]
		raw := &v.vals[t.stgCol[rawIdx]]
		text := v.vals[t.stgCol[textIdx]]
		if raw.null && !code.null {
			raw.s, raw.null = code.s, false
		}
		if !code.null {
			if c, ok := canonical(Reasons, code.s); ok {
				code.s = c
			} else if !text.null {
				code.s = ClassifyReason(text.s, v.p.rules)
			} else {
				code.s = ClassifyReason(code.s, v.p.rules)
			}
		} else if !text.null {
			code.s, code.null = ClassifyReason(text.s, v.p.rules), false
		}
	}
	v.setLinkMethod(t)
	// dates in order
	var prevName string
	var prev int64
	have := false
	for _, fi := range t.timeIdx {
		name := t.ent.Fields[fi].Name
		x := v.vals[t.stgCol[fi]]
		if x.null {
			continue
		}
		if have && x.i < prev {
			return badRow{entity: t.ent.Name, col: t.srcCol[fi], value: fmtMicros(x.i),
				reason: fmt.Sprintf("%s is before %s (%s): dates must follow the flow; check both columns", name, prevName, fmtMicros(prev))}, false
		}
		prev, prevName, have = x.i, name, true
	}
	return badRow{}, true
}

func fmtMicros(us int64) string {
	return arrow.Timestamp(us).ToTime(arrow.Microsecond).UTC().Format("2006-01-02 15:04:05")
}

// canonical finds s in set, ignoring case.
func canonical(set []string, s string) (string, bool) {
	for _, c := range set {
		if c == s || strings.EqualFold(c, s) {
			return c, true
		}
	}
	return "", false
}

func (v *validator) appendRow(bb *batchBuilder, t *target, line int64, ti int) {
	for c := range bb.cols {
		col := &bb.cols[c]
		x := &v.vals[c]
		if !t.used[c] || x.null {
			col.appendNull()
			continue
		}
		switch col.kind {
		case KString:
			col.appendString(x.s)
		case KFloat:
			col.appendFloat(x.f)
		default: // KInt, KTime (microseconds)
			col.appendInt(x.i)
		}
	}
	bb.line = append(bb.line, line)
	bb.rh = append(bb.rh, v.rowHashOf(t))
	bb.target = append(bb.target, int8(ti))
	if t.auto < 0 {
		v.keys[ti] = append(v.keys[ti], v.keyHashOf(t))
	}
}

// trimSpace is strings.TrimSpace without the call when there is nothing to
// trim (most fields).
func trimSpace(s string) string {
	if n := len(s); n == 0 || s[0] > ' ' && s[0] < utf8.RuneSelf && s[n-1] > ' ' && s[n-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimSpace(s)
}
