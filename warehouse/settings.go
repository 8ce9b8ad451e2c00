package warehouse

// Settings every stage shares, defined once. A stage's Options default to
// these; change them here, not in a stage.

// Unknown is how the views spell a site, category, sector, channel or carrier
// that the data does not give. Every stage uses it; none writes '?' or NULL
// for "not given".
const Unknown = "unknown"

// DefaultSLAHours is the processing-time target (receipt to disposition, in
// hours) for a sector without a processing-time benchmark band of its own; a
// sector's band sets its own target (kpi). kpi.Options.SLAHours and
// reports.Options.SLAHours default to it.
const DefaultSLAHours = 72.0

// DefaultHoursPerFTE is the working hours of one full-time person per week,
// turning workload hours into staff (reports.Options.HoursPerFTE).
const DefaultHoursPerFTE = 35.0

// DefaultDeliveryTargetDays is the delivery target, in days from order to
// delivery, per delivery country (ISO 3166-1 alpha-2), used by the on-time
// and service-rate KPIs for order lines without a promised date; "*" applies
// to every other country. kpi.Options.DeliveryTargetDays defaults to it.
var DefaultDeliveryTargetDays = map[string]float64{
	"FR": 4, "BE": 4, "NL": 4, "LU": 4, "DE": 5, "ES": 5, "IT": 6, "PT": 6, "PL": 6, "*": 7,
}

// CatchAllReasons are the canonical reasons that say no reason was given
// ("other", and Unknown). A rise in their share says nothing about the
// product, so no reason alert is raised for them (forecast) or shown (reports).
var CatchAllReasons = []string{"other", Unknown}

// IsCatchAllReason reports whether r is one of CatchAllReasons.
func IsCatchAllReason(r string) bool {
	for _, c := range CatchAllReasons {
		if r == c {
			return true
		}
	}
	return false
}
