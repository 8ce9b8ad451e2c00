package main

import (
	"fmt"

	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newExportCmd) }

func newExportCmd() *cobra.Command {
	var out, formats, week string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write KPIs, forecasts and carbon figures as CSV, XLSX, JSON and Parquet",
		Long: `export writes, from the latest KPI and forecast runs: kpis, carrier_scorecard
(the returns pack's carrier figures per week), forecasts, forecast_accuracy,
carbon_facts, carbon_factors, esrs_e5_5 (mass per ESRS E5-5 route and year),
discarded_unsold (discarded returned goods per year, category and reason, with
destinations and the ESPR / AGEC flags) and esrs_e5_5_datapoints (the E5-5 waste
datapoints filled, and why the others are not), one file per dataset and format.`,
		Example: "  retour export --out exports\n  retour export --out exports --format csv,parquet",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("--out is required")
			}
			fs, err := reports.ParseFormats(formats)
			if err != nil {
				return usagef("%v", err)
			}
			var wk *warehouse.Week
			if week != "" {
				p, err := warehouse.ParseWeek(week)
				if err != nil {
					return usagef("--week: %v", err)
				}
				wk = &p
			}
			w, err := openWarehouseRO(cmd.Context())
			if err != nil {
				return err
			}
			gaps, xerr := reports.MissingRuns(cmd.Context(), w)
			var files []string
			if xerr == nil {
				files, xerr = reports.ExportWeek(cmd.Context(), w, out, fs, wk)
			}
			if err := w.Close(); err != nil && xerr == nil {
				xerr = err
			}
			if xerr != nil {
				return xerr
			}
			for _, f := range files {
				fmt.Fprintln(cmd.OutOrStdout(), f)
			}
			for _, g := range gaps {
				fmt.Fprintln(cmd.ErrOrStderr(), "note:", g)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "output folder (required)")
	cmd.Flags().StringVar(&week, "week", "", "only this ISO week ("+warehouse.WeekForms+") in the weekly datasets (kpis, carrier_scorecard, carbon_facts)")
	cmd.Flags().StringVar(&formats, "format", "csv,xlsx,json,parquet", "comma-separated formats: csv, xlsx, json, parquet")
	return cmd
}
