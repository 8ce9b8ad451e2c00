package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func init() { commands = append(commands, newLoadCmd) }

func newLoadCmd() *cobra.Command {
	var mapping, config string
	var asJSON bool
	var maxBad float64
	var maxRecordMB, maxQuotedLines int
	var memLimit string
	cmd := &cobra.Command{
		Use:   "load FILE|DIR... | load --config sources.yaml",
		Short: "Load CSV, NDJSON or Parquet files (optionally gzipped) into the warehouse",
		Long: `Load order and return history. Each file is loaded whole or not at all;
bad rows go to the quarantine table with their line and a reason; loading the
same file again changes nothing. Without --mapping, columns are matched by
canonical name and the table is told from the file name (products, sites,
order_lines, return_lines, claims) or header. A folder loads every file it can
read in dependency order (products, orders, returns, claims) and names the
files it ignores. --config lists files with their mappings.
See docs/mapping.md.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && config == "" {
				return usagef("load: give at least one file, or --config FILE")
			}
			if len(args) > 0 && config != "" {
				return usagef("load: give files or --config, not both")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if maxBad <= 0 || maxBad > 1 {
				return usagef("--max-bad %g: want a share of rows above 0 and at most 1 (e.g. 0.5)", maxBad)
			}
			opts := etl.DefaultOptions()
			opts.MaxBadRatio = maxBad
			if maxRecordMB <= 0 || maxQuotedLines <= 0 {
				return usagef("load: --max-record-mb and --max-quoted-lines must be at least 1")
			}
			opts.MaxRecordBytes = maxRecordMB << 20
			opts.MaxQuotedLines = maxQuotedLines
			if mapping != "" {
				m, err := etl.LoadMapping(mapping)
				if err != nil {
					return err
				}
				opts.Mapping = m
			}
			var sources []etl.Source
			if config != "" {
				c, err := etl.LoadConfig(config)
				if err != nil {
					return err
				}
				sources = c.Sources
			}
			args, err := expandDirs(args, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			for _, a := range args {
				sources = append(sources, etl.Source{File: a, Map: opts.Mapping})
			}
			for _, src := range sources {
				a := src.File
				if _, err := os.Stat(a); err != nil {
					return fmt.Errorf("load %s: %w", a, err)
				}
			}
			w, err := warehouse.Open(ctx, warehouse.PathFromEnv(global.db), warehouse.Options{MemoryLimit: memLimit, PreserveInsertionOrder: new(bool)})
			if err != nil {
				return explainLock(warehouse.PathFromEnv(global.db), err)
			}
			defer w.Close()
			stderr := cmd.ErrOrStderr()
			if !global.quiet && !asJSON && isTTY(stderr) {
				opts.Progress = progressBar(stderr)
			}
			var sums []etl.Summary
			if config != "" {
				for _, src := range sources { // in the config's order
					o := opts
					o.Mapping = src.Map
					var sum etl.Summary
					sum, err = etl.LoadFile(ctx, w, src.File, o)
					sums = append(sums, sum)
					if err != nil {
						break
					}
				}
			} else {
				sums, err = etl.LoadFiles(ctx, w, args, opts)
			}
			out := cmd.OutOrStdout()
			for _, s := range sums {
				if asJSON {
					b, _ := json.Marshal(s)
					fmt.Fprintln(out, string(b))
				} else if !global.quiet || s.Status != "ok" {
					printSummary(out, s)
				}
			}
			if err != nil {
				return err
			}
			return w.Close()
		},
	}
	cmd.Flags().StringVarP(&mapping, "mapping", "m", "", "YAML mapping file (docs/mapping.md)")
	cmd.Flags().StringVar(&config, "config", "", "YAML list of sources (file and mapping) to load in order")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON summary object per file")
	cmd.Flags().StringVar(&memLimit, "memory-limit", "1GB", "DuckDB memory limit while loading; larger data spills to disk")
	cmd.Flags().Float64Var(&maxBad, "max-bad", 0.5, "refuse a file when more than this share of its rows is rejected")
	cmd.Flags().IntVar(&maxRecordMB, "max-record-mb", etl.DefaultMaxRecordBytes>>20, "refuse a file with a line longer than this many MiB")
	cmd.Flags().IntVar(&maxQuotedLines, "max-quoted-lines", etl.DefaultMaxQuotedLines, "a quoted value still open after this many lines is a stray quote: its line is quarantined")
	return cmd
}

func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressBar draws one line per file: bar, rows/s and ETA.
func progressBar(w io.Writer) func(file string, done, size, rows int64) {
	start := map[string]time.Time{}
	finished := map[string]bool{}
	return func(file string, done, size, rows int64) {
		if finished[file] {
			return
		}
		t0, ok := start[file]
		if !ok {
			t0 = time.Now()
			start[file] = t0
		}
		el := time.Since(t0).Seconds()
		frac := 0.0
		if size > 0 {
			frac = float64(done) / float64(size)
		}
		eta := "?"
		if frac > 0.01 && el > 0 {
			eta = (time.Duration(el*(1-frac)/frac) * time.Second).Round(time.Second).String()
		}
		n := int(frac * 30)
		rate := 0.0
		if el > 0 {
			rate = float64(rows) / el
		}
		fmt.Fprintf(w, "\r%-30s [%s%s] %3.0f%% %8.0f rows/s ETA %s   ", trimName(file), strings.Repeat("=", n), strings.Repeat(" ", 30-n), frac*100, rate, eta)
		if done >= size {
			finished[file] = true
			fmt.Fprintln(w, "\n  read; writing to the warehouse…")
		}
	}
}

func trimName(s string) string {
	if len(s) > 30 {
		return "…" + s[len(s)-29:]
	}
	return s
}
