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
		Long: `init creates the warehouse file or brings its schema up to date.
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
			w, err := openWarehouse(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "warehouse %s ready (schema version %d)\n", w.Path(), warehouse.SchemaVersion())
			return w.Close()
		},
	}
	cmd.Flags().StringVar(&example, "example-config", "", "write a commented retour serve config to this file (default retour.yaml) and exit")
	cmd.Flags().Lookup("example-config").NoOptDefVal = "retour.yaml"
	return cmd
}
