package etl

import (
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestBatchBuilderMatchesArrow: the staging batch built from plain slices
// equals, value for value and NULL for NULL, the one arrow's own builders
// make from the same rows (NULLs first, last, in runs and nowhere).
func TestBatchBuilderMatchesArrow(t *testing.T) {
	stg := []Field{{Name: "s", Kind: KString}, {Name: "i", Kind: KInt}, {Name: "f", Kind: KFloat}, {Name: "t", Kind: KTime}, {Name: "never", Kind: KString}}
	p := &plan{stg: stg}
	schema := p.stagingSchema()
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name  string
		rows  int
		nulls func(row, col int) bool
	}{
		{"no nulls", 1000, func(int, int) bool { return false }},
		{"random nulls", 1000, func(int, int) bool { return r.IntN(3) == 0 }},
		{"first row null", 17, func(row, _ int) bool { return row == 0 }},
		{"last row null", 17, func(row, _ int) bool { return row == 16 }},
		{"null after 8 valid", 9, func(row, _ int) bool { return row == 8 }},
		{"all null", 30, func(int, int) bool { return true }},
		{"empty", 0, func(int, int) bool { return false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bb := newBatchBuilder(schema, stg, tc.rows, []float64{3})
			ab := array.NewRecordBuilder(memory.DefaultAllocator, schema)
			defer ab.Release()
			for row := range tc.rows {
				for c, f := range stg {
					col := &bb.cols[c]
					fb := ab.Field(c)
					if f.Name == "never" || tc.nulls(row, c) {
						col.appendNull()
						fb.AppendNull()
						continue
					}
					switch f.Kind {
					case KString:
						s := string(rune('a'+r.IntN(26))) + "é"[:r.IntN(3)]
						col.appendString(s)
						fb.(*array.StringBuilder).Append(s)
					case KInt:
						x := r.Int64()
						col.appendInt(x)
						fb.(*array.Int64Builder).Append(x)
					case KFloat:
						x := r.NormFloat64()
						col.appendFloat(x)
						fb.(*array.Float64Builder).Append(x)
					case KTime:
						x := r.Int64N(1 << 50)
						col.appendInt(x)
						fb.(*array.TimestampBuilder).Append(arrow.Timestamp(x))
					}
				}
				line, rh, tg := int64(row+2), r.Uint64(), int8(r.IntN(2))
				bb.line, bb.rh, bb.target = append(bb.line, line), append(bb.rh, rh), append(bb.target, tg)
				ab.Field(len(stg)).(*array.Int64Builder).Append(line)
				ab.Field(len(stg) + 1).(*array.Uint64Builder).Append(rh)
				ab.Field(len(stg) + 2).(*array.Int8Builder).Append(tg)
			}
			got, want := bb.record(), ab.NewRecordBatch()
			defer got.Release()
			defer want.Release()
			if !array.RecordEqual(got, want) {
				t.Fatalf("batches differ:\ngot  %v\nwant %v", got, want)
			}
			for c := range got.Columns() {
				if g, w := got.Column(c).NullN(), want.Column(c).NullN(); g != w {
					t.Errorf("column %d: %d NULLs, want %d", c, g, w)
				}
			}
		})
	}
}
