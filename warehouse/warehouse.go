package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// DefaultPath is the warehouse file used when neither --db nor RETOUR_DB is set.
const DefaultPath = "retour.duckdb"

// Options configure Open. The zero value is valid.
type Options struct {
	// ReadOnly opens the file without write access; several readers may share it.
	ReadOnly bool
	// Threads caps DuckDB's worker threads; 0 keeps DuckDB's default (all cores).
	Threads int
	// MemoryLimit is DuckDB's memory_limit setting, e.g. "2GB"; "" keeps DuckDB's default (80 % of RAM).
	MemoryLimit string
	// PreserveInsertionOrder, when set to false, lets DuckDB reorder rows of
	// large inserts to save memory (bulk loads); nil keeps DuckDB's default (true).
	PreserveInsertionOrder *bool
}

// DB is an open warehouse.
type DB struct {
	path string
	db   *sql.DB
	conn *duckdb.Connector
	// interrupted counts the runs Open marked failed (see runs.go).
	interrupted int
}

// PathFromEnv returns flag if set, else $RETOUR_DB, else DefaultPath.
func PathFromEnv(flag string) string {
	if flag != "" {
		return flag
	}
	if p := os.Getenv("RETOUR_DB"); p != "" {
		return p
	}
	return DefaultPath
}

// Open opens (creating if needed) the DuckDB file at path and brings its schema
// up to date. Use ":memory:" or "" for an in-memory warehouse.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if opts.ReadOnly {
		if err := checkExists(path); err != nil {
			return nil, err
		}
	}
	dsn := path
	if path == ":memory:" {
		dsn = ""
	}
	// Extensions are never downloaded nor loaded behind the user's back (a
	// file that is not a DuckDB database must not trigger a network fetch).
	params := []string{"autoinstall_known_extensions=false", "autoload_known_extensions=false"}
	if opts.ReadOnly {
		params = append(params, "access_mode=read_only")
	}
	if opts.Threads > 0 {
		params = append(params, fmt.Sprintf("threads=%d", opts.Threads))
	}
	if opts.MemoryLimit != "" {
		params = append(params, "memory_limit="+opts.MemoryLimit)
	}
	if opts.PreserveInsertionOrder != nil {
		params = append(params, fmt.Sprintf("preserve_insertion_order=%t", *opts.PreserveInsertionOrder))
	}
	dsn += "?" + strings.Join(params, "&")
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, openError(path, err)
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(openError(path, err), db.Close())
	}
	w := &DB{path: path, db: db, conn: connector}
	if opts.ReadOnly {
		if err := w.checkReadable(ctx); err != nil {
			return nil, errors.Join(err, w.Close())
		}
	} else {
		if err := w.migrate(ctx); err != nil {
			return nil, errors.Join(err, w.Close())
		}
		if err := w.failInterruptedRuns(ctx); err != nil {
			return nil, errors.Join(err, w.Close())
		}
	}
	return w, nil
}

func openError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") {
		return fmt.Errorf("open warehouse %s: %w (%s)", path, ErrLocked, firstLine(msg))
	}
	if strings.Contains(msg, "not a valid DuckDB database file") || strings.Contains(msg, "is an existing extension") {
		// e.g. a SQLite file: DuckDB would need an extension, which is never installed implicitly
		return fmt.Errorf("open warehouse %s: %w", path, ErrNotDuckDB)
	}
	return fmt.Errorf("open warehouse %s: %w", path, err)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Path is the file the warehouse was opened from.
func (w *DB) Path() string { return w.path }

// SQL exposes the database/sql handle for ordinary queries.
func (w *DB) SQL() *sql.DB { return w.db }

// Close releases the file.
func (w *DB) Close() error {
	return errors.Join(w.db.Close(), w.conn.Close())
}

// Exec runs a statement.
func (w *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return w.db.ExecContext(ctx, query, args...)
}

// Query runs a query.
func (w *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	defer traceQuery(query)()
	return w.db.QueryContext(ctx, query, args...)
}

// QueryRow runs a query expected to return at most one row.
func (w *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	defer traceQuery(query)()
	return w.db.QueryRowContext(ctx, query, args...)
}

// Tx runs fn inside one transaction on one connection, committing when fn
// returns nil and rolling back otherwise.
func (w *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Conn runs fn on a single dedicated connection: temporary tables, views and
// transactions opened with BEGIN live as long as fn.
func (w *DB) Conn(ctx context.Context, fn func(c *sql.Conn) error) (err error) {
	c, err := w.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() {
		if cerr := c.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close connection: %w", cerr))
		}
	}()
	return fn(c)
}
