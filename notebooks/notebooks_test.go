package notebooks

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
)

func TestParse(t *testing.T) {
	src := "# T\n\ntext\n```sql\nSELECT 1 AS a\n```\n```chart\ntype: bar\nx: a\ny: a\n```\n~~~go\nx := 1\n~~~\nend\n"
	blocks, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, b := range blocks {
		kinds = append(kinds, b.Kind)
	}
	if got := strings.Join(kinds, ","); got != "markdown,sql,chart,code,markdown" {
		t.Fatalf("kinds %s", got)
	}
	if blocks[1].Text != "SELECT 1 AS a" || blocks[1].Line != 5 {
		t.Errorf("sql block %+v", blocks[1])
	}
	if _, err := Parse([]byte("```sql\nSELECT 1\n")); err == nil {
		t.Error("unclosed fence accepted")
	}
}

func TestParseChart(t *testing.T) {
	cases := []struct {
		name, text string
		ok         bool
	}{
		{"full", "type: line\nx: week # comment\ny: a, b\ntitle: T\nunit: %", true},
		{"default type", "x: a\ny: b", true},
		{"bad type", "type: pie\nx: a\ny: b", false},
		{"no y", "x: a", false},
		{"unknown key", "x: a\ny: b\ncolour: red", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseChart(c.text)
			if c.ok != (err == nil) {
				t.Fatalf("err %v", err)
			}
			if !c.ok && !errors.Is(err, ErrBadChart) {
				t.Errorf("want ErrBadChart, got %v", err)
			}
			if c.name == "full" && (s.Type != "line" || s.X != "week" || len(s.Y) != 2) {
				t.Errorf("spec %+v", s)
			}
		})
	}
}

func TestMarkdownEscapes(t *testing.T) {
	got := string(Markdown("# Title <b>\n\nsee [x](javascript:alert(1)) and [doc](docs/carbon.md) `<script>` **bold**\n\n- <img src=x onerror=alert(1)>"))
	for _, bad := range []string{"<script>", "<img", "javascript:", "<b>"} {
		if strings.Contains(got, bad) {
			t.Errorf("markdown output holds %q: %s", bad, got)
		}
	}
	for _, want := range []string{"<h1>Title &lt;b&gt;</h1>", `<a href="docs/carbon.md">doc</a>`, "<code>&lt;script&gt;</code>", "<strong>bold</strong>", "<li>&lt;img"} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown output lacks %q: %s", want, got)
		}
	}
}

func openSeeded(t *testing.T, files ...string) *warehouse.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec(ctx, string(b)); err != nil {
			t.Fatalf("seed %s: %v", f, err)
		}
	}
	return w
}

// openSandboxed is openSeeded followed by Sandbox, as notebooks.Open does.
func openSandboxed(t *testing.T, files ...string) *warehouse.DB {
	t.Helper()
	w := openSeeded(t, files...)
	if err := Sandbox(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	return w
}

// renderShipped renders every shipped notebook and checks each ran cleanly
// and drew its charts (except those in noCharts, whose tables are empty).
func renderShipped(t *testing.T, w *warehouse.DB, noCharts ...string) {
	t.Helper()
	nbs, names, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 3 {
		t.Fatalf("%d shipped notebooks, want at least 3", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			o := DefaultOptions()
			o.Now = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
			if err := Render(context.Background(), w, name, nbs[name], &buf, o); err != nil {
				t.Fatal(err)
			}
			html := buf.String()
			if !strings.Contains(html, `data-chart="nb-chart-`) && !slices.Contains(noCharts, name) {
				t.Errorf("%s drew no chart", name)
			}
			if strings.Contains(html, `class="cell-error"`) {
				t.Errorf("%s shows a cell error", name)
			}
		})
	}
}

func TestShippedNotebooksOnHandMadeData(t *testing.T) {
	renderShipped(t, openSandboxed(t, filepath.Join("..", "reports", "testdata", "seed.sql")))
}

func TestShippedNotebooksOnDemoData(t *testing.T) {
	if testing.Short() {
		t.Skip("demo data generation skipped in -short mode")
	}
	ctx := context.Background()
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks = 30, 60
	if _, err := demo.Generate(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	w := openSeeded(t)
	var files []string
	for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
		files = append(files, filepath.Join(dir, f))
	}
	if _, err := etl.LoadFiles(ctx, w, files, etl.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	if err := Sandbox(ctx, w); err != nil {
		t.Fatal(err)
	}
	// No KPI run in this test: the carbon checks run on empty tables.
	renderShipped(t, w, "carbon-methodology-check.md")
}

func TestFailingCellIsShownAndReported(t *testing.T) {
	w := openSandboxed(t)
	src := "# Bad\n```sql\nSELECT * FROM no_such_table\n```\n```chart\nx: a\ny: b\n```\n"
	var buf bytes.Buffer
	err := Render(context.Background(), w, "bad.md", []byte(src), &buf, DefaultOptions())
	if !errors.Is(err, ErrCellsFailed) {
		t.Fatalf("want ErrCellsFailed, got %v", err)
	}
	if !strings.Contains(buf.String(), "no_such_table") || !strings.Contains(buf.String(), "chart block must follow") {
		t.Errorf("page does not show the errors")
	}
}

func TestPlainNumberColumns(t *testing.T) {
	for col, want := range map[string]bool{"year": true, "iso_week": true, "run_id": true, "units": false, "kg_per_kg": false, "Année": true} {
		if got := plainNumber(col); got != want {
			t.Errorf("plainNumber(%q) = %v, want %v", col, got, want)
		}
	}
}
