package main

import (
	"fmt"

	"github.com/retour-analytics/retour/serve"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newInitCmd) }

func newInitCmd() *cobra.Command {
	var example bool
	cmd := &cobra.Command{
		Use:   "init [--example-config [FILE]]",
		Short: "Create the warehouse file (or bring its schema up to date)",
		Long: `Create the warehouse file (or bring its schema up to date). A new file is
written under a temporary name and renamed when complete: a full disk or an
interrupted init never leaves a file that cannot be opened.
With --example-config it writes a commented retour serve configuration to
FILE (default retour.yaml) instead (docs/serve.md), and never overwrites an
existing file.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 || len(args) == 1 && !example {
				return usagef("init takes no argument (init --example-config [FILE] takes one)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if example {
				file := "retour.yaml"
				if len(args) == 1 {
					file = args[0]
				}
				if err := serve.WriteExampleConfig(file); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s; check it with: retour serve --config %s --check\n", file, file)
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
	cmd.Flags().BoolVar(&example, "example-config", false, "write a commented retour serve config to FILE (default retour.yaml) and exit")
	return cmd
}
