package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/retour-analytics/retour/kpi"
	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
)

// capabilities checks the registry's KPIs and the packs' sections against
// the loaded data.
func capabilities(ctx context.Context, w *warehouse.DB) (*reports.Capabilities, error) {
	var kpis []reports.KPINeeds
	for _, k := range kpi.Registry() {
		kpis = append(kpis, reports.KPINeeds{ID: k.ID, NameEN: k.NameEN, NameFR: k.NameFR, Needs: k.Needs})
	}
	return reports.LoadCapabilities(ctx, w, kpis, reports.DefaultOptions())
}

// printCapabilities writes the coverage of the fields that are short and the
// capability table: what the data supports, and for the rest what would
// enable it.
func printCapabilities(out io.Writer, c *reports.Capabilities) error {
	fmt.Fprintf(out, "\ndata coverage (fields on fewer than %.0f %% of their table's rows are not used)\n", 100*c.Coverage.Min)
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "table\tfield\trows\twith field\tshare")
	for _, f := range c.Coverage.Sorted() {
		if f.Rows == 0 || f.Share >= 0.999 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f %%\n", f.Table, f.Field, f.Rows, f.Present, 100*f.Share)
	}
	for _, t := range []string{"products", "order_lines", "return_lines", "claims"} {
		if c.Coverage.Rows[t] == 0 {
			fmt.Fprintf(tw, "%s\t(not loaded)\t0\t0\t\n", t)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(out, "\ncapabilities")
	tw = tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "kind\tid\tstatus\tto enable")
	for _, it := range c.Items {
		status, enable := "supported", ""
		if !it.Supported {
			status = "not supported"
			var hints []string
			for _, m := range it.Missing {
				hints = append(hints, strings.ReplaceAll(m.Hint, "`", ""))
			}
			enable = strings.Join(hints, "; and ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", it.Kind, it.ID, status, enable)
	}
	return tw.Flush()
}

// statusJSON is `retour status --json`: rows per table, the last load runs
// and the capability table with the coverage behind it.
func statusJSON(ctx context.Context, w *warehouse.DB, out io.Writer) error {
	caps, err := capabilities(ctx, w)
	if err != nil {
		return err
	}
	type loadRun struct {
		RunID       int64  `json:"run_id"`
		Source      string `json:"source"`
		Entity      string `json:"entity"`
		Status      string `json:"status"`
		Read        int64  `json:"rows_read"`
		Quarantined int64  `json:"rows_quarantined"`
		Skipped     int64  `json:"rows_skipped"`
		Given       int64  `json:"units_linked_given"`
		Inferred    int64  `json:"units_linked_inferred"`
		Unlinked    int64  `json:"units_unlinked"`
		Started     string `json:"started_at"`
		Message     string `json:"message,omitempty"`
	}
	var runs []loadRun
	rows, err := w.Query(ctx, `SELECT run_id, source, entity, status, COALESCE(rows_read, 0), COALESCE(rows_quarantined, 0),
		COALESCE(rows_skipped, 0), COALESCE(units_linked_given, 0), COALESCE(units_linked_inferred, 0), COALESCE(units_unlinked, 0),
		strftime(started_at, '%Y-%m-%dT%H:%M:%S'), COALESCE(message, '') FROM load_runs ORDER BY run_id DESC LIMIT 10`)
	if err != nil {
		return fmt.Errorf("status load runs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r loadRun
		if err := rows.Scan(&r.RunID, &r.Source, &r.Entity, &r.Status, &r.Read, &r.Quarantined, &r.Skipped, &r.Given, &r.Inferred, &r.Unlinked, &r.Started, &r.Message); err != nil {
			return fmt.Errorf("status load runs: %w", err)
		}
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("status load runs: %w", err)
	}
	var quarantined sql.NullInt64
	if err := w.QueryRow(ctx, `SELECT count(*) FROM quarantine WHERE replaced_by IS NULL`).Scan(&quarantined); err != nil {
		return fmt.Errorf("status quarantine: %w", err)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{
		"warehouse":    w.Path(),
		"rows":         caps.Coverage.Rows,
		"quarantine":   quarantined.Int64,
		"load_runs":    runs,
		"coverage":     caps.Coverage.Sorted(),
		"min_share":    caps.Coverage.Min,
		"capabilities": caps.Items,
	})
}
