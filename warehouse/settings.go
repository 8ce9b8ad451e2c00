package warehouse

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

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

// Where a discarded unsold product goes (ESPR, Reg. (EU) 2024/1781, art.
// 24(1)(c): preparing for reuse, including refurbishment and remanufacturing;
// recycling; other recovery, including energy recovery; disposal). A returned
// product is an unsold product (art. 2(37)); it is discarded when it is handed
// over as waste. NotDiscarded marks what goes back on sale, back to the
// customer or to a donation (donated products are outside the disclosure of
// Implementing Regulation (EU) 2026/2).
const (
	DestReuse         = "reuse"
	DestRemanufacture = "remanufacture"
	DestRecycling     = "recycling"
	DestOtherRecovery = "other_recovery"
	DestDisposal      = "disposal"
	NotDiscarded      = "not_discarded"
)

// DiscardDestinations lists the five destinations in the order of the waste
// hierarchy.
var DiscardDestinations = []string{DestReuse, DestRemanufacture, DestRecycling, DestOtherRecovery, DestDisposal}

// DispositionDestinations maps a return line's disposition, or
// "disposition/refurbish_outcome" when the outcome matters, to its discard
// destination: the one definition kpi writes csr_discarded with. A
// disposition that is missing or not listed, and a refurbishment without an
// outcome yet, map to Unknown: never guessed. Destroyed goods count as
// disposal; map "destroy" to DestOtherRecovery where they go to energy
// recovery. Refurbishment that puts the unit back on sale is not a discard;
// map "refurbish/success" to DestRemanufacture where a partner receives the
// units as waste.
var DispositionDestinations = map[string]string{
	"restock":           NotDiscarded,
	"resell_secondary":  NotDiscarded,
	"repair":            NotDiscarded,
	"donate":            NotDiscarded,
	"refurbish/success": NotDiscarded,
	"refurbish/failed":  DestRecycling,
	"recycle":           DestRecycling,
	"destroy":           DestDisposal,
}

// DiscardDestination returns the destination of a disposition and refurbish
// outcome (lower case, trimmed) under DispositionDestinations.
func DiscardDestination(disposition, outcome string) string {
	if outcome != "" {
		if d, ok := DispositionDestinations[disposition+"/"+outcome]; ok {
			return d
		}
	}
	if d, ok := DispositionDestinations[disposition]; ok {
		return d
	}
	return Unknown
}

// DiscardDestinationSQL is DiscardDestination in SQL over two text
// expressions (lower case, trimmed, ” for missing).
func DiscardDestinationSQL(disposition, outcome string) string {
	keys := make([]string, 0, len(DispositionDestinations))
	for k := range DispositionDestinations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("CASE")
	for _, k := range keys { // "a/b" keys first: the outcome decides before the disposition
		if d, o, ok := strings.Cut(k, "/"); ok {
			fmt.Fprintf(&b, " WHEN %s = '%s' AND %s = '%s' THEN '%s'", disposition, d, outcome, o, DispositionDestinations[k])
		}
	}
	for _, k := range keys {
		if !strings.Contains(k, "/") {
			fmt.Fprintf(&b, " WHEN %s = '%s' THEN '%s'", disposition, k, DispositionDestinations[k])
		}
	}
	fmt.Fprintf(&b, " ELSE '%s' END", Unknown)
	return b.String()
}

// ESPRDestructionBanFrom is the day the ESPR ban on destroying unsold
// apparel, clothing accessories and footwear applies to large enterprises
// (art. 25(1), Annex VII); medium-sized enterprises follow on 19 July 2030.
var ESPRDestructionBanFrom = time.Date(2026, 7, 19, 0, 0, 0, 0, time.UTC)

// ESPRBanSectors are the sectors whose products retour treats as ESPR Annex
// VII products (apparel, clothing accessories, footwear): a sector-level
// stand-in for the Annex's customs headings.
var ESPRBanSectors = []string{"fashion"}

// AGECExemptSectors are the sectors outside the French anti-waste law's ban
// on eliminating unsold non-food products (AGEC, 2020, art. L541-15-8 of the
// environment code): food.
var AGECExemptSectors = []string{"food"}
