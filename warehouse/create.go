package warehouse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Init creates the warehouse file at path, or brings an existing one's
// schema up to date. A new file is written under a temporary name in the
// same folder and renamed into place only once it is complete and closed, so
// a failure (a full disk, a killed process) never leaves a file at path that
// cannot be opened. An empty (0-byte) file at path, left by an older
// interrupted init, is replaced. created reports whether a new file was made.
func Init(ctx context.Context, path string) (created bool, err error) {
	if path == "" || path == ":memory:" {
		return false, fmt.Errorf("init warehouse: give a file name, not an in-memory database")
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.Size() > 0:
		w, err := Open(ctx, path, Options{})
		if err != nil {
			return false, err
		}
		return false, w.Close()
	case err == nil && !st.Mode().IsRegular():
		return false, fmt.Errorf("init warehouse %s: not a regular file", path)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return false, fmt.Errorf("init warehouse %s: %w", path, err)
	}
	tmp := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.init-%d", filepath.Base(path), os.Getpid()))
	remove := func() {
		_ = os.Remove(tmp)
		_ = os.Remove(tmp + ".wal")
	}
	remove()
	w, err := Open(ctx, tmp, Options{})
	if err != nil {
		remove()
		return false, fmt.Errorf("init warehouse %s: %w", path, err)
	}
	if err := initHook(tmp); err != nil {
		remove()
		return false, errors.Join(fmt.Errorf("init warehouse %s: %w", path, err), w.Close())
	}
	if err := w.Close(); err != nil { // checkpoints: the file is complete, no WAL left
		remove()
		return false, fmt.Errorf("init warehouse %s: %w", path, err)
	}
	if _, err := os.Stat(tmp + ".wal"); err == nil {
		remove()
		return false, fmt.Errorf("init warehouse %s: the new file could not be completed (disk full?)", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		remove()
		return false, fmt.Errorf("init warehouse %s: %w", path, err)
	}
	return true, nil
}

// initHook runs after the schema is written to the temporary file (tests
// simulate a failure there).
var initHook = func(string) error { return nil }
