package reports

import (
	"strings"
	"testing"
)

func TestBandSentence(t *testing.T) {
	b := func(scope string, v, lo, hi float64, status string) Bench {
		return Bench{Scope: scope, Value: ptr(v), Low: ptr(lo), High: ptr(hi), Status: status}
	}
	tile := func(id, unit string, bs ...Bench) Tile {
		return Tile{ID: id, Name: id, Unit: unit, Bench: bs}
	}
	tests := []struct {
		name  string
		tiles []Tile
		ok    bool
		want  string // substring of the sentence
		href  string
	}{
		{"no band", []Tile{tile("a", "%"), {ID: "b", Bench: []Bench{{Scope: "all", Status: "worse"}}}}, false, "", ""},
		{"all within", []Tile{tile("a", "%", b("all", 20, 10, 30, "within")), tile("b", "h", b("fashion", 5, 10, 30, "better"))}, true,
			"No KPI is worse than its band this week (2 KPIs have a band).", "#kpis"},
		{"furthest in band widths", []Tile{
			tile("rate", "%", b("all", 40, 10, 30, "worse")),        // 10 pp beyond a 20 pp band: 0.5
			tile("hours", "h", b("fashion", 130, 90, 110, "worse")), // 20 h beyond a 20 h band: 1
			tile("cost", "EUR", b("all", 3, 5, 9, "within")),
		}, true, "Worst against its band: hours (fashion) at 130 h, 20 h above the band 90 h – 110 h.", "#kpi-hours"},
		{"below the band, in points", []Tile{tile("resale", "%", b("all", 12, 20, 40, "worse"))}, true,
			"resale at 12 %, 8.0 pp below the band 20 % – 40 %.", "#kpi-resale"},
		{"a band of one value", []Tile{tile("days", "d", b("all", 6, 5, 5, "worse")), tile("x", "d", b("all", 9, 10, 30, "worse"))}, true,
			"Worst against its band: days at 6 d", "#kpi-days"},
	}
	for _, tc := range tests {
		it, ok := bandSentence(English, tc.tiles)
		if ok != tc.ok || !strings.Contains(it.Text, tc.want) || it.Href != tc.href {
			t.Errorf("%s: %v %q %s, want %v %q %s", tc.name, ok, it.Text, it.Href, tc.ok, tc.want, tc.href)
		}
	}
}
