package serve

import (
	"context"

	"github.com/retour-analytics/retour/warehouse"
)

// Pipeline is the work serve schedules; cmd/retour passes the stages' own
// functions, so serve never imports them.
type Pipeline struct {
	// Load loads one file whole or not at all, with its options.
	Load func(ctx context.Context, w *warehouse.DB, file string, o LoadOptions) (LoadResult, error)
	// Refresh forecasts, computes the KPIs and writes the packs and index into
	// reportsDir in lang (en or fr).
	Refresh func(ctx context.Context, w *warehouse.DB, reportsDir, lang string) (RefreshResult, error)
}

// LoadOptions are how serve asks for a file to be loaded.
type LoadOptions struct {
	// Mapping is the mapping file ("" matches columns by name).
	Mapping string
	// MaxRecordBytes caps one line (record) of the file; a longer one
	// refuses the file (inbox.max_record_mb).
	MaxRecordBytes int
}

// LoadResult is what a load did.
type LoadResult struct {
	RunID       int64
	Entity      string
	Read        int64
	Inserted    int64
	Updated     int64
	Unchanged   int64
	Quarantined int64
}

// RefreshResult is what a refresh wrote.
type RefreshResult struct {
	Week  string            // ISO week of the packs, e.g. 2026-W47
	Packs map[string]string // pack name -> HTML file
	Lines []string          // one line per stage, for the log and the run record
}
