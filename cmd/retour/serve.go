package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/forecast"
	"github.com/retour-analytics/retour/kpi"
	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/serve"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newServeCmd) }

func newServeCmd() *cobra.Command {
	var config string
	var check bool
	cmd := &cobra.Command{
		Use:   "serve --config retour.yaml [--check]",
		Short: "Run the weekly service: inbox, schedule, e-mail, report archive, explorer and API",
		Long: `serve holds the warehouse open and, until stopped: loads files dropped into
the inbox (then refreshes forecast, KPIs and packs), runs the weekly pipeline on
the configured schedule and mails each audience its pack, sends alerts once, and
serves the report archive, the explorer, a JSON API (/api/v1/), /healthz,
/readyz and /metrics to readers holding a viewer or admin token.
--check validates the configuration and exits. docs/serve.md documents every key;
retour init --example-config writes a commented example.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if config == "" {
				return usagef("serve: give --config retour.yaml (retour init --example-config writes one)")
			}
			c, err := serve.LoadConfig(config)
			if err != nil {
				return &usageError{err}
			}
			if check {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: valid (warehouse %s, inbox %s, schedule %q in %s, listen %s, %d audiences)\n",
					config, c.Warehouse, c.Inbox.Dir, c.Schedule, c.TimeZone, c.Listen, len(c.Audiences))
				return nil
			}
			return runServe(cmd.Context(), c)
		},
	}
	cmd.Flags().StringVar(&config, "config", "", "configuration file (YAML, docs/serve.md)")
	cmd.Flags().BoolVar(&check, "check", false, "validate the configuration and exit")
	return cmd
}

func runServe(ctx context.Context, c *serve.Config) error {
	w, err := warehouse.Open(ctx, c.Warehouse, warehouse.Options{})
	if err != nil {
		return err
	}
	lock, err := serve.WriteLockNote(c)
	if err != nil {
		return errors.Join(err, w.Close())
	}
	defer os.Remove(lock)
	s, err := serve.New(w, serve.Options{Config: c, Pipeline: servePipeline(),
		Log: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	if err != nil {
		return errors.Join(err, w.Close())
	}
	return errors.Join(s.Run(ctx), w.Close())
}

// servePipeline gives serve the stages as function values (serve never
// imports them).
func servePipeline() serve.Pipeline {
	return serve.Pipeline{
		Load: func(ctx context.Context, w *warehouse.DB, file string, lo serve.LoadOptions) (serve.LoadResult, error) {
			opts := etl.DefaultOptions()
			if lo.MaxRecordBytes > 0 {
				opts.MaxRecordBytes = lo.MaxRecordBytes
			}
			if lo.Mapping != "" {
				m, err := etl.LoadMapping(lo.Mapping)
				if err != nil {
					return serve.LoadResult{}, err
				}
				opts.Mapping = m
			}
			s, err := etl.LoadFile(ctx, w, file, opts)
			return serve.LoadResult{RunID: s.RunID, Entity: s.Entity, Read: s.Read, Inserted: s.Inserted, Updated: s.Updated,
				Unchanged: s.Unchanged, Quarantined: s.Quarantined}, err
		},
		Refresh: refreshPipeline,
	}
}

// refreshPipeline runs forecast, KPIs and the packs, as retour demo does.
func refreshPipeline(ctx context.Context, w *warehouse.DB, dir, lang string) (serve.RefreshResult, error) {
	var res serve.RefreshResult
	t0 := time.Now()
	fr, err := forecast.RunStage(ctx, w, forecast.DefaultOptions())
	if err != nil {
		return res, fmt.Errorf("forecast: %w", err)
	}
	res.Lines = append(res.Lines, fmt.Sprintf("%s (%.1fs)", fr, time.Since(t0).Seconds()))
	t0 = time.Now()
	k, err := kpi.Compute(ctx, w, kpi.DefaultOptions())
	if err != nil {
		return res, fmt.Errorf("kpi: %w", err)
	}
	res.Lines = append(res.Lines, fmt.Sprintf("%s (%.1fs)", kpiSummary(k), time.Since(t0).Seconds()))
	t0 = time.Now()
	o := reports.DefaultOptions()
	if o.Lang, err = reports.ParseLang(lang); err != nil {
		return res, err
	}
	r, err := reports.Render(ctx, w, dir, o)
	if err != nil {
		return res, fmt.Errorf("reports: %w", err)
	}
	res.Week, res.Packs = r.Week.String(), r.Packs
	res.Lines = append(res.Lines, fmt.Sprintf("packs of %s written to %s (%.1fs)", res.Week, dir, time.Since(t0).Seconds()))
	return res, nil
}

// explainLock turns a lock error on a warehouse held by retour serve into
// directions: the inbox and the admin API.
func explainLock(path string, err error) error {
	if err == nil || !errors.Is(err, warehouse.ErrLocked) {
		return err
	}
	if msg, ok := serve.HeldBy(path); ok {
		return fmt.Errorf("%s (%w)", msg, warehouse.ErrLocked)
	}
	return err
}
