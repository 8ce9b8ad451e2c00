package reports

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// shownTile is a KPI tile as the browser shows it.
type shownTile struct {
	ID    string `json:"id"`
	Value string `json:"value"`
	AsOf  string `json:"asof"`
}

const tileProbe = `[...document.querySelectorAll('.tile')].map(el => ({
  id: el.id.replace(/^kpi-/, ''),
  value: (el.querySelector('.value') || {innerText: ''}).innerText.trim(),
  asof: (el.querySelector('.asof') || {innerText: ''}).innerText.trim(),
}))`

var (
	leadingNumber = regexp.MustCompile(`^-?[0-9][0-9\s\x{202f}\x{a0},.]*`)
	isoWeekIn     = regexp.MustCompile(`\d{4}-W\d{2}`)
)

// parseShown reads the number at the start of a tile's text in the
// language: "1,234.5 h", "1 234,5 h".
func parseShown(s string, l Lang) (float64, int, bool) {
	m := strings.TrimSpace(leadingNumber.FindString(s))
	if m == "" {
		return 0, 0, false
	}
	m = strings.NewReplacer(" ", "", "\u202f", "", "\u00a0", "").Replace(m)
	if l == French {
		m = strings.NewReplacer(".", "", ",", ".").Replace(m)
	} else {
		m = strings.ReplaceAll(m, ",", "")
	}
	dec := 0
	if i := strings.IndexByte(m, '.'); i >= 0 {
		dec = len(m) - i - 1
	}
	v, err := strconv.ParseFloat(m, 64)
	return v, dec, err == nil
}

// TestBrowserTilesMatchSnapshots: for every KPI tile of every pack, for
// three weeks and both languages, the number the browser shows is the
// kpi_snapshots value for that KPI, week and total scope, rounded as the
// packs round (and within half a unit of its last shown decimal).
func TestBrowserTilesMatchSnapshots(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	t0 := time.Now()
	bctx := browser(t)
	w := openSeeded(t, "seed.sql")
	ctx := context.Background()
	dir := t.TempDir()
	var paths []string
	type shown struct {
		pack string
		wk   Week
		l    Lang
	}
	var what []shown
	for _, c := range []struct {
		wk Week
		l  Lang
	}{{testWeek, English}, {testWeek.Add(-2), English}, {testWeek.Add(-7), English}, {testWeek.Add(-3), French}} {
		o := testOptions(c.l)
		o.Week = c.wk
		for _, pack := range Packs {
			var buf bytes.Buffer
			if err := RenderPack(ctx, w, &buf, pack, c.wk, o, nil); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.wk.String()+"-"+string(c.l)+"-"+pack+".html")
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
			what = append(what, shown{pack, c.wk, c.l})
		}
	}
	t.Logf("rendered %d pages in %v", len(paths), time.Since(t0))
	// One tab visits every page: a tab per page costs seconds each. The
	// tiles are HTML the server wrote (no script touches them), so scripts
	// are off: drawing some forty charts per page would take seconds.
	pctx, _ := openOffline(t, bctx, paths[0])
	if _, err := chromedp.Call(pctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, path := range paths {
		pack, c := what[i].pack, struct {
			wk Week
			l  Lang
		}{what[i].wk, what[i].l}
		if i > 0 {
			if _, err := chromedp.Run(pctx, chromedp.Navigate("file://"+path)); err != nil {
				t.Fatalf("open %s: %v", path, err)
			}
		}
		tiles, err := chromedp.Run(pctx, chromedp.Evaluate[[]shownTile](tileProbe))
		if err != nil {
			t.Fatalf("read tiles: %v", err)
		}
		{
			for _, tile := range tiles {
				checked++
				week := c.wk.String()
				if tile.AsOf != "" {
					week = isoWeekIn.FindString(tile.AsOf)
				}
				var v float64
				var unit string
				err := w.QueryRow(ctx, `SELECT s.value, d.unit FROM kpi_snapshots s JOIN kpi_definitions d USING (kpi_id)
					WHERE s.run_id = (SELECT max(run_id) FROM kpi_runs WHERE status = 'ok') AND s.kpi_id = ? AND s.iso_week = ?
					  AND s.scope = 'total' AND s.value IS NOT NULL`, tile.ID, week).Scan(&v, &unit)
				if err != nil {
					t.Errorf("%s %s %s: tile %s shows %q but kpi_snapshots has no value for %s: %v", pack, c.wk, c.l, tile.ID, tile.Value, week, err)
					continue
				}
				if want := c.l.Value(v, unit); tile.Value != want {
					t.Errorf("%s %s %s: tile %s shows %q, kpi_snapshots %s has %v (%q)", pack, c.wk, c.l, tile.ID, tile.Value, week, v, want)
				}
				got, dec, ok := parseShown(tile.Value, c.l)
				if !ok || math.Abs(got-v) > 0.5*math.Pow10(-dec)+1e-9 {
					t.Errorf("%s %s %s: tile %s shows %q (read %v), more than rounding away from %v", pack, c.wk, c.l, tile.ID, tile.Value, got, v)
				}
			}
		}
	}
	if checked < 12 {
		t.Errorf("only %d tiles checked", checked)
	}
}

func TestParseShown(t *testing.T) {
	for _, tc := range []struct {
		s   string
		l   Lang
		v   float64
		dec int
	}{{"1,234.5 h", English, 1234.5, 1}, {"1\u202f234,5 h", French, 1234.5, 1}, {"12 %", English, 12, 0}, {"-3.25 EUR", English, -3.25, 2}} {
		v, dec, ok := parseShown(tc.s, tc.l)
		if !ok || v != tc.v || dec != tc.dec {
			t.Errorf("parseShown(%q) = %v, %d, %v", tc.s, v, dec, ok)
		}
	}
}
