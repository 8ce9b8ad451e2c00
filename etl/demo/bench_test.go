package demo

import (
	"context"
	"testing"
)

// BenchmarkGenerate generates about one million order lines per iteration and
// reports rows/s (all files) and order lines/s. For the 10M-line figure run
//
//	go test -tags=duckdb_arrow -run - -bench Generate -benchtime 1x ./etl/demo -lines 10000000
func BenchmarkGenerate(b *testing.B) {
	opts := DefaultOptions()
	opts.Lines = *benchLines
	dir := b.TempDir()
	var rows, lines int
	b.ResetTimer()
	for b.Loop() {
		truth, err := Generate(context.Background(), dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		rows, lines = 0, truth.Files[OrderLinesFile]
		for _, n := range truth.Files {
			rows += n
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(rows)/sec, "rows/s")
	b.ReportMetric(float64(lines)/sec, "lines/s")
	b.ReportMetric(float64(lines), "lines")
}
