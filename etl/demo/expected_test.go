package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestExpectedDemandMonteCarlo checks ExpectedDemand against the mean of
// simulated AR(1) continuations of a known noise path.
func TestExpectedDemandMonteCarlo(t *testing.T) {
	ar := DemandAR{Phi: DemandARPhi, Sigma: DemandARSigma}
	const weeks, o = 30, 20
	base := 12.5
	p := ProductTruth{Demand: make([]float64, weeks), DemandNoise: make([]float64, weeks)}
	rng := rand.New(rand.NewPCG(7, 8))
	n := 0.0
	for w := range weeks {
		n = ar.Phi*n + ar.Sigma*rng.NormFloat64()
		if w == o-1 {
			n = 0.25 // a large deviation at the origin, so the decay shows
		}
		p.DemandNoise[w] = n
		p.Demand[w] = base * math.Exp(n)
	}
	const paths = 200000
	sum := make([]float64, weeks)
	for range paths {
		n := p.DemandNoise[o-1]
		for w := o; w < weeks; w++ {
			n = ar.Phi*n + ar.Sigma*rng.NormFloat64()
			sum[w] += base * math.Exp(n)
		}
	}
	for w := range weeks {
		got := p.ExpectedDemand(ar, w, o)
		if w < o {
			if got != p.Demand[w] {
				t.Errorf("week %d before the origin: got %g, want the recorded demand %g", w, got, p.Demand[w])
			}
			continue
		}
		want := sum[w] / paths
		if math.Abs(got-want) > 0.003*want {
			t.Errorf("week %d (h %d): ExpectedDemand %.4f, simulated mean %.4f", w, w-o+1, got, want)
		}
	}
	// far ahead the forecast forgets the origin's deviation
	if got, lim := p.ExpectedDemand(ar, weeks-1, o), base*math.Exp(ar.Sigma*ar.Sigma/(1-ar.Phi*ar.Phi)/2); math.Abs(got-lim) > 0.01*lim {
		t.Errorf("h %d: %g, want close to the stationary mean %g", weeks-o, got, lim)
	}
	if got := p.ExpectedDemand(ar, weeks, o); got != 0 {
		t.Errorf("past the data: %g, want 0", got)
	}
	old := ProductTruth{Demand: []float64{1, 2, 3}}
	if got := old.ExpectedDemand(ar, 2, 1); got != 3 {
		t.Errorf("without recorded noise: %g, want Demand[t] = 3", got)
	}
}

// TestDemandNoiseRecorded checks that the generator's truth carries the
// noise of its demand: Demand / exp(noise) is the smooth part, and the noise
// follows the announced AR(1) process.
func TestDemandNoiseRecorded(t *testing.T) {
	o := DefaultOptions()
	o.SKUs, o.Weeks = 20, 60
	tr, err := Generate(context.Background(), t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	if tr.DemandAR.Phi != DemandARPhi || tr.DemandAR.Sigma != DemandARSigma {
		t.Fatalf("demand_ar = %+v", tr.DemandAR)
	}
	var sxy, sxx, sr2 float64
	n := 0
	for _, p := range tr.Products {
		if len(p.DemandNoise) != len(p.Demand) {
			t.Fatalf("%s: %d noise values for %d weeks", p.SKU, len(p.DemandNoise), len(p.Demand))
		}
		for w := 1; w < len(p.DemandNoise); w++ {
			a, b := p.DemandNoise[w-1], p.DemandNoise[w]
			sxy += a * b
			sxx += a * a
			n++
		}
	}
	phi := sxy / sxx
	for _, p := range tr.Products {
		for w := 1; w < len(p.DemandNoise); w++ {
			r := p.DemandNoise[w] - phi*p.DemandNoise[w-1]
			sr2 += r * r
		}
	}
	sigma := math.Sqrt(sr2 / float64(n))
	if math.Abs(phi-DemandARPhi) > 0.05 || math.Abs(sigma-DemandARSigma) > 0.01 {
		t.Errorf("noise fits phi %.3f sigma %.3f, want %g and %g", phi, sigma, DemandARPhi, DemandARSigma)
	}
}
