package demo

import (
	"encoding/json"
	"fmt"
	"os"
)

// TruthFile is the name of the ground-truth file written beside the data.
const TruthFile = "truth.json"

// Truth is the ground truth the generator drew the demo data from: enough to
// compute the best possible forecast and the expected KPIs.
//
// Week indexes are 0-based from StartWeek (the Monday of the first ISO week).
type Truth struct {
	Seed      int64  `json:"seed"`
	StartWeek string `json:"start_week"` // Monday, YYYY-MM-DD
	Weeks     int    `json:"weeks"`
	// Reasons is the canonical reason list, in the order used by mixes.
	Reasons  []string               `json:"reasons"`
	Products []ProductTruth         `json:"products"`
	Sectors  map[string]SectorTruth `json:"sectors"`
	Events   []Event                `json:"events"`
	// Dirty counts the bad rows injected per file and kind (only with --dirty).
	Dirty map[string]map[string]int `json:"dirty,omitempty"`
	// Files lists the files written with their data-row counts.
	Files map[string]int `json:"files"`
}

// ProductTruth is one SKU's true parameters.
type ProductTruth struct {
	SKU      string `json:"sku"`
	Category string `json:"category"`
	Sector   string `json:"sector"`
	// Demand[t] is the expected number of units shipped in week t (the Poisson
	// intensity the order lines were drawn from, summed over the week).
	Demand []float64 `json:"demand"`
	// ReturnProb[t] is the probability that a unit shipped in week t is returned.
	ReturnProb []float64 `json:"return_prob"`
	// LagPMF[k] is the probability that a returned unit shipped in week t is
	// received at the returns dock in week t+k (k = 0, 1, ...). Sums to 1.
	LagPMF []float64 `json:"lag_pmf"`
	// ReasonMix is the base reason mix (shares by reason, summing to 1) before events.
	ReasonMix map[string]float64 `json:"reason_mix"`
}

// SectorTruth holds the per-sector process parameters.
type SectorTruth struct {
	// ProcessingHoursMean, ProcessingHoursMedian and ProcessingHoursP90 describe the
	// distribution of hours from receipt to disposition done.
	ProcessingHoursMean   float64 `json:"processing_hours_mean"`
	ProcessingHoursMedian float64 `json:"processing_hours_median"`
	ProcessingHoursP90    float64 `json:"processing_hours_p90"`
	// BackInUseProb: probability that a processed unit goes back into use
	// (restock, refurbish with outcome success, repair, resell_secondary, donate).
	BackInUseProb float64 `json:"back_in_use_prob"`
	// RefurbSuccessProb: P(success | refurbishment attempted).
	RefurbSuccessProb float64 `json:"refurb_success_prob"`
	// DispositionMix: shares of dispositions among processed units.
	DispositionMix map[string]float64 `json:"disposition_mix"`
	// ReturnRate: the sector's mean return probability per shipped unit.
	ReturnRate float64 `json:"return_rate"`
}

// Event is an injected change in the data.
type Event struct {
	Kind      string  `json:"kind"` // defective_batch, description_error, carrier_damage
	SKU       string  `json:"sku,omitempty"`
	Carrier   string  `json:"carrier,omitempty"`
	Country   string  `json:"country,omitempty"`
	Reason    string  `json:"reason"`     // canonical reason whose share rises
	StartWeek int     `json:"start_week"` // week index (ship week for SKU events)
	EndWeek   int     `json:"end_week"`   // exclusive
	Share     float64 `json:"share"`      // the reason's share while the event lasts
	// ReturnProbFactor multiplies the return probability while the event lasts.
	ReturnProbFactor float64 `json:"return_prob_factor"`
}

// ReadTruth reads a truth file.
func ReadTruth(path string) (*Truth, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read truth %s: %w", path, err)
	}
	var t Truth
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("parse truth %s: %w", path, err)
	}
	return &t, nil
}
