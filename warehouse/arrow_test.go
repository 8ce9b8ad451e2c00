//go:build duckdb_arrow

package warehouse

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestArrowRoundTrip(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "claim_id", Type: arrow.BinaryTypes.String},
		{Name: "opened_ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
		{Name: "amount", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "run_id", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := 0; i < 1000; i++ {
		b.Field(0).(*array.StringBuilder).Append("c" + string(rune('a'+i%26)))
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(1_700_000_000_000_000 + int64(i)))
		if i%10 == 0 {
			b.Field(2).AppendNull()
		} else {
			b.Field(2).(*array.Float64Builder).Append(float64(i))
		}
		b.Field(3).(*array.Int64Builder).Append(7)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	n, err := w.InsertArrow(ctx, "claims", rdr)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1000 {
		t.Fatalf("inserted %d", n)
	}
	out, err := w.QueryArrow(ctx, "SELECT sum(amount) AS s, count(*) AS n FROM claims")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	var sum float64
	for out.Next() {
		sum += out.RecordBatch().Column(0).(*array.Float64).Value(0)
	}
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for i := 0; i < 1000; i++ {
		if i%10 != 0 {
			want += float64(i)
		}
	}
	if sum != want {
		t.Fatalf("sum %v want %v", sum, want)
	}
}
