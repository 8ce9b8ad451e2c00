package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// SyntheticOptions configure Synthetic.
type SyntheticOptions struct {
	// SKUs and Weeks size the dataset (defaults 200 and 156).
	SKUs, Weeks int
	// Categories is the number of categories (default 8).
	Categories int
	// Seed makes the data deterministic.
	Seed uint64
	// WithLinks fills Dataset.Lags (order-linked returns); default true via
	// Synthetic's callers setting it.
	WithLinks bool
}

// SyntheticTruth is what Synthetic drew the data from, for tests and benches.
type SyntheticTruth struct {
	Demand     [][]float64 // per series, expected shipments per week
	ReturnProb []float64   // per series
	LagPMF     map[string][]float64
}

// Synthetic builds a dataset of shipped and returned units with annual
// seasonality, trend, per-category lag distributions, reasons and two sites.
// It is used by the tests and the speed bench (no warehouse needed).
func Synthetic(o SyntheticOptions) (*Dataset, *SyntheticTruth) {
	if o.SKUs <= 0 {
		o.SKUs = 200
	}
	if o.Weeks <= 0 {
		o.Weeks = 156
	}
	if o.Categories <= 0 {
		o.Categories = 8
	}
	r := rand.New(rand.NewPCG(o.Seed, 7))
	ds := &Dataset{
		Start:   time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC),
		Weeks:   o.Weeks,
		Period:  52,
		Reasons: []string{"size_too_small", "size_too_large", "defective", "changed_mind", "other"},
		SiteY:   map[string][]float64{},
		HoursPerUnit: map[string]float64{
			"site_a": 0.4, "site_b": 0.6,
		},
		HoursSource: "synthetic",
	}
	if o.WithLinks {
		ds.Lags = map[string][][]float64{}
	}
	tr := &SyntheticTruth{LagPMF: map[string][]float64{}}
	catP := make([]float64, o.Categories)
	catMix := make([][]float64, o.Categories)
	for c := range o.Categories {
		name := fmt.Sprintf("cat%02d", c)
		catP[c] = 0.05 + 0.25*r.Float64()
		mean := 1 + 3*r.Float64()
		pmf := make([]float64, 10)
		for k := range pmf {
			pmf[k] = math.Pow(mean/(1+mean), float64(k))
		}
		normalize(pmf)
		tr.LagPMF[name] = pmf
		mix := make([]float64, len(ds.Reasons))
		for i := range mix {
			mix[i] = 0.2 + r.Float64()
		}
		normalize(mix)
		catMix[c] = mix
		if o.WithLinks {
			ds.Lags[name] = make([][]float64, o.Weeks)
			for s := range o.Weeks {
				ds.Lags[name][s] = make([]float64, len(pmf))
			}
		}
	}
	for _, site := range []string{"site_a", "site_b"} {
		ds.SiteY[site] = make([]float64, o.Weeks)
	}
	for i := range o.SKUs {
		c := i % o.Categories
		cat := fmt.Sprintf("cat%02d", c)
		s := &Series{
			Key: fmt.Sprintf("SKU%05d", i), Category: cat, Sector: fmt.Sprintf("sector%d", c%3),
			Y: make([]float64, o.Weeks), X: make([]float64, o.Weeks),
			Reasons: make([][]float64, len(ds.Reasons)), Sites: map[string]float64{},
		}
		for k := range s.Reasons {
			s.Reasons[k] = make([]float64, o.Weeks)
		}
		base := math.Exp(r.NormFloat64()*1.2 + 1.5)
		amp := 0.4 * r.Float64()
		phase := r.Float64() * 2 * math.Pi
		trend := 0.004 * r.NormFloat64()
		launch := 0
		if r.Float64() < 0.15 {
			launch = r.IntN(o.Weeks / 2)
		}
		p := math.Min(0.9, catP[c]*math.Exp(0.3*r.NormFloat64()))
		siteA := r.Float64()
		demand := make([]float64, o.Weeks)
		pmf := tr.LagPMF[cat]
		for t := range o.Weeks {
			if t < launch {
				continue
			}
			demand[t] = base * (1 + amp*math.Sin(2*math.Pi*float64(t)/52+phase)) * math.Exp(trend*float64(t))
			ship := float64(poisson(r, demand[t]))
			s.X[t] = ship
			ret := float64(binomial(r, int(ship), p))
			// spread the returns over the lag pmf
			left := ret
			for k := 0; k < len(pmf) && left > 0; k++ {
				rest := 1.0
				for j := 0; j < k; j++ {
					rest -= pmf[j]
				}
				q := math.Min(1, pmf[k]/math.Max(rest, 1e-12))
				n := float64(binomial(r, int(left), q))
				if k == len(pmf)-1 {
					n = left
				}
				left -= n
				if t+k < o.Weeks && n > 0 {
					s.Y[t+k] += n
					if o.WithLinks {
						ds.Lags[cat][t][k] += n
					}
					for u := 0; u < int(n); u++ {
						s.Reasons[categorical(r, catMix[c])][t+k]++
						if r.Float64() < siteA {
							ds.SiteY["site_a"][t+k]++
							s.Sites["site_a"]++
						} else {
							ds.SiteY["site_b"][t+k]++
							s.Sites["site_b"]++
						}
					}
				}
			}
		}
		tr.Demand = append(tr.Demand, demand)
		tr.ReturnProb = append(tr.ReturnProb, p)
		ds.Series = append(ds.Series, s)
	}
	return ds, tr
}

func poisson(r *rand.Rand, mu float64) int {
	if mu <= 0 {
		return 0
	}
	if mu > 50 {
		return max(0, int(math.Round(mu+math.Sqrt(mu)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func binomial(r *rand.Rand, n int, p float64) int {
	if n <= 0 || p <= 0 {
		return 0
	}
	if n > 200 {
		mu := float64(n) * p
		return min(n, max(0, int(math.Round(mu+math.Sqrt(mu*(1-p))*r.NormFloat64()))))
	}
	k := 0
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

func categorical(r *rand.Rand, p []float64) int {
	u := r.Float64()
	for i, v := range p {
		u -= v
		if u <= 0 {
			return i
		}
	}
	return len(p) - 1
}
