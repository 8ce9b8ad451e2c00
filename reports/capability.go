package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/retour-analytics/retour/warehouse"
)

// Capability says whether the loaded data supports one KPI, chart, forecast
// or pack and, when it does not, which field of which table would enable it.
type Capability struct {
	Kind      string       `json:"kind"` // kpi, chart, forecast, pack
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Pack      string       `json:"pack,omitempty"`
	Needs     string       `json:"needs"` // declared needs, warehouse.ParseNeeds form
	Supported bool         `json:"supported"`
	Missing   []NeedReport `json:"missing,omitempty"`
}

// NeedReport is one unmet need: the table, the fields (any one would do;
// none when the table was never loaded) and what to do.
type NeedReport struct {
	Table  string   `json:"table"`
	Fields []string `json:"fields,omitempty"`
	Hint   string   `json:"hint"`
}

// Capabilities is the capability table of a warehouse.
type Capabilities struct {
	Items    []Capability        `json:"items"`
	Coverage *warehouse.Coverage `json:"coverage"`
}

// KPINeeds is a KPI's declaration as the capability table reads it.
type KPINeeds struct {
	ID, NameEN, NameFR, Needs string
}

// CapabilitiesFile is where Render writes the capability table beside the
// index, for the index page.
const CapabilitiesFile = "capabilities.json"

// LoadCapabilities measures the data coverage and checks every KPI, chart,
// forecast and pack against it. kpis are the KPI declarations (the
// registry); nil reads those the last KPI run wrote to kpi_definitions.
func LoadCapabilities(ctx context.Context, w *warehouse.DB, kpis []KPINeeds, o Options) (*Capabilities, error) {
	o = o.withDefaults()
	l := o.Lang
	cov, err := coverage(ctx, w, o)
	if err != nil {
		return nil, err
	}
	if kpis == nil {
		err := queryEach(ctx, w, "kpi needs", `SELECT kpi_id, name_en, name_fr, COALESCE(needs, '') FROM kpi_definitions ORDER BY kpi_id`, nil, func(r *sql.Rows) error {
			var k KPINeeds
			if err := r.Scan(&k.ID, &k.NameEN, &k.NameFR, &k.Needs); err != nil {
				return err
			}
			kpis = append(kpis, k)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	c := &Capabilities{Coverage: cov}
	add := func(kind, id, name, pack, decl string) error {
		needs, err := warehouse.ParseNeeds(decl)
		if err != nil {
			return fmt.Errorf("%s %s: %w", kind, id, err)
		}
		it := Capability{Kind: kind, ID: id, Name: name, Pack: pack, Needs: decl, Supported: true}
		for _, n := range cov.Missing(needs) {
			it.Supported = false
			it.Missing = append(it.Missing, NeedReport{Table: n.Table, Fields: n.Columns, Hint: needHint(l, n)})
		}
		c.Items = append(c.Items, it)
		return nil
	}
	for _, p := range Packs {
		if err := add("pack", p, l.T("pack."+p+".title"), p, PackNeeds[p]); err != nil {
			return nil, err
		}
	}
	for _, k := range kpis {
		name := k.NameEN
		if l == French && k.NameFR != "" {
			name = k.NameFR
		}
		if err := add("kpi", k.ID, name, "", k.Needs); err != nil {
			return nil, err
		}
	}
	for _, s := range Sections {
		if err := add(s.Kind, s.ID, l.T(s.Title), s.Pack, s.Needs); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Unsupported returns the items the data does not support.
func (c *Capabilities) Unsupported() []Capability {
	var out []Capability
	for _, it := range c.Items {
		if !it.Supported {
			out = append(out, it)
		}
	}
	return out
}

// writeCapabilities saves c beside the index (see CapabilitiesFile).
func writeCapabilities(outDir string, c *Capabilities) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode capabilities: %w", err)
	}
	path := filepath.Join(outDir, CapabilitiesFile)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// readCapabilities reads the table Render saved, or nil when there is none.
func readCapabilities(outDir string) *Capabilities {
	b, err := os.ReadFile(filepath.Join(outDir, CapabilitiesFile))
	if err != nil {
		return nil
	}
	var c Capabilities
	if json.Unmarshal(b, &c) != nil {
		return nil
	}
	return &c
}
