package kpi

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultBenchmarks(t *testing.T) {
	b, err := DefaultBenchmarks()
	if err != nil {
		t.Fatal(err)
	}
	band, ok := b.Band("processing_time_mean", "high_tech")
	if !ok || band.Low != 72 || band.High != 96 || band.Source != UnsourcedLabel {
		t.Fatalf("high_tech band = %+v", band)
	}
	if len(b.Bands) != 21 || len(b.Published) < 8 {
		t.Fatalf("%d bands, %d published figures", len(b.Bands), len(b.Published))
	}
	// Published bands: at least ten KPIs, each band with its source, a year
	// (or a source that says none is stated) and its scope.
	sourced := map[string]bool{}
	for _, x := range b.Bands {
		if x.Source == UnsourcedLabel {
			continue
		}
		sourced[x.KPI] = true
		if x.Year == 0 && !strings.Contains(x.Source, "year not stated") {
			t.Errorf("band %s %s: no year and the source does not say why: %q", x.KPI, x.Sector, x.Source)
		}
		if !strings.HasPrefix(x.Note, "scope: ") {
			t.Errorf("band %s %s: the note does not give the scope: %q", x.KPI, x.Sector, x.Note)
		}
	}
	if len(sourced) < 10 {
		t.Errorf("%d KPIs with a published band, want at least 10", len(sourced))
	}
	for _, f := range b.Published {
		if f.Source == "" || f.Year == 0 {
			t.Errorf("published figure %s lacks source or year", f.ID)
		}
	}
}

func TestParseBenchmarksErrors(t *testing.T) {
	const head = "kpi_id,sector,low,high,unit,source\n"
	cases := []struct {
		name, data string
		line, col  int
		field      string
	}{
		{"empty", "", 1, 0, ""},
		{"missing column", "kpi_id,sector,low,source\n", 1, 0, ""},
		{"unknown kpi", head + "processing_time,fashion,1,2,h,me\n", 2, 1, "kpi_id"},
		{"neutral kpi", head + "returned_units,fashion,1,2,units,me\n", 2, 1, "kpi_id"},
		{"not a number", head + "processing_time_mean,fashion,48,seventy,h,me\n", 2, 4, "high"},
		{"low above high", head + "processing_time_mean,fashion,80,72,h,me\n", 2, 4, "high"},
		{"wrong unit", head + "refurbishment_rate,fashion,0.75,0.85,ratio,me\n", 2, 5, "unit"},
		{"no source", head + "refurbishment_rate,fashion,75,85,%,\n", 2, 6, "source"},
		{"field count", head + "refurbishment_rate,fashion,75\n", 2, 0, ""},
		{"duplicate", head + "refurbishment_rate,fashion,75,85,%,me\n# comment\nrefurbishment_rate,Fashion,70,80,%,me\n", 4, 2, "sector"},
		{"bad quote", head + "refurbishment_rate,\"fashion,75,85,%,me\n", 2, 0, ""},
		{"latin-1", head + "refurbishment_rate,mode\xe9,75,85,%,me\n", 2, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseBenchmarks("b.csv", []byte(c.data))
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrFile) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.File != "b.csv" || pe.Line != c.line || (c.col > 0 && pe.Column != c.col) || pe.Field != c.field {
				t.Fatalf("err at %s:%d:%d (%s), want line %d col %d (%s): %v", pe.File, pe.Line, pe.Column, pe.Field, c.line, c.col, c.field, err)
			}
		})
	}
}

func TestParseFactorsErrors(t *testing.T) {
	const head = "factor_id,item,value,unit,source,year\n"
	cases := []struct {
		name, data string
		line       int
		field      string
	}{
		{"bad id", head + "Jeans,jeans,23.2,kgCO2e/unit,ADEME,\n", 2, "factor_id"},
		{"unknown kind", head + "co2.jeans,jeans,23.2,kgCO2e/unit,ADEME,\n", 2, "factor_id"},
		{"wrong unit", head + "pcf.jeans,jeans,23.2,kg,ADEME,\n", 2, "unit"},
		{"negative", head + "pcf.jeans,jeans,-1,kgCO2e/unit,ADEME,\n", 2, "value"},
		{"share as percent", head + "share.refurbish,refurb,87,ratio,ADEME,2022\n", 2, "value"},
		{"bad year", head + "pcf.jeans,jeans,23.2,kgCO2e/unit,ADEME,22\n", 2, "year"},
		{"duplicate", head + "pcf.jeans,jeans,23.2,kgCO2e/unit,ADEME,\npcf.jeans,jeans,24,kgCO2e/unit,ADEME,\n", 3, "factor_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseFactors("f.csv", []byte(c.data), nil)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.Line != c.line || pe.Field != c.field {
				t.Fatalf("err at line %d (%s), want line %d (%s): %v", pe.Line, pe.Field, c.line, c.field, err)
			}
		})
	}
}

// TestUserBenchmarksReplace: a user's band file replaces the seed bands in Compute.
func TestUserBenchmarksReplace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bands.csv")
	if err := os.WriteFile(path, []byte("kpi_id,sector,low,high,source,year\nprocessing_time_mean,*,10,20,our SLA,2026\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBenchmarks(path)
	if err != nil {
		t.Fatal(err)
	}
	w := openHand(t)
	o := handOptions()
	o.Benchmarks = b
	if _, err := Compute(context.Background(), w, o); err != nil {
		t.Fatal(err)
	}
	// W11 total mean 72 h vs the user's 10-20 h band: worse by 52 h. The seed's
	// refurbishment bands are gone.
	s, _ := getSnap(t, w, "processing_time_mean", "2026-W11", "total", "")
	if s.status.String != "worse" || !near(s.gap.Float64, 52) {
		t.Fatalf("total class %v gap %v, want worse 52", s.status, s.gap)
	}
	s, _ = getSnap(t, w, "refurbishment_rate", "2026-W11", "sector", "fashion")
	if s.status.Valid {
		t.Fatalf("seed band still applied: %v", s.status)
	}
	// The SLA follows the user's band: every W11 line (48 h, 96 h) is over 20 h.
	s, _ = getSnap(t, w, "processing_over_sla", "2026-W11", "total", "")
	if !near(s.value.Float64, 100) {
		t.Fatalf("over SLA = %v, want 100", s.value)
	}
}

func FuzzParseBenchmarks(f *testing.F) {
	seed, _ := dataFS.ReadFile("data/benchmarks.csv")
	f.Add(seed)
	f.Add([]byte("kpi_id,sector,low,high,source\ncost_per_unit,*,1,2,x\n"))
	f.Add([]byte("kpi_id,sector,low,high,source\n\"a\nb\",x,1,2,y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBenchmarks("fuzz.csv", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.File != "fuzz.csv" {
				t.Fatalf("error without location: %v", err)
			}
			return
		}
		for _, band := range b.Bands {
			if band.Low > band.High || band.Source == "" {
				t.Fatalf("accepted bad band %+v", band)
			}
			if _, ok := Lookup(band.KPI); !ok {
				t.Fatalf("accepted unknown KPI %q", band.KPI)
			}
		}
	})
}

func FuzzParseFactors(f *testing.F) {
	seed, _ := dataFS.ReadFile("data/factors.csv")
	f.Add(seed)
	f.Add([]byte("factor_id,item,value,unit,source\nshare.repair,x,0.5,ratio,y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := ParseFactors("fuzz.csv", data, nil)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without location: %v", err)
			}
			return
		}
		for _, x := range fs.All() {
			if x.Value < 0 || x.Source == "" || x.Unit == "" {
				t.Fatalf("accepted bad factor %+v", x)
			}
		}
	})
}
