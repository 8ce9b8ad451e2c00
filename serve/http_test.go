package serve

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

func TestAccess(t *testing.T) {
	e := newEnv(t, "", nil)
	cases := []struct {
		name, method, path, token string
		want                      int
	}{
		{"healthz is open", "GET", "/healthz", "", 200},
		{"no token: archive", "GET", "/reports/index.html", "", 401},
		{"no token: api", "GET", "/api/v1/kpis", "", 401},
		{"no token: metrics", "GET", "/metrics", "", 401},
		{"no token: readyz", "GET", "/readyz", "", 401},
		{"no token: openapi", "GET", "/api/v1/openapi.json", "", 401},
		{"wrong token", "GET", "/api/v1/kpis", "not-a-valid-token-at-all", 401},
		{"viewer reads", "GET", "/api/v1/kpis", viewerTok, 200},
		{"viewer reads the archive", "GET", "/reports/index.html", viewerTok, 200},
		{"viewer cannot upload", "POST", "/api/v1/upload?name=x.csv", viewerTok, 403},
		{"viewer cannot run", "POST", "/api/v1/runs", viewerTok, 403},
		{"no token cannot upload", "POST", "/api/v1/upload?name=x.csv", "", 401},
		{"traversal", "GET", "/reports/../retour.yaml", viewerTok, 0},
		{"encoded traversal", "GET", "/reports/%2e%2e/retour.yaml", viewerTok, 400},
		{"encoded slash", "GET", "/reports/..%2fretour.yaml", viewerTok, 400},
		{"absolute", "GET", "/reports//etc/passwd", viewerTok, 0},
		{"absolute encoded", "GET", "/reports/%2fetc%2fpasswd", viewerTok, 400},
		{"dot file", "GET", "/reports/.hidden", viewerTok, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do(t, tc.method, tc.path, tc.token, strings.NewReader("a,b\n1,2\n"))
			if tc.want == 0 { // the mux cleans the path and redirects; what matters is that nothing leaks
				if code == 200 || strings.Contains(body, "tokens:") || strings.Contains(body, "root:") {
					t.Fatalf("%s %s: %d %q leaks a file outside the report folder", tc.method, tc.path, code, body)
				}
				return
			}
			if code != tc.want {
				t.Fatalf("%s %s = %d, want %d (%s)", tc.method, tc.path, code, tc.want, body)
			}
			if strings.Contains(body, "tokens:") || strings.Contains(body, "root:") {
				t.Fatalf("body leaks a file: %q", body)
			}
		})
	}
}

func TestArchiveName(t *testing.T) {
	for _, tc := range []struct{ raw, dec, want string }{
		{"", "", "index.html"}, {"2026-W46/operations.html", "2026-W46/operations.html", "2026-W46/operations.html"},
		{"..", "..", ""}, {"a/../../x", "a/../../x", ""}, {"%2E%2E/x", "../x", ""}, {"a%5cb", "a\\b", ""}, {"/etc/passwd", "/etc/passwd", ""},
		{"a%00b", "a\x00b", ""}, {"C:%5cx", "C:\\x", ""},
	} {
		got, err := archiveName(tc.raw, tc.dec)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("archiveName(%q) = %q, %v; want %q", tc.raw, got, err, tc.want)
		}
	}
}

// TestSessionCSRF signs in as a browser would and checks the cookie, the
// CSRF check on admin POSTs and the security headers.
func TestSessionCSRF(t *testing.T) {
	e := newEnv(t, "", nil)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(e.ts.URL+"/signin", url.Values{"token": {"wrong-token-0123456789"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("sign-in with a wrong token = %d, want 401", resp.StatusCode)
	}
	resp, err = c.PostForm(e.ts.URL+"/signin", url.Values{"token": {adminTok}, "next": {"//evil.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ck := resp.Header.Get("Set-Cookie")
	if resp.StatusCode != 303 || !contains(ck, "HttpOnly", "SameSite=Strict", sessionCookie+"=") {
		t.Fatalf("sign-in: %d, cookie %q", resp.StatusCode, ck)
	}
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Fatalf("sign-in redirects to %q, want / (open redirect)", loc)
	}
	resp, err = c.Get(e.ts.URL + "/api/v1/session")
	if err != nil {
		t.Fatal(err)
	}
	var sess map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	if sess["role"] != "admin" || len(sess["csrf_token"]) < 16 {
		t.Fatalf("session = %v", sess)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	post := func(csrf string) int {
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/upload?name=x.csv", strings.NewReader("a\n"))
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != 403 {
		t.Fatalf("admin POST without CSRF token = %d, want 403", code)
	}
	if code := post("0000"); code != 403 {
		t.Fatalf("admin POST with a wrong CSRF token = %d, want 403", code)
	}
	if code := post(sess["csrf_token"]); code != 202 {
		t.Fatalf("admin POST with the CSRF token = %d, want 202", code)
	}
}

func TestUploadNames(t *testing.T) {
	e := newEnv(t, "", nil)
	for _, name := range []string{"../x.csv", "..%2fx.csv", "%2fetc%2fx", ".hidden", "a/b.csv", "a\\b.csv", "x.csv.done", "", "C:x"} {
		code, body := e.do(t, "POST", "/api/v1/upload?name="+name, adminTok, strings.NewReader("a,b\n"))
		if code != 400 {
			t.Errorf("upload name %q = %d, want 400 (%s)", name, code, body)
		}
	}
}

func TestLimits(t *testing.T) {
	e := newEnv(t, "limits:\n  max_body_bytes: 100\n  max_upload_bytes: 1000\n  requests_per_minute: 60\n", nil)
	if code, _ := e.do(t, "POST", "/api/v1/upload?name=big.csv", adminTok, strings.NewReader(strings.Repeat("x", 2000))); code != 413 {
		t.Errorf("upload over max_upload_bytes = %d, want 413", code)
	}
	limited := false
	for i := 0; i < 40 && !limited; i++ {
		code, _ := e.do(t, "GET", "/healthz", "", nil)
		limited = code == 429
	}
	if !limited {
		t.Error("40 requests at once within a 60/minute limit (burst 20) were never refused with 429")
	}
}
