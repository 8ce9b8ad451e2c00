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

// TestOptionsAxisCapGapsAndOneGrid: a share chart stops its axis at 100,
// weeks without a value are "-" (a break, not zero), and each chart has a
// single grid (go-echarts appends one per WithGridOpts).
func TestOptionsAxisCapGapsAndOneGrid(t *testing.T) {
	decode := func(raw json.RawMessage, err error) map[string]any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if g, _ := m["grid"].([]any); len(g) != 1 {
			t.Errorf("%d grids, want 1", len(g))
		}
		return m
	}
	mix := decode(categoryOption(&CategoryChart{Categories: []string{"a", "b"}, Stacked: true, Max: 100,
		Series: []Series{{Name: "x", Values: []float64{40, 0}, Gaps: []bool{false, true}}, {Name: "y", Values: []float64{60, 0}}}}, English))
	y := mix["yAxis"].([]any)[0].(map[string]any)
	if y["max"] != 100.0 {
		t.Errorf("share axis max %v, want 100", y["max"])
	}
	s := mix["series"].([]any)
	if d := s[0].(map[string]any)["data"].([]any); d[1].(map[string]any)["value"] != "-" {
		t.Errorf("gap drawn as %v, want -", d[1])
	}
	if d := s[1].(map[string]any)["data"].([]any); d[1].(map[string]any)["value"] != 0.0 {
		t.Errorf("a real zero drawn as %v", d[1])
	}
	free := decode(categoryOption(&CategoryChart{Categories: []string{"a"}, Series: []Series{{Name: "x", Values: []float64{4}}}}, English))
	if _, ok := free["yAxis"].([]any)[0].(map[string]any)["max"]; ok {
		t.Errorf("an uncapped chart has a max")
	}
	hm := decode(heatmapOption(&HeatmapChart{X: []string{"a"}, Y: []string{"b"}, Cells: [][3]float64{{0, 0, 1}}, Max: 1}, English))
	if b := hm["grid"].([]any)[0].(map[string]any)["bottom"]; b != "80" {
		t.Errorf("heatmap grid bottom %v: the colour scale would cover the cells", b)
	}
}
