package reports

import (
	"fmt"
	"html/template"
	"strings"
)

// sparkWeeks is how many weeks, ending with the report week, a tile's
// sparkline covers.
const sparkWeeks = 13

// sparkW and sparkH are the sparkline's drawing size in CSS pixels.
const sparkW, sparkH = 120.0, 28.0

// sparkline draws a tile's last weeks as a small inline SVG: one polyline per
// run of weeks with a value (a week without one leaves a gap) and a dot on the
// last value. label is its accessible name. It returns "" for fewer than two
// values. Only numbers the function formats reach the markup.
func sparkline(vals []*float64, label string) template.HTML {
	lo, hi, n := 0.0, 0.0, 0
	for _, v := range vals {
		if v == nil {
			continue
		}
		if n == 0 || *v < lo {
			lo = *v
		}
		if n == 0 || *v > hi {
			hi = *v
		}
		n++
	}
	if n < 2 {
		return ""
	}
	x := func(i int) float64 { return 2 + float64(i)*(sparkW-6)/float64(max(len(vals)-1, 1)) }
	y := func(v float64) float64 {
		if hi == lo {
			return sparkH / 2
		}
		return sparkH - 3 - (v-lo)/(hi-lo)*(sparkH-6)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s"><title>%s</title>`,
		sparkW, sparkH, sparkW, sparkH, template.HTMLEscapeString(label), template.HTMLEscapeString(label))
	var pts []string
	flush := func() {
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s"/>`, strings.Join(pts, " "))
		}
		pts = pts[:0]
	}
	last := -1
	for i, v := range vals {
		if v == nil {
			flush()
			continue
		}
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(*v)))
		last = i
	}
	flush()
	fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.2"/></svg>`, x(last), y(*vals[last]))
	return template.HTML(b.String())
}

// sparkValues returns the last sparkWeeks weeks of a trend series, nil where
// a week has no value.
func sparkValues(vals []float64, has []bool) []*float64 {
	from := max(0, len(vals)-sparkWeeks)
	out := make([]*float64, 0, len(vals)-from)
	for i := from; i < len(vals); i++ {
		if has[i] {
			out = append(out, ptr(vals[i]))
		} else {
			out = append(out, nil)
		}
	}
	return out
}
