package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/etl"
)

// expandDirs replaces each folder among args by the files it holds that a
// load can read, and tells w which files it ignored and why.
func expandDirs(args []string, w io.Writer) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a)
			continue
		}
		files, ignored, err := etl.ScanDir(a)
		if err != nil {
			return nil, err
		}
		for _, ig := range ignored {
			fmt.Fprintf(w, "ignored %s: %s\n", ig.File, ig.Reason)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("load %s: no file to load: expected products, order_lines, return_lines or claims files (CSV, NDJSON or Parquet)", a)
		}
		out = append(out, files...)
	}
	return out, nil
}

// printSummary prints one file's load: counts, rules matched and links.
func printSummary(out io.Writer, s etl.Summary) {
	fmt.Fprintf(out, "%-40s %-12s read %d  inserted %d  updated %d  unchanged %d  quarantined %d  skipped %d  %s (%.1fs)\n",
		s.File, s.Entity, s.Read, s.Inserted, s.Updated, s.Unchanged, s.Quarantined, s.Skipped, s.Status, s.Seconds)
	if l := s.Links; l != nil && l.Given+l.Inferred+l.None > 0 {
		fmt.Fprintf(out, "  returned units linked to their order line: %.1f %% (given %d, inferred %d, none %d)\n",
			100*l.Rate(), l.Given, l.Inferred, l.None)
	}
	rules := make([]string, 0, len(s.Rules))
	for r := range s.Rules {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		fmt.Fprintf(out, "  %6d rows matched %s\n", s.Rules[r], strings.TrimSpace(r))
	}
}
