package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newBenchBaselineCmd) }

// newBenchBaselineCmd is the same-run baseline of `make bench-load`: DuckDB's
// own CSV reader loading the file into a fresh database.
func newBenchBaselineCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "bench-baseline-csv FILE",
		Short:  "Time DuckDB's own CREATE TABLE AS SELECT * FROM read_csv(FILE) in a fresh database (benchmark baseline)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			dir, err := os.MkdirTemp("", "retour-baseline-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			w, err := warehouse.Open(ctx, filepath.Join(dir, "b.duckdb"), warehouse.Options{})
			if err != nil {
				return err
			}
			defer w.Close()
			t0 := time.Now()
			if _, err := w.Exec(ctx, `CREATE TABLE t AS SELECT * FROM read_csv(?)`, args[0]); err != nil {
				return fmt.Errorf("baseline %s: %w", args[0], err)
			}
			secs := time.Since(t0).Seconds()
			var n int64
			if err := w.QueryRow(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "rows %d seconds %.3f\n", n, secs)
			return w.Close()
		},
	}
}
