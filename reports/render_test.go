package reports

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderWritesPacksIndexAndExports(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	for _, l := range []Lang{English, French} {
		t.Run(string(l), func(t *testing.T) {
			dir := t.TempDir()
			res, err := Render(ctx, w, dir, testOptions(l))
			if err != nil {
				t.Fatal(err)
			}
			if res.Week != testWeek {
				t.Fatalf("week %s, want %s", res.Week, testWeek)
			}
			for _, p := range Packs {
				path := res.Packs[p]
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if len(b) > 3<<20 {
					t.Errorf("%s is %d bytes, over 3 MB", p, len(b))
				}
				js, err := ECharts()
				if err != nil {
					t.Fatal(err)
				}
				s := strings.Replace(string(b), string(js), "", 1) // the bundle itself names w3.org namespaces
				if len(s) == len(b) {
					t.Errorf("%s does not inline the ECharts bundle", p)
				}
				for _, bad := range []string{"cdn.", "https://", "http://", "assets.go-echarts"} {
					if strings.Contains(s, bad) {
						t.Errorf("%s mentions %q: pages must not reference the network", p, bad)
					}
				}
				if !strings.Contains(s, `lang="`+string(l)+`"`) {
					t.Errorf("%s: no lang attribute %s", p, l)
				}
			}
			idx, err := os.ReadFile(res.Index)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(idx), "2026-W47/operations.html") {
				t.Errorf("index does not link the week's operations pack")
			}
			if len(res.Exports) != len(CarbonDatasets)*len(Formats) {
				t.Errorf("%d export files, want %d", len(res.Exports), len(CarbonDatasets)*len(Formats))
			}
			carbon, _ := os.ReadFile(res.Packs["carbon"])
			if !strings.Contains(string(carbon), `href="exports/carbon_facts.parquet"`) {
				t.Errorf("carbon pack does not link the Parquet export")
			}
			for _, f := range res.Exports {
				if _, err := os.Stat(filepath.Join(filepath.Dir(res.Packs["carbon"]), "exports", filepath.Base(f))); err != nil {
					t.Errorf("linked export missing: %v", err)
				}
			}
		})
	}
}

func TestFrenchFormatting(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	dir := t.TempDir()
	res, err := Render(ctx, w, dir, testOptions(French))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(res.Packs["operations"])
	s := string(b)
	for _, want := range []string{"16/11/2026", "Semaine 2026-W47", "Rapport opérations retours"} {
		if !strings.Contains(s, want) {
			t.Errorf("French operations pack lacks %q", want)
		}
	}
	if strings.Contains(s, "2026-11-16 ") {
		t.Errorf("French pack shows an ISO date")
	}
	// Units and fixed texts are French too; data values stay as given.
	s = withoutScripts(s)
	nb := "\u00a0"
	for _, want := range []string{"(nombre)", "unité" + nb + ": h", "source des fourchettes" + nb + ": plages de référence issues du profil", "tous horizons"} {
		if !strings.Contains(s, want) {
			t.Errorf("French operations pack lacks %q", want)
		}
	}
	for _, bad := range []string{"(n)", "(units)", "unit: ", "unité: ", "reference ranges", "horizons all", " pp "} {
		if strings.Contains(s, bad) {
			t.Errorf("French operations pack shows English %q", bad)
		}
	}
	b, _ = os.ReadFile(res.Packs["carbon"])
	if c := withoutScripts(string(b)); !strings.Contains(c, "kgCO2e/colis") || strings.Contains(c, "kgCO2e/unit<") {
		t.Errorf("French carbon pack does not translate factor units")
	}
}

func TestEmptyWarehouseRendersMissingPanels(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t)
	if _, err := Render(ctx, w, t.TempDir(), testOptions(English)); err != nil {
		t.Fatal(err)
	}
	// Only canonical data, no forecast and no KPI run yet.
	w2 := openSeeded(t, "seed.sql")
	for _, tbl := range []string{"forecasts", "forecast_runs", "kpi_snapshots", "carbon_facts", "kpi_runs"} {
		if _, err := w2.Exec(ctx, "DELETE FROM "+tbl); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Render(ctx, w2, t.TempDir(), testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	for pack, want := range map[string]string{
		"operations": "No forecast run yet: run `retour forecast`",
		"reasons":    "No forecast run yet: run `retour forecast`",
		"carbon":     "No KPI run yet: run `retour kpi`",
	} {
		b, _ := os.ReadFile(res.Packs[pack])
		if !strings.Contains(string(b), want) {
			t.Errorf("%s pack without runs lacks %q", pack, want)
		}
	}
}

func TestLatestWeekDefaultAndNoData(t *testing.T) {
	ctx := context.Background()
	if _, err := LatestWeek(ctx, openSeeded(t)); !errors.Is(err, ErrNoData) {
		t.Fatalf("empty warehouse: %v, want ErrNoData", err)
	}
	wk, err := LatestWeek(ctx, openSeeded(t, "seed.sql"))
	if err != nil {
		t.Fatal(err)
	}
	// The last return is requested on day 321 + received 3 days later: 2026-11-25 (W48).
	if wk.String() != "2026-W48" {
		t.Errorf("latest week %s", wk)
	}
}

// withoutScripts drops the inline scripts (the ECharts bundle, chart data)
// so a test reads only what the page shows as HTML.
func withoutScripts(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "<script")
		if i < 0 {
			return b.String() + s
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i:], "</script>")
		if j < 0 {
			return b.String()
		}
		s = s[i+j+len("</script>"):]
	}
}

// TestIndexCardsAndNotebookTitles: the index shows the latest week's packs as
// cards saying who each is for, and names notebooks by their title (escaped).
func TestIndexCardsAndNotebookTitles(t *testing.T) {
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	dir := t.TempDir()
	if _, err := Render(ctx, w, dir, testOptions(English)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "notebooks"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "notebooks", "deep-dive.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := RenderNotebook(f, NotebookPage{Title: "Reasons <b>deep</b> dive", Source: "deep-dive.md"}, testOptions(English)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	idx, err := RenderIndex(dir, testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(idx)
	s := string(b)
	for _, want := range []string{
		`<a class="card" href="2026-W47/operations.html">`, "for the supply-chain / operations director",
		`<a href="notebooks/deep-dive.html">Reasons &lt;b&gt;deep&lt;/b&gt; dive</a>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if strings.Contains(s, "</a> · </p>") || strings.Contains(s, "</a> ·</p>") {
		t.Errorf("index has a trailing separator")
	}
}

// TestNotebookSectionPerHeading: a Markdown cell opens a section holding the
// query, table and chart that follow it.
func TestNotebookSectionPerHeading(t *testing.T) {
	tbl := &Table{ID: "t1", Head: []string{"a"}, Rows: [][]string{{"1"}}}
	nb := NotebookPage{Title: "n", Source: "n.md", Cells: []NotebookCell{
		{Kind: "sql", SQL: "SELECT 0", Table: tbl, Rows: 1},
		{Kind: "markdown", HTML: "<h2>One</h2>"},
		{Kind: "sql", SQL: "SELECT 1", Table: tbl, Rows: 1},
		{Kind: "markdown", HTML: "<h2>Two</h2>"},
		{Kind: "sql", SQL: "SELECT 2", Table: tbl, Rows: 1},
		{Kind: "sql", SQL: "SELECT 3 WHERE false", Table: &Table{ID: "t2", Head: []string{"a"}}},
	}}
	var buf strings.Builder
	if err := RenderNotebook(&buf, nb, testOptions(English)); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, "The query returned no rows.") || strings.Contains(s, "No data for this period.") {
		t.Errorf("an empty result does not say the query returned no rows")
	}
	if n := strings.Count(s, `<section class="nb">`); n != 3 {
		t.Errorf("%d sections, want 3", n)
	}
	one, two := strings.Index(s, "<h2>One</h2>"), strings.Index(s, "<h2>Two</h2>")
	if !(one < strings.Index(s, "SELECT 1") && strings.Index(s, "SELECT 1") < two) {
		t.Errorf("the query does not follow its heading")
	}
	if i := strings.LastIndex(s[:two], "<section"); i < strings.Index(s, "SELECT 1") {
		t.Errorf("heading Two does not open a new section")
	}
}
