package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDemoDataCmd) }

func newDemoDataCmd() *cobra.Command {
	opts := demo.DefaultOptions()
	var out string
	cmd := &cobra.Command{
		Use:   "demo-data --out DIR",
		Short: "Write deterministic demo data (products, orders, returns, claims) and its ground truth",
		Long: `demo-data writes products.csv, order_lines.csv, return_lines.csv, claims.csv and
truth.json into DIR for a multi-sector retailer (fashion, high-tech, food, furniture,
appliances). The same options give the same bytes. truth.json holds the parameters the
rows were drawn from (demand, return probabilities, lags, reason mixes, events).
See docs/demo-data.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("demo-data: --out DIR is required")
			}
			wk, err := warehouse.ParseWeek(opts.EndWeek)
			if err != nil {
				return usagef("--end-week: %v", err)
			}
			opts.EndWeek = wk.String()
			start := time.Now()
			truth, err := demo.Generate(cmd.Context(), out, opts)
			if errors.Is(err, demo.ErrOptions) {
				return &usageError{err}
			}
			if err != nil {
				return err
			}
			elapsed := time.Since(start)
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "demo data in %s (seed %d, %d SKUs, %d weeks, %s to %s)\n",
				out, truth.Seed, len(truth.Products), truth.Weeks, truth.StartWeek, truth.EndWeek)
			total := 0
			for _, name := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
				n := truth.Files[name]
				total += n
				line := fmt.Sprintf("  %-18s %10d rows", filepath.Join(out, name), n)
				if d := truth.Files[name] - truth.Clean[name]; d > 0 {
					line += fmt.Sprintf(" (%d dirty)", d)
				}
				fmt.Fprintln(w, line)
			}
			fmt.Fprintf(w, "  %-18s ground truth, %d events\n", filepath.Join(out, demo.TruthFile), len(truth.Events))
			fmt.Fprintf(w, "%d rows in %.2f s (%.0f rows/s)\n", total, elapsed.Seconds(), float64(total)/elapsed.Seconds())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "", "output folder (created if needed)")
	f.IntVar(&opts.SKUs, "skus", opts.SKUs, "number of products")
	f.IntVar(&opts.Weeks, "weeks", opts.Weeks, "weeks of history, ending with --end-week")
	f.Int64Var(&opts.Seed, "seed", opts.Seed, "random seed (same seed and options, same bytes)")
	f.BoolVar(&opts.Dirty, "dirty", false, "mix in realistic bad rows and write products.csv in Latin-1")
	f.IntVar(&opts.Lines, "lines", 0, "target number of order lines (scales demand); 0 = natural size")
	f.StringVar(&opts.EndWeek, "end-week", opts.EndWeek, "last ISO week of data ("+warehouse.WeekForms+")")
	f.StringSliceVar(&opts.Sites, "site", nil, "returns warehouse CODE:CC (repeatable; default FR-LIL, DE-DUI, ES-ZAZ, IT-PIA, PL-POZ)")
	return cmd
}
