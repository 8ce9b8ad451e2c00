package kpi

import (
	"embed"
	"fmt"
	"os"
	"strings"
)

//go:embed data/*.csv
var dataFS embed.FS

// UnsourcedLabel is how the shipped bands (no published source) are labelled wherever they are shown.
const UnsourcedLabel = "reference ranges from the reverse-logistics manager profile, unsourced"

// Band is a benchmark range for one KPI in one sector ("*" = every scope
// without a band of its own), in the KPI's unit.
type Band struct {
	KPI    string
	Sector string
	Low    float64
	High   float64
	Unit   string
	Source string
	Year   int
	Note   string
}

// Figure is a published figure shown beside the bands for context; it never
// classes a value.
type Figure struct {
	ID          string
	KPI         string
	Scope       string
	Value       float64
	Unit        string
	Description string
	Source      string
	Year        int
}

// Benchmarks are the bands and published figures in use.
type Benchmarks struct {
	File      string // where the bands came from ("embedded:data/benchmarks.csv" for the shipped table)
	Bands     []Band
	Published []Figure
}

// Band returns the band for kpi in sector, falling back to the "*" band.
func (b *Benchmarks) Band(kpi, sector string) (Band, bool) {
	var any Band
	found := false
	for _, x := range b.Bands {
		if x.KPI != kpi {
			continue
		}
		if x.Sector == sector {
			return x, true
		}
		if x.Sector == "*" {
			any, found = x, true
		}
	}
	return any, found
}

// DefaultBenchmarks returns the shipped bands (reference ranges, unsourced) and
// the published figures.
func DefaultBenchmarks() (*Benchmarks, error) {
	const name = "data/benchmarks.csv"
	data, err := dataFS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read embedded %s: %w", name, err)
	}
	b, err := ParseBenchmarks("embedded:"+name, data)
	if err != nil {
		return nil, err
	}
	pub, err := dataFS.ReadFile("data/published.csv")
	if err != nil {
		return nil, fmt.Errorf("read embedded published figures: %w", err)
	}
	b.Published, err = parsePublished("embedded:data/published.csv", pub)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// LoadBenchmarks reads a user's band file; its bands replace the shipped ones,
// the published figures stay beside them.
func LoadBenchmarks(path string) (*Benchmarks, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read benchmarks %s: %w", path, err)
	}
	b, err := ParseBenchmarks(path, data)
	if err != nil {
		return nil, err
	}
	def, err := DefaultBenchmarks()
	if err != nil {
		return nil, err
	}
	b.Published = def.Published
	return b, nil
}

// ParseBenchmarks parses a band file: a CSV with columns kpi_id, sector, low,
// high, source and optionally unit, year, note. Each kpi_id must be a KPI of
// the registry with a direction; unit, when given, must be that KPI's unit;
// low <= high; one band per KPI and sector. Errors are *ParseError.
func ParseBenchmarks(file string, data []byte) (*Benchmarks, error) {
	recs, err := readRefCSV(file, data, []string{"kpi_id", "sector", "low", "high", "source"})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, &ParseError{File: file, Line: 1, Err: fmt.Errorf("no bands; add at least one line after the header")}
	}
	b := &Benchmarks{File: file}
	seen := map[string]int{}
	for _, rec := range recs {
		var band Band
		id, err := rec.text("kpi_id")
		if err != nil {
			return nil, err
		}
		k, ok := Lookup(id)
		if !ok {
			return nil, rec.errf("kpi_id", "unknown KPI %q; see docs/kpis.md for the ids", id)
		}
		if k.Direction == Neutral {
			return nil, rec.errf("kpi_id", "KPI %q is neither better high nor low, so a band cannot class it", id)
		}
		band.KPI = id
		if band.Sector, err = rec.text("sector"); err != nil {
			return nil, err
		}
		band.Sector = normKey(band.Sector)
		if band.Low, err = rec.number("low"); err != nil {
			return nil, err
		}
		if band.High, err = rec.number("high"); err != nil {
			return nil, err
		}
		if band.Low > band.High {
			return nil, rec.errf("high", "high %g is below low %g", band.High, band.Low)
		}
		band.Unit = rec.fields["unit"]
		if band.Unit != "" && band.Unit != k.Unit {
			return nil, rec.errf("unit", "unit %q, but KPI %s is measured in %q", band.Unit, id, k.Unit)
		}
		band.Unit = k.Unit
		if band.Source, err = rec.text("source"); err != nil {
			return nil, err
		}
		if band.Year, err = rec.year("year"); err != nil {
			return nil, err
		}
		band.Note = rec.fields["note"]
		key := id + "\x00" + band.Sector
		if prev, dup := seen[key]; dup {
			return nil, rec.errf("sector", "second band for %s in sector %s (first on line %d)", id, band.Sector, prev)
		}
		seen[key] = rec.line
		b.Bands = append(b.Bands, band)
	}
	return b, nil
}

func parsePublished(file string, data []byte) ([]Figure, error) {
	recs, err := readRefCSV(file, data, []string{"figure_id", "kpi_id", "scope", "value", "unit", "description", "source", "year"})
	if err != nil {
		return nil, err
	}
	var out []Figure
	for _, rec := range recs {
		f := Figure{ID: rec.fields["figure_id"], KPI: rec.fields["kpi_id"], Scope: rec.fields["scope"],
			Unit: rec.fields["unit"], Description: rec.fields["description"], Source: rec.fields["source"]}
		if f.Value, err = rec.number("value"); err != nil {
			return nil, err
		}
		if f.Year, err = rec.year("year"); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Classify places value against [low, high] for a KPI of direction d:
// "within" inside the band (gap 0), else "better" or "worse" with gap =
// value minus the nearest edge (negative below the band). Neutral KPIs get "".
// The SQL in Compute applies the same rule (classifySQL); tests keep them equal.
func Classify(value, low, high float64, d Direction) (status string, gap float64) {
	if d == Neutral {
		return "", 0
	}
	switch {
	case value > high:
		gap = value - high
		if d == HigherBetter {
			return "better", gap
		}
		return "worse", gap
	case value < low:
		gap = value - low
		if d == LowerBetter {
			return "better", gap
		}
		return "worse", gap
	}
	return "within", 0
}

// normKey lower-cases a sector, category, site or mode name and turns spaces
// and dashes into underscores, the form the reference files use.
func normKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}
