package demo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// small are options that generate in a few milliseconds.
func small(seed int64, dirty bool) Options {
	o := DefaultOptions()
	o.SKUs, o.Weeks, o.Seed, o.Lines, o.Dirty = 15, 40, seed, 4000, dirty
	o.DirtyRate = 0.02
	return o
}

func generate(t *testing.T, opts Options) (string, *Truth) {
	t.Helper()
	dir := t.TempDir()
	truth, err := Generate(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return dir, truth
}

var allFiles = []string{ProductsFile, OrderLinesFile, ReturnLinesFile, ClaimsFile, TruthFile}

func TestDeterminism(t *testing.T) {
	for _, dirty := range []bool{false, true} {
		t.Run(map[bool]string{false: "clean", true: "dirty"}[dirty], func(t *testing.T) {
			a := small(7, dirty)
			a.Workers = 1
			b := small(7, dirty)
			b.Workers = 3
			dirA, _ := generate(t, a)
			dirB, _ := generate(t, b)
			for _, f := range allFiles {
				x, err := os.ReadFile(filepath.Join(dirA, f))
				if err != nil {
					t.Fatal(err)
				}
				y, err := os.ReadFile(filepath.Join(dirB, f))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(x, y) {
					t.Errorf("%s differs between two runs with the same seed (1 vs 3 workers)", f)
				}
			}
			dirC, _ := generate(t, small(8, dirty))
			for _, f := range []string{OrderLinesFile, ReturnLinesFile, TruthFile} {
				x, _ := os.ReadFile(filepath.Join(dirA, f))
				y, _ := os.ReadFile(filepath.Join(dirC, f))
				if bytes.Equal(x, y) {
					t.Errorf("%s is the same for seeds 7 and 8", f)
				}
			}
		})
	}
}

func TestHeadersMatchSchema(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	})
	dir, _ := generate(t, small(1, false))
	for file, table := range Tables {
		t.Run(table, func(t *testing.T) {
			rows, err := w.Query(ctx, `SELECT column_name FROM information_schema.columns
				WHERE table_name = ? ORDER BY ordinal_position`, table)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var want []string
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					t.Fatal(err)
				}
				switch c {
				case "run_id", "source_line", "link_method", "row_hash", "replaced_by": // lineage, set by the loader
				case "customer_id":
					if table == "order_lines" { // optional on returns
						want = append(want, c)
					}
				default:
					want = append(want, c)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatalf("table %s has no columns", table)
			}
			f, err := os.Open(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			head, err := bufio.NewReader(f).ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Split(strings.TrimSuffix(head, "\n"), ",")
			if !slices.Equal(got, want) {
				t.Errorf("%s header\n got %v\nwant %v", file, got, want)
			}
		})
	}
}

func TestOptionsErrors(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*Options)
	}{
		{"no skus", func(o *Options) { o.SKUs = 0 }},
		{"few weeks", func(o *Options) { o.Weeks = 2 }},
		{"negative lines", func(o *Options) { o.Lines = -1 }},
		{"bad week", func(o *Options) { o.EndWeek = "2026-46" }},
		{"week 53 of a 52-week year", func(o *Options) { o.EndWeek = "2025-W53" }},
		{"bad site", func(o *Options) { o.Sites = []string{"LILLE"} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := small(1, false)
			c.mod(&o)
			dir := t.TempDir()
			_, err := Generate(context.Background(), dir, o)
			if !errors.Is(err, ErrOptions) {
				t.Fatalf("got %v, want an ErrOptions", err)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("files left behind: %v", ents)
			}
		})
	}
}

func TestParseISOWeek(t *testing.T) {
	cases := map[string]string{
		"2026-W46": "2026-11-09", "2026-W47": "2026-11-16", "2026-W01": "2025-12-29",
		"2020-W53": "2020-12-28", "2024-W01": "2024-01-01",
	}
	for in, want := range cases {
		got, err := ParseISOWeek(in)
		if err != nil || got.Format("2006-01-02") != want {
			t.Errorf("ParseISOWeek(%q) = %v, %v; want %s", in, got, err, want)
		}
		if ISOWeekLabel(got) != in {
			t.Errorf("ISOWeekLabel(%s) = %s, want %s", got, ISOWeekLabel(got), in)
		}
	}
}
