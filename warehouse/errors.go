package warehouse

import "errors"

var (
	// ErrLocked means another process holds the warehouse file open for writing.
	ErrLocked = errors.New("warehouse: the database file is in use by another process; close it (or wait for it to finish) and try again")
	// ErrMigration means a schema migration failed; the warehouse is left at the last applied version.
	ErrMigration = errors.New("warehouse: migration failed")
	// ErrNotDuckDB means the file exists but is not a DuckDB database (a SQLite file, a CSV, ...).
	ErrNotDuckDB = errors.New("warehouse: the file is not a DuckDB database, so not a retour warehouse; give another --db path, or move this file away")
	// ErrNewerSchema means the file was written by a newer retour than this one.
	ErrNewerSchema = errors.New("warehouse: the database file has a newer schema than this retour understands; upgrade retour")
	// ErrNoWarehouse means a command that only reads found no warehouse file.
	ErrNoWarehouse = errors.New("warehouse: no warehouse file here; load data first (`retour load FILE...` or `retour demo`), or point --db / RETOUR_DB at one")
	// ErrNotWarehouse means the file opened is a DuckDB file without retour's schema.
	ErrNotWarehouse = errors.New("warehouse: this DuckDB file is not a retour warehouse (no schema_migrations); point --db at a retour warehouse")
	// ErrOlderSchema means a read-only open found a file written by an older
	// retour; a write (any loading command, or `retour init`) upgrades it.
	ErrOlderSchema = errors.New("warehouse: the database file has an older schema; run `retour init` once to upgrade it, then retry")
	// ErrBadWeek means a week was not an ISO week written 2026-W40, 2026-w40 or 2026W40, or does not exist.
	ErrBadWeek = errors.New("not an ISO week")
)

// ErrBadNeed means a declared field requirement does not name a measured
// table and field (see coverage.go).
var ErrBadNeed = errors.New("warehouse: unknown field requirement")
