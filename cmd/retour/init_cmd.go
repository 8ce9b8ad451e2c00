package main

import (
	"fmt"

	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newInitCmd) }

func newInitCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create the warehouse file (or bring its schema up to date)",
		Long: `Create the warehouse file (or bring its schema up to date). A new file is
written under a temporary name and renamed when complete: a full disk or an
interrupted init never leaves a file that cannot be opened.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := warehouse.PathFromEnv(global.db)
			if _, err := warehouse.Init(cmd.Context(), path); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "warehouse %s ready (schema version %d)\n", path, warehouse.SchemaVersion())
			return nil
		},
	}
}
