//go:build !duckdb_arrow

package warehouse

import (
	"context"
	"database/sql"
	"errors"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// ArrowEnabled reports whether this binary was built with -tags=duckdb_arrow.
const ArrowEnabled = false

// ErrNoArrow is returned by the Arrow functions of a binary built without -tags=duckdb_arrow.
var ErrNoArrow = errors.New("warehouse: this binary was built without -tags=duckdb_arrow; rebuild with `make build`")

// RegisterArrowView needs -tags=duckdb_arrow.
func RegisterArrowView(context.Context, *sql.Conn, string, array.RecordReader) (func() error, error) {
	return nil, ErrNoArrow
}

// QueryArrowConn needs -tags=duckdb_arrow.
func QueryArrowConn(context.Context, *sql.Conn, string, ...any) (array.RecordReader, error) {
	return nil, ErrNoArrow
}

// QueryArrow needs -tags=duckdb_arrow.
func (w *DB) QueryArrow(context.Context, string, ...any) (array.RecordReader, error) {
	return nil, ErrNoArrow
}

// InsertArrow needs -tags=duckdb_arrow.
func InsertArrow(context.Context, *sql.Conn, string, array.RecordReader) (int64, error) {
	return 0, ErrNoArrow
}

// InsertArrow needs -tags=duckdb_arrow.
func (w *DB) InsertArrow(context.Context, string, array.RecordReader) (int64, error) {
	return 0, ErrNoArrow
}
