package etl

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

// BenchmarkLoad loads a 300,000-line orders CSV into an empty warehouse
// (make bench-load measures the 10M-line file against DuckDB's read_csv).
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "order_lines.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "order_id,line_id,order_ts,ship_ts,delivered_ts,customer_id,channel,country,sku,qty,unit_price,discount,currency")
	const n = 300_000
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "SO-%d,1,2026-01-%02d 10:11:12,2026-01-%02d 18:00:00,2026-01-%02d 09:30:00,C%d,web,FR,SKU%d,%d,%d.99,0,EUR\n", i, 1+i%27, 1+i%27, 2+i%27, i%9000, i%2000, 1+i%3, i%200)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.SetBytes(0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		wh, err := warehouse.Open(context.Background(), filepath.Join(dir, fmt.Sprintf("w%d.duckdb", i)), warehouse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, err := LoadFile(context.Background(), wh, path, Options{})
		if err != nil || s.Inserted != n {
			b.Fatal(err, s.Counts)
		}
		b.StopTimer()
		wh.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
