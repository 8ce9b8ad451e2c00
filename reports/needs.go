package reports

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// Section is a part of a pack, declared with the fields it needs: when the
// data does not provide one, the section is not computed and the pack says
// what is missing and how to provide it. The pack definitions, in one place.
type Section struct {
	Pack  string // operations, reasons, carbon
	ID    string // key in the pack data's Needs
	Title string // label key
	Kind  string // chart or forecast (capability table)
	Needs string // warehouse.ParseNeeds form
}

const (
	needReturnWeek = "return_lines.received_ts|requested_ts"
	needHours      = "return_lines.received_ts,return_lines.processed_ts"
	needReasons    = needReturnWeek + ",return_lines.reason_code"
)

// Sections lists every section that depends on optional data.
var Sections = []Section{
	{"operations", "processing", "ops.processing_site", "chart", needHours},
	{"operations", "backlog", "ops.backlog", "chart", needHours},
	{"operations", "cost", "ops.cost", "chart", "return_lines.processed_ts,return_lines.processing_cost|transport_cost"},
	{"operations", "disposition", "ops.disposition", "chart", "return_lines.processed_ts,return_lines.disposition"},
	{"operations", "forecast", "ops.fc_total", "forecast", needReturnWeek},
	{"operations", "forecast-sites", "ops.fc_by_site", "forecast", needReturnWeek + ",return_lines.site"},
	{"operations", "forecast-categories", "ops.fc_by_category", "forecast", needReturnWeek + ",products.category"},
	{"operations", "workload", "ops.workload_h", "forecast", needHours},
	{"operations", "top-skus", "ops.top_skus_h", "forecast", needReturnWeek},
	{"operations", "claims", "ops.claims_h", "chart", "claims,claims.type"},
	{"reasons", "mix", "rsn.mix", "chart", needReasons},
	{"reasons", "heatmap", "rsn.heatmap", "chart", needReasons + ",products.category"},
	{"reasons", "pareto", "rsn.pareto_h", "chart", needReturnWeek},
	{"reasons", "alerts", "rsn.alerts", "forecast", needReasons},
	{"reasons", "reason-forecast", "rsn.fcst", "forecast", needReasons},
	{"reasons", "themes", "rsn.themes", "chart", needReturnWeek + ",return_lines.reason_text"},
	{"carbon", "carbon", "pack.carbon.title", "chart", "return_lines.processed_ts,return_lines.disposition,products.weight_kg"},
	{"carbon", "discarded", "csr.discarded_h", "chart", "return_lines.processed_ts,return_lines.disposition,products.weight_kg"},
	{"claims", "claims-open", "clm.open", "chart", "claims"},
	{"returns", "ret-dispositions", "ret.dispositions", "chart", "return_lines.processed_ts,return_lines.disposition"},
	{"returns", "ret-refurb", "ret.refurb", "chart", "return_lines.processed_ts,return_lines.disposition"},
	{"returns", "ret-stages", "ret.stages_h", "chart", needHours},
	{"returns", "ret-stock", "ret.stock_h", "chart", needHours},
	{"returns", "ret-sites", "ret.site_cost", "chart", "return_lines.received_ts,return_lines.site"},
	{"returns", "ret-carriers", "ret.carriers", "chart", "return_lines.received_ts,return_lines.carrier"},
}

// PackNeeds are what a pack needs at all (the capability table's pack rows).
var PackNeeds = map[string]string{
	"operations": needReturnWeek,
	"reasons":    needReasons,
	"carbon":     "return_lines.processed_ts,return_lines.disposition,products.weight_kg",
	"claims":     "claims",
	"returns":    "return_lines.received_ts",
}

// needHint says what to provide for n: "`processed_ts` on return lines; map
// it in your returns mapping", or "a claims file; load one with `retour load`".
func needHint(l Lang, n warehouse.Need) string {
	if len(n.Columns) == 0 {
		return l.Tf("needs.table", l.T("afile."+n.Table))
	}
	q := make([]string, len(n.Columns))
	for i, c := range n.Columns {
		q[i] = "`" + c + "`"
	}
	return l.Tf("needs.field", strings.Join(q, l.T("needs.or")), l.T("ent."+n.Table), l.T("file."+n.Table))
}

// missingNeeds returns the message for the first unmet need of a
// declaration, or nil when the data provides every field.
func missingNeeds(l Lang, cov *warehouse.Coverage, what, decl string) *Missing {
	needs, err := warehouse.ParseNeeds(decl)
	if err != nil || cov == nil {
		return nil // declarations are checked by TestSectionNeeds
	}
	miss := cov.Missing(needs)
	if len(miss) == 0 {
		return nil
	}
	return &Missing{Message: needsText(l, what, miss)}
}

// needsText says what to provide for the needs after what, fields of one
// table together: "X needs `processed_ts` and `csat_score` on return lines;
// map them in your returns mapping, and a claims file; load one with ...".
func needsText(l Lang, what string, miss []warehouse.Need) string {
	var order []string
	fields := map[string][]string{}
	for _, n := range miss {
		if _, seen := fields[n.Table]; !seen {
			order = append(order, n.Table)
			fields[n.Table] = nil
		}
		if len(n.Columns) > 0 {
			q := make([]string, len(n.Columns))
			for i, c := range n.Columns {
				q[i] = "`" + c + "`"
			}
			fields[n.Table] = append(fields[n.Table], strings.Join(q, l.T("needs.or")))
		}
	}
	hints := make([]string, len(order))
	for i, t := range order {
		switch f := fields[t]; len(f) {
		case 0:
			hints[i] = l.Tf("needs.table", l.T("afile."+t))
		case 1:
			hints[i] = l.Tf("needs.field", f[0], l.T("ent."+t), l.T("file."+t))
		default:
			hints[i] = l.Tf("needs.fields", strings.Join(f, l.T("needs.and2")), l.T("ent."+t), l.T("file."+t))
		}
	}
	return l.Tf("needs.what", what, strings.Join(hints, l.T("needs.and")))
}

// packNeeds returns, per section id of the pack, the message of the
// sections the data cannot support.
func packNeeds(l Lang, cov *warehouse.Coverage, pack string) map[string]*Missing {
	out := map[string]*Missing{}
	for _, s := range Sections {
		if s.Pack != pack {
			continue
		}
		if m := missingNeeds(l, cov, l.T(s.Title), s.Needs); m != nil {
			out[s.ID] = m
		}
	}
	return out
}

// unsupportedTiles lists the KPIs of the audiences that the KPI run did not
// store for want of a field, grouped by what is missing: "Backlog, all ages,
// Backlog, over 7 days needs `processed_ts` on return lines; ...".
func unsupportedTiles(ctx context.Context, w *warehouse.DB, run int64, l Lang, audiences []string) ([]string, error) {
	if run == 0 {
		return nil, nil
	}
	aud := map[string]bool{}
	for _, a := range audiences {
		aud[a] = true
	}
	byNeed := map[string][]string{}
	err := queryEach(ctx, w, "unsupported kpis", `
		SELECT u.kpi_id, d.name_en, d.name_fr, COALESCE(d.audience, ''), u.missing
		FROM kpi_unsupported u JOIN kpi_definitions d USING (kpi_id)
		WHERE u.run_id = ? ORDER BY u.kpi_id`, []any{run}, func(r *sql.Rows) error {
		var id, en, fr, audience, missing string
		if err := r.Scan(&id, &en, &fr, &audience, &missing); err != nil {
			return err
		}
		if !aud[audience] && !aud[id] {
			return nil
		}
		name := en
		if l == French {
			name = fr
		}
		byNeed[missing] = append(byNeed[missing], name)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, missing := range sortedKeys(byNeed) {
		needs, err := warehouse.ParseNeeds(missing)
		if err != nil {
			return nil, err
		}
		names := byNeed[missing]
		sort.Strings(names)
		out = append(out, needsText(l, strings.Join(names, ", "), needs))
	}
	return out, nil
}
