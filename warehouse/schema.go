package warehouse

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// checkExists refuses to open a missing file read-only: a command that only
// reads must not create a warehouse as a side effect.
func checkExists(path string) error {
	if path == "" || path == ":memory:" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open warehouse %s: %w", path, ErrNoWarehouse)
	} else if err != nil {
		return fmt.Errorf("open warehouse %s: %w", path, err)
	}
	return nil
}

// FileVersion is the schema version recorded in the file (0 when none).
func (w *DB) FileVersion(ctx context.Context) (int, error) {
	var n int
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := w.db.QueryRowContext(ctx, `SELECT COALESCE(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// checkReadable is what a read-only open checks instead of migrating: the
// file is a retour warehouse at the schema this binary knows.
func (w *DB) checkReadable(ctx context.Context) error {
	v, err := w.FileVersion(ctx)
	if err != nil {
		return err
	}
	want := SchemaVersion()
	switch {
	case v == 0:
		return fmt.Errorf("%s: %w", w.path, ErrNotWarehouse)
	case v > want:
		return fmt.Errorf("%s: %w (file at version %d, binary knows %d)", w.path, ErrNewerSchema, v, want)
	case v < want:
		return fmt.Errorf("%s: %w (file at version %d, this retour writes %d)", w.path, ErrOlderSchema, v, want)
	}
	return nil
}
