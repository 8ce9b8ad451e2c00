package kpi

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

func testAggregates() map[string]bool {
	return map[string]bool{"sum": true, "count": true, "min": true, "max": true, "bool_or": true, "quantile_cont": true, "string_agg": true}
}

func TestAggSetRewrite(t *testing.T) {
	cases := []struct {
		name, expr, want string
		calls            []string // key, then "+" additive or "-" holistic
	}{
		{"plain", "SUM(qty)", "s_0", []string{"+SUM(qty)"}},
		{"filter", "SUM(qty) FILTER (WHERE disposition IN ('a','b'))", "s_0", []string{"+SUM(qty) FILTER (WHERE disposition IN ('a','b'))"}},
		{"lower-case filter and spacing", "count(x)  filter(where x > 1)", "s_0", []string{"+count(x) filter(where x > 1)"}},
		{"case around calls", "CASE WHEN MIN(c) < $min THEN NULL ELSE 100 * SUM(a) / NULLIF(SUM(b), 0) END",
			"CASE WHEN s_0 < $min THEN NULL ELSE 100 * s_1 / NULLIF(s_2, 0) END", []string{"+MIN(c)", "+SUM(a)", "+SUM(b)"}},
		{"holistic with index", "quantile_cont(secs, [0.5, 0.9])[2] / 3600.0", "h_0[2] / 3600.0", []string{"-quantile_cont(secs, [0.5, 0.9])"}},
		{"same call twice", "SUM(x) FILTER (WHERE y) - SUM(x)\n\t FILTER (WHERE y)", "s_0 - s_0", []string{"+SUM(x) FILTER (WHERE y)"}},
		{"function name in a string", "SUM(CASE WHEN k = 'sum(' THEN 1 END)", "s_0", []string{"+SUM(CASE WHEN k = 'sum(' THEN 1 END)"}},
		{"quote escape", "SUM(CASE WHEN k = 'it''s' THEN 1 END)", "s_0", []string{"+SUM(CASE WHEN k = 'it''s' THEN 1 END)"}},
		{"identifier containing a name", "COALESCE(my_sum, 0)", "COALESCE(my_sum, 0)", nil},
		{"distinct is holistic", "COUNT(DISTINCT sku)", "h_0", []string{"-COUNT(DISTINCT sku)"}},
		{"bare count(*) is holistic", "COUNT(*)", "h_0", []string{"-COUNT(*)"}},
		{"filtered count(*) adds up", "COUNT(*) FILTER (WHERE repeat_sku)", "s_0", []string{"+COUNT(*) FILTER (WHERE repeat_sku)"}},
		{"ordered aggregate is holistic", "string_agg(x, ',' ORDER BY x)", "h_0", []string{"-string_agg(x, ',' ORDER BY x)"}},
		{"constant", "false", "false", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newAggSet(testAggregates())
			got, err := s.rewrite(c.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("rewrite = %q, want %q", got, c.want)
			}
			var calls []string
			for _, k := range s.calls {
				sign := "-"
				if k.additive {
					sign = "+"
				}
				calls = append(calls, sign+k.key)
			}
			if strings.Join(calls, "|") != strings.Join(c.calls, "|") {
				t.Errorf("calls = %q, want %q", calls, c.calls)
			}
		})
	}
}

func TestAggSetRewriteErrors(t *testing.T) {
	for _, expr := range []string{"SUM(qty", "SUM(CASE WHEN k = 'x THEN 1 END)", "SUM(MAX(x))", "SUM(x) FILTER (WHERE y"} {
		if got, err := newAggSet(testAggregates()).rewrite(expr); err == nil {
			t.Errorf("rewrite(%q) = %q, want an error", expr, got)
		}
	}
}

// TestRegistrySplits checks that every registry expression splits, with the
// engine's own list of aggregate functions, and that only quantiles are left
// for the holistic pass.
func TestRegistrySplits(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var aggregates map[string]bool
	if err := w.Conn(ctx, func(c *sql.Conn) error {
		aggregates, err = aggregateNames(ctx, c)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, k := range registry {
		s := newAggSet(aggregates)
		for _, e := range []string{k.Numerator, k.Denominator, k.Value, k.Provisional} {
			if _, err := s.rewrite(e); err != nil {
				t.Errorf("%s: %v", k.ID, err)
			}
		}
		for _, c := range s.calls {
			if !c.additive && c.fn != "quantile_cont" {
				t.Errorf("%s: %s is not rolled up", k.ID, c.key)
			}
		}
	}
}
