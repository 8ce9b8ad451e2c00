package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("RETOUR_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Skip("chromium not found (install Debian's chromium or set RETOUR_CHROMIUM): browser test skipped")
	return ""
}

// apiGet fetches a JSON document with the viewer token.
func apiGet(t *testing.T, e *env, path string, v any) {
	t.Helper()
	code, body := e.do(t, "GET", path, viewerTok, nil)
	if code != 200 {
		t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// TestBrowserExplorer signs in, opens the index, filters the explorer by
// site, drills from a category into a SKU and sees its forecast chart with
// intervals; the numbers shown equal the API's and the KPI table's.
func TestBrowserExplorer(t *testing.T) {
	path := chromium(t)
	e := newEnv(t, "", nil)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(path), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()

	err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/"),
		chromedp.WaitVisible(`input[name=token]`),
		chromedp.SendKeys(`input[name=token]`, viewerTok),
		chromedp.Submit(`input[name=token]`),
		chromedp.WaitReady(`body`),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	title := run(t, ctx, chromedp.Title())
	loc := run(t, ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/reports/index.html") || title == "" {
		t.Fatalf("after sign-in at %s (title %q), want the report index", loc, title)
	}

	var opts ExplorerView
	apiGet(t, e, "/api/v1/explorer", &opts)
	site := opts.Options["sites"][0]
	err = chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/explorer"),
		chromedp.WaitVisible(`#filters`),
		chromedp.SetValue(`#site`, site),
		chromedp.Click(`#apply`),
	)
	if err != nil {
		t.Fatalf("filter by site: %v", err)
	}
	waitURL(t, ctx, url.Values{"site": {site}}.Encode())
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`#total-row`)); err != nil {
		t.Fatalf("filtered page: %v", err)
	}
	loc = run(t, ctx, chromedp.Location())
	shown := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#rows a.drill').length`))
	u, _ := url.Parse(loc)
	if u.Query().Get("site") != site || shown == 0 {
		t.Fatalf("filtered page %s shows %d categories", loc, shown)
	}
	var site0 ExplorerView
	apiGet(t, e, "/api/v1/explorer?"+u.RawQuery, &site0)
	compareCell(t, ctx, `#total-row td[data-k=units]`, float64(site0.Total.Units))
	compareCell(t, ctx, `#total-row td[data-k=units13]`, float64(site0.Total.Units13))
	var kpis struct {
		Data []struct {
			Value float64 `json:"value"`
		} `json:"data"`
	}
	apiGet(t, e, "/api/v1/kpis?"+url.Values{"week": {site0.Week}, "scope": {"site"}, "scope_value": {site}, "kpi": {"returned_units"}}.Encode(), &kpis)
	if len(kpis.Data) != 1 || kpis.Data[0].Value != float64(site0.Total.Units) {
		t.Errorf("site %s week %s: explorer shows %d units, KPI table returned_units %v", site, site0.Week, site0.Total.Units, kpis.Data)
	}

	// Drill: the first category, then its first SKU.
	if err := chromedp.Do(ctx, chromedp.Click(`#rows a.drill`), chromedp.WaitVisible(`#crumb-category`)); err != nil {
		t.Fatalf("drill into a category: %v", err)
	}
	loc = run(t, ctx, chromedp.Location())
	u, _ = url.Parse(loc)
	var cat ExplorerView
	apiGet(t, e, "/api/v1/explorer?"+u.RawQuery, &cat)
	if cat.Level != "category" || u.Query().Get("site") != site {
		t.Fatalf("category page %s: level %s (the site filter must stay)", loc, cat.Level)
	}
	compareCell(t, ctx, `#total-row td[data-k=units13]`, float64(cat.Total.Units13))
	if err := chromedp.Do(ctx, chromedp.Click(`#rows a.drill`), chromedp.WaitVisible(`#forecast-chart`)); err != nil {
		t.Fatalf("drill into a SKU: %v", err)
	}
	paths := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#forecast-chart path.band80, #forecast-chart path.band95, #forecast-chart path.mean, #forecast-chart path.hist').length`))
	if paths != 4 {
		t.Fatalf("forecast chart has %d of the 4 paths (95 %% band, 80 %% band, mean, history)", paths)
	}
	loc = run(t, ctx, chromedp.Location())
	u, _ = url.Parse(loc)
	var sku ExplorerView
	apiGet(t, e, "/api/v1/explorer?"+u.RawQuery, &sku)
	if sku.SKU == nil || len(sku.SKU.Forecast) == 0 {
		t.Fatalf("SKU page %s: no forecast in the API", loc)
	}
	var fc struct {
		Data []struct {
			Mean float64 `json:"mean"`
			Lo80 float64 `json:"lo80"`
			Hi95 float64 `json:"hi95"`
		} `json:"data"`
	}
	apiGet(t, e, "/api/v1/forecasts?"+url.Values{"level": {"sku"}, "key": {sku.SKU.SKU}}.Encode(), &fc)
	if len(fc.Data) != len(sku.SKU.Forecast) {
		t.Fatalf("forecast API %d weeks, explorer %d", len(fc.Data), len(sku.SKU.Forecast))
	}
	means := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#forecast td[data-k=mean]')].map(td => td.textContent)`))
	if len(means) != len(fc.Data) {
		t.Fatalf("page shows %d forecast weeks, API %d", len(means), len(fc.Data))
	}
	for i, m := range means {
		v, _ := strconv.ParseFloat(m, 64)
		if math.Abs(v-fc.Data[i].Mean) > 0.051 || fc.Data[i].Lo80 > fc.Data[i].Mean || fc.Data[i].Hi95 < fc.Data[i].Mean {
			t.Errorf("week %d: page mean %s, API mean %.3f (lo80 %.3f, hi95 %.3f)", i+1, m, fc.Data[i].Mean, fc.Data[i].Lo80, fc.Data[i].Hi95)
		}
	}
}

// waitURL waits until the page's address holds part (the click has led
// to the next page, not just the old one still showing).
func waitURL(t *testing.T, ctx context.Context, part string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		loc := run(t, ctx, chromedp.Location())
		if strings.Contains(loc, part) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page stayed at %s (waiting for %s)", loc, part)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func compareCell(t *testing.T, ctx context.Context, sel string, want float64) {
	t.Helper()
	q, _ := json.Marshal(sel)
	txt := run(t, ctx, chromedp.Evaluate[string](fmt.Sprintf("document.querySelector(%s).textContent", q)))
	got, err := strconv.ParseFloat(strings.TrimSpace(txt), 64)
	if err != nil || got != want {
		t.Errorf("%s shows %q, the API says %s", sel, txt, fmt.Sprint(want))
	}
}

// TestBrowserPackExplorers signs in, opens the reasons, carbon and claims
// explorers from the navigation and drills down in each; every number shown
// equals the API's, and the totals equal the stage tables'.
func TestBrowserPackExplorers(t *testing.T) {
	path := chromium(t)
	e := newEnv(t, "", nil)
	ctx := browser(t, path)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/explorer"),
		chromedp.WaitVisible(`input[name=token]`),
		chromedp.SendKeys(`input[name=token]`, viewerTok),
		chromedp.Submit(`input[name=token]`),
		chromedp.WaitVisible(`#nav-reasons`),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	sum1 := func(q string, args ...any) float64 {
		var f float64
		if err := e.w.QueryRow(context.Background(), q, args...).Scan(&f); err != nil {
			t.Fatal(err)
		}
		return f
	}

	// Reasons: total -> category -> SKU.
	v := openPack(t, ctx, e, `#nav-reasons`, `#reason-mix`)
	if got, want := colSum(t, tableOf(t, v, "reason-mix"), "units"), sum1(`SELECT sum(units) FROM weekly_returned WHERE iso_week = ?`, v.Week); got != want {
		t.Errorf("reasons week %s: %v units shown, weekly_returned %v", v.Week, got, want)
	}
	v = openPack(t, ctx, e, `#categories a.drill`, `#crumb-category`)
	v = openPack(t, ctx, e, `#skus a.drill`, `#sku-reason-weeks`)
	if v.Level != "sku" || len(tableOf(t, v, "sku-reason-weeks").Rows) != reasonWeeks {
		t.Errorf("reasons SKU page: level %s", v.Level)
	}

	// Reverse logistics: total -> site -> SKU; carrier -> SKU. The units
	// shown equal the KPI table's.
	v = openPack(t, ctx, e, `#nav-returns`, `#by-site`)
	if got, want := colSum(t, tableOf(t, v, "by-site"), "returned_units"), sum1(`SELECT value FROM kpi_snapshots
		WHERE run_id = ? AND iso_week = ? AND kpi_id = 'returned_units' AND scope = 'total'`, v.Runs["kpi"], v.Week); got != want {
		t.Errorf("returns week %s: %v units received shown by site, kpi_snapshots %v", v.Week, got, want)
	}
	v = openPack(t, ctx, e, `#by-site a.drill`, `#skus`)
	if v.Filters.Site == "" || colSum(t, tableOf(t, v, "skus"), "units") != colSum(t, tableOf(t, v, "by-site"), "returned_units") {
		t.Errorf("returns site %q: products do not add up to the site's units", v.Filters.Site)
	}
	v = openPack(t, ctx, e, `#skus a.drill`, `#sku-weeks`)
	if v.Level != "sku" || len(tableOf(t, v, "sku-weeks").Rows) != retWeeks {
		t.Errorf("returns SKU page: level %s", v.Level)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`#ops-sku`), chromedp.WaitVisible(`#forecast-chart`)); err != nil {
		t.Errorf("returns SKU page: link to the SKU's forecast: %v", err)
	}

	// Carbon: emitted and avoided apart, by disposition, site, carrier; drill to a SKU.
	v = openPack(t, ctx, e, `#nav-carbon`, `#by-disposition`)
	run := v.Runs["kpi"]
	for _, c := range []struct{ col, expr string }{{"emitted", "transport_kgco2e + processing_kgco2e + end_of_life_kgco2e"}, {"avoided", "avoided_kgco2e"}} {
		want := sum1(`SELECT sum(`+c.expr+`) FROM carbon_facts WHERE run_id = ? AND iso_week = ?`, run, v.Week)
		for _, id := range []string{"by-disposition", "by-site", "by-carrier"} {
			if got := colSum(t, tableOf(t, v, id), c.col); math.Abs(got-want) > 1e-6*math.Max(1, want) {
				t.Errorf("carbon %s %s: %v shown, carbon_facts %v", id, c.col, got, want)
			}
		}
	}
	v = openPack(t, ctx, e, `#skus a.drill`, `#sku-weeks`)

	// Claims: open claims by type, carrier and SKU; drill to the claims behind a SKU.
	v = openPack(t, ctx, e, `#nav-claims`, `#by-type`)
	if got, want := colSum(t, tableOf(t, v, "by-type"), "open"), sum1(`SELECT count(*) FROM kpi_claims_open WHERE run_id = ?`, v.Runs["kpi"]); got != want {
		t.Errorf("claims: %v open shown, kpi_claims_open %v", got, want)
	}
	v = openPack(t, ctx, e, `#by-sku a.drill`, `#sku-open`)
	if v.Filters.SKU == "" {
		t.Errorf("claims drill did not reach a SKU")
	}
}

// browser starts headless Chromium for one test.
func browser(t *testing.T, path string) context.Context {
	t.Helper()
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(path), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	return ctx
}

// openPack clicks click, waits for wait, then checks that every cell of
// every table on the page equals the API's view of the same URL, and
// returns that view.
func openPack(t *testing.T, ctx context.Context, e *env, click, wait string) *PackView {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(click), chromedp.WaitVisible(wait)); err != nil {
		t.Fatalf("click %s: %v", click, err)
	}
	u, _ := url.Parse(run(t, ctx, chromedp.Location()))
	pack := strings.TrimPrefix(u.Path, "/explorer/")
	var v PackView
	apiGet(t, e, "/api/v1/explorer/"+pack+"?"+u.RawQuery, &v)
	fixNumbers(&v)
	for _, tb := range v.Tables {
		for _, c := range tb.Columns {
			if c.Text {
				continue
			}
			q, _ := json.Marshal(fmt.Sprintf(`#%s td[data-k="%s"]`, tb.ID, c.ID))
			shown := run(t, ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(%s)].map(td => td.textContent)`, q)))
			if len(shown) != len(tb.Rows) {
				t.Fatalf("%s %s: page shows %d rows of %s, API %d", pack, tb.ID, len(shown), c.ID, len(tb.Rows))
			}
			for i, s := range shown {
				if tb.Rows[i].Values[indexCol(tb, c.ID)] == nil && s == "-" {
					continue
				}
				got, err := strconv.ParseFloat(s, 64)
				want := toFloat(tb.Rows[i].Values[indexCol(tb, c.ID)])
				if err != nil || math.Abs(got-want) > 0.51*math.Pow(10, -float64(c.Dec)) {
					t.Errorf("%s %s row %s %s: page %q, API %v", pack, tb.ID, tb.Rows[i].Key, c.ID, s, want)
				}
			}
		}
	}
	return &v
}

func toFloat(x any) float64 {
	switch y := x.(type) {
	case int64:
		return float64(y)
	case float64:
		return y
	}
	return math.NaN()
}

func indexCol(tb *PackTable, id string) int {
	for i, c := range tb.Columns {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// fixNumbers turns the API's JSON numbers into float64 and int64 as the
// explorer computes them (whole numbers in columns without decimals).
func fixNumbers(v *PackView) {
	for _, tb := range v.Tables {
		for _, r := range tb.Rows {
			for i, x := range r.Values {
				if f, ok := x.(float64); ok && tb.Columns[i].Dec == 0 && f == math.Trunc(f) && !tb.Columns[i].Text {
					r.Values[i] = int64(f)
				}
			}
		}
	}
}
