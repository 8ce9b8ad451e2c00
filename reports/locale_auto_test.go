package reports

import "testing"

func TestAutoDecimals(t *testing.T) {
	for _, tc := range []struct {
		v  float64
		en string
		fr string
	}{
		{2025, "2,025", "2\u00a0025"},
		{1234.5, "1,234.5", "1\u00a0234,5"},
		{0.35, "0.35", "0,35"},
		{0.0047, "0.0047", "0,0047"},
		{0.05, "0.050", "0,050"},
		{0, "0", "0"},
	} {
		if got := English.Auto(tc.v); got != tc.en {
			t.Errorf("English.Auto(%v) = %q, want %q", tc.v, got, tc.en)
		}
		if got := French.Auto(tc.v); got != tc.fr {
			t.Errorf("French.Auto(%v) = %q, want %q", tc.v, got, tc.fr)
		}
	}
}
