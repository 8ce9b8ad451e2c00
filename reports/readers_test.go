package reports

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// question is one weekly question of a reader: where its answer shows
// (a CSS selector) and the figure it must show, read from the stage tables.
type question struct {
	q    string
	sel  string
	want func(t *testing.T) string
}

// answerProbe reports an element's text, whether it shows on the first
// screen, and whether a link on the first screen leads to it or to a section
// holding it (one click).
const answerProbe = `((sel) => {
  const el = document.querySelector(sel);
  if (!el) { return {found: false}; }
  const r = el.getBoundingClientRect();
  const first = r.top + window.scrollY < window.innerHeight && r.height > 0;
  const links = [...document.querySelectorAll('a[href^="#"]')]
    .filter(a => a.getBoundingClientRect().top + window.scrollY < window.innerHeight && a.offsetParent !== null)
    .map(a => a.getAttribute('href'));
  let linked = false;
  for (let p = el; p; p = p.parentElement) { if (p.id && links.includes('#' + p.id)) { linked = true; } }
  return {found: true, text: el.innerText, first: first, linked: linked};
})`

type answerState struct {
	Found  bool   `json:"found"`
	Text   string `json:"text"`
	First  bool   `json:"first"`
	Linked bool   `json:"linked"`
}

// TestBrowserReaderQuestions holds each reader's weekly questions and checks,
// in Chromium at 1400 px, that each answer shows on the pack's first screen
// or one click from it (a contents bar, summary or answer link), with the
// figure the stage tables hold.
func TestBrowserReaderQuestions(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bctx := browser(t)
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	res, err := Render(ctx, w, t.TempDir(), testOptions(English))
	if err != nil {
		t.Fatal(err)
	}
	runs, err := packRuns(ctx, w, testWeek)
	if err != nil {
		t.Fatal(err)
	}
	l := English
	kv := func(t *testing.T, id string) (float64, string) {
		var v sql.NullFloat64
		var unit string
		err := w.QueryRow(ctx, `SELECT s.value, COALESCE(d.unit, '') FROM kpi_snapshots s LEFT JOIN kpi_definitions d USING (kpi_id)
			WHERE s.run_id = ? AND s.kpi_id = ? AND s.scope = 'total' AND s.week_start = ?`, runs.KPI, id, testWeek.Start()).Scan(&v, &unit)
		if err != nil || !v.Valid {
			t.Fatalf("kpi_snapshots %s %s: %v (valid %v)", id, testWeek, err, v.Valid)
		}
		return v.Float64, unit
	}
	tile := func(id string) func(t *testing.T) string {
		return func(t *testing.T) string { v, unit := kv(t, id); return l.Value(v, unit) }
	}
	num := func(id string, dec int) func(t *testing.T) string {
		return func(t *testing.T) string { v, _ := kv(t, id); return l.Number(v, dec) }
	}
	// carbon is the week's sum of a carbon_facts column, as the pack rounds it.
	carbon := func(col, unit string) func(t *testing.T) string {
		return func(t *testing.T) string {
			var v float64
			if err := w.QueryRow(ctx, `SELECT COALESCE(SUM(`+col+`), 0)::DOUBLE FROM carbon_facts WHERE run_id = ? AND week_start = ?`, runs.KPI, testWeek.Start()).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return l.Value(math.Round(100*v)/100, unit)
		}
	}
	readers := []struct {
		reader, pack string
		qs           []question
	}{
		{"operations director", "operations", []question{
			{"What is the return rate?", "#kpi-return_rate .value", tile("return_rate")},
			{"How long does processing take?", "#kpi-processing_hours_mean .value", tile("processing_hours_mean")},
			{"What does a processed unit cost?", "#kpi-cost_per_unit .value", tile("cost_per_unit")},
			{"How many claims are open?", "#kpi-claims_open .value", tile("claims_open")},
			{"How many hours of work next week?", "#summary", func(t *testing.T) string {
				var h float64
				if err := w.QueryRow(ctx, `SELECT SUM(hours) FROM workload_forecasts WHERE run_id = ?
					AND week_start = (SELECT min(week_start) FROM workload_forecasts WHERE run_id = ?)`, runs.Forecast, runs.Forecast).Scan(&h); err != nil {
					t.Fatal(err)
				}
				return l.Number(h, 0) + " hours"
			}},
			{"How many returns next week?", "#summary", func(t *testing.T) string {
				var mean float64
				if err := w.QueryRow(ctx, `SELECT mean FROM forecasts WHERE run_id = ? AND level = 'total' ORDER BY week_start LIMIT 1`, runs.Forecast).Scan(&mean); err != nil {
					t.Fatal(err)
				}
				return "next week " + l.Number(mean, 0) + " "
			}},
			{"Which KPI is worst against its band?", "#summary", func(t *testing.T) string {
				var name, unit, scope, sector string
				var v float64
				err := w.QueryRow(ctx, `SELECT d.name_en, d.unit, s.scope, s.scope_value, s.value FROM kpi_snapshots s JOIN kpi_definitions d USING (kpi_id)
					WHERE s.run_id = ? AND s.week_start = ? AND s.scope IN ('total', 'sector') AND s.benchmark_status = 'worse' AND s.value IS NOT NULL
					  AND s.benchmark_low IS NOT NULL AND s.benchmark_high IS NOT NULL AND COALESCE(d.audience, '') IN ('operations', 'claims', '')
					  AND s.kpi_id NOT IN (SELECT kpi_id FROM kpi_unsupported WHERE run_id = ?)
					ORDER BY greatest(s.value - s.benchmark_high, s.benchmark_low - s.value) /
					         CASE WHEN s.benchmark_high > s.benchmark_low THEN s.benchmark_high - s.benchmark_low
					              ELSE greatest(abs(s.benchmark_high), abs(s.benchmark_low), 1) END DESC, s.kpi_id
					LIMIT 1`, runs.KPI, testWeek.Start(), runs.KPI).Scan(&name, &unit, &scope, &sector, &v)
				if err == sql.ErrNoRows {
					return "No KPI is worse than its band this week"
				}
				if err != nil {
					t.Fatal(err)
				}
				if scope == "sector" {
					name += " (" + l.Name(sector) + ")"
				}
				return "Worst against its band: " + name + " at " + l.Value(v, unit) + ","
			}},
		}},
		{"reverse-logistics manager", "returns", []question{
			{"How many returns did we receive?", "#answer-received dd", num("returned_units", 0)},
			{"How long does processing take (median)?", "#answer-time dd", tile("processing_time_median")},
			{"How many units wait for processing?", "#answer-stock dd", num("backlog_units", 0)},
			{"How many have waited over 7 days?", "#answer-old dd", num("backlog_gt7d", 0)},
			{"What does a returned unit cost?", "#answer-cost dd", tile("cost_per_unit")},
		}},
		{"marketing", "reasons", []question{
			{"What is the return rate?", "#kpi-return_rate .value", tile("return_rate")},
			{"Which SKU's reason alert is strongest now?", "#alerts", func(t *testing.T) string {
				as, err := loadReasonAlerts(ctx, w, runs.Forecast, testWeek, testOptions(English))
				if err != nil || len(as) == 0 || !as[0].Active {
					t.Fatalf("no active alert in the seed: %v", err)
				}
				return as[0].Key
			}},
			{"What do customers say about it?", "#alert-key-1", func(t *testing.T) string {
				as, _ := loadReasonAlerts(ctx, w, runs.Forecast, testWeek, testOptions(English))
				var c string
				err := w.QueryRow(ctx, `SELECT trim(reason_text) FROM return_comments WHERE sku = ? AND reason = ? AND week_start >= ? AND week_start < ?
					ORDER BY week_start DESC, trim(reason_text) LIMIT 1`, as[0].Key, as[0].Reason, WeekOf(as[0].Start).Start(), testWeek.End()).Scan(&c)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}},
			{"What share of the returns is defective?", "#kpi-defect_share .value", tile("defect_share")},
			{"Since when has the alert's reason risen?", "#alerts", func(t *testing.T) string {
				as, _ := loadReasonAlerts(ctx, w, runs.Forecast, testWeek, testOptions(English))
				return "since " + WeekOf(as[0].Start).String()
			}},
		}},
		{"CSR", "carbon", []question{
			{"What did return transport emit this week?", "#fig-transport", carbon("transport_kgco2e", "kgCO2e")},
			{"What did processing emit?", "#fig-processing", carbon("processing_kgco2e", "kgCO2e")},
			{"What did end of life emit?", "#fig-end_of_life", carbon("end_of_life_kgco2e", "kgCO2e")},
			{"What did returns avoid?", "#fig-avoided", carbon("avoided_kgco2e", "kgCO2e")},
			{"How many units were processed?", "#fig-units", carbon("units", "units")},
			{"What share was destroyed?", "#kpi-destruction_rate .value", tile("destruction_rate")},
		}},
		{"claims manager", "claims", []question{
			{"How many claims were opened this week?", "#answer-opened dd", func(t *testing.T) string { return num("claims_opened", 0)(t) + " / " }},
			{"How many were closed?", "#answer-opened dd", func(t *testing.T) string { return " / " + num("claims_closed", 0)(t) }},
			{"How many claims are open, for how much?", "#answer-open dd", func(t *testing.T) string {
				var n int
				var amt float64
				if err := w.QueryRow(ctx, `SELECT count(*), COALESCE(SUM(amount), 0) FROM kpi_claims_open WHERE run_id = ?`, runs.KPI).Scan(&n, &amt); err != nil {
					t.Fatal(err)
				}
				return l.Number(float64(n), 0) + " · " + l.Value(amt, "EUR")
			}},
			{"Which is the oldest open claim?", "#answer-oldest dd", func(t *testing.T) string {
				var id string
				if err := w.QueryRow(ctx, `SELECT claim_id FROM kpi_claims_open WHERE run_id = ? ORDER BY age_days DESC, claim_id LIMIT 1`, runs.KPI).Scan(&id); err != nil {
					t.Fatal(err)
				}
				return "(" + id + ")"
			}},
			{"Which causes recur?", "#answer-recurring dd", func(t *testing.T) string {
				var n int
				if err := w.QueryRow(ctx, `SELECT count(*) FROM kpi_claims_recurring WHERE run_id = ?`, runs.KPI).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return l.Number(float64(n), 0)
			}},
		}},
	}
	for _, rd := range readers {
		t.Run(rd.pack, func(t *testing.T) {
			file, ok := res.Packs[rd.pack]
			if !ok {
				t.Fatalf("no %s pack rendered", rd.pack)
			}
			if len(rd.qs) < 5 {
				t.Fatalf("%s: %d questions, want at least 5", rd.reader, len(rd.qs))
			}
			pctx, _ := openOffline(t, bctx, file)
			if _, err := chromedp.Call(pctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1400, Height: 900, DeviceScaleFactor: 1}); err != nil {
				t.Fatal(err)
			}
			waitCharts(t, pctx, 10*time.Second)
			for _, q := range rd.qs {
				want := q.want(t)
				st, err := chromedp.Run(pctx, chromedp.Evaluate[answerState](answerProbe+"("+jsString(q.sel)+")"))
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case !st.Found:
					t.Errorf("%s: %q: no %s on the page", rd.reader, q.q, q.sel)
				case !st.First && !st.Linked:
					t.Errorf("%s: %q: %s neither on the first screen nor one click from it", rd.reader, q.q, q.sel)
				case !strings.Contains(st.Text, want):
					t.Errorf("%s: %q: %s shows %q, want %q", rd.reader, q.q, q.sel, st.Text, want)
				}
			}
		})
	}
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
