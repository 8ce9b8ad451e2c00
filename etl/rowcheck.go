package etl

import (
	"fmt"
	"strings"
)

// nonPositive explains a quantity that is not above 0. In a sales file it
// says which return rules the row failed, instead of suggesting one.
func (p *plan) nonPositive(field string, n int64) string {
	msg := fmt.Sprintf("%s must be greater than 0", field)
	if n >= 0 {
		return msg
	}
	if p.classify == nil {
		return msg + ": a negative quantity is a return; load the file with a mapping whose returns: rule has negative_qty: true or when: conditions (docs/mapping.md)"
	}
	return msg + fmt.Sprintf(": a negative quantity on a row that matched none of the return rules (%s; the load summary counts the rows each matched); ", strings.Join(p.returnRules, "; ")) +
		"widen returns.when, or set returns.other_negative: skip for stock write-offs"
}

// outOfWindow explains a date outside the plausible window.
func (p *plan) outOfWindow(field string, us int64) string {
	return fmt.Sprintf("%s %s is outside the plausible dates %s .. %s: a mistyped year? correct it, or set date_window: in the mapping",
		field, fmtMicros(us)[:10], fmtMicros(p.window[0])[:10], fmtMicros(p.window[1])[:10])
}

// setLinkMethod records whether a return line names its order line.
func (v *validator) setLinkMethod(t *target) {
	fi := t.linkIdx
	if fi < 0 {
		return
	}
	out := &v.vals[t.stgCol[fi]]
	out.null = false
	out.s = "none"
	if !v.vals[t.stgCol[t.orderIdx]].null {
		out.s = "given"
	}
}
