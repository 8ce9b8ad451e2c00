package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/forecast"
	"github.com/retour-analytics/retour/kpi"
	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
)

// The fixture is a small demo warehouse (12 SKUs, 60 weeks) with forecast,
// KPIs and packs, built once per test binary and copied into each test's
// folder. The pipeline is the one cmd/retour wires (servePipeline).

const viewerTok = "viewer-token-0123456789"

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		_ = os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

func testPipeline() Pipeline {
	return Pipeline{
		Load: func(ctx context.Context, w *warehouse.DB, file string, lo LoadOptions) (LoadResult, error) {
			opts := etl.DefaultOptions()
			if lo.MaxRecordBytes > 0 {
				opts.MaxRecordBytes = lo.MaxRecordBytes
			}
			if lo.Mapping != "" {
				m, err := etl.LoadMapping(lo.Mapping)
				if err != nil {
					return LoadResult{}, err
				}
				opts.Mapping = m
			}
			s, err := etl.LoadFile(ctx, w, file, opts)
			return LoadResult{RunID: s.RunID, Entity: s.Entity, Read: s.Read, Inserted: s.Inserted, Updated: s.Updated,
				Unchanged: s.Unchanged, Quarantined: s.Quarantined}, err
		},
		Refresh: func(ctx context.Context, w *warehouse.DB, dir, lang string) (RefreshResult, error) {
			var res RefreshResult
			if _, err := forecast.RunStage(ctx, w, forecast.DefaultOptions()); err != nil {
				return res, err
			}
			var err error
			if _, err := kpi.Compute(ctx, w, kpi.DefaultOptions()); err != nil {
				return res, err
			}
			o := reports.DefaultOptions()
			if o.Lang, err = reports.ParseLang(lang); err != nil {
				return res, err
			}
			r, err := reports.Render(ctx, w, dir, o)
			if err != nil {
				return res, err
			}
			res.Week, res.Packs = r.Week.String(), r.Packs
			res.Lines = []string{"refreshed " + res.Week}
			return res, nil
		},
	}
}

// buildFixture writes demo data, loads it and refreshes once.
func buildFixture() (string, error) {
	dir, err := os.MkdirTemp("", "retour-serve-fixture-")
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	o := demo.DefaultOptions()
	o.SKUs, o.Weeks = 12, 60
	if _, err := demo.Generate(ctx, filepath.Join(dir, "data"), o); err != nil {
		return dir, fmt.Errorf("demo data: %w", err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "retour.duckdb"), warehouse.Options{})
	if err != nil {
		return dir, err
	}
	var files []string
	for _, f := range []string{"products", "order_lines", "return_lines", "claims"} {
		files = append(files, filepath.Join(dir, "data", f+".csv"))
	}
	if _, err := etl.LoadFiles(ctx, w, files, etl.DefaultOptions()); err != nil {
		return dir, err
	}
	if _, err := testPipeline().Refresh(ctx, w, filepath.Join(dir, "reports"), "en"); err != nil {
		return dir, err
	}
	return dir, w.Close()
}

// env is one test's server on a copy of the fixture.
type env struct {
	dir string
	cfg *Config
	w   *warehouse.DB
	s   *Server
	ts  *httptest.Server
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// newEnv copies the fixture into t.TempDir() and starts a server with the
// config body (tokens are added) and pipe (nil: the real pipeline).
func newEnv(t *testing.T, extra string, pipe *Pipeline) *env {
	t.Helper()
	fixtureOnce.Do(func() { fixtureDir, fixtureErr = buildFixture() })
	if fixtureErr != nil {
		t.Fatalf("fixture: %v", fixtureErr)
	}
	dir := t.TempDir()
	copyTree(t, fixtureDir, dir)
	body := fmt.Sprintf("warehouse: retour.duckdb\nreports_dir: reports\ninbox:\n  dir: inbox\n  poll: 100ms\ntokens:\n  viewers: [%s]\n  admins: [%s]\n%s", viewerTok, adminTok, extra)
	cfgPath := filepath.Join(dir, "retour.yaml")
	if err := os.WriteFile(cfgPath, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(context.Background(), cfg.Warehouse, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	p := testPipeline()
	if pipe != nil {
		p = *pipe
	}
	s, err := New(w, Options{Config: cfg, Pipeline: p, Log: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	s.setReady(true)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return &env{dir: dir, cfg: cfg, w: w, s: s, ts: ts}
}

// do sends a request with an optional bearer token and returns status and body.
func (e *env) do(t *testing.T, method, path, token string, body io.Reader, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
