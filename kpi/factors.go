package kpi

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Factor is one CO2 factor with its source.
type Factor struct {
	ID     string
	Item   string
	Value  float64
	Unit   string
	Source string
	Year   int // 0 when the source states none
	Note   string
}

// Factors is the factor table in use, keyed by factor id.
type Factors struct {
	// Files lists where the factors came from, shipped table first.
	Files []string
	byID  map[string]Factor
}

// Get returns the factor with the id.
func (f *Factors) Get(id string) (Factor, bool) {
	x, ok := f.byID[id]
	return x, ok
}

// value returns the factor's value and whether it exists.
func (f *Factors) value(id string) (float64, bool) {
	x, ok := f.byID[id]
	return x.Value, ok
}

// All returns the factors sorted by id.
func (f *Factors) All() []Factor {
	out := make([]Factor, 0, len(f.byID))
	for _, x := range f.byID {
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// factorKinds maps an id prefix to the unit its factors must have.
var factorKinds = map[string]string{
	"transport":  "kgCO2e/t.km",
	"parcel":     "kgCO2e/parcel",
	"pcf":        "kgCO2e/unit",
	"pcf_kg":     "kgCO2e/kg",
	"share":      "ratio",
	"per_kg":     "kgCO2e/kg",
	"eol":        "kgCO2e/kg",
	"processing": "kgCO2e/unit",
}

var factorIDRe = regexp.MustCompile(`^[a-z_]+(\.[a-z0-9_]+){1,2}$`)

// DefaultFactors returns the shipped factor table (data/factors.csv).
func DefaultFactors() (*Factors, error) {
	const name = "data/factors.csv"
	data, err := dataFS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read embedded %s: %w", name, err)
	}
	return ParseFactors("embedded:"+name, data, nil)
}

// LoadFactors reads a user's factor file on top of the shipped table: a line
// with a shipped factor_id replaces it, a new id adds a factor.
func LoadFactors(path string) (*Factors, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read factors %s: %w", path, err)
	}
	base, err := DefaultFactors()
	if err != nil {
		return nil, err
	}
	return ParseFactors(path, data, base)
}

// ParseFactors parses a factor file (columns factor_id, item, value, unit,
// source and optionally year, note) over base (nil for none). Ids follow
// kind.key[.key] with kind one of transport, parcel, pcf, pcf_kg, share,
// per_kg, eol, processing; the unit must be the kind's unit; values are >= 0
// and shares <= 1; an id appears once per file. Errors are *ParseError.
func ParseFactors(file string, data []byte, base *Factors) (*Factors, error) {
	recs, err := readRefCSV(file, data, []string{"factor_id", "item", "value", "unit", "source"})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, &ParseError{File: file, Line: 1, Err: fmt.Errorf("no factors; add at least one line after the header")}
	}
	out := &Factors{byID: map[string]Factor{}}
	if base != nil {
		out.Files = append(out.Files, base.Files...)
		for k, v := range base.byID {
			out.byID[k] = v
		}
	}
	out.Files = append(out.Files, file)
	seen := map[string]int{}
	for _, rec := range recs {
		var f Factor
		if f.ID, err = rec.text("factor_id"); err != nil {
			return nil, err
		}
		f.ID = strings.ToLower(f.ID)
		if !factorIDRe.MatchString(f.ID) {
			return nil, rec.errf("factor_id", "%q is not an id like transport.van_diesel or pcf.jeans (lower case, dots between parts)", f.ID)
		}
		kind, _, _ := strings.Cut(f.ID, ".")
		wantUnit, ok := factorKinds[kind]
		if !ok {
			return nil, rec.errf("factor_id", "unknown kind %q; use one of transport, parcel, pcf, pcf_kg, share, per_kg, eol, processing", kind)
		}
		if prev, dup := seen[f.ID]; dup {
			return nil, rec.errf("factor_id", "factor %s given twice (first on line %d)", f.ID, prev)
		}
		seen[f.ID] = rec.line
		if f.Item, err = rec.text("item"); err != nil {
			return nil, err
		}
		if f.Value, err = rec.number("value"); err != nil {
			return nil, err
		}
		if f.Value < 0 {
			return nil, rec.errf("value", "%g is negative; factors are >= 0", f.Value)
		}
		if kind == "share" && f.Value > 1 {
			return nil, rec.errf("value", "share %g is above 1; write shares as ratios (0.87, not 87)", f.Value)
		}
		if f.Unit, err = rec.text("unit"); err != nil {
			return nil, err
		}
		if f.Unit != wantUnit {
			return nil, rec.errf("unit", "unit %q, but %s factors are in %q", f.Unit, kind, wantUnit)
		}
		if f.Source, err = rec.text("source"); err != nil {
			return nil, err
		}
		if f.Year, err = rec.year("year"); err != nil {
			return nil, err
		}
		f.Note = rec.fields["note"]
		out.byID[f.ID] = f
	}
	return out, nil
}
