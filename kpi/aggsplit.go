package kpi

import (
	"fmt"
	"strings"
)

// The KPI expressions of the registry are aggregate SQL over a family's fact
// rows. Compute evaluates them in two levels (see rollup.go): decomposable
// aggregates (SUM, COUNT, MIN, MAX, bool_or, bool_and) first per week and
// finest scope combination, then rolled up to every scope; the others
// (quantiles, ...) in a separate pass over the fact rows. splitAggregates
// finds the aggregate calls of an expression and rewrites the expression over
// the columns that will hold their values.

// rollupForms maps a decomposable aggregate to its roll-up over partial
// results; %s is the partial column. A COUNT over no row is 0, so the roll-up
// of counts is COALESCE(SUM, 0), as COUNT of the original rows would be.
var rollupForms = map[string]string{
	"sum":      "SUM(%s)",
	"count":    "COALESCE(SUM(%s), 0)",
	"min":      "MIN(%s)",
	"max":      "MAX(%s)",
	"bool_or":  "bool_or(%s)",
	"bool_and": "bool_and(%s)",
}

// aggCall is one aggregate call as written, with its FILTER clause if any.
type aggCall struct {
	fn  string // lower-case function name
	sql string // the call as written
	key string // the call with whitespace collapsed: calls with equal keys share a column
	// additive calls are rolled up from partial results (rollupForms); the
	// others are evaluated on the fact rows of each scope.
	additive bool
}

// aggSet numbers the distinct aggregate calls of a family: additive calls
// become columns a_0, a_1, ... (partials) and s_0, s_1, ... (rolled up);
// holistic calls become columns h_0, h_1, ...
type aggSet struct {
	aggregates map[string]bool // lower-case names of the engine's aggregate functions
	calls      []aggCall
	index      map[string]int
}

func newAggSet(aggregates map[string]bool) *aggSet {
	return &aggSet{aggregates: aggregates, index: map[string]int{}}
}

// column returns the name of the column holding the call's value in the
// rolled-up table, registering the call on first sight.
func (s *aggSet) column(c aggCall) string {
	i, ok := s.index[c.key]
	if !ok {
		i = len(s.calls)
		s.index[c.key] = i
		s.calls = append(s.calls, c)
	}
	if c.additive {
		return fmt.Sprintf("s_%d", i)
	}
	return fmt.Sprintf("h_%d", i)
}

// rewrite returns expr with every aggregate call replaced by the column of its
// value. It fails on what it cannot read (unbalanced parentheses or quotes,
// an aggregate inside an aggregate).
func (s *aggSet) rewrite(expr string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '\'' || c == '"':
			j, err := skipQuoted(expr, i)
			if err != nil {
				return "", err
			}
			b.WriteString(expr[i:j])
			i = j
		case isIdentStart(c) && (i == 0 || !isIdentChar(expr[i-1])):
			j := i
			for j < len(expr) && isIdentChar(expr[j]) {
				j++
			}
			name := strings.ToLower(expr[i:j])
			k := skipSpace(expr, j)
			if k >= len(expr) || expr[k] != '(' || !s.aggregates[name] {
				b.WriteString(expr[i:j])
				i = j
				continue
			}
			end, err := matchParen(expr, k)
			if err != nil {
				return "", err
			}
			args := expr[k+1 : end-1]
			if inner, _ := s.findAggregate(args); inner != "" {
				return "", fmt.Errorf("aggregate %s inside %s in %q", inner, name, expr)
			}
			// An optional FILTER (WHERE ...) belongs to the call.
			if f := skipSpace(expr, end); f+6 <= len(expr) && strings.EqualFold(expr[f:f+6], "filter") &&
				(f+6 == len(expr) || !isIdentChar(expr[f+6])) {
				if p := skipSpace(expr, f+6); p < len(expr) && expr[p] == '(' {
					if end, err = matchParen(expr, p); err != nil {
						return "", err
					}
				}
			}
			_, decomposable := rollupForms[name]
			upperArgs := strings.ToUpper(strings.TrimSpace(args))
			if strings.HasPrefix(upperArgs, "DISTINCT") || strings.Contains(upperArgs, "ORDER BY") ||
				(name == "count" && upperArgs == "*" && !strings.Contains(strings.ToUpper(expr[k:end]), "FILTER")) {
				// COUNT(DISTINCT x) does not add up; a bare COUNT(*) would also
				// count the empty row each week gets, so it stays on the fact rows.
				decomposable = false
			}
			b.WriteString(s.column(aggCall{fn: name, sql: expr[i:end], key: strings.Join(strings.Fields(expr[i:end]), " "), additive: decomposable}))
			i = end
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// findAggregate returns the name of the first aggregate call in expr, or "".
func (s *aggSet) findAggregate(expr string) (string, error) {
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '\'' || c == '"':
			j, err := skipQuoted(expr, i)
			if err != nil {
				return "", err
			}
			i = j
		case isIdentStart(c) && (i == 0 || !isIdentChar(expr[i-1])):
			j := i
			for j < len(expr) && isIdentChar(expr[j]) {
				j++
			}
			if k := skipSpace(expr, j); k < len(expr) && expr[k] == '(' && s.aggregates[strings.ToLower(expr[i:j])] {
				return strings.ToLower(expr[i:j]), nil
			}
			i = j
		default:
			i++
		}
	}
	return "", nil
}

// additive returns the additive calls with their column numbers.
func (s *aggSet) additive() (calls []aggCall, idx []int) {
	for i, c := range s.calls {
		if c.additive {
			calls, idx = append(calls, c), append(idx, i)
		}
	}
	return calls, idx
}

// holistic returns the holistic calls with their column numbers.
func (s *aggSet) holistic() (calls []aggCall, idx []int) {
	for i, c := range s.calls {
		if !c.additive {
			calls, idx = append(calls, c), append(idx, i)
		}
	}
	return calls, idx
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$' }

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// skipQuoted returns the index after the quoted string or identifier that
// starts at i (” and "" escape the quote).
func skipQuoted(s string, i int) (int, error) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated %c in %q", q, s)
}

// matchParen returns the index after the parenthesis that closes the one at i.
func matchParen(s string, i int) (int, error) {
	depth := 0
	for j := i; j < len(s); {
		switch s[j] {
		case '\'', '"':
			k, err := skipQuoted(s, j)
			if err != nil {
				return 0, err
			}
			j = k
			continue
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		}
		j++
	}
	return 0, fmt.Errorf("unbalanced parentheses in %q", s)
}
