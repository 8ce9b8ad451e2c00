package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds the browser the tests drive (Debian's chromium; CI
// installs it). The tests skip, saying so, only when it is missing.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("RETOUR_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Skip("chromium not found (install Debian's chromium or set RETOUR_CHROMIUM): browser tests skipped")
	return ""
}

// browser starts one headless chromium for a test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	bctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelB()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancelB(); cancelA() })
	return bctx
}

// pageLog collects what the page did that a test must see: console errors,
// uncaught exceptions, requests to anything but file: and data:, failed
// requests and dialogs (alert, confirm, prompt).
type pageLog struct {
	mu       sync.Mutex
	errors   []string
	requests []string
	failed   []string
	dialogs  []string
}

func (p *pageLog) add(list *[]string, s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	*list = append(*list, s)
}

func (p *pageLog) listen(ctx *context.Context) func(ev any) {
	return func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == "error" || e.Type == "assert" {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value))
				}
				p.add(&p.errors, "console."+string(e.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			p.add(&p.errors, fmt.Sprintf("exception: %s %+v", e.ExceptionDetails.Text, e.ExceptionDetails.Exception))
		case *log.EventEntryAdded:
			if e.Entry.Level == "error" {
				p.add(&p.errors, "log: "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			u := e.Request.URL
			if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				p.add(&p.requests, u)
			}
		case *network.EventLoadingFailed:
			p.add(&p.failed, e.ErrorText)
		case *cdppage.EventJavascriptDialogOpening:
			p.add(&p.dialogs, string(e.Type)+": "+e.Message)
			c := *ctx
			go func() { // a listener must not run commands itself
				_, _ = chromedp.Call(c, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true})
			}()
		}
	}
}

// chartState is what the page reports about one chart container.
type chartState struct {
	ID      string `json:"id"`
	Drawn   bool   `json:"drawn"`
	Canvas  bool   `json:"canvas"`
	Painted int    `json:"painted"`
	Colors  int    `json:"colors"`
}

const chartProbe = `(() => {
  const out = [];
  document.querySelectorAll('[data-chart]').forEach(el => {
    const c = el.querySelector('canvas');
    let painted = 0; const colors = new Set();
    if (c && c.width > 0 && c.height > 0) {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 16) {
        if (d[i + 3] > 0) { painted++; colors.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]); }
      }
    }
    out.push({id: el.getAttribute('data-chart'), drawn: el.getAttribute('data-drawn') === 'true', canvas: !!c, painted: painted, colors: colors.size});
  });
  return out;
})()`

// openOffline opens a file in a new tab with the network emulated offline and
// returns the tab's context and its log.
func openOffline(t *testing.T, bctx context.Context, path string) (context.Context, *pageLog) {
	t.Helper()
	pl := &pageLog{}
	var tctx context.Context
	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithListener(pl.listen(&tctx)))
	t.Cleanup(cancel)
	offline := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, log.Enable, struct{}{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return fmt.Errorf("emulate offline: %w", err)
		}
		_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	})
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelT := context.WithTimeout(tctx, 60*time.Second)
	t.Cleanup(cancelT)
	if err := chromedp.Do(ctx, offline, chromedp.Navigate("file://"+abs)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return ctx, pl
}

// waitCharts polls until every chart container has a painted canvas, or timeout.
func waitCharts(t *testing.T, ctx context.Context, timeout time.Duration) []chartState {
	t.Helper()
	var states []chartState
	deadline := time.Now().Add(timeout)
	for {
		var err error
		states, err = chromedp.Run(ctx, chromedp.Evaluate[[]chartState](chartProbe))
		if err != nil {
			t.Fatalf("probe charts: %v", err)
		}
		done := true
		for _, s := range states {
			done = done && s.Drawn && s.Painted > 0
		}
		if done || time.Now().After(deadline) {
			return states
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func renderFixture(t *testing.T, files ...string) *Result {
	t.Helper()
	w := openSeeded(t, files...)
	res, err := Render(context.Background(), w, t.TempDir(), testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestBrowserPacksOffline opens every pack and the index from disk with the
// network off: no console error, no request but file: and data:, no failed
// request, every chart drawn; a screenshot per pack.
func TestBrowserPacksOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bctx := browser(t)
	res := renderFixture(t, "seed.sql")
	shots := os.Getenv("RETOUR_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"index": res.Index}
	for p, f := range res.Packs {
		files[p] = f
	}
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			ctx, pl := openOffline(t, bctx, file)
			states := waitCharts(t, ctx, 10*time.Second)
			if name != "index" && len(states) < 4 {
				t.Errorf("only %d charts on the %s pack", len(states), name)
			}
			for _, s := range states {
				if !s.Drawn || !s.Canvas || s.Painted < 50 || s.Colors < 2 {
					t.Errorf("chart %s not drawn: %+v", s.ID, s)
				}
			}
			// Legends wrap instead of scrolling (print shows every entry) and
			// the plot starts below them.
			const legends = `(window.retourCharts || []).filter(c => {
			  const o = c.getOption(), l = (o.legend || [])[0], g = (o.grid || [])[0];
			  if (!l || l.show === false) { return false; }
			  return l.type === 'scroll' || !(g && g.top >= 30);
			}).map(c => c.getDom().getAttribute('data-chart'))`
			bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](legends))
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) > 0 {
				t.Errorf("charts with a scrolling or overlapped legend: %q", bad)
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			pl.mu.Lock()
			defer pl.mu.Unlock()
			if len(pl.errors) > 0 {
				t.Errorf("console errors: %q", pl.errors)
			}
			if len(pl.requests) > 0 {
				t.Errorf("requests to the network: %q", pl.requests)
			}
			if len(pl.failed) > 0 {
				t.Errorf("failed requests: %q", pl.failed)
			}
			if len(pl.dialogs) > 0 {
				t.Errorf("dialogs opened: %q", pl.dialogs)
			}
		})
	}
}

// TestBrowserXSS renders data whose SKU names, reason texts and site hold
// script and img-onerror payloads: pages show them as text and run nothing,
// even with every chart tooltip shown.
func TestBrowserXSS(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bctx := browser(t)
	res := renderFixture(t, "seed.sql", "xss.sql")
	payloads := []string{"<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`}
	for _, pack := range Packs {
		t.Run(pack, func(t *testing.T) {
			ctx, pl := openOffline(t, bctx, res.Packs[pack])
			waitCharts(t, ctx, 10*time.Second)
			// Show every chart's tooltip at each category: tooltips are HTML.
			const showTips = `(() => { let n = 0; (window.retourCharts || []).forEach(c => {
				const o = c.getOption(); const cats = ((o.xAxis || [])[0] || {}).data || ((o.yAxis || [])[0] || {}).data || [];
				for (let i = 0; i < Math.max(cats.length, 1) && i < 60; i++) { c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i}); n++; }
			}); return n; })()`
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](showTips)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			if err != nil {
				t.Fatal(err)
			}
			imgs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('img').length + document.querySelectorAll('main script').length`))
			if err != nil {
				t.Fatal(err)
			}
			if imgs != 0 {
				t.Errorf("%d injected img/script elements in the page", imgs)
			}
			if pack != "carbon" { // the carbon pack shows no SKU names or comments
				shown := 0
				for _, p := range payloads {
					if strings.Contains(text, p) {
						shown++
					}
				}
				if shown == 0 {
					t.Errorf("no payload shown as text on the %s pack", pack)
				}
			}
			pl.mu.Lock()
			defer pl.mu.Unlock()
			if len(pl.dialogs) > 0 {
				t.Errorf("payload ran: dialogs %q", pl.dialogs)
			}
			if len(pl.errors) > 0 || len(pl.failed) > 0 || len(pl.requests) > 0 {
				t.Errorf("errors %q, failed %q, requests %q", pl.errors, pl.failed, pl.requests)
			}
		})
	}
}

// TestBrowserProbeCatchesFaults shows the checks above can fail: a page that
// logs an error, opens an alert, fetches from the network and loads a broken
// image is caught on every count.
func TestBrowserProbeCatchesFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bctx := browser(t)
	bad := filepath.Join(t.TempDir(), "bad.html")
	html := `<!DOCTYPE html><html><body><div data-chart="x"></div><img src="missing.png"><img src="https://example.invalid/x.png">
<script>console.error("boom"); alert(1);</script></body></html>`
	if err := os.WriteFile(bad, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, pl := openOffline(t, bctx, bad)
	states := waitCharts(t, ctx, time.Second)
	time.Sleep(300 * time.Millisecond)
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if len(states) != 1 || states[0].Drawn || states[0].Canvas {
		t.Errorf("blank chart container not reported: %+v", states)
	}
	if len(pl.errors) == 0 || len(pl.dialogs) == 0 || len(pl.requests) == 0 || len(pl.failed) == 0 {
		t.Errorf("probe missed faults: errors %q dialogs %q requests %q failed %q", pl.errors, pl.dialogs, pl.requests, pl.failed)
	}
}

// TestBrowserLayoutFits opens every pack (English and French) and the index
// at 1200, 1024 and 400 px and in print layout at A4 width: nothing is wider
// than the window (no horizontal scroll bar; wide tables scroll in their own
// box), no chart is cut, no heading can split a word, and in print every
// chart tells its series apart in black and white, and the KPI tiles show
// their definitions (one pack per language).
func TestBrowserLayoutFits(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bctx := browser(t)
	res := renderFixture(t, "seed.sql", "xss.sql")
	files := map[string]string{"index": res.Index}
	for p, f := range res.Packs {
		files[p] = f
	}
	frw := openSeeded(t, "seed.sql", "xss.sql")
	defs := kpiDefinitions(t, frw)
	fr, err := Render(context.Background(), frw, t.TempDir(), testOptions(French))
	if err != nil {
		t.Fatal(err)
	}
	for p, f := range fr.Packs {
		files["fr-"+p] = f
	}
	// A notebook with a long SQL line and a wide table.
	long := "SELECT " + strings.Repeat("some_rather_long_column_name, ", 30) + "1"
	row := make([]string, 14)
	for i := range row {
		row[i] = "value_without_any_break_" + fmt.Sprint(i)
	}
	nb := NotebookPage{Title: "wide", Source: "wide.md", Cells: []NotebookCell{
		{Kind: "sql", SQL: long, Table: &Table{ID: "t", Head: row, Rows: [][]string{row, row}}, Rows: 2},
	}}
	var buf bytes.Buffer
	if err := RenderNotebook(&buf, nb, testOptions(English)); err != nil {
		t.Fatal(err)
	}
	files["notebook"] = filepath.Join(t.TempDir(), "wide.html")
	if err := os.WriteFile(files["notebook"], buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sizes := []struct {
		name  string
		width int64
		print bool
	}{{"1200", 1200, false}, {"400", 400, false}, {"print-a4", 700, true}}
	for name := range printDefinitionPacks {
		if files[name] == "" {
			t.Fatalf("no %s pack to check printed definitions on", name)
		}
	}
	for name, file := range files {
		// One tab per file, resized in turn: opening a pack and drawing its
		// charts costs more than the checks themselves.
		t.Run(name, func(t *testing.T) {
			ctx, _ := openOffline(t, bctx, file)
			waitCharts(t, ctx, 10*time.Second)
			lang, tiles := printDefinitionPacks[name]
			var screen map[string]string
			if tiles {
				screen = readTiles(t, ctx)
			}
			for _, sz := range sizes {
				media := ""
				if sz.print {
					media = "print"
				}
				if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: sz.width, Height: 900, DeviceScaleFactor: 1}); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
					t.Fatal(err)
				}
				// The page redraws its charts on resize and on the print media
				// change, which the browser reports a frame later: give it 2 s.
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](chartsFitted, chromedp.EvalAwaitPromise)); err != nil {
					t.Fatal(err)
				}
				over, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](overflowProbe))
				if err != nil {
					t.Fatal(err)
				}
				if len(over) > 0 {
					t.Errorf("%s at %s overflows: %q", name, sz.name, over)
				}
				split, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](headingProbe))
				if err != nil {
					t.Fatal(err)
				}
				if len(split) > 0 {
					t.Errorf("%s at %s: headings that may split a word: %q", name, sz.name, split)
				}
				if sz.print {
					grey, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](monochromeProbe))
					if err != nil {
						t.Fatal(err)
					}
					if len(grey) > 0 {
						t.Errorf("%s in print: charts unreadable in black and white: %q", name, grey)
					}
					if tiles {
						checkPrintedDefinitions(t, name, defs[lang], screen, readTiles(t, ctx))
					}
				}
			}
		})
	}
}

// overflowProbe lists what reaches past the window: the page itself
// (a horizontal scroll bar), any element whose right edge is beyond the
// window unless it sits in a scroll container (overflow-x auto or scroll,
// such as a wide table's .tbl) that ends inside the window, and any chart
// whose canvas is wider than its box (cut, not resized).
const overflowProbe = `(() => {
  const out = [];
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > w) { out.push('page ' + document.documentElement.scrollWidth + ' > ' + w); }
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll') { return p.getBoundingClientRect().right <= w + 0.5; }
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  document.querySelectorAll('[data-chart]').forEach(el => { // a chart wider than its box is cut
    const c = el.querySelector('canvas');
    if (c && c.getBoundingClientRect().width > el.clientWidth + 1) { out.push('chart ' + el.getAttribute('data-chart') + ' cut: ' + Math.round(c.getBoundingClientRect().width) + ' > ' + el.clientWidth); }
  });
  const seen = new Set();
  document.querySelectorAll('body *').forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= w + 0.5 || clipped(el)) { return; }
    if (el.parentElement && seen.has(el.parentElement)) { seen.add(el); return; }
    seen.add(el);
    const head = el.closest('section, .fig');
    const title = head ? ((head.querySelector('h2, h3') || {}).textContent || '') : '';
    out.push(name(el) + ' [' + title + '] ends at ' + Math.round(r.right) + ' > ' + w);
  });
  return out;
})()`

// headingProbe lists headings (h1-h3, table heads, tile names) that may split
// a word: hyphenation on, a break allowed inside a word, or a word wider than
// the heading's box. A notebook's column names are SQL identifiers and may
// break in print.
const headingProbe = `(() => {
  const out = [];
  document.querySelectorAll('h1, h2, h3, th, .tile .name').forEach(el => {
    if (el.closest('section.nb')) { return; }
    const cs = getComputedStyle(el);
    const hy = cs.hyphens || cs.webkitHyphens;
    if (hy !== 'none' || cs.overflowWrap !== 'normal' || cs.wordBreak !== 'normal') {
      out.push(el.tagName + ' "' + el.textContent.slice(0, 40) + '" hyphens ' + hy + ', overflow-wrap ' + cs.overflowWrap + ', word-break ' + cs.wordBreak);
    } else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      out.push(el.tagName + ' "' + el.textContent.slice(0, 40) + '" wider than its box: ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
  });
  return out;
})()`

// monochromeProbe lists the charts a black-and-white printout could not
// read: decal patterns off, or two drawn lines with the same dash; and any
// whose accessible name (the figure's title) the decal switch replaced.
const monochromeProbe = `(() => {
  const out = [];
  (window.retourCharts || []).forEach(c => {
    const o = c.getOption(), id = c.getDom().getAttribute('data-chart');
    const aria = (o.aria || [])[0] || o.aria || {};
    if (!(aria.decal && aria.decal.show)) { out.push(id + ': no decal patterns'); }
    const dashes = (o.series || []).filter(s => s.type === 'line' && !s.areaStyle && !(s.lineStyle && s.lineStyle.opacity === 0))
      .map(s => JSON.stringify((s.lineStyle || {}).type || 'solid'));
    if (new Set(dashes).size < dashes.length) { out.push(id + ': lines share a dash ' + dashes.join(' ')); }
    const fig = c.getDom().closest('.fig'), label = c.getDom().getAttribute('aria-label');
    if (fig && label !== fig.querySelector('h3').textContent) { out.push(id + ': aria label replaced by ' + label); }
  });
  return out;
})()`

// chartsFitted resolves once every chart's canvas is as wide as its box (the
// page resized it), or after 2 s with false.
const chartsFitted = `new Promise(resolve => {
  let n = 0;
  const tick = () => {
    const ok = [...document.querySelectorAll('[data-chart]')].every(el => {
      const c = el.querySelector('canvas');
      return !c || Math.abs(c.getBoundingClientRect().width - el.clientWidth) <= 1;
    });
    if (ok || ++n > 40) { resolve(ok); } else { setTimeout(tick, 50); }
  };
  tick();
})`
