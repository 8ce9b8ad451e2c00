package serve

import (
	"context"
	"encoding/json"
	"math"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/kpi"
)

// TestOpenAPI reads /api/v1/openapi.json, checks it lists exactly the
// routes served under /api/v1, then calls every GET it documents and checks
// the answer against the documented schema.
func TestOpenAPI(t *testing.T) {
	e := newEnv(t, "", nil)
	if err := e.s.recordStart(context.Background()); err != nil {
		t.Fatal(err)
	}
	code, body := e.do(t, "GET", "/api/v1/openapi.json", viewerTok, nil)
	if code != 200 {
		t.Fatalf("openapi.json: %d", code)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Required   []string                  `json:"required"`
						Properties map[string]map[string]any `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	var documented, served []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" /api/v1"+p)
		}
	}
	for _, r := range e.s.routes {
		if strings.Contains(r, " /api/v1/") && !strings.HasSuffix(r, "/openapi.json") {
			served = append(served, r)
		}
	}
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, "\n") != strings.Join(served, "\n") {
		t.Fatalf("documented routes:\n%s\nserved routes:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
	for p, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok {
			continue
		}
		t.Run(p, func(t *testing.T) {
			code, body := e.do(t, "GET", "/api/v1"+p, viewerTok, nil)
			if code != 200 {
				t.Fatalf("GET %s = %d: %s", p, code, body)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("GET %s: not JSON: %v", p, err)
			}
			sch := op.Responses["200"].Content["application/json"].Schema
			for _, req := range sch.Required {
				if _, ok := got[req]; !ok {
					t.Errorf("GET %s lacks required %q", p, req)
				}
			}
			for name, prop := range sch.Properties {
				v, ok := got[name]
				if !ok || v == nil {
					continue
				}
				want := prop["type"]
				var typ string
				switch v.(type) {
				case []any:
					typ = "array"
				case map[string]any:
					typ = "object"
				case string:
					typ = "string"
				case float64:
					typ = "integer"
					if want == "number" {
						typ = "number"
					}
				case bool:
					typ = "boolean"
				}
				if typ != want {
					t.Errorf("GET %s: %s is %s, documented %v", p, name, typ, want)
				}
			}
			if arr, ok := got["data"].([]any); ok && p != "/quarantine" && len(arr) == 0 {
				t.Errorf("GET %s: no rows on the demo warehouse", p)
			}
		})
	}
}

// TestKPIsMatchTable checks the API's KPI values against the KPI tables
// read by the kpi package.
func TestKPIsMatchTable(t *testing.T) {
	e := newEnv(t, "", nil)
	tbl, err := kpi.ReadWeek(context.Background(), e.w, "", []string{"total", "site"})
	if err != nil {
		t.Fatal(err)
	}
	for _, scope := range []string{"total", "site"} {
		code, body := e.do(t, "GET", "/api/v1/kpis?"+url.Values{"week": {tbl.Week}, "scope": {scope}}.Encode(), viewerTok, nil)
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		var got struct {
			Data []struct {
				KPI        string   `json:"kpi_id"`
				ScopeValue string   `json:"scope_value"`
				Value      *float64 `json:"value"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		api := map[string]float64{}
		for _, r := range got.Data {
			if r.Value != nil {
				api[r.KPI+"|"+r.ScopeValue] = *r.Value
			}
		}
		n := 0
		for _, r := range tbl.Rows {
			if r.Scope != scope {
				continue
			}
			n++
			v, ok := api[r.KPI+"|"+r.ScopeValue]
			if !ok || math.Abs(v-r.Value) > 1e-9*math.Max(1, math.Abs(v)) {
				t.Errorf("%s %s=%s: API %v (present %v), KPI table %v", r.KPI, scope, r.ScopeValue, v, ok, r.Value)
			}
		}
		if n == 0 {
			t.Fatalf("no %s rows in the KPI table of %s", scope, tbl.Week)
		}
	}
}

// TestAPIInert checks that markup in the data comes out of the API escaped.
func TestAPIInert(t *testing.T) {
	e := newEnv(t, "", nil)
	payloads := []string{"<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`}
	for i, p := range payloads {
		if _, err := e.w.Exec(context.Background(), `INSERT INTO quarantine (run_id, file, entity, line, col, value, reason) VALUES (999, ?, 'products', ?, 'name', ?, ?)`, p, i+1, p, p); err != nil {
			t.Fatal(err)
		}
	}
	// A product whose name and category hold the payloads, with one return.
	ctx := context.Background()
	if _, err := e.w.Exec(ctx, `INSERT INTO products (sku, name, category, sector, run_id) VALUES ('XSS-1', ?, ?, 'fashion', 0)`, payloads[0], payloads[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := e.w.Exec(ctx, `INSERT INTO return_lines (return_id, sku, qty, received_ts, reason_code, site, run_id)
		SELECT 'R-XSS', 'XSS-1', 1, max(received_ts), ?, ?, 0 FROM return_lines`, payloads[0], payloads[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := e.w.Exec(ctx, `INSERT INTO kpi_claims_open (run_id, as_of, claim_id, sku, carrier, type, opened_ts, age_days, amount)
		SELECT max(run_id), max(as_of), ?, 'XSS-1', ?, ?, max(as_of) - INTERVAL 1 DAY, 1, 1 FROM kpi_claims_open`, payloads[0], payloads[1], payloads[0]); err != nil {
		t.Fatal(err)
	}
	cat := url.QueryEscape(payloads[1])
	var xssWeek string
	if err := e.w.QueryRow(ctx, `SELECT strftime(max(received_ts), '%G-W%V') FROM return_lines`).Scan(&xssWeek); err != nil {
		t.Fatal(err)
	}
	ret := "/explorer/returns?week=" + xssWeek + "&site=" + cat
	for _, path := range []string{"/api/v1/quarantine?run=999", "/api/v1/explorer?category=" + cat, "/explorer", "/explorer?category=" + cat,
		"/explorer?sku=XSS-1&category=" + cat, "/explorer?q=" + url.QueryEscape(payloads[0]),
		"/explorer/reasons?category=" + cat, "/explorer/reasons?sku=XSS-1&category=" + cat, "/api/v1/explorer/reasons?sku=XSS-1",
		"/explorer/carbon?q=" + url.QueryEscape(payloads[0]), "/explorer/carbon?site=" + cat + "&carrier=" + url.QueryEscape(payloads[0]),
		"/explorer/claims", "/explorer/claims?sku=XSS-1", "/api/v1/explorer/claims", "/explorer/claims?carrier=" + cat,
		ret, ret + "&sku=XSS-1", "/api/v1" + ret + "&sku=XSS-1", "/explorer/returns?category=" + cat + "&q=" + url.QueryEscape(payloads[0])} {
		code, body := e.do(t, "GET", path, viewerTok, nil)
		if code != 200 || !strings.Contains(body, "alert(1)") {
			t.Fatalf("GET %s: %d, payload not shown: %.300s", path, code, body)
		}
		for _, bad := range []string{"<script>", "<img"} {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s holds raw %q", path, bad)
			}
		}
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, "", nil)
	e.do(t, "GET", "/api/v1/kpis", viewerTok, nil)
	if err := e.s.run(context.Background(), KindManual, zeroTime, true, func(context.Context, int64) (string, error) { return "done", nil }); err != nil {
		t.Fatal(err)
	}
	e.s.metrics.add("retour_serve_rows_loaded_total", 42)
	code, body := e.do(t, "GET", "/metrics", viewerTok, nil)
	if code != 200 {
		t.Fatal(code)
	}
	for _, want := range []string{
		"# TYPE retour_http_request_duration_seconds histogram",
		`retour_http_request_duration_seconds_bucket{route="GET /api/v1/kpis",le="+Inf"} 1`,
		`retour_http_requests_total{route="GET /api/v1/kpis",code="200"} 1`,
		`retour_serve_runs_total{kind="manual",outcome="ok"} 1`,
		`retour_serve_run_duration_seconds_count{kind="manual"} 1`,
		"retour_serve_rows_loaded_total 42",
		"# TYPE retour_serve_rows_quarantined_total counter",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
