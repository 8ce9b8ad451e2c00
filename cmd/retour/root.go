package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

// globals are the flags every command shares.
type globals struct {
	db    string
	quiet bool
}

var global globals

// commands lists the constructors of the sub-commands; each command's file
// adds itself in an init function, so the stages stay in their own files.
var commands []func() *cobra.Command

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "retour",
		Short: "Predictive returns analytics and KPI reporting",
		Long: `retour loads order and return history into an embedded DuckDB warehouse,
forecasts return volumes and reasons per SKU, computes reverse-logistics KPIs,
sector benchmarks and CO2 figures, and writes static HTML report packs.

Start with:  retour demo            (demo data -> load -> forecast -> KPIs -> reports)`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
	}
	root.SetVersionTemplate("retour version {{.Version}}\n")
	root.PersistentFlags().StringVar(&global.db, "db", "", "warehouse file (default $RETOUR_DB or ./retour.duckdb)")
	root.PersistentFlags().BoolVarP(&global.quiet, "quiet", "q", false, "no progress output")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{fmt.Errorf("%w\n%s", err, c.UsageString())}
	})
	for _, mk := range commands {
		root.AddCommand(mk())
	}
	return root
}

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return &usageError{fmt.Errorf(format, args...)} }

func isCobraUsage(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "unknown command") || strings.HasPrefix(s, "unknown flag") ||
		strings.Contains(s, "accepts ") && strings.Contains(s, "arg(s)")
}

// openWarehouse opens the warehouse named by --db / RETOUR_DB.
func openWarehouse(ctx context.Context) (*warehouse.DB, error) {
	p := warehouse.PathFromEnv(global.db)
	w, err := warehouse.Open(ctx, p, warehouse.Options{})
	return w, explainLock(p, err)
}

// openWarehouseRO opens the warehouse read-only, for the commands that only
// read (status, quarantine, kpi --week, report, export, notebook): they never
// create a file, never migrate it and never record a run; a missing file, a
// newer or an older schema are refused with what to do.
func openWarehouseRO(ctx context.Context) (*warehouse.DB, error) {
	p := warehouse.PathFromEnv(global.db)
	w, err := warehouse.Open(ctx, p, warehouse.Options{ReadOnly: true})
	return w, explainLock(p, err)
}
