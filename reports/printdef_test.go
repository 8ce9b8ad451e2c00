package reports

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/retour-analytics/retour/warehouse"
)

// tileTexts is the rendered text (innerText: what shows) of every KPI tile.
const tileTexts = `Object.fromEntries([...document.querySelectorAll('.tile[id^="kpi-"]')].map(t => [t.id.slice(4), t.innerText]))`

// printDefinitionPacks are the packs whose tiles TestBrowserLayoutFits
// reads on screen and in print, one per language (the tiles share one
// template), keyed by the layout test's file name.
var printDefinitionPacks = map[string]Lang{"operations": English, "fr-reasons": French}

// kpiDefinitions reads every KPI's definition per language.
func kpiDefinitions(t *testing.T, w *warehouse.DB) map[Lang]map[string]string {
	t.Helper()
	defs := map[Lang]map[string]string{English: {}, French: {}}
	rows, err := w.Query(context.Background(), `SELECT kpi_id, definition_en, definition_fr FROM kpi_definitions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, en, fr string
		if err := rows.Scan(&id, &en, &fr); err != nil {
			t.Fatal(err)
		}
		defs[English][id], defs[French][id] = en, fr
	}
	return defs
}

// readTiles is the text of every KPI tile in the page's current media.
func readTiles(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](tileTexts))
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// checkPrintedDefinitions: on screen a tile's definition is one click away
// (a closed disclosure); in print, where nothing can be opened, every tile
// shows its definition as kpi_definitions holds it.
func checkPrintedDefinitions(t *testing.T, name string, defs map[string]string, screen, paper map[string]string) {
	t.Helper()
	if len(paper) == 0 {
		t.Fatalf("%s: no KPI tile", name)
	}
	for id, text := range paper {
		def := strings.TrimSpace(defs[id])
		if def == "" {
			t.Errorf("%s: tile %s has no definition in kpi_definitions", name, id)
			continue
		}
		if !strings.Contains(norm(text), norm(def)) {
			t.Errorf("%s: printed tile %s does not show its definition %q: %q", name, id, def, text)
		}
		if strings.Contains(norm(screen[id]), norm(def)) {
			t.Errorf("%s: on screen tile %s shows its definition inline; it belongs in the disclosure", name, id)
		}
	}
}

// norm folds the spaces a browser's innerText may turn into line breaks or
// non-breaking spaces.
func norm(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}
