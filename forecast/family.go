package forecast

import (
	"sort"
	"strings"
)

// Model families for SelectFamily: a combination across families mixes
// forecasts whose errors differ (a smoothing model and a theta line, say)
// rather than near-copies of one model.
var modelFamily = map[string]string{
	ModelNaive: "baseline", ModelSNaive: "baseline", ModelMovingAvg: "baseline",
	ModelSES: "ets", ModelDamped: "ets", ModelHoltWinters: "ets", ModelETS: "ets",
	ModelTheta: "theta", ModelDynamicTheta: "theta",
	ModelCrostonSBA: "intermittent", ModelTSB: "intermittent", ModelADIDA: "intermittent", ModelIMAPA: "intermittent",
	ModelRegression: "regression", ModelOrderLinked: "order_linked",
}

// familyOf returns m's family (its own name for a model outside the table).
func familyOf(m string) string {
	if f, ok := modelFamily[m]; ok {
		return f
	}
	return m
}

// selectFamilies sets r's weights by SelectFamily: the best model of each
// family by the series' backtest MSE, then the three best of those
// combined with weights 1 / MSE (one model when only one family ran).
func selectFamilies(r *SeriesResult, fallback string) {
	best := map[string]string{}
	for m, v := range r.sse {
		f := familyOf(m)
		b, ok := best[f]
		if !ok || v < r.sse[b] || (v == r.sse[b] && m < b) {
			best[f] = m
		}
	}
	names := make([]string, 0, len(best))
	for _, m := range best {
		names = append(names, m)
	}
	sort.Slice(names, func(a, b int) bool {
		if r.sse[names[a]] != r.sse[names[b]] {
			return r.sse[names[a]] < r.sse[names[b]]
		}
		return names[a] < names[b]
	})
	r.Weights = map[string]float64{}
	if len(names) == 0 {
		names = []string{fallback}
	}
	names = names[:min(3, len(names))]
	if len(names) == 1 {
		r.Weights[names[0]] = 1
		r.Model = names[0]
		return
	}
	var tot float64
	for _, m := range names {
		tot += 1 / (r.sse[m] + 1e-12)
	}
	for _, m := range names {
		r.Weights[m] = 1 / (r.sse[m] + 1e-12) / tot
	}
	r.Model = "combo(" + strings.Join(names, ",") + ")"
}
