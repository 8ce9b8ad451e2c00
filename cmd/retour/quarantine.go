package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/retour-analytics/retour/csvsafe"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newQuarantineCmd) }

func newQuarantineCmd() *cobra.Command {
	var run int64
	var export string
	var limit int
	cmd := &cobra.Command{
		Use:   "quarantine",
		Short: "List rejected rows (file, line, column, value, reason) or export them to CSV",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			w, err := openWarehouseRO(ctx)
			if err != nil {
				return err
			}
			defer w.Close()
			q := `SELECT run_id, file, entity, line, COALESCE(col, ''), COALESCE(value, ''), reason, COALESCE(raw, '') FROM quarantine WHERE replaced_by IS NULL`
			var args []any
			if run > 0 {
				q += ` AND run_id = ?`
				args = append(args, run)
			}
			q += ` ORDER BY run_id, file, line`
			rows, err := w.Query(ctx, q, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			var out io.Writer = cmd.OutOrStdout()
			var cw *csvsafe.Writer
			var f *os.File
			if export != "" {
				f, err = os.Create(export)
				if err != nil {
					return fmt.Errorf("export quarantine: %w", err)
				}
				// Rejected values are exactly what a spreadsheet could run as
				// a formula: every text cell goes through csvsafe.
				cw = csvsafe.NewWriter(f, 0, 3)
				if err := cw.Write([]string{"run_id", "file", "entity", "line", "column", "value", "reason", "raw"}); err != nil {
					return err
				}
			}
			n := 0
			for rows.Next() {
				var id, line int64
				var file, ent, col, val, reason, raw string
				if err := rows.Scan(&id, &file, &ent, &line, &col, &val, &reason, &raw); err != nil {
					return err
				}
				n++
				if cw != nil {
					if err := cw.Write([]string{strconv.FormatInt(id, 10), file, ent, strconv.FormatInt(line, 10), col, val, reason, raw}); err != nil {
						return err
					}
					continue
				}
				if limit > 0 && n > limit {
					continue
				}
				loc := fmt.Sprintf("%s:%d", file, line)
				if col != "" {
					loc += fmt.Sprintf(" column %q", col)
				}
				if val != "" {
					loc += fmt.Sprintf(" value %q", val)
				}
				fmt.Fprintf(out, "run %d %s: %s\n", id, loc, reason)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if cw != nil {
				if err := cw.Flush(); err != nil {
					return fmt.Errorf("export quarantine: %w", err)
				}
				if err := f.Close(); err != nil {
					return err
				}
				fmt.Fprintf(out, "%d rows written to %s\n", n, export)
				return nil
			}
			if limit > 0 && n > limit {
				fmt.Fprintf(out, "… %d more (use --export FILE.csv for all)\n", n-limit)
			}
			if n == 0 {
				fmt.Fprintln(out, "quarantine is empty")
			}
			return nil
		},
	}
	cmd.Flags().Int64Var(&run, "run", 0, "only this load run")
	cmd.Flags().StringVar(&export, "export", "", "write all rows to this CSV file")
	cmd.Flags().IntVar(&limit, "limit", 50, "rows to print")
	return cmd
}
