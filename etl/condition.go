package etl

import (
	"fmt"
	"regexp"
	"strings"
)

// maxConditionDepth bounds nested all:/any:/not: (a mapping is not a program).
const maxConditionDepth = 8

// Condition is a test on a row, used by skip: and returns.when:. A leaf names
// a column and one test; all:, any: and not: combine conditions.
//
//   - column: StockCode
//     in: [POST, M, DOT]          # equals one of (trimmed, case-insensitive)
//   - all:                        # AND
//   - {column: Invoice, prefix: [C]}
//   - {column: Quantity, negative: true}
type Condition struct {
	Column   string      `yaml:"column"`
	In       []string    `yaml:"in"`       // the value equals one of these
	Prefix   []string    `yaml:"prefix"`   // the value starts with one of these
	Matches  string      `yaml:"matches"`  // the value matches this regular expression
	Negative bool        `yaml:"negative"` // the value is a negative number
	Empty    bool        `yaml:"empty"`    // the value is empty
	All      []Condition `yaml:"all"`
	Any      []Condition `yaml:"any"`
	Not      *Condition  `yaml:"not"`

	re *regexp.Regexp
}

// check validates c (exactly one test) and compiles its pattern; path names
// it in messages.
func (c *Condition) check(path string, depth int) error {
	if depth > maxConditionDepth {
		return fmt.Errorf("%s: conditions nested more than %d deep", path, maxConditionDepth)
	}
	n := 0
	for _, set := range []bool{len(c.In) > 0, len(c.Prefix) > 0, c.Matches != "", c.Negative, c.Empty, len(c.All) > 0, len(c.Any) > 0, c.Not != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("%s: give exactly one test (in, prefix, matches, negative, empty, all, any or not), found %d", path, n)
	}
	leaf := len(c.All) == 0 && len(c.Any) == 0 && c.Not == nil
	if leaf && c.Column == "" {
		return fmt.Errorf("%s: needs column:", path)
	}
	if !leaf && c.Column != "" {
		return fmt.Errorf("%s: column: goes inside all:, any: or not:, on each test", path)
	}
	if c.Matches != "" {
		re, err := regexp.Compile(c.Matches)
		if err != nil {
			return fmt.Errorf("%s: matches %q: %w", path, c.Matches, err)
		}
		c.re = re
	}
	for i := range c.All {
		if err := c.All[i].check(fmt.Sprintf("%s.all[%d]", path, i+1), depth+1); err != nil {
			return err
		}
	}
	for i := range c.Any {
		if err := c.Any[i].check(fmt.Sprintf("%s.any[%d]", path, i+1), depth+1); err != nil {
			return err
		}
	}
	if c.Not != nil {
		return c.Not.check(path+".not", depth+1)
	}
	return nil
}

// String describes the condition for summaries and hints.
func (c *Condition) String() string {
	join := func(cs []Condition, op string) string {
		var p []string
		for i := range cs {
			p = append(p, cs[i].String())
		}
		return "(" + strings.Join(p, op) + ")"
	}
	switch {
	case len(c.All) > 0:
		return join(c.All, " and ")
	case len(c.Any) > 0:
		return join(c.Any, " or ")
	case c.Not != nil:
		return "not " + c.Not.String()
	case len(c.In) > 0:
		return fmt.Sprintf("%s in [%s]", c.Column, strings.Join(c.In, ", "))
	case len(c.Prefix) > 0:
		return fmt.Sprintf("%s starts with %s", c.Column, strings.Join(c.Prefix, " or "))
	case c.Matches != "":
		return fmt.Sprintf("%s matches %s", c.Column, c.Matches)
	case c.Negative:
		return c.Column + " is negative"
	}
	return c.Column + " is empty"
}

// rowTest is a compiled condition over a row's source fields.
type rowTest func(get func(int) string) bool

// compile resolves c's columns against the header (find) into a rowTest.
func (c *Condition) compile(path string, find func(string) int) (rowTest, error) {
	var subs []rowTest
	for _, set := range [][]Condition{c.All, c.Any} {
		for i := range set {
			t, err := set[i].compile(path, find)
			if err != nil {
				return nil, err
			}
			subs = append(subs, t)
		}
	}
	switch {
	case len(c.All) > 0:
		return func(get func(int) string) bool {
			for _, t := range subs {
				if !t(get) {
					return false
				}
			}
			return true
		}, nil
	case len(c.Any) > 0:
		return func(get func(int) string) bool {
			for _, t := range subs {
				if t(get) {
					return true
				}
			}
			return false
		}, nil
	case c.Not != nil:
		t, err := c.Not.compile(path, find)
		if err != nil {
			return nil, err
		}
		return func(get func(int) string) bool { return !t(get) }, nil
	}
	col := find(c.Column)
	if col < 0 {
		return nil, fmt.Errorf("%s: column %q is not in the file", path, c.Column)
	}
	return c.leaf(col), nil
}

func (c *Condition) leaf(col int) rowTest {
	switch {
	case len(c.In) > 0:
		set := map[string]bool{}
		for _, v := range c.In {
			set[strings.ToLower(strings.TrimSpace(v))] = true
		}
		return func(get func(int) string) bool { return set[strings.ToLower(strings.TrimSpace(get(col)))] }
	case len(c.Prefix) > 0:
		return func(get func(int) string) bool {
			v := strings.TrimSpace(get(col))
			for _, p := range c.Prefix {
				if strings.HasPrefix(v, p) {
					return true
				}
			}
			return false
		}
	case c.re != nil:
		return func(get func(int) string) bool { return c.re.MatchString(strings.TrimSpace(get(col))) }
	case c.Negative:
		return func(get func(int) string) bool {
			v := strings.TrimSpace(get(col))
			return len(v) > 1 && v[0] == '-' && (v[1] >= '0' && v[1] <= '9' || v[1] == '.')
		}
	}
	return func(get func(int) string) bool { return strings.TrimSpace(get(col)) == "" }
}
