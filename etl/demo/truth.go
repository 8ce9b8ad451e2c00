package demo

import (
	"encoding/json"
	"fmt"
	"math"
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
	// DemandAR gives the parameters of every SKU's demand noise (DemandNoise).
	DemandAR DemandAR `json:"demand_ar"`
	// Dirty counts the bad rows injected per file and kind (only with --dirty).
	Dirty map[string]map[string]int `json:"dirty,omitempty"`
	// Files lists the files written with their data-row counts.
	Files map[string]int `json:"files"`

	// EndWeek is the last ISO week with data ("2026-W46"); data ends on its
	// Sunday at 24:00.
	EndWeek string `json:"end_week,omitempty"`
	// Clean counts, per file, the data rows that are not dirty (Files minus
	// the Dirty rows): what a correct load inserts.
	Clean map[string]int `json:"clean,omitempty"`
	// BacklogUnits is the number of units received at a dock and not yet
	// processed at the end of data (return_lines with received_ts and no processed_ts).
	BacklogUnits int `json:"backlog_units,omitempty"`
	// BacklogValue is those units valued at their products' unit cost, EUR.
	BacklogValue float64 `json:"backlog_value,omitempty"`
	// Delivery is the outbound delivery process (promised dates, transit,
	// shipping tariffs) and the operations KPIs it implies.
	Delivery *DeliveryTruth `json:"delivery,omitempty"`
	// Sites lists the returns warehouses with their country ("FR-LIL": "FR").
	Sites map[string]string `json:"sites,omitempty"`
}

// ProductTruth is one SKU's true parameters.
type ProductTruth struct {
	SKU      string `json:"sku"`
	Category string `json:"category"`
	Sector   string `json:"sector"`
	// Demand[t] is the expected number of units shipped in week t (the Poisson
	// intensity the order lines were drawn from, summed over the week).
	Demand []float64 `json:"demand"`
	// DemandNoise[t] is the log-scale AR(1) demand noise in week t:
	// Demand[t] = (level x life cycle x season x growth) x exp(DemandNoise[t]),
	// DemandNoise[t] = Truth.DemandAR.Phi x DemandNoise[t-1] + N(0, Sigma^2).
	// It lets an oracle forecast demand from what is known at an origin
	// (ExpectedDemand) instead of reading the future noise off Demand.
	DemandNoise []float64 `json:"demand_noise,omitempty"`
	// ReturnProb[t] is the probability that a unit shipped in week t is returned.
	ReturnProb []float64 `json:"return_prob"`
	// LagPMF[k] is the probability that a returned unit shipped in week t is
	// received at the returns dock in week t+k (k = 0, 1, ...). Sums to 1.
	LagPMF []float64 `json:"lag_pmf"`
	// ReasonMix is the base reason mix (shares by reason, summing to 1) before events.
	ReasonMix map[string]float64 `json:"reason_mix"`

	// MixChanges lists, in week order, the ship-week ranges where the expected
	// reason mix of the SKU's returns differs from ReasonMix (during events;
	// for the carrier event it is the mix averaged over all the SKU's units).
	MixChanges []MixChange `json:"mix_changes,omitempty"`
	// Pattern is the SKU's life-cycle shape: regular, launch (launched inside
	// the window), end_of_life (declines inside the window) or slow_mover.
	Pattern string `json:"pattern,omitempty"`
	// LaunchWeek is the week index of the launch (negative: before the window).
	LaunchWeek int `json:"launch_week"`
	// MeanQty is the expected units per order line (order lines per week are
	// Poisson with mean Demand[t]/MeanQty).
	MeanQty float64 `json:"mean_qty,omitempty"`
}

// MixChange is the expected reason mix for units shipped in weeks [StartWeek, EndWeek).
type MixChange struct {
	StartWeek int                `json:"start_week"`
	EndWeek   int                `json:"end_week"` // exclusive
	Mix       map[string]float64 `json:"mix"`
}

// ReasonMixAt returns the expected reason mix of the returns of units shipped
// in week t (ReasonMix unless an event changes it).
func (p *ProductTruth) ReasonMixAt(t int) map[string]float64 {
	for _, c := range p.MixChanges {
		if t >= c.StartWeek && t < c.EndWeek {
			return c.Mix
		}
	}
	return p.ReasonMix
}

// DemandAR is the AR(1) process of the log-scale demand noise.
type DemandAR struct {
	Phi   float64 `json:"phi"`
	Sigma float64 `json:"sigma"` // standard deviation of the weekly innovation
}

// The demand noise process of the generator (see DemandAR).
const (
	DemandARPhi   = 0.7
	DemandARSigma = 0.1
)

// ExpectedDemand returns E[Demand[t] | the noise up to week o-1]: the best
// forecast of week t's demand intensity made at origin o (t >= o) by someone
// who knows every true parameter and the noise so far, but not the future
// innovations. With no noise recorded it returns Demand[t].
func (p *ProductTruth) ExpectedDemand(ar DemandAR, t, o int) float64 {
	if t < 0 || t >= len(p.Demand) {
		return 0
	}
	if t < o || len(p.DemandNoise) != len(p.Demand) {
		return p.Demand[t]
	}
	base := p.Demand[t] / math.Exp(p.DemandNoise[t])
	last := 0.0
	if o >= 1 {
		last = p.DemandNoise[o-1]
	}
	h := float64(t - o + 1)
	mean := math.Pow(ar.Phi, h) * last
	v := 0.0
	if ar.Phi*ar.Phi < 1 {
		v = ar.Sigma * ar.Sigma * (1 - math.Pow(ar.Phi, 2*h)) / (1 - ar.Phi*ar.Phi)
	}
	return base * math.Exp(mean+v/2)
}

// ExpectedReceived returns, for every week T of the data, the expected units
// received at the dock: sum over ship weeks s <= T of
// Demand[s] * ReturnProb[s] * LagPMF[T-s]. This is the oracle forecast built
// from the true parameters (use observed shipments instead of Demand for the
// oracle conditional on what was shipped).
func (p *ProductTruth) ExpectedReceived() []float64 {
	return p.Convolve(p.Demand)
}

// Convolve returns sum over s <= T of shipped[s] * ReturnProb[s] * LagPMF[T-s]
// for T in 0..len(shipped)-1.
func (p *ProductTruth) Convolve(shipped []float64) []float64 {
	out := make([]float64, len(shipped))
	for s, n := range shipped {
		if n == 0 || s >= len(p.ReturnProb) {
			continue
		}
		r := n * p.ReturnProb[s]
		for k, q := range p.LagPMF {
			if s+k < len(out) {
				out[s+k] += r * q
			}
		}
	}
	return out
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
	StartWeek int     `json:"start_week"` // ship-week index: units shipped from this week on are affected
	EndWeek   int     `json:"end_week"`   // exclusive
	Share     float64 `json:"share"`      // the reason's share while the event lasts
	// ReturnProbFactor multiplies the return probability while the event lasts.
	// It is (1-b)/(1-Share), b being the reason's share before the event, so
	// the other reasons keep their absolute rates; for the carrier event, which
	// spans all SKUs, it is the demand-weighted mean over SKUs and applies to
	// the units delivered by Carrier in Country only.
	ReturnProbFactor float64 `json:"return_prob_factor"`
	// Description says what happened, for people reading the truth file.
	Description string `json:"description,omitempty"`
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
