package etl

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// batchBuilder builds one staging record batch (stagingSchema) from plain
// Go slices, which become the Arrow buffers as they are: one append per
// value, without the per-value interface call, capacity check and bitmap
// update of arrow's builders (the builders were a fifth of a first load's
// Go CPU). A batch's slices are never reused: DuckDB may still be reading
// the previous batch while the next one is built.
type batchBuilder struct {
	schema *arrow.Schema
	cols   []column // the plan's staging fields
	line   []int64  // _line
	rh     []uint64 // _rh
	target []int8   // _target
}

// column is one staging field's values: strings as Arrow offsets and
// bytes, the other kinds as int64 (integers, microseconds) or float64.
type column struct {
	kind  Kind
	n     int
	valid []byte // validity bitmap; nil while every value is valid
	nulls int
	offs  []int32
	data  []byte
	i64   []int64
	f64   []float64
}

// newBatchBuilder sizes the builder for rows records; textPerRow[i], when
// known (the previous batch's), is staging column i's text bytes per row.
func newBatchBuilder(schema *arrow.Schema, stg []Field, rows int, textPerRow []float64) *batchBuilder {
	b := &batchBuilder{schema: schema, cols: make([]column, len(stg)),
		line: make([]int64, 0, rows), rh: make([]uint64, 0, rows), target: make([]int8, 0, rows)}
	for i, f := range stg {
		c := &b.cols[i]
		c.kind = f.Kind
		switch f.Kind {
		case KString:
			per := 16.0 // a guess for the first batch; append grows it
			if i < len(textPerRow) && textPerRow[i] > 0 {
				per = textPerRow[i] * 1.05
			}
			c.offs = make([]int32, 1, rows+1)
			c.data = make([]byte, 0, int(per*float64(rows))+64)
		case KFloat:
			c.f64 = make([]float64, 0, rows)
		default:
			c.i64 = make([]int64, 0, rows)
		}
	}
	return b
}

// textPerRow is each string column's text bytes per row in the batch
// built (0 for the other columns), the next batch's sizing hint.
func (b *batchBuilder) textPerRow(out []float64) []float64 {
	out = out[:0]
	n := max(1, len(b.line))
	for i := range b.cols {
		out = append(out, float64(len(b.cols[i].data))/float64(n))
	}
	return out
}

// valid records a valid value at the column's next position.
func (c *column) setValid() {
	if c.valid != nil {
		if c.n>>3 >= len(c.valid) {
			c.valid = append(c.valid, 0)
		}
		c.valid[c.n>>3] |= 1 << (c.n & 7)
	}
	c.n++
}

func (c *column) appendString(s string) {
	c.data = append(c.data, s...)
	c.offs = append(c.offs, int32(len(c.data)))
	c.setValid()
}

func (c *column) appendInt(x int64) {
	c.i64 = append(c.i64, x)
	c.setValid()
}

func (c *column) appendFloat(x float64) {
	c.f64 = append(c.f64, x)
	c.setValid()
}

// appendNull adds a NULL (its bitmap is made on the first one).
func (c *column) appendNull() {
	if c.valid == nil {
		c.valid = make([]byte, c.n/8+1, cap(c.i64)/8+cap(c.f64)/8+cap(c.offs)/8+1)
		for i := 0; i < c.n/8; i++ {
			c.valid[i] = 0xff
		}
		for i := c.n / 8 * 8; i < c.n; i++ {
			c.valid[i>>3] |= 1 << (i & 7)
		}
	} else if c.n>>3 >= len(c.valid) {
		c.valid = append(c.valid, 0)
	}
	switch c.kind {
	case KString:
		c.offs = append(c.offs, int32(len(c.data)))
	case KFloat:
		c.f64 = append(c.f64, 0)
	default:
		c.i64 = append(c.i64, 0)
	}
	c.nulls++
	c.n++
}

// array is the column as an Arrow array of type dt.
func (c *column) array(dt arrow.DataType) arrow.Array {
	var vb *memory.Buffer
	if c.nulls > 0 {
		vb = memory.NewBufferBytes(c.valid)
	}
	var bufs []*memory.Buffer
	switch c.kind {
	case KString:
		bufs = []*memory.Buffer{vb, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.offs)), memory.NewBufferBytes(c.data)}
	case KFloat:
		bufs = []*memory.Buffer{vb, memory.NewBufferBytes(arrow.Float64Traits.CastToBytes(c.f64))}
	default:
		bufs = []*memory.Buffer{vb, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(c.i64))}
	}
	d := array.NewData(dt, c.n, bufs, nil, c.nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

// plain is a column without NULLs of fixed-width values.
func plain(dt arrow.DataType, n int, b []byte) arrow.Array {
	d := array.NewData(dt, n, []*memory.Buffer{nil, memory.NewBufferBytes(b)}, nil, 0, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

// record returns the rows built so far as a record batch.
func (b *batchBuilder) record() arrow.RecordBatch {
	n := len(b.line)
	fs := b.schema.Fields()
	arrs := make([]arrow.Array, 0, len(fs))
	for i := range b.cols {
		arrs = append(arrs, b.cols[i].array(fs[i].Type))
	}
	k := len(b.cols)
	arrs = append(arrs,
		plain(fs[k].Type, n, arrow.Int64Traits.CastToBytes(b.line)),
		plain(fs[k+1].Type, n, arrow.Uint64Traits.CastToBytes(b.rh)),
		plain(fs[k+2].Type, n, arrow.Int8Traits.CastToBytes(b.target)))
	rec := array.NewRecordBatch(b.schema, arrs, int64(n))
	for _, a := range arrs {
		a.Release()
	}
	return rec
}
