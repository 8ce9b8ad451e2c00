package forecast

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
)

func TestOptionsValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Options)
		want string // "" = valid
	}{
		{"defaults", func(*Options) {}, ""},
		{"horizon 0", func(o *Options) { o.Horizon = 0 }, "want 1 to 104"},
		{"horizon negative", func(o *Options) { o.Horizon = -3 }, "want 1 to 104"},
		{"horizon too long", func(o *Options) { o.Horizon = 105 }, "want 1 to 104"},
		{"origins 1000", func(o *Options) { o.Origins = 1000 }, "want 1 to 26"},
		{"origins 0", func(o *Options) { o.Origins = 0 }, "want 1 to 26"},
		{"step 0", func(o *Options) { o.Step = 0 }, "want 1 to 52"},
		{"unknown selection", func(o *Options) { o.Selection = "average" }, `selection "average": want pooled, family, auto, combo or best`},
		{"empty selection", func(o *Options) { o.Selection = "" }, `want pooled, family, auto, combo or best`},
		{"unknown model", func(o *Options) { o.Models = []string{"ets", "prophet"} }, `unknown model "prophet": want one of naive`},
		{"known models", func(o *Options) { o.Models = []string{"ets", "snaive"} }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := DefaultOptions()
			tc.edit(&o)
			err := o.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v; want ErrOptions saying %q", err, tc.want)
			}
		})
	}
}

// TestRunStage runs the stage on a small demo: an ok run with its summary,
// then a run the engine refuses, recorded as failed; the latest good run
// stays the first.
func TestRunStage(t *testing.T) {
	if !warehouse.ArrowEnabled {
		t.Skip("needs -tags=duckdb_arrow")
	}
	ctx := context.Background()
	dir := t.TempDir()
	dopts := demo.DefaultOptions()
	dopts.SKUs, dopts.Weeks = 12, 60
	if _, err := demo.Generate(ctx, dir, dopts); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := RunStage(ctx, w, DefaultOptions()); !errors.Is(err, ErrNoData) {
		t.Fatalf("empty warehouse: %v, want ErrNoData", err)
	}
	var paths []string
	for _, f := range []string{"products.csv", "order_lines.csv", "return_lines.csv"} {
		paths = append(paths, filepath.Join(dir, f))
	}
	if _, err := etl.LoadFiles(ctx, w, paths, etl.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := RunStage(ctx, w, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.RunID == 0 || res.SKUs == 0 || res.Horizon != 13 || res.WAPE <= 0 || res.Origin.String() != dopts.EndWeek {
		t.Fatalf("summary %+v (want origin %s)", res, dopts.EndWeek)
	}
	if !strings.Contains(res.String(), "forecast run ") || !strings.Contains(res.String(), res.Origin.Add(1).String()) {
		t.Fatalf("summary line %q", res)
	}
	if res.Links.Linked() != 1 || !strings.Contains(res.String(), "100 % of returned units linked") || res.OrderLinkedSKUs == 0 {
		t.Errorf("linked demo returns: links %+v, %d order-linked SKUs, line %q", res.Links, res.OrderLinkedSKUs, res)
	}
	if _, err := w.Exec(ctx, `UPDATE return_lines SET order_id = NULL, line_id = NULL`); err != nil {
		t.Fatal(err)
	}
	unl, err := RunStage(ctx, w, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if unl.Links.Linked() != 0 || unl.OrderLinkedSKUs != 0 || !strings.Contains(unl.String(), "order-linked model did not run") {
		t.Errorf("unlinked returns: links %+v, %d order-linked SKUs, line %q", unl.Links, unl.OrderLinkedSKUs, unl)
	}
	res = unl
	bad := DefaultOptions()
	bad.Horizon = 60 // longer than the history allows
	if _, err := RunStage(ctx, w, bad); !errors.Is(err, ErrNoHistory) {
		t.Fatalf("horizon 60 on 60 weeks: %v, want ErrNoHistory", err)
	}
	var status, msg string
	if err := w.QueryRow(ctx, `SELECT status, message FROM forecast_runs ORDER BY run_id DESC LIMIT 1`).Scan(&status, &msg); err != nil {
		t.Fatal(err)
	}
	if status != warehouse.StatusFailed || !strings.Contains(msg, "history") {
		t.Fatalf("refused run recorded as %s (%q), want failed", status, msg)
	}
	if id, _ := w.LatestGoodRun(ctx, warehouse.RunForecast); id != res.RunID {
		t.Fatalf("latest good forecast run %d, want %d", id, res.RunID)
	}
	o := DefaultOptions()
	o.Horizon = 0
	if _, err := RunStage(ctx, w, o); !errors.Is(err, ErrOptions) {
		t.Fatalf("horizon 0: %v, want ErrOptions", err)
	}
}
