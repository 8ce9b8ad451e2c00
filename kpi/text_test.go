package kpi

import (
	"io/fs"
	"regexp"
	"testing"
)

// forbidden are strings no reader should meet in a shipped reference file or
// a KPI definition: a broken format verb, or references to the documents the
// product was specified from instead of a published source.
var forbidden = regexp.MustCompile(`(?i)%!|\bseed\b|domain\.md`)

func TestShippedTextsNameTheirSources(t *testing.T) {
	err := fs.WalkDir(dataFS, "data", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := dataFS.ReadFile(path)
		if err != nil {
			return err
		}
		if m := forbidden.Find(b); m != nil {
			t.Errorf("%s holds %q", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Registry() {
		for _, s := range []string{k.NameEN, k.NameFR, k.DefinitionEN, k.DefinitionFR, k.Source} {
			if m := forbidden.FindString(s); m != "" {
				t.Errorf("KPI %s holds %q: %s", k.ID, m, s)
			}
		}
	}
	// Every shipped factor says where it comes from: a source, and a year
	// unless the source says why there is none (the carbon notebook's check 1).
	f, err := DefaultFactors()
	if err != nil {
		t.Fatal(err)
	}
	unstated := regexp.MustCompile(`(?i)unsourced|year not stated`)
	for _, x := range f.All() {
		if x.Source == "" || x.Year == 0 && !unstated.MatchString(x.Source) {
			t.Errorf("factor %s: source %q, year %d", x.ID, x.Source, x.Year)
		}
	}
}
