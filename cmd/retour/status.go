package main

import (
	"database/sql"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newStatusCmd) }

// linkRateSQL renders a load run's share of returned units linked to their
// order line, with the inferred part ("-" for runs without returns).
const linkRateSQL = `CASE WHEN COALESCE(units_linked_given, 0) + COALESCE(units_linked_inferred, 0) + COALESCE(units_unlinked, 0) = 0 THEN '-'
	ELSE printf('%.1f %% (%d inferred)', 100.0 * (units_linked_given + units_linked_inferred) / (units_linked_given + units_linked_inferred + units_unlinked), units_linked_inferred) END`

func newStatusCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show what is loaded, the last load runs, quarantine counts and what the data supports",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			w, err := openWarehouseRO(ctx)
			if err != nil {
				return err
			}
			defer w.Close()
			out := cmd.OutOrStdout()
			if asJSON {
				return statusJSON(ctx, w, out)
			}
			fmt.Fprintf(out, "warehouse %s\n\n", w.Path())
			tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "table\trows\tfirst\tlast")
			for _, q := range []struct{ table, ts string }{
				{"products", "NULL"}, {"sites", "NULL"}, {"order_lines", "order_ts"}, {"v_return_lines", "return_ts"}, {"claims", "opened_ts"}, {"quarantine", "NULL"},
			} {
				var n int64
				var first, last sql.NullString
				err := w.QueryRow(ctx, fmt.Sprintf(`SELECT count(*), CAST(min(%s) AS DATE)::VARCHAR, CAST(max(%s) AS DATE)::VARCHAR FROM %s WHERE replaced_by IS NULL`, q.ts, q.ts, q.table)).Scan(&n, &first, &last)
				if err != nil {
					return fmt.Errorf("status %s: %w", q.table, err)
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", strings.TrimPrefix(q.table, "v_"), n, first.String, last.String)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			rows, err := w.Query(ctx, `SELECT run_id, source, entity, status, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_quarantined,
				COALESCE(rows_skipped, 0), `+linkRateSQL+`,
				strftime(started_at, '%Y-%m-%d %H:%M'), COALESCE(message, '') FROM load_runs ORDER BY run_id DESC LIMIT 10`)
			if err != nil {
				return err
			}
			defer rows.Close()
			fmt.Fprintln(out, "\nlast load runs")
			tw = tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "run\tfile\tentity\tstatus\tread\tinserted\tupdated\tunchanged\tquarantined\tskipped\tlinked\tstarted\tmessage")
			for rows.Next() {
				var id, r, i, u, un, q, sk sql.NullInt64
				var src, ent, st, at, msg, linked string
				if err := rows.Scan(&id, &src, &ent, &st, &r, &i, &u, &un, &q, &sk, &linked, &at, &msg); err != nil {
					return err
				}
				if len(msg) > 80 {
					msg = msg[:80] + "…"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", id.Int64, src, ent, st, r.Int64, i.Int64, u.Int64, un.Int64, q.Int64, sk.Int64, linked, at, msg)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			caps, err := capabilities(ctx, w)
			if err != nil {
				return err
			}
			return printCapabilities(out, caps)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the status and the capability table as JSON")
	return cmd
}
