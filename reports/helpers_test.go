package reports

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// testWeek is the last full week of the seed data.
var testWeek = Week{Year: 2026, Num: 47}

// testNow stamps pages in tests so output is reproducible.
var testNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// openSeeded opens an in-memory warehouse and runs the given testdata SQL files.
func openSeeded(t testing.TB, files ...string) *warehouse.DB {
	t.Helper()
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
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec(ctx, string(b)); err != nil {
			t.Fatalf("seed %s: %v", f, err)
		}
	}
	return w
}

func testOptions(l Lang) Options {
	o := DefaultOptions()
	o.Lang = l
	o.Week = testWeek
	o.Now = testNow
	return o
}
