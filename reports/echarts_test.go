package reports

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestOptionsCarryLabelsAndEscape checks what the golden data tests cannot:
// the ECharts options keep the category labels on the right axis, and data
// strings are escaped inside them.
func TestOptionsCarryLabelsAndEscape(t *testing.T) {
	cats := []string{"2026-W46", "</script><img src=x onerror=alert(1)>"}
	cases := []struct {
		name string
		opt  func() (json.RawMessage, error)
		axis string
	}{
		{"vertical", func() (json.RawMessage, error) {
			return categoryOption(&CategoryChart{Categories: cats, Series: []Series{{Name: "a", Values: []float64{1, 2}}}}, English)
		}, "xAxis"},
		{"horizontal", func() (json.RawMessage, error) {
			return categoryOption(&CategoryChart{Categories: cats, Horizontal: true, Series: []Series{{Name: "a", Values: []float64{1, 2}}}}, English)
		}, "yAxis"},
		{"band", func() (json.RawMessage, error) {
			one := ptr(1)
			return bandOption(&BandChart{Weeks: cats, Actual: []*float64{one, nil}, Mean: []*float64{nil, one},
				Lo80: []*float64{nil, one}, Hi80: []*float64{nil, one}, Lo95: []*float64{nil, one}, Hi95: []*float64{nil, one}}, English)
		}, "xAxis"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw, err := c.opt()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(raw), "</script") || strings.Contains(string(raw), "<img") {
				t.Errorf("unescaped data string in options: %s", raw)
			}
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			axes, _ := m[c.axis].([]any)
			if len(axes) == 0 {
				t.Fatalf("no %s", c.axis)
			}
			data, _ := axes[0].(map[string]any)["data"].([]any)
			if len(data) != 2 || data[1] != cats[1] {
				t.Errorf("%s[0].data = %v, want the categories", c.axis, data)
			}
		})
	}
}
