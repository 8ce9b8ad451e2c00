package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// A family's KPIs are evaluated in up to three statements (see aggsplit.go):
//
//  1. partials, kl_<family>: the decomposable aggregates (a_i) per week and
//     finest scope combination, in one pass over the fact rows;
//  2. holistic, kh_<family> (only when a KPI needs one, e.g. a median): the
//     other aggregates (h_i) per week and scope with GROUPING SETS, over the
//     family's narrow fact (only the columns they read);
//  3. rollup, ka_<family>: the partials rolled up to every scope with
//     GROUPING SETS (s_i), joined with the holistic values, and each KPI's
//     numerator (n_), denominator (d_), value (v_) and provisional (p_)
//     columns computed from them.
//
// Every scope is then computed from thousands of partial rows instead of
// millions of fact rows, and the fact rows are read once for the sums and
// once, narrowly, for the quantiles.
type familyPlan struct {
	partials string
	holistic string // "" when no KPI of the family needs a holistic aggregate
	rollup   string
}

// aggregateNames returns the lower-case names of the engine's aggregate functions.
func aggregateNames(ctx context.Context, c *sql.Conn) (map[string]bool, error) {
	rows, err := c.QueryContext(ctx, `SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type = 'aggregate'`)
	if err != nil {
		return nil, fmt.Errorf("list aggregate functions: %w", err)
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list aggregate functions: %w", err)
		}
		names[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list aggregate functions: %w", err)
	}
	return names, nil
}

// planFamily builds the statements of one family.
func planFamily(f family, kpis []KPI, aggregates map[string]bool) (familyPlan, error) {
	set := newAggSet(aggregates)
	var cols []string
	add := func(expr, name string, cast bool) error {
		out, err := set.rewrite(expr)
		if err != nil {
			return fmt.Errorf("family %s, %s: %w", f.name, name, err)
		}
		if cast {
			out = "CAST(" + out + " AS DOUBLE)"
		}
		cols = append(cols, out+" AS "+name)
		return nil
	}
	for _, k := range kpis {
		if k.Custom != "" {
			continue
		}
		prov := "false"
		if k.Provisional != "" {
			prov = k.Provisional
		}
		for _, c := range []struct {
			expr, name string
			cast       bool
		}{
			{orNull(k.Numerator), "n_" + k.ID, true},
			{orNull(k.Denominator), "d_" + k.ID, true},
			{orNull(k.Value), "v_" + k.ID, true},
			{prov, "p_" + k.ID, false},
		} {
			if err := add(c.expr, c.name, c.cast); err != nil {
				return familyPlan{}, err
			}
		}
	}
	completion := "CAST(NULL AS DOUBLE)"
	if f.name == famCohort {
		completion = "SUM(ret_obs) / NULLIF(SUM(ret_est), 0)"
	}
	if err := add(completion, "completion", false); err != nil {
		return familyPlan{}, err
	}

	scope, groupBy := groupingSQL(f)
	keys := "week_start"
	for _, s := range f.scopes {
		keys += ", " + s
	}
	var p familyPlan
	var b strings.Builder

	// 1. partials
	calls, idx := set.additive()
	fmt.Fprintf(&b, "CREATE OR REPLACE TEMP TABLE kl_%s AS SELECT %s", f.name, keys)
	for j, c := range calls {
		fmt.Fprintf(&b, ",\n %s AS a_%d", c.sql, idx[j])
	}
	fmt.Fprintf(&b, "\nFROM (%s)\nWHERE week_start BETWEEN $first AND $last GROUP BY %s", f.fact, keys)
	p.partials = b.String()

	// 2. holistic
	if hcalls, hidx := set.holistic(); len(hcalls) > 0 {
		src := f.fact
		if f.narrow != "" {
			src = f.narrow
		}
		b.Reset()
		fmt.Fprintf(&b, "CREATE OR REPLACE TEMP TABLE kh_%s AS SELECT %s", f.name, scope)
		for j, c := range hcalls {
			fmt.Fprintf(&b, ",\n %s AS h_%d", c.sql, hidx[j])
		}
		fmt.Fprintf(&b, "\nFROM (SELECT * FROM (%s) UNION ALL BY NAME SELECT week_start FROM k_weeks)\nWHERE week_start BETWEEN $first AND $last\n%s", src, groupBy)
		p.holistic = b.String()
	}

	// 3. rollup
	b.Reset()
	fmt.Fprintf(&b, "CREATE OR REPLACE TEMP TABLE ka_%s AS SELECT week_start, scope, scope_value,\n %s\nFROM (SELECT %s", f.name, strings.Join(cols, ",\n "), scope)
	for j, c := range calls {
		fmt.Fprintf(&b, ",\n %s AS s_%d", fmt.Sprintf(rollupForms[c.fn], fmt.Sprintf("a_%d", idx[j])), idx[j])
	}
	fmt.Fprintf(&b, "\n FROM (SELECT * FROM kl_%s UNION ALL BY NAME SELECT week_start FROM k_weeks)\n %s)", f.name, groupBy)
	if p.holistic != "" {
		fmt.Fprintf(&b, "\nLEFT JOIN kh_%s USING (week_start, scope, scope_value)", f.name)
	}
	p.rollup = b.String()
	return p, nil
}

// groupingSQL returns the scope and scope_value columns of a GROUPING SETS
// query over the family's scopes, and its GROUP BY and HAVING clauses. One
// empty row per week (all scope columns NULL, from k_weeks) makes counts 0,
// not missing, in weeks without events; HAVING drops the NULL scope groups.
func groupingSQL(f family) (scope, groupBy string) {
	var b strings.Builder
	b.WriteString("week_start,\n CASE")
	for _, s := range f.scopes {
		fmt.Fprintf(&b, " WHEN GROUPING(%s) = 0 THEN '%s'", s, s)
	}
	b.WriteString(" ELSE 'total' END AS scope,\n COALESCE(")
	for _, s := range f.scopes {
		fmt.Fprintf(&b, "CASE WHEN GROUPING(%s) = 0 THEN CAST(%s AS VARCHAR) END, ", s, s)
	}
	b.WriteString("'') AS scope_value")
	scope = b.String()
	b.Reset()
	b.WriteString("GROUP BY GROUPING SETS ((week_start)")
	for _, s := range f.scopes {
		fmt.Fprintf(&b, ", (week_start, %s)", s)
	}
	b.WriteString(")\nHAVING true")
	for _, s := range f.scopes {
		fmt.Fprintf(&b, " AND NOT (GROUPING(%s) = 0 AND %s IS NULL)", s, s)
	}
	return scope, b.String()
}
