package etl

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// BenchmarkValidate validates one batch of 32,768 order lines into an Arrow
// record batch: the Go side of a load, without DuckDB.
func BenchmarkValidate(b *testing.B) {
	var text []byte
	offs := []int{0}
	var lines []int64
	for i := 0; i < 32768; i++ {
		text = fmt.Appendf(text, "SO-%07d-%03d-%d,1,2026-01-%02d 10:11:12,2026-01-%02d 18:00:00,2026-01-%02d 09:30:00,C%08d,web,FR,FAS-%05d,%d,%d.99,0.00,EUR,2026-01-%02d 10:11:12,4.%02d",
			i, i%500, i%20, 1+i%27, 1+i%27, 2+i%27, i%90000, i%2000, 1+i%3, i%200, 3+i%25, i%100)
		offs = append(offs, len(text))
		lines = append(lines, int64(i+2))
	}
	hdr := []string{"order_id", "line_id", "order_ts", "ship_ts", "delivered_ts", "customer_id", "channel", "country", "sku", "qty", "unit_price", "discount", "currency", "promised_ts", "shipping_cost"}
	p, err := newPlan("order_lines.csv", hdr, nil, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	v := newValidator(p, p.stagingSchema(), ',')
	bt := &batch{buf: text, offs: offs, lines: lines}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		rec, bad, _ := v.process(bt)
		if len(bad) > 0 || rec.NumRows() != int64(len(lines)) {
			b.Fatalf("%d rows, %d rejected: %v", rec.NumRows(), len(bad), bad[0].reason)
		}
		rec.Release()
	}
}
