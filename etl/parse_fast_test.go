package etl

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestFastDecimalMatchesStrconv: the fast path gives strconv's bits on the
// shapes it takes, and leaves the others to it.
func TestFastDecimalMatchesStrconv(t *testing.T) {
	cases := []string{"0", "-0", "0.00", "-0.00", "25.99", "5.08", "1", ".5", "5.", "123456789012345", "0.00000000000001",
		"999999999999999", "12345.6789", "-98765.4321", "0.1", "0.3", "1.005", "007.50"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := r.IntN(15) + 1
		b := make([]byte, 0, n+2)
		if r.IntN(4) == 0 {
			b = append(b, '-')
		}
		dot := r.IntN(n + 1)
		for i := range n {
			if i == dot && i > 0 {
				b = append(b, '.')
			}
			b = append(b, byte('0'+r.IntN(10)))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		got, ok := fastDecimal(s)
		if !ok {
			t.Fatalf("%q: not taken by the fast path", s)
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%q: fast %v (%x), strconv %v (%x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	for _, s := range []string{"", "-", ".", "1e5", "+5", "1.2.3", "1,5", "1234567890123456", "inf", "0x1p3", "1_000", " 5"} {
		if _, ok := fastDecimal(s); ok {
			t.Errorf("%q: taken by the fast path, should be left to strconv", s)
		}
	}
}
