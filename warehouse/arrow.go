//go:build duckdb_arrow

package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
)

// ArrowEnabled reports whether this binary was built with -tags=duckdb_arrow.
const ArrowEnabled = true

func arrowOf(c *sql.Conn) (*duckdb.Arrow, error) {
	var a *duckdb.Arrow
	err := c.Raw(func(dc any) error {
		var err error
		a, err = duckdb.NewArrowFromConn(dc.(*duckdb.Conn))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("arrow: %w", err)
	}
	return a, nil
}

// RegisterArrowView makes rdr readable as the view name on connection c, without
// copying: DuckDB pulls record batches from rdr as the view is scanned. The
// view can be scanned once. Call release when done; it drops the view.
func RegisterArrowView(ctx context.Context, c *sql.Conn, name string, rdr array.RecordReader) (release func() error, err error) {
	a, err := arrowOf(c)
	if err != nil {
		return nil, err
	}
	rel, err := a.RegisterView(rdr, name)
	if err != nil {
		return nil, fmt.Errorf("register arrow view %s: %w", name, err)
	}
	return func() error {
		_, derr := c.ExecContext(ctx, `DROP VIEW IF EXISTS "`+name+`"`)
		rel()
		return derr
	}, nil
}

// QueryArrowConn runs query on c and returns its result as Arrow record batches.
// The caller must Release the reader and check its Err after the loop.
func QueryArrowConn(ctx context.Context, c *sql.Conn, query string, args ...any) (array.RecordReader, error) {
	a, err := arrowOf(c)
	if err != nil {
		return nil, err
	}
	r, err := a.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query arrow: %w", err)
	}
	return r, nil
}

// QueryArrow runs query on a dedicated connection and returns the result as
// Arrow record batches. Release the reader to give the connection back.
func (w *DB) QueryArrow(ctx context.Context, query string, args ...any) (array.RecordReader, error) {
	c, err := w.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	r, err := QueryArrowConn(ctx, c, query, args...)
	if err != nil {
		return nil, errors.Join(err, c.Close())
	}
	return &connReader{RecordReader: r, conn: c}, nil
}

// connReader closes its connection when the reader is released for the last time.
type connReader struct {
	array.RecordReader
	conn *sql.Conn
	refs int64
}

func (r *connReader) Retain() { r.refs++; r.RecordReader.Retain() }

func (r *connReader) Release() {
	r.RecordReader.Release()
	if r.refs == 0 && r.conn != nil {
		_ = r.conn.Close() // read path: nothing to lose
		r.conn = nil
		return
	}
	r.refs--
}

// InsertArrow inserts every batch of rdr into table (columns matched by name)
// on connection c, inside whatever transaction c has open.
func InsertArrow(ctx context.Context, c *sql.Conn, table string, rdr array.RecordReader) (n int64, err error) {
	view := "arrow_in_" + table
	release, err := RegisterArrowView(ctx, c, view, rdr)
	if err != nil {
		return 0, err
	}
	defer func() {
		if rerr := release(); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}()
	res, err := c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO "%s" BY NAME SELECT * FROM "%s"`, table, view))
	if err != nil {
		return 0, fmt.Errorf("insert into %s: %w", table, err)
	}
	return res.RowsAffected()
}

// InsertArrow inserts every batch of rdr into table in one transaction.
func (w *DB) InsertArrow(ctx context.Context, table string, rdr array.RecordReader) (n int64, err error) {
	err = w.Conn(ctx, func(c *sql.Conn) error {
		if _, err := c.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return err
		}
		n, err = InsertArrow(ctx, c, table, rdr)
		if err != nil {
			_, rerr := c.ExecContext(ctx, "ROLLBACK")
			return errors.Join(err, rerr)
		}
		_, err = c.ExecContext(ctx, "COMMIT")
		return err
	})
	return n, err
}
