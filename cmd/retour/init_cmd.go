package main

import (
	"fmt"

	"github.com/retour-analytics/retour/serve"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newInitCmd) }

func newInitCmd() *cobra.Command {
	var example string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the warehouse file (or bring its schema up to date)",
		Long: `Create the warehouse file (or bring its schema up to date). A new file is
written under a temporary name and renamed when complete: a full disk or an
interrupted init never leaves a file that cannot be opened.
With --example-config FILE it writes a commented retour serve configuration
instead (docs/serve.md), and never overwrites an existing file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if example != "" {
				if err := serve.WriteExampleConfig(example); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s; check it with: retour serve --config %s --check\n", example, example)
				return nil
			}
			path := warehouse.PathFromEnv(global.db)
			if _, err := warehouse.Init(cmd.Context(), path); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "warehouse %s ready (schema version %d)\n", path, warehouse.SchemaVersion())
			return nil
		},
	}
	cmd.Flags().StringVar(&example, "example-config", "", "write a commented retour serve config to this file (default retour.yaml) and exit")
	cmd.Flags().Lookup("example-config").NoOptDefVal = "retour.yaml"
	return cmd
}
