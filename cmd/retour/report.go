package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() {
	commands = append(commands, newReportCmd)
	registerDemoStage(demoStage{Name: "reports", Order: 90, Run: reportDemoStage})
}

func newReportCmd() *cobra.Command {
	var week, lang, out, capacity string
	var noExport bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the week's operations, reasons and carbon report packs (HTML) and the index",
		Long: `report writes three self-contained HTML packs for one ISO week into DIR/<week>/
(operations for the supply-chain director, reasons for marketing, carbon for CSR),
the export files they link to into DIR/<week>/exports/, and rebuilds DIR/index.html,
the weekly archive. Each file works offline: ECharts is inlined.`,
		Example: "  retour report\n  retour report --week 2026-W47 --lang fr --out reports",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o := reports.DefaultOptions()
			var err error
			if o.Lang, err = reports.ParseLang(lang); err != nil {
				return usagef("%v", err)
			}
			if week != "" {
				if o.Week, err = reports.ParseWeek(week); err != nil {
					return usagef("--week: %v", err)
				}
			}
			o.Exports = !noExport
			if capacity != "" {
				if o.CapacityFTE, err = reports.ParseCapacity(capacity); err != nil {
					return usagef("--capacity: %v", err)
				}
			}
			w, err := openWarehouseRO(cmd.Context())
			if err != nil {
				return err
			}
			if err := checkReportWeek(cmd.Context(), w, o.Week); err != nil {
				return errors.Join(err, w.Close())
			}
			res, rerr := reports.Render(cmd.Context(), w, out, o)
			if err := w.Close(); err != nil && rerr == nil {
				rerr = err
			}
			if rerr != nil {
				return rerr
			}
			printReport(cmd.OutOrStdout(), res)
			return nil
		},
	}
	cmd.Flags().StringVar(&week, "week", "", "ISO week, "+warehouse.WeekForms+" (default: the latest week with returns)")
	cmd.Flags().StringVar(&lang, "lang", "en", "language: en or fr (labels, numbers, dates)")
	cmd.Flags().StringVar(&out, "out", "reports-out", "output folder")
	cmd.Flags().BoolVar(&noExport, "no-export", false, "do not write the export files beside the packs")
	cmd.Flags().StringVar(&capacity, "capacity", "", "current staff per site in full-time equivalents, SITE=FTE,... (e.g. LILLE=12,LYON=8): the staffing need is compared with it")
	return cmd
}

// checkReportWeek refuses a week without data: its packs would be empty and
// the index would list it as the newest week.
func checkReportWeek(ctx context.Context, w *warehouse.DB, wk reports.Week) error {
	if wk.IsZero() {
		return nil
	}
	ok, err := w.WeekHasData(ctx, wk)
	if err != nil || ok {
		return err
	}
	first, last, has, err := w.DataWeeks(ctx)
	if err != nil {
		return err
	}
	if !has {
		return fmt.Errorf("report %s: %w", wk, reports.ErrNoData)
	}
	return fmt.Errorf("report %s: no shipments or returns that week; the data covers %s to %s: pick a week in that range", wk, first, last)
}

func printReport(out io.Writer, res *reports.Result) {
	if global.quiet {
		fmt.Fprintln(out, res.Index)
		return
	}
	fmt.Fprintf(out, "week %s\n", res.Week)
	paths := make([]string, 0, len(res.Bytes))
	for p := range res.Bytes {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(out, "  %-60s %7.1f KB\n", p, float64(res.Bytes[p])/1024)
	}
	if len(res.Exports) > 0 {
		fmt.Fprintf(out, "  %d export files in %s\n", len(res.Exports), filepath.Dir(res.Exports[0]))
	}
	fmt.Fprintf(out, "index: %s\n", res.Index)
}

// reportDemoStage renders the packs into outDir/reports and returns the
// index path. The shipped notebooks run after the demo closes the warehouse
// (runShippedNotebooks), on a sandboxed read-only copy of the connection.
func reportDemoStage(ctx context.Context, w *warehouse.DB, outDir string, log io.Writer) (string, error) {
	dir := filepath.Join(outDir, "reports")
	o := reports.DefaultOptions()
	if _, err := reports.Render(ctx, w, dir, o); err != nil {
		return "", err
	}
	idx, err := reports.RenderIndex(dir, o)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(idx)
	if err != nil {
		abs = idx
	}
	return "reports: " + abs, nil
}
