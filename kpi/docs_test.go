package kpi

import (
	"os"
	"strings"
	"testing"
)

// TestDocsCoverRegistry keeps docs/kpis.md and docs/carbon.md in step with the
// registry and the shipped factor table.
func TestDocsCoverRegistry(t *testing.T) {
	kpis, err := os.ReadFile("../docs/kpis.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Registry() {
		if !strings.Contains(string(kpis), "`"+k.ID+"`") {
			t.Errorf("docs/kpis.md does not define %s", k.ID)
		}
	}
	carbon, err := os.ReadFile("../docs/carbon.md")
	if err != nil {
		t.Fatal(err)
	}
	f, err := DefaultFactors()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range f.All() {
		if !strings.Contains(string(carbon), "`"+x.ID+"`") {
			t.Errorf("docs/carbon.md does not list factor %s", x.ID)
		}
	}
}
