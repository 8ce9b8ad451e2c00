package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/retour-analytics/retour/notebooks"
	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
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
		Long: `render runs each ` + "```sql" + ` cell of FILE.md read-only on the warehouse (one query per
cell; no access to files, URLs or extensions), draws each
` + "```chart" + ` directive (type, x, y, title, unit) from the preceding cell's result, and
writes an HTML page in the report packs' style (default: FILE.html). A failing cell, or
a ` + "```sql check" + ` cell that returns rows, is shown on the page and the command exits 1.
Shipped notebooks are in notebooks/.`,
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
			w, err := notebooks.Open(cmd.Context(), warehouse.PathFromEnv(global.db))
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

// shippedNotebooks returns the notebooks `retour demo` runs (a variable so a
// test can ship a failing check).
var shippedNotebooks = notebooks.Shipped

// runShippedNotebooks renders every shipped notebook on the warehouse file
// dbPath, opened read-only and sandboxed, into reportsDir/notebooks, then
// rebuilds the index so it lists them. A notebook whose cell fails or whose
// check returns rows makes it return an error naming the notebook and check,
// after every notebook has been written.
func runShippedNotebooks(ctx context.Context, dbPath, reportsDir string) (string, error) {
	nbDir := filepath.Join(reportsDir, "notebooks")
	if err := os.MkdirAll(nbDir, 0o755); err != nil {
		return "", fmt.Errorf("create notebook folder: %w", err)
	}
	nbs, names, err := shippedNotebooks()
	if err != nil {
		return "", fmt.Errorf("read shipped notebooks: %w", err)
	}
	w, err := notebooks.Open(ctx, dbPath)
	if err != nil {
		return "", err
	}
	var errs []error
	for _, name := range names {
		errs = append(errs, renderNotebookFile(ctx, w, name, nbs[name], filepath.Join(nbDir, strings.TrimSuffix(name, filepath.Ext(name))+".html")))
	}
	if err := w.Close(); err != nil {
		errs = append(errs, err)
	}
	if _, err := reports.RenderIndex(reportsDir, reports.DefaultOptions()); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("shipped notebooks: %w", err)
	}
	return fmt.Sprintf("notebooks: %d rendered, every check passed (%s)", len(names), nbDir), nil
}

func renderNotebookFile(ctx context.Context, w *warehouse.DB, name string, src []byte, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create notebook page: %w", err)
	}
	rerr := notebooks.Render(ctx, w, name, src, f, notebooks.DefaultOptions())
	if err := f.Close(); err != nil {
		rerr = errors.Join(rerr, fmt.Errorf("write notebook page %s: %w", path, err))
	}
	return rerr
}
