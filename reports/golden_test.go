package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenChartData checks the data behind every chart and table of each
// pack (not the HTML bytes) against testdata/golden/*.json.
func TestGoldenChartData(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	links := []Link{{Name: "carbon_facts.csv", Href: "exports/carbon_facts.csv"}}
	cases := []struct {
		name string
		lang Lang
		load func(o Options) (any, error)
	}{
		{"operations", English, func(o Options) (any, error) { return LoadOperations(ctx, w, testWeek, o) }},
		{"reasons", English, func(o Options) (any, error) { return LoadReasons(ctx, w, testWeek, o) }},
		{"carbon", English, func(o Options) (any, error) { return LoadCarbon(ctx, w, testWeek, o, links) }},
		{"carbon-fr", French, func(o Options) (any, error) { return LoadCarbon(ctx, w, testWeek, o, links) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.load(testOptions(tc.lang))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGoldenChartData -update)", err)
			}
			if !bytes.Equal(got, want) {
				_ = os.WriteFile(filepath.Join(os.TempDir(), tc.name+".got.json"), got, 0o644)
				t.Errorf("%s differs from %s; run with -update and review the diff (got: %s)", tc.name, path, filepath.Join(os.TempDir(), tc.name+".got.json"))
			}
		})
	}
}
