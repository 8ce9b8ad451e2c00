package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/retour-analytics/retour/csvsafe"
	"github.com/retour-analytics/retour/kpi"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() {
	commands = append(commands, newKPICmd)
	registerDemoStage(demoStage{Name: "kpi", Order: 30, Run: runKPIStage})
}

func newKPICmd() *cobra.Command {
	var week, benchFile, factorFile, scopes string
	var asJSON, asCSV bool
	cmd := &cobra.Command{
		Use:   "kpi",
		Short: "Compute weekly KPIs, benchmarks and CO2 figures, and print one week (--week: print only)",
		Long: `kpi computes every reverse-logistics KPI for every ISO week and scope (total,
sector, category, site, carrier, channel), classes values against the sector
benchmark bands, computes the CO2 figures (emitted and avoided, kept apart), and
stores them in the warehouse (kpi_snapshots, carbon_facts). It then prints the
last complete week beside the week before and the band.

With --week, kpi only prints that week from the latest KPI run, without
computing anything or writing to the warehouse (run kpi without --week first).

Definitions: docs/kpis.md. CO2 method and factors: docs/carbon.md.
The shipped bands are reference ranges from the reverse-logistics manager
profile, unsourced: pass your own with --benchmarks.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asCSV {
				return usagef("--json and --csv exclude each other")
			}
			if week != "" {
				if _, err := warehouse.ParseWeek(week); err != nil {
					return usagef("--week: %v", err)
				}
				if benchFile != "" || factorFile != "" {
					return usagef("--week prints a computed week; --benchmarks and --factors apply when computing: run kpi without --week first")
				}
				return printKPIWeek(cmd, week, scopes, asJSON, asCSV)
			}
			opts := kpi.DefaultOptions()
			if benchFile != "" {
				b, err := kpi.LoadBenchmarks(benchFile)
				if err != nil {
					return err
				}
				opts.Benchmarks = b
			}
			if factorFile != "" {
				f, err := kpi.LoadFactors(factorFile)
				if err != nil {
					return err
				}
				opts.Carbon.Factors = f
			}
			ctx := cmd.Context()
			w, err := openWarehouse(ctx)
			if err != nil {
				return err
			}
			defer w.Close()
			res, err := kpi.Compute(ctx, w, opts)
			if err != nil {
				return err
			}
			if !global.quiet && !asJSON && !asCSV {
				fmt.Fprintln(cmd.ErrOrStderr(), kpiSummary(res))
			}
			t, err := kpi.ReadWeek(ctx, w, "", strings.Split(scopes, ","))
			if errors.Is(err, kpi.ErrWeek) && res.Snapshots == 0 {
				// Data without what any KPI needs (orders only, say) is valid.
				fmt.Fprintln(cmd.OutOrStdout(), "kpi: no KPI the loaded data supports; `retour status` lists each KPI with the field and table that would enable it")
				return w.Close()
			}
			if err != nil {
				return err
			}
			if err := writeKPIWeek(cmd.OutOrStdout(), t, asJSON, asCSV); err != nil {
				return err
			}
			return w.Close()
		},
	}
	f := cmd.Flags()
	f.StringVar(&week, "week", "", "print this ISO week ("+warehouse.WeekForms+") from the latest KPI run, without computing")
	f.BoolVar(&asJSON, "json", false, "print the week as JSON")
	f.BoolVar(&asCSV, "csv", false, "print the week as CSV")
	f.StringVar(&benchFile, "benchmarks", "", "CSV of benchmark bands replacing the shipped table (kpi_id,sector,low,high,source[,unit,year,note])")
	f.StringVar(&factorFile, "factors", "", "CSV of CO2 factors overriding the shipped ones (factor_id,item,value,unit,source[,year,note])")
	f.StringVar(&scopes, "scope", "total,sector", "scopes to print: total, sector, category, site, carrier, channel, type, resolution")
	return cmd
}

// printKPIWeek prints week from the latest good KPI run, read-only.
func printKPIWeek(cmd *cobra.Command, week, scopes string, asJSON, asCSV bool) error {
	ctx := cmd.Context()
	w, err := openWarehouseRO(ctx)
	if err != nil {
		return err
	}
	t, err := kpi.ReadWeek(ctx, w, week, strings.Split(scopes, ","))
	if err != nil {
		return errors.Join(err, w.Close())
	}
	if err := writeKPIWeek(cmd.OutOrStdout(), t, asJSON, asCSV); err != nil {
		return errors.Join(err, w.Close())
	}
	return w.Close()
}

func writeKPIWeek(out io.Writer, t *kpi.WeekTable, asJSON, asCSV bool) error {
	switch {
	case asJSON:
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(t)
	case asCSV:
		return writeKPICSV(out, t)
	default:
		return writeKPITable(out, t)
	}
}

func kpiSummary(res *kpi.Result) string {
	weeks := int(res.LastWeek.Sub(res.FirstWeek).Hours()/24/7) + 1
	return fmt.Sprintf("kpi run %d: %d snapshots over %d weeks (%s..%s), %d carbon facts, %d recurring claim causes in %.2fs",
		res.RunID, res.Snapshots, weeks, warehouse.WeekLabel(res.FirstWeek), warehouse.WeekLabel(res.LastWeek), res.Carbon, res.Recurring, res.Wall.Seconds())
}

func runKPIStage(ctx context.Context, w *warehouse.DB, _ string, _ io.Writer) (string, error) {
	res, err := kpi.Compute(ctx, w, kpi.DefaultOptions())
	if err != nil {
		return "", err
	}
	return kpiSummary(res), nil
}

func fmtNum(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

func writeKPITable(out io.Writer, t *kpi.WeekTable) error {
	fmt.Fprintf(out, "KPIs for %s (week starting %s), beside %s. Definitions: docs/kpis.md.\n\n",
		t.Week, t.WeekStart.Format("2006-01-02"), t.PreviousWeek)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "KPI\tscope\t%s\t%s\tunit\tband\tclass (gap)\t\n", t.Week, t.PreviousWeek)
	sources := map[string]bool{}
	var avoidedShare *float64
	for _, r := range t.Rows {
		scope := r.Scope
		if r.ScopeValue != "" {
			scope += "=" + r.ScopeValue
		}
		v := r.Value
		val := fmtNum(&v)
		if r.Provisional {
			val += " (prov.)"
		}
		band, class := "", ""
		if r.Low != nil {
			band = fmtNum(r.Low) + "-" + fmtNum(r.High)
			class = r.Status + " (" + fmtNum(r.Gap) + ")"
			sources[r.BandSource] = true
		}
		if r.KPI == "co2_avoided_share" && r.Scope == kpi.ScopeTotal {
			avoidedShare = &v
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Name, scope, val, fmtNum(r.Previous), r.Unit, band, class)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for s := range sources {
		fmt.Fprintf(out, "\nBands: %s.\n", s)
	}
	if avoidedShare != nil {
		fmt.Fprintf(out, "\nAchieved avoided share %.1f %% vs the 'up to %.0f %%' often quoted (a claim without a published source, not a factor).\n", *avoidedShare, t.ClaimedAvoidedShare)
	}
	if len(t.Published) > 0 {
		fmt.Fprintln(out, "\nPublished figures for context (other populations; never used to class a value):")
		for _, f := range t.Published {
			fmt.Fprintf(out, "  %-20s %g %s  %s (%s) - %s, %d\n", f.KPI, f.Value, f.Unit, f.Description, f.Scope, f.Source, f.Year)
		}
	}
	return nil
}

// writeKPICSV prints the week as CSV; text cells go through csvsafe so a
// spreadsheet never reads one as a formula, number columns stay numbers.
func writeKPICSV(out io.Writer, t *kpi.WeekTable) error {
	cw := csvsafe.NewWriter(out, 6, 7, 8, 9, 11, 12, 14)
	if err := cw.Write([]string{"iso_week", "kpi_id", "name", "unit", "scope", "scope_value", "value", "previous", "numerator", "denominator",
		"provisional", "benchmark_low", "benchmark_high", "benchmark_status", "benchmark_gap", "benchmark_source"}); err != nil {
		return err
	}
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	for _, r := range t.Rows {
		v := r.Value
		if err := cw.Write([]string{t.Week, r.KPI, r.Name, r.Unit, r.Scope, r.ScopeValue, opt(&v), opt(r.Previous), opt(r.Numerator), opt(r.Denominator),
			strconv.FormatBool(r.Provisional), opt(r.Low), opt(r.High), r.Status, opt(r.Gap), r.BandSource}); err != nil {
			return err
		}
	}
	return cw.Flush()
}
