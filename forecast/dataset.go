package forecast

import "time"

// Series is one SKU (or generic series) over the dataset's calendar. All
// slices have length Dataset.Weeks; weeks before the series' first activity
// are zeros.
type Series struct {
	Key      string
	Category string // group used for pooling ("" = one group)
	Sector   string
	// Y is the target: returned units per period.
	Y []float64
	// X is shipped units per period, nil when unknown.
	X []float64
	// Reasons[r][t] is returned units with reason Dataset.Reasons[r]; nil if unknown.
	Reasons [][]float64
	// Sites maps a returns site to the units it received from this SKU (used
	// for site shares); nil if unknown.
	Sites map[string]float64
}

// Dataset is everything the engine reads, assembled by store.go from the
// warehouse or by generic.go from a CSV file.
type Dataset struct {
	// Start is the Monday of week 0 (the first day of period 0 in generic mode).
	Start time.Time
	// Monthly marks a monthly calendar (generic mode); otherwise weekly.
	Monthly bool
	// Weeks is the calendar length (periods).
	Weeks int
	// Period is the seasonal period (52 weekly, 12 monthly).
	Period int
	Series []*Series
	// Lags[category][s][k]: returned units shipped in week s and received in
	// week s+k (from order-linked return lines); nil when returns are not linked.
	Lags map[string][][]float64
	// Reasons names the reason rows of Series.Reasons.
	Reasons []string
	// SiteY[site][t] is returned units received by the site in week t.
	SiteY map[string][]float64
	// HoursPerUnit maps a site to processing hours per returned unit.
	HoursPerUnit map[string]float64
	// HoursSource says how HoursPerUnit was obtained (for reports).
	HoursSource string
}

// PeriodStart returns the first day of calendar period t.
func (d *Dataset) PeriodStart(t int) time.Time {
	if d.Monthly {
		return d.Start.AddDate(0, t, 0)
	}
	return d.Start.AddDate(0, 0, 7*t)
}

// firstActive returns the first index where y or x is positive (len if none).
func firstActive(y, x []float64, end int) int {
	for t := range end {
		if y[t] > 0 || (x != nil && x[t] > 0) {
			return t
		}
	}
	return end
}
