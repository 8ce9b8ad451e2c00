package etl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/retour-analytics/retour/warehouse"
)

// openParquet has DuckDB read one Parquet file as Arrow record batches. A
// path holding glob characters (* ? [ {) is read through a link with a plain
// name, so that exactly that file is read. release removes the link.
func openParquet(ctx context.Context, w *warehouse.DB, path string) (*arrowReader, func(), error) {
	read, cleanup := path, func() {}
	if strings.ContainsAny(path, "*?[]{}") {
		dir, err := os.MkdirTemp("", "retour-parquet-")
		if err != nil {
			return nil, nil, fmt.Errorf("load %s: %w", path, err)
		}
		cleanup = func() { _ = os.RemoveAll(dir) }
		abs, err := filepath.Abs(path)
		if err == nil {
			read = filepath.Join(dir, "source.parquet")
			err = os.Symlink(abs, read)
		}
		if err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("load %s: %w", path, err)
		}
	}
	pr, err := w.QueryArrow(ctx, `SELECT * FROM read_parquet(?)`, read)
	if err != nil {
		cleanup()
		return nil, nil, &ParseError{File: path, Err: fmt.Errorf("%w: %s", ErrCorrupt, firstLine(err.Error()))}
	}
	for _, f := range pr.Schema().Fields() {
		if nested(f.Type) {
			pr.Release()
			cleanup()
			return nil, nil, &ParseError{File: path, Column: f.Name, Err: fmt.Errorf("%w: the column holds %s values (nested); retour reads flat columns: flatten it (one value per column) or drop it", errNested, f.Type)}
		}
	}
	a := newArrowReader(pr)
	return a, func() { pr.Release(); cleanup() }, nil
}

var errNested = errors.New("nested column")

func nested(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.STRUCT, arrow.LIST, arrow.LARGE_LIST, arrow.FIXED_SIZE_LIST, arrow.MAP, arrow.DENSE_UNION, arrow.SPARSE_UNION, arrow.LIST_VIEW, arrow.LARGE_LIST_VIEW:
		return true
	}
	return false
}
