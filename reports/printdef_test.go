package reports

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// tileTexts is the rendered text (innerText: what shows) of every KPI tile.
const tileTexts = `Object.fromEntries([...document.querySelectorAll('.tile[id^="kpi-"]')].map(t => [t.id.slice(4), t.innerText]))`

// TestBrowserPrintShowsDefinitions: on screen a tile's definition is one
// click away (a closed disclosure); in print, where nothing can be opened,
// every tile shows its definition as kpi_definitions holds it (English
// and French).
func TestBrowserPrintShowsDefinitions(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bctx := browser(t)
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	defs := map[Lang]map[string]string{English: {}, French: {}}
	rows, err := w.Query(ctx, `SELECT kpi_id, definition_en, definition_fr FROM kpi_definitions`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, en, fr string
		if err := rows.Scan(&id, &en, &fr); err != nil {
			t.Fatal(err)
		}
		defs[English][id], defs[French][id] = en, fr
	}
	rows.Close()
	// One pack per language: the tiles share one template.
	for l, pack := range map[Lang]string{English: "operations", French: "reasons"} {
		res, err := Render(ctx, w, t.TempDir(), testOptions(l))
		if err != nil {
			t.Fatal(err)
		}
		pctx, _ := openOffline(t, bctx, res.Packs[pack])
		waitCharts(t, pctx, 10*time.Second)
		shown := func(media string) map[string]string {
			if _, err := chromedp.Call(pctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
				t.Fatal(err)
			}
			texts, err := chromedp.Run(pctx, chromedp.Evaluate[map[string]string](tileTexts))
			if err != nil {
				t.Fatal(err)
			}
			return texts
		}
		screen, paper := shown(""), shown("print")
		if len(paper) == 0 {
			t.Fatalf("%s %s: no KPI tile", l, pack)
		}
		for id, text := range paper {
			def := strings.TrimSpace(defs[l][id])
			if def == "" {
				t.Errorf("%s %s: tile %s has no definition in kpi_definitions", l, pack, id)
				continue
			}
			if !strings.Contains(norm(text), norm(def)) {
				t.Errorf("%s %s: printed tile %s does not show its definition %q: %q", l, pack, id, def, text)
			}
			if strings.Contains(norm(screen[id]), norm(def)) {
				t.Errorf("%s %s: on screen tile %s shows its definition inline; it belongs in the disclosure", l, pack, id)
			}
		}
	}
}

// norm folds the spaces a browser's innerText may turn into line breaks or
// non-breaking spaces.
func norm(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}
