package forecast

// OrderLinked forecasts returns from the shipments that cause them: expected
// returns in week t = p x sum_s shipped(s) x P(lag = t - s), over the weeks s
// already shipped (Input.X) and forecast (Input.XFuture). The lag distribution
// is the group's (Pool.LagPMF, from order-linked return lines); p is the SKU's
// exponentially weighted returned / exposed units, shrunk toward the group's
// return probability (empirical Bayes, beta-binomial).
type OrderLinked struct {
	// HalfLife is the weight half-life in weeks for estimating p; 0 means 26.
	HalfLife float64
}

// Name implements Model.
func (OrderLinked) Name() string { return ModelOrderLinked }

func (m OrderLinked) forecast(in *Input, h int) ([]float64, error) {
	if len(in.X) != len(in.Y) {
		return nil, errNeeds(ModelOrderLinked, "shipments (none in the history)")
	}
	if in.Pool == nil || len(in.Pool.LagPMF) == 0 {
		return nil, errNeeds(ModelOrderLinked, "returns linked to their order lines (no return lag distribution)")
	}
	hl := m.HalfLife
	if hl <= 0 {
		hl = 26
	}
	pmf := in.Pool.LagPMF
	r, e := returnStats(in.Y, in.X, pmf, hl)
	p := shrinkProb(r, e, in.Pool)
	n := len(in.Y)
	f := make([]float64, h)
	for i := range f {
		f[i] = p * exposure(in.X, in.XFuture, pmf, n+i)
	}
	return f, nil
}
