package forecast

// WorkloadRow is one workload_forecasts row: forecast units x processing
// hours per unit for a site and week.
type WorkloadRow struct {
	Site                    string
	H                       int // 1-based
	Units, HoursPerUnit     float64
	Hours, HoursLo, HoursHi float64 // HoursLo/Hi: the 80 % interval
}

// DefaultHoursPerUnit is used for a site without processing history (hours
// per returned unit; documented in docs/forecasting.md).
const DefaultHoursPerUnit = 0.25

// LabourCostPerHour (EUR) turns a site's processing cost per unit into labour
// hours per unit: a fully loaded warehouse labour cost, a retour assumption
// with no published source (docs/forecasting.md).
const LabourCostPerHour = 30.0

// workload converts the site forecasts (or the total when no site is known)
// into hours with each site's hours per unit.
func workload(ds *Dataset, res *Result) []WorkloadRow {
	var lr *LevelResult
	for _, l := range res.Levels {
		if l.Level == LevelSite {
			lr = l
		}
	}
	if lr == nil {
		for _, l := range res.Levels {
			if l.Level == LevelTotal {
				lr = l
			}
		}
	}
	if lr == nil {
		return nil
	}
	var out []WorkloadRow
	for _, k := range lr.Keys {
		hpu, ok := ds.HoursPerUnit[k.Key]
		if !ok || hpu <= 0 {
			hpu = meanHours(ds.HoursPerUnit)
		}
		for h, mu := range k.Mean {
			out = append(out, WorkloadRow{k.Key, h + 1, mu, hpu, mu * hpu, k.Q[h][1] * hpu, k.Q[h][3] * hpu})
		}
	}
	return out
}

func meanHours(m map[string]float64) float64 {
	s, n := 0.0, 0
	for _, v := range m {
		if v > 0 {
			s += v
			n++
		}
	}
	if n == 0 {
		return DefaultHoursPerUnit
	}
	return s / float64(n)
}
