package warehouse

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"testing"
)

func TestQueryTrace(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var buf bytes.Buffer
	queryTrace = &buf
	defer func() { queryTrace = nil }()
	var n int
	if err := w.QueryRow(ctx, "SELECT count(*)\n  FROM   products").Scan(&n); err != nil {
		t.Fatal(err)
	}
	rows, err := w.Query(ctx, `SELECT sku FROM products WHERE sku = ?`, "x")
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	want := regexp.MustCompile(`(?m)^query +[0-9.]+ s wall +[0-9.]+ s cpu  SELECT count\(\*\) FROM products\nquery +[0-9.]+ s wall +[0-9.]+ s cpu  SELECT sku FROM products WHERE sku = \?\n$`)
	if !want.MatchString(buf.String()) {
		t.Errorf("trace:\n%s", buf.String())
	}
}
