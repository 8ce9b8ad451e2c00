package serve

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestSanitizeUploadName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ventes.csv", "ventes.csv"},
		{`C:\Users\ana\ventes 2026.csv`, "ventes_2026.csv"},
		{"../../etc/passwd", "passwd"},
		{"..hidden..csv", "hidden.csv"},
		{"retours été.csv", "retours__t_.csv"},
		{".env", "env"},
		{"a/b/", ""},
		{"orders.csv.done", ""},
		{"...", ""},
	} {
		got, err := sanitizeUploadName(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("sanitizeUploadName(%q) = %q, want refused", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("sanitizeUploadName(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// signIn opens path in a fresh browser and signs in with tok.
func signIn(t *testing.T, e *env, tok, path string) context.Context {
	t.Helper()
	ctx := browser(t, chromium(t))
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+path),
		chromedp.WaitVisible(`input[name=token]`),
		chromedp.SendKeys(`input[name=token]`, tok),
		chromedp.Submit(`input[name=token]`),
		chromedp.Sleep(time.Second),
		chromedp.WaitReady(`body`),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if body := run(t, ctx, chromedp.OuterHTML(`html`)); !strings.Contains(body, "<nav") {
		t.Fatalf("after sign-in at %s: %.500s", run(t, ctx, chromedp.Location()), body)
	}
	return ctx
}

// TestBrowserAdmin: an admin finds the administration page from the
// explorer, uploads a valid file through the form (with its CSRF token),
// sees the result and the file appear as loaded, and starts a run; a
// viewer gets no admin link or form, 403 on the page, and 403 on a forged
// upload from the browser and from a script with the viewer's token.
func TestBrowserAdmin(t *testing.T) {
	e := newEnv(t, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.s.inboxLoop(ctx) }()
	defer func() { cancel(); <-done }()

	file := filepath.Join(t.TempDir(), "produits nouveaux.csv")
	if err := os.WriteFile(file, []byte("sku,name,category,sector\nADM-SKU-1,Admin jacket,jackets,fashion\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bctx := signIn(t, e, adminTok, "/explorer/reasons")
	err := chromedp.Do(bctx,
		chromedp.Click(`#nav-admin`),
		chromedp.WaitVisible(`#upload-file`),
		chromedp.SetUploadFiles(`#upload-file`, []string{file}),
		chromedp.Click(`#upload-submit`),
		chromedp.WaitVisible(`#result`),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	msg := run(t, bctx, chromedp.Text(`#result`))
	if !strings.Contains(msg, "produits_nouveaux.csv") || !strings.Contains(msg, "queued") {
		t.Fatalf("upload result %q", msg)
	}
	status := ""
	waitFor(t, 60*time.Second, "the uploaded file shown as loaded", func() bool {
		if err := chromedp.Do(bctx, chromedp.Navigate(e.ts.URL+"/admin"), chromedp.WaitVisible(`#files`)); err != nil {
			t.Fatal(err)
		}
		status = run(t, bctx, chromedp.Evaluate[string](`(document.querySelector('#files tr[data-name="produits_nouveaux.csv"] td[data-k=status]') || {}).textContent || ''`))
		return status == "loaded"
	})
	var n int
	if err := e.w.QueryRow(context.Background(), `SELECT count(*) FROM products WHERE sku = 'ADM-SKU-1'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("uploaded product in the warehouse: %d, %v", n, err)
	}
	if err := chromedp.Do(bctx, chromedp.Click(`#run-now`), chromedp.WaitVisible(`#result`)); err != nil {
		t.Fatal(err)
	}
	if msg := run(t, bctx, chromedp.Text(`#result`)); !strings.Contains(msg, "Run started") && !strings.Contains(msg, "in progress") {
		t.Errorf("run now: %q", msg)
	}
	e.s.runMu.Lock() // wait for the run to end before the warehouse closes
	e.s.runMu.Unlock()

	// A viewer: no link, no form, 403 everywhere.
	vctx := signIn(t, e, viewerTok, "/explorer/carbon")
	if n := run(t, vctx, chromedp.Evaluate[int](`document.querySelectorAll('#nav-admin, form[action^="/admin"], input[type=file]').length`)); n != 0 {
		t.Errorf("the viewer's explorer shows %d admin elements", n)
	}
	run(t, vctx, chromedp.Evaluate[bool](`(() => {
		const f = document.createElement('form'); f.method = 'post'; f.action = '/admin/upload';
		const i = document.createElement('input'); i.name = 'csrf_token'; i.value = 'forged'; f.appendChild(i);
		document.body.appendChild(f); f.submit(); return true })()`))
	if err := chromedp.Do(vctx, chromedp.Sleep(500*time.Millisecond), chromedp.WaitReady(`body`)); err != nil {
		t.Fatal(err)
	}
	if body := run(t, vctx, chromedp.Text(`body`)); !strings.Contains(body, "admin token") {
		t.Errorf("forged upload from the viewer's browser: %q", body)
	}
	for _, p := range []string{"/admin", "/admin/run", "/admin/upload"} {
		method := map[bool]string{true: "GET", false: "POST"}[p == "/admin"]
		if code, _ := e.do(t, method, p, viewerTok, strings.NewReader(url.Values{"csrf_token": {"x"}}.Encode()), "Content-Type", "application/x-www-form-urlencoded"); code != 403 {
			t.Errorf("viewer %s %s: %d, want 403", method, p, code)
		}
	}
	if exists(filepath.Join(e.cfg.Inbox.Dir, "archive", "produits_nouveaux.csv")) == false {
		t.Errorf("the uploaded file is not in archive/")
	}
}
