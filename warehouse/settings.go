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
