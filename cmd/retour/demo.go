package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDemoCmd) }

func newDemoCmd() *cobra.Command {
	opts := demo.DefaultOptions()
	var out string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run everything on demo data: generate -> load -> forecast -> KPIs -> reports",
		Long: `demo generates demo data into --out/data, loads it into the warehouse
(--db, RETOUR_DB, or --out/retour.duckdb), then runs the forecast, KPI and
report stages, and prints where the output is.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			w := cmd.OutOrStdout()
			if err := os.MkdirAll(out, 0o755); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			dbPath := global.db
			if dbPath == "" {
				dbPath = os.Getenv("RETOUR_DB")
			}
			if dbPath == "" {
				dbPath = filepath.Join(out, "retour.duckdb")
			}
			t0 := time.Now()
			dataDir := filepath.Join(out, "data")
			truth, err := demo.Generate(ctx, dataDir, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "demo data: %s (%d SKUs, %d weeks, %d order lines) in %.1fs\n", dataDir, len(truth.Products), truth.Weeks, truth.Files[demo.OrderLinesFile], time.Since(t0).Seconds())
			wh, err := warehouse.Open(ctx, dbPath, warehouse.Options{})
			if err != nil {
				return err
			}
			defer wh.Close()
			var files []string
			for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
				files = append(files, filepath.Join(dataDir, f))
			}
			t0 = time.Now()
			sums, err := etl.LoadFiles(ctx, wh, files, etl.DefaultOptions())
			for _, s := range sums {
				fmt.Fprintf(w, "load %-14s read %d inserted %d quarantined %d %s\n", s.Entity, s.Read, s.Inserted, s.Quarantined, s.Status)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "warehouse: %s (loaded in %.1fs)\n", dbPath, time.Since(t0).Seconds())
			stages := append([]demoStage(nil), demoStages...)
			sort.SliceStable(stages, func(i, j int) bool { return stages[i].Order < stages[j].Order })
			for _, st := range stages {
				t0 = time.Now()
				line, err := st.Run(ctx, wh, out, cmd.ErrOrStderr())
				if err != nil {
					return fmt.Errorf("demo %s: %w", st.Name, err)
				}
				if line != "" {
					fmt.Fprintf(w, "%s (%.1fs)\n", line, time.Since(t0).Seconds())
				}
			}
			if err := wh.Close(); err != nil {
				return err
			}
			// The shipped notebooks (and their self-checks) run last, on the
			// warehouse reopened read-only and sandboxed; a failing check
			// fails the demo.
			t0 = time.Now()
			line, err := runShippedNotebooks(ctx, dbPath, filepath.Join(out, "reports"))
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			fmt.Fprintf(w, "%s (%.1fs)\n", line, time.Since(t0).Seconds())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "demo-out", "output folder")
	f.IntVar(&opts.SKUs, "skus", opts.SKUs, "number of products")
	f.IntVar(&opts.Weeks, "weeks", opts.Weeks, "weeks of history")
	f.Int64Var(&opts.Seed, "seed", opts.Seed, "random seed")
	f.BoolVar(&opts.Dirty, "dirty", false, "mix in realistic bad rows")
	return cmd
}
