package reports

import "math"

// bandSentence answers "which KPI is worst against its band": among the
// tiles' benchmark bands (all scopes together, or per sector, as kpi stored
// them) that the week's value is worse than, the one furthest beyond the
// band's edge, measured in band widths (in the edge's size when the band
// is a single value), with the value, band and distance. Without one it
// says that every KPI with a band is within or better than it; ok is false
// when no tile has a band.
func bandSentence(l Lang, tiles []Tile) (SummaryItem, bool) {
	var worst *Tile
	var worstB Bench
	worstRel, banded := 0.0, 0
	for i := range tiles {
		t := &tiles[i]
		has := false
		for _, b := range t.Bench {
			if b.Value == nil || b.Low == nil || b.High == nil || b.Status == "" {
				continue
			}
			has = true
			if b.Status != "worse" {
				continue
			}
			width := *b.High - *b.Low
			if width <= 0 {
				width = math.Max(1, math.Max(math.Abs(*b.High), math.Abs(*b.Low)))
			}
			if rel := bandGap(*b.Value, *b.Low, *b.High) / width; worst == nil || rel > worstRel {
				worst, worstB, worstRel = t, b, rel
			}
		}
		if has {
			banded++
		}
	}
	if banded == 0 {
		return SummaryItem{}, false
	}
	if worst == nil {
		return SummaryItem{Kind: "good", Text: l.Tf("sum.band_none", banded), Href: "#kpis"}, true
	}
	gap := bandGap(*worstB.Value, *worstB.Low, *worstB.High)
	dist := l.Value(gap, worst.Unit)
	if worst.Unit == "%" {
		dist = l.Number(gap, 1) + l.PP()
	}
	side := "sum.band_above"
	if *worstB.Value < *worstB.Low {
		side = "sum.band_below"
	}
	name := worst.Name
	if worstB.Scope != l.T("scope.total") {
		name += " (" + worstB.Scope + ")"
	}
	text := l.Tf("sum.band_worst", name, l.Value(*worstB.Value, worst.Unit), l.Tf(side, dist),
		l.Value(*worstB.Low, worst.Unit), l.Value(*worstB.High, worst.Unit))
	return SummaryItem{Kind: "bad", Text: text, Href: "#kpi-" + worst.ID}, true
}

// bandGap is how far v lies outside [lo, hi] (0 inside).
func bandGap(v, lo, hi float64) float64 {
	switch {
	case v > hi:
		return v - hi
	case v < lo:
		return lo - v
	}
	return 0
}
