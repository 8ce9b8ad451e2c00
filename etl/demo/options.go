package demo

import (
	"fmt"
	"runtime"
)

// Options configure Generate. Start from DefaultOptions; a zero field keeps the
// meaning documented beside it.
type Options struct {
	// SKUs is the number of products. Sectors are spread over the SKUs in fixed
	// shares (fashion 40 %, high-tech 20 %, appliance 16 %, furniture 12 %, food 12 %).
	SKUs int
	// Weeks is the number of ISO weeks of history, ending with EndWeek.
	Weeks int
	// Seed makes the output reproducible: the same options give the same bytes.
	Seed int64
	// EndWeek is the last ISO week with data, "YYYY-Www"; "" means DefaultEndWeek.
	// Data ends on the Sunday of that week at 24:00.
	EndWeek string
	// Lines, when > 0, scales demand so that order_lines.csv holds about this
	// many data rows (before dirty rows); 0 keeps the natural size (about 8
	// order lines per SKU and week on average).
	Lines int
	// Dirty mixes realistic bad rows into the files and writes products.csv in
	// Latin-1 (see docs/demo-data.md for the kinds); counted in Truth.Dirty.
	Dirty bool
	// DirtyRate is the probability that a clean row is followed by a dirty row
	// (only with Dirty); 0 means 0.002.
	DirtyRate float64
	// Sites lists the returns warehouses as "CODE:country", e.g. "FR-LIL:FR";
	// nil means the five default sites (FR, DE, ES, IT, PL). Every delivery
	// country is routed to the site in the same country, else the first site.
	Sites []string
	// Workers is the number of goroutines formatting rows; 0 means GOMAXPROCS.
	// The output does not depend on it.
	Workers int
}

// DefaultEndWeek is the last week of demo data: the week before the 2026-W47
// report week.
const DefaultEndWeek = "2026-W46"

// DefaultOptions returns options sized for a quick demo: 200 SKUs over 156
// weeks (about 250 000 order lines), seed 1, clean files.
func DefaultOptions() Options {
	return Options{SKUs: 200, Weeks: 156, Seed: 1, EndWeek: DefaultEndWeek}
}

// withDefaults fills zero fields and validates.
func (o Options) withDefaults() (Options, error) {
	if o.EndWeek == "" {
		o.EndWeek = DefaultEndWeek
	}
	if o.SKUs <= 0 {
		return o, fmt.Errorf("%w: skus must be > 0, got %d", ErrOptions, o.SKUs)
	}
	if o.SKUs > 999999 {
		return o, fmt.Errorf("%w: skus must be <= 999999, got %d", ErrOptions, o.SKUs)
	}
	if o.Weeks < 4 || o.Weeks > 999 {
		return o, fmt.Errorf("%w: weeks must be in 4..999, got %d", ErrOptions, o.Weeks)
	}
	if o.Lines < 0 {
		return o, fmt.Errorf("%w: lines must be >= 0, got %d", ErrOptions, o.Lines)
	}
	if o.DirtyRate < 0 || o.DirtyRate > 0.2 {
		return o, fmt.Errorf("%w: dirty rate must be in [0, 0.2], got %g", ErrOptions, o.DirtyRate)
	}
	if o.DirtyRate == 0 {
		o.DirtyRate = 0.002
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if _, err := ParseISOWeek(o.EndWeek); err != nil {
		return o, err
	}
	return o, nil
}
