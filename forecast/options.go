package forecast

import (
	"runtime"
	"time"
)

// Selection strategies.
const (
	// SelectBest picks, per series, the model with the lowest backtest MSE.
	SelectBest = "best"
	// SelectCombo averages the three best models weighted by 1 / MSE.
	SelectCombo = "combo"
	// SelectPooled ranks models by a score pooled with the series' category
	// and combines the best with those (up to three in all) within
	// Options.CombineWithin of its score (see selectModels).
	SelectPooled = "pooled"
	// SelectFamily takes, per series, the best model of each family (ETS,
	// Theta, intermittent, regression, order-linked, baselines) by backtest
	// MSE and combines the three best of those with weights 1 / MSE.
	SelectFamily = "family"
	// SelectAuto, generic mode's default: SelectPooled for intermittent
	// series (mean interval between demands over 1.32 periods at the last
	// backtest origin), SelectFamily for the others.
	SelectAuto = "auto"
)

// Options configure Run. DefaultOptions gives the documented defaults; a zero
// field means its default.
type Options struct {
	// Horizon is the number of periods forecast (default 13).
	Horizon int
	// Origins is the number of rolling backtest origins (default 4).
	Origins int
	// Step is the number of periods between backtest origins (default 4).
	Step int
	// Models names the candidate models; nil means AllModels() except
	// ADIDA and IMAPA (generic mode: all of them).
	Models []string
	// Selection is SelectBest, SelectCombo, SelectPooled, SelectFamily or
	// SelectAuto (default SelectPooled; generic mode: SelectAuto).
	Selection string
	// PoolWeight is the weight of the category's score in SelectPooled (default 2).
	PoolWeight float64
	// CombineWithin: in SelectPooled, the models whose score is at most
	// CombineWithin x the best score (up to three) are combined; a single
	// model when none is that close (default 1.05).
	CombineWithin float64
	// Workers is the number of goroutines fitting series (default GOMAXPROCS).
	Workers int
	// MaxLag is the longest return lag in periods kept in the lag pmf (default 16).
	MaxLag int
	// ReasonHalfLife is the half-life in weeks of the weights behind reason
	// shares (default 8); ReasonPrior is the weight of the category mix in
	// returned units (default 20).
	ReasonHalfLife, ReasonPrior float64
	// AlertFalseAlarm is the design false-alarm rate of the reason CUSUMs per
	// series-week, shared by the share and rate tests (default 0.001:
	// threshold ln(2/0.001) = 7.6).
	AlertFalseAlarm float64
	// AlertMinUnits skips SKUs with fewer returned units per week on average
	// (default 0.2).
	AlertMinUnits float64
	// AlertMinCount is the number of returns with the reason, since the
	// estimated change point, an alert needs besides the CUSUM crossing
	// (default 3; negative: no minimum). It can only remove alerts, so the
	// false-alarm bound holds.
	AlertMinCount float64
	// Progress, when set, is called after each series is done (from worker
	// goroutines, serialised).
	Progress func(done, total int) `json:"-"`
	// Phase, when set, receives the wall time of each phase of Run as it
	// ends (pools, fit, select, final (with the levels' backtests beside
	// it), reconcile (the rest of the levels' backtests, then the levels'
	// forecasts), reasons (beside the reconciliation: the wait after it),
	// wait), then that of the alerts and open exposure, which run beside
	// the fits; called from Run's goroutine. The bench uses it to show where
	// the time goes.
	Phase func(phase string, d time.Duration) `json:"-"`
	// SpikeZ is the robust z-score above which a value of the target is a
	// one-off spike and replaced by its neighbourhood's median in the
	// history the models fit (see robust.go; default 6, negative: off).
	SpikeZ float64
	// NBOnly gives every series negative-binomial intervals; by default
	// (false) intermittent SKUs get hurdle intervals (see hurdle.go).
	NBOnly bool
	// NoSeriesScale gives every SKU of a level the level's calibrated
	// dispersion; by default (false) each SKU's negative-binomial dispersion
	// is scaled by its own backtest errors (see seriesscale.go).
	NoSeriesScale bool
}

// DefaultOptions returns the defaults described on Options.
func DefaultOptions() Options {
	return Options{
		Horizon: 13, Origins: 4, Step: 4, Selection: SelectPooled, PoolWeight: 2, CombineWithin: 1.05,
		Workers: runtime.GOMAXPROCS(0), MaxLag: 16,
		ReasonHalfLife: 8, ReasonPrior: 20, AlertFalseAlarm: 0.001, AlertMinUnits: 0.2, AlertMinCount: 3,
		SpikeZ: 6,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Horizon <= 0 {
		o.Horizon = d.Horizon
	}
	if o.Origins <= 0 {
		o.Origins = d.Origins
	}
	if o.Step <= 0 {
		o.Step = d.Step
	}
	if o.Selection == "" {
		o.Selection = d.Selection
	}
	if o.CombineWithin < 1 {
		o.CombineWithin = d.CombineWithin
	}
	if o.PoolWeight <= 0 {
		o.PoolWeight = d.PoolWeight
	}
	if o.Workers <= 0 {
		o.Workers = d.Workers
	}
	if o.MaxLag <= 0 {
		o.MaxLag = d.MaxLag
	}
	if o.ReasonHalfLife <= 0 {
		o.ReasonHalfLife = d.ReasonHalfLife
	}
	if o.ReasonPrior <= 0 {
		o.ReasonPrior = d.ReasonPrior
	}
	if o.AlertFalseAlarm <= 0 || o.AlertFalseAlarm >= 1 {
		o.AlertFalseAlarm = d.AlertFalseAlarm
	}
	if o.AlertMinUnits <= 0 {
		o.AlertMinUnits = d.AlertMinUnits
	}
	if o.AlertMinCount == 0 {
		o.AlertMinCount = d.AlertMinCount
	}
	if o.SpikeZ == 0 {
		o.SpikeZ = d.SpikeZ
	}
	return o
}

// genericOnly are the models that run by default in generic mode only (a
// warehouse run takes them when Models names them): on the demo returns,
// where the order-linked model leads, ADIDA and IMAPA in the pooled
// selection cost 0.2 % of WAPE at h 1-4 (engine / oracle 1.041 against
// 1.039 without them).
var genericOnly = map[string]bool{ModelADIDA: true, ModelIMAPA: true}

func (o Options) models() []Model {
	if len(o.Models) == 0 {
		var ms []Model
		for _, m := range AllModels() {
			if !genericOnly[m.Name()] {
				ms = append(ms, m)
			}
		}
		return ms
	}
	var ms []Model
	for _, n := range o.Models {
		if m := ModelByName(n); m != nil {
			ms = append(ms, m)
		}
	}
	return ms
}
