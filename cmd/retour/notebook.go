package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/retour-analytics/retour/notebooks"
	"github.com/retour-analytics/retour/reports"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newNotebookCmd) }

func newNotebookCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "notebook",
		Short: "Render Markdown notebooks (SQL cells and charts) to HTML",
	}
	var out, lang string
	render := &cobra.Command{
		Use:   "render FILE.md",
		Short: "Run a notebook's SQL cells on the warehouse and write one self-contained HTML page",
		Long: `render runs each ` + "```sql" + ` cell of FILE.md read-only on the warehouse, draws each
` + "```chart" + ` directive (type, x, y, title, unit) from the preceding cell's result, and
writes an HTML page in the report packs' style (default: FILE.html). A failing cell is
shown on the page and the command exits 1. Shipped notebooks are in notebooks/.`,
		Example: "  retour notebook render notebooks/sku-pareto.md --out pareto.html",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := notebooks.DefaultOptions()
			var err error
			if o.Lang, err = reports.ParseLang(lang); err != nil {
				return usagef("%v", err)
			}
			if out == "" {
				out = strings.TrimSuffix(args[0], filepath.Ext(args[0])) + ".html"
			}
			w, err := openWarehouseRO(cmd.Context())
			if err != nil {
				return err
			}
			rerr := notebooks.RenderFile(cmd.Context(), w, args[0], out, o)
			if err := w.Close(); err != nil && rerr == nil {
				rerr = err
			}
			fmt.Fprintln(cmd.OutOrStdout(), out)
			return rerr
		},
	}
	render.Flags().StringVar(&out, "out", "", "output HTML file (default: FILE.html)")
	render.Flags().StringVar(&lang, "lang", "en", "language: en or fr")
	cmd.AddCommand(render)
	return cmd
}
