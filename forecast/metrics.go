package forecast

import "math"

// Score accumulates accuracy over forecast points. WAPE = sum|f-a| / sum a;
// bias = sum(f-a) / sum a; MASE = mean over points of |f-a| / scale, where
// scale is the series' in-sample mean absolute one-step naive error;
// coverage = randomised (PIT) share of actuals inside the interval, see
// pitCover; Plain80/Plain95 count lo <= a <= hi for the same bands; pinball
// = mean quantile loss over the quantiles 0.025, 0.1, 0.5, 0.9, 0.975;
// scaled pinball = mean over points of the mean quantile loss at 0.5, 0.8
// and 0.95 divided by the series' in-sample naive MAE (the MASE scale).
type Score struct {
	AbsErr, Err, Actual, SqErr float64
	Scaled                     float64 // sum |e| / scale over points with scale > 0
	NScaled                    int
	In80, In95                 float64
	Plain80, Plain95           int
	NInt                       int
	Pinball                    float64
	N                          int
	// SPinball sums the scaled pinball loss over NSPinball points.
	SPinball  float64
	NSPinball int
	// Above95 counts the NSPinball points whose actual exceeds the 0.95
	// quantile; Above95PIT sums the randomised exceedance over the NInt
	// interval points (AddAbove95: 5 % for a calibrated forecast, where the
	// plain count overstates it for small counts).
	Above95    int
	Above95PIT float64
	// Above95Whole counts the NSPinball points whose actual exceeds the
	// 0.95 quantile rounded up to a whole unit: the "at most N" bound a
	// count forecast's reader takes (the quantiles are interpolated inside
	// the count distribution's jumps, see Intervals in docs/forecasting.md).
	Above95Whole int
	// ZeroIn80 ... NZero: the coverage sums over the NZero interval points
	// whose actual is 0 (the rest are the non-zero actuals).
	ZeroIn80, ZeroIn95       float64
	ZeroPlain80, ZeroPlain95 int
	NZero                    int
}

// ScaledQuantiles are the quantile levels of the scaled pinball loss.
var ScaledQuantiles = [3]float64{0.5, 0.8, 0.95}

// AddScaledPinball records the scaled pinball loss of one point with
// quantiles q (at ScaledQuantiles); scale <= 0 leaves it out.
func (s *Score) AddScaledPinball(a float64, q [3]float64, scale float64) {
	if scale <= 0 {
		return
	}
	l := 0.0
	for i, tau := range ScaledQuantiles {
		l += pinball(a, q[i], tau)
	}
	s.SPinball += l / 3 / scale
	s.NSPinball++
	if a > q[2] {
		s.Above95++
	}
	if a > math.Ceil(q[2]) {
		s.Above95Whole++
	}
}

// AddAbove95 records the randomised exceedance of the 0.95 quantile by
// one interval point (KeyResult.Above95).
func (s *Score) AddAbove95(r float64) { s.Above95PIT += r }

// Above95PITShare returns the mean randomised exceedance of the 0.95
// quantile over the interval points.
func (s Score) Above95PITShare() float64 { return ratio(s.Above95PIT, float64(s.NInt)) }

// Above95Share returns the share of the scaled pinball points whose actual
// exceeds the 0.95 quantile.
func (s Score) Above95Share() float64 { return ratio(float64(s.Above95), float64(s.NSPinball)) }

// Above95WholeShare returns the share of the scaled pinball points whose
// actual exceeds the 0.95 quantile rounded up to a whole unit.
func (s Score) Above95WholeShare() float64 {
	return ratio(float64(s.Above95Whole), float64(s.NSPinball))
}

// ScaledPinball returns the mean scaled pinball loss (below 1: the
// quantiles lose less than the naive forecast's mean absolute error).
func (s Score) ScaledPinball() float64 { return ratio(s.SPinball, float64(s.NSPinball)) }

// CoverageBy returns randomised and plain coverage of the 80 % and 95 %
// bands over the points whose actual is zero (zero true) or not:
// [PIT 80, PIT 95, plain 80, plain 95] and the number of points.
func (s Score) CoverageBy(zero bool) ([4]float64, int) {
	in80, in95, p80, p95, n := s.ZeroIn80, s.ZeroIn95, s.ZeroPlain80, s.ZeroPlain95, s.NZero
	if !zero {
		in80, in95 = s.In80-in80, s.In95-in95
		p80, p95, n = s.Plain80-p80, s.Plain95-p95, s.NInt-n
	}
	d := float64(n)
	return [4]float64{ratio(in80, d), ratio(in95, d), ratio(float64(p80), d), ratio(float64(p95), d)}, n
}

// Add records one point; scale <= 0 leaves it out of MASE.
func (s *Score) Add(f, a, scale float64) {
	e := f - a
	s.AbsErr += math.Abs(e)
	s.Err += e
	s.SqErr += e * e
	s.Actual += a
	s.N++
	if scale > 0 {
		s.Scaled += math.Abs(e) / scale
		s.NScaled++
	}
}

// AddInterval records interval coverage (cov80, cov95: randomised coverage
// of a, from pitCover) and pinball loss for one point with quantiles q.
func (s *Score) AddInterval(a float64, q [5]float64, cov80, cov95 float64) {
	s.NInt++
	s.In80 += cov80
	s.In95 += cov95
	in80, in95 := a >= q[1] && a <= q[3], a >= q[0] && a <= q[4]
	if in80 {
		s.Plain80++
	}
	if in95 {
		s.Plain95++
	}
	if a == 0 {
		s.NZero++
		s.ZeroIn80 += cov80
		s.ZeroIn95 += cov95
		if in80 {
			s.ZeroPlain80++
		}
		if in95 {
			s.ZeroPlain95++
		}
	}
	for i, tau := range quantileLevels {
		s.Pinball += pinball(a, q[i], tau) / float64(len(quantileLevels))
	}
}

// Merge adds o into s.
func (s *Score) Merge(o Score) {
	s.AbsErr += o.AbsErr
	s.Err += o.Err
	s.SqErr += o.SqErr
	s.Actual += o.Actual
	s.Scaled += o.Scaled
	s.NScaled += o.NScaled
	s.In80 += o.In80
	s.In95 += o.In95
	s.Plain80 += o.Plain80
	s.Plain95 += o.Plain95
	s.NInt += o.NInt
	s.Pinball += o.Pinball
	s.N += o.N
	s.SPinball += o.SPinball
	s.NSPinball += o.NSPinball
	s.Above95 += o.Above95
	s.Above95PIT += o.Above95PIT
	s.Above95Whole += o.Above95Whole
	s.ZeroIn80 += o.ZeroIn80
	s.ZeroIn95 += o.ZeroIn95
	s.ZeroPlain80 += o.ZeroPlain80
	s.ZeroPlain95 += o.ZeroPlain95
	s.NZero += o.NZero
}

func nan() float64 { return math.NaN() }

func ratio(a, b float64) float64 {
	if b == 0 {
		return nan()
	}
	return a / b
}

// WAPE returns sum|e| / sum actual (NaN when actuals sum to 0).
func (s Score) WAPE() float64 { return ratio(s.AbsErr, s.Actual) }

// Bias returns sum(f - a) / sum actual.
func (s Score) Bias() float64 { return ratio(s.Err, s.Actual) }

// MASE returns the mean scaled absolute error.
func (s Score) MASE() float64 { return ratio(s.Scaled, float64(s.NScaled)) }

// RMSE returns the root mean squared error.
func (s Score) RMSE() float64 { return math.Sqrt(ratio(s.SqErr, float64(s.N))) }

// MAE returns the mean absolute error.
func (s Score) MAE() float64 { return ratio(s.AbsErr, float64(s.N)) }

// Coverage80 and Coverage95 return the interval hit rates.
func (s Score) Coverage80() float64 { return ratio(s.In80, float64(s.NInt)) }

// Coverage95 is the 95 % interval hit rate.
func (s Score) Coverage95() float64 { return ratio(s.In95, float64(s.NInt)) }

// PlainCoverage80 and PlainCoverage95 count lo <= a <= hi.
func (s Score) PlainCoverage80() float64 { return ratio(float64(s.Plain80), float64(s.NInt)) }

// PlainCoverage95 is the inclusive 95 % hit rate.
func (s Score) PlainCoverage95() float64 { return ratio(float64(s.Plain95), float64(s.NInt)) }

// PinballLoss returns the mean pinball loss per point.
func (s Score) PinballLoss() float64 { return ratio(s.Pinball, float64(s.NInt)) }

var quantileLevels = [5]float64{0.025, 0.1, 0.5, 0.9, 0.975}

func pinball(a, q, tau float64) float64 {
	if a >= q {
		return tau * (a - q)
	}
	return (1 - tau) * (q - a)
}

// naiveScale is the in-sample mean absolute one-step naive error of y (0 if
// undefined), the MASE denominator.
func naiveScale(y []float64) float64 {
	if len(y) < 2 {
		return 0
	}
	s := 0.0
	for i := 1; i < len(y); i++ {
		s += math.Abs(y[i] - y[i-1])
	}
	return s / float64(len(y)-1)
}
