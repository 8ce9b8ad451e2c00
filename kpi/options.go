package kpi

import (
	"fmt"
	"io"

	"github.com/retour-analytics/retour/warehouse"
)

// Options configure Compute. Start from DefaultOptions.
type Options struct {
	// Benchmarks are the bands KPI values are classed against; nil means the
	// shipped table (DefaultBenchmarks).
	Benchmarks *Benchmarks
	// Carbon is the CO2 model: factors (nil = the shipped tables) and assumptions.
	Carbon CarbonModel
	// SLAHours is the processing-time target for sectors without a
	// processing_time_mean benchmark band (whose upper bound is the SLA);
	// 0 means warehouse.DefaultSLAHours (72).
	SLAHours float64
	// ReturnWindowWeeks is the longest ship-to-return lag, in weeks, the cohort
	// completion considers; later returns count at this lag. 0 means 26.
	ReturnWindowWeeks int
	// CompleteAt is the expected completion (share of a cohort's eventual
	// returns already observed) at or above which a cohort is final rather than
	// provisional; 0 means 0.99.
	CompleteAt float64
	// MinCompletion is the expected completion below which a cohort is too
	// recent to estimate (no value written); 0 means 0.2.
	MinCompletion float64
	// MinLagSample is the number of returned units a sector needs in mature
	// cohorts to use its own lag distribution instead of the all-sector one;
	// 0 means 200.
	MinLagSample int
	// RecurringWeeks is the look-back for repeat claims; 0 means 13.
	RecurringWeeks int
	// RecurringMin is how many claims in the look-back make a SKU or carrier a
	// recurring cause; 0 means 3.
	RecurringMin int
	// DeliveryTargetDays is the order-to-delivery target in days per delivery
	// country (ISO 3166-1 alpha-2, "*" for every other country), used by the
	// on-time and service-rate KPIs for order lines without a promised date;
	// nil means warehouse.DefaultDeliveryTargetDays. Targets must be > 0.
	DeliveryTargetDays map[string]float64
	// Trace, when set, receives the duration of every SQL step.
	Trace io.Writer
	// Threads caps DuckDB threads for the computation; 0 keeps the warehouse's setting.
	Threads int
	// MinCoverage is the share of a table's rows that must have a field for
	// the KPIs needing it to be stored (see KPI.Needs); 0 means
	// warehouse.DefaultMinCoverage (1 %).
	MinCoverage float64
}

// DefaultOptions returns the documented defaults with the shipped reference tables.
func DefaultOptions() Options {
	return Options{
		SLAHours:           warehouse.DefaultSLAHours,
		ReturnWindowWeeks:  26,
		CompleteAt:         0.99,
		MinCompletion:      0.2,
		MinLagSample:       200,
		RecurringWeeks:     13,
		RecurringMin:       3,
		DeliveryTargetDays: warehouse.DefaultDeliveryTargetDays,
	}
}

func (o Options) withDefaults() (Options, error) {
	d := DefaultOptions()
	if o.SLAHours == 0 {
		o.SLAHours = d.SLAHours
	}
	if o.ReturnWindowWeeks == 0 {
		o.ReturnWindowWeeks = d.ReturnWindowWeeks
	}
	if o.CompleteAt == 0 {
		o.CompleteAt = d.CompleteAt
	}
	if o.MinCompletion == 0 {
		o.MinCompletion = d.MinCompletion
	}
	if o.MinLagSample == 0 {
		o.MinLagSample = d.MinLagSample
	}
	if o.RecurringWeeks == 0 {
		o.RecurringWeeks = d.RecurringWeeks
	}
	if o.RecurringMin == 0 {
		o.RecurringMin = d.RecurringMin
	}
	if o.DeliveryTargetDays == nil {
		o.DeliveryTargetDays = d.DeliveryTargetDays
	}
	for c, days := range o.DeliveryTargetDays {
		if !(days > 0) {
			return o, fmt.Errorf("%w: delivery target for country %q must be > 0 days, got %g", ErrOptions, c, days)
		}
	}
	switch {
	case o.SLAHours < 0:
		return o, fmt.Errorf("%w: SLA hours must be > 0, got %g", ErrOptions, o.SLAHours)
	case o.ReturnWindowWeeks < 1 || o.ReturnWindowWeeks > 104:
		return o, fmt.Errorf("%w: return window must be 1-104 weeks, got %d", ErrOptions, o.ReturnWindowWeeks)
	case o.CompleteAt <= 0 || o.CompleteAt > 1:
		return o, fmt.Errorf("%w: complete-at must be in (0, 1], got %g", ErrOptions, o.CompleteAt)
	case o.MinCompletion <= 0 || o.MinCompletion > o.CompleteAt:
		return o, fmt.Errorf("%w: min completion must be in (0, complete-at], got %g", ErrOptions, o.MinCompletion)
	case o.RecurringWeeks < 1 || o.RecurringMin < 2:
		return o, fmt.Errorf("%w: recurring look-back must be >= 1 week and the minimum >= 2 claims", ErrOptions)
	}
	if o.Benchmarks == nil {
		b, err := DefaultBenchmarks()
		if err != nil {
			return o, err
		}
		o.Benchmarks = b
	}
	var err error
	if o.Carbon, err = o.Carbon.withDefaults(); err != nil {
		return o, err
	}
	return o, nil
}
