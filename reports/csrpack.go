package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// CarbonDiscarded is the carbon pack's discarded unsold goods section (ESPR
// art. 24, returned goods counted as unsold), year to date, from kpi's
// csr_discarded.
type CarbonDiscarded struct {
	Missing      *Missing `json:"missing,omitempty"`
	Period       string   `json:"period"`
	Destinations Table    `json:"destinations"`
	Flags        Table    `json:"flags"`
	Table        Table    `json:"table"`
	// Unverified says which parts of the disclosure format retour could not
	// check or cannot fill.
	Unverified []string `json:"unverified"`
}

// esrsOf names the ESRS E5-5 datapoint a destination's mass goes to.
var esrsOf = map[string]string{
	warehouse.DestReuse: "37(b)(i)", warehouse.DestRemanufacture: "37(b)(i)", warehouse.DestRecycling: "37(b)(ii)",
	warehouse.DestOtherRecovery: "37(b)(iii)", warehouse.DestDisposal: "37(c)",
}

// loadDiscarded fills d.Discarded for the year to date ending with week wk.
func loadDiscarded(ctx context.Context, w *warehouse.DB, run int64, wk Week, l Lang, missing *Missing, d *CarbonData) error {
	dd := &d.Discarded
	for _, k := range []string{"csr.unv_cn", "csr.unv_reason", "csr.unv_share", "csr.unv_year", "csr.unv_measures"} {
		dd.Unverified = append(dd.Unverified, l.T(k))
	}
	switch {
	case missing != nil:
		dd.Missing = missing
		return nil
	case run == 0:
		dd.Missing = noKPI(l)
		return nil
	}
	from := Week{Year: wk.Year, Num: 1}
	dd.Period = from.String() + " – " + wk.String()
	args := []any{run, from.Start(), wk.End()}
	src := fmt.Sprintf("csr_discarded, run %d", run)
	if err := loadDestinations(ctx, w, args, l, src, dd); err != nil {
		return err
	}
	if err := loadDiscardFlags(ctx, w, args, l, src, dd); err != nil {
		return err
	}
	return loadDiscardTable(ctx, w, args, l, src, dd)
}

func loadDestinations(ctx context.Context, w *warehouse.DB, args []any, l Lang, src string, dd *CarbonDiscarded) error {
	dd.Destinations = Table{
		ID:      "discarded-destinations",
		Caption: Caption{Title: l.T("csr.dest_t"), Definition: l.T("csr.dest_def"), Unit: "units, kg, %", Source: src},
		Head:    []string{l.T("csr.col_dest"), l.T("col.units"), l.T("col.mass_kg"), l.T("csr.col_share"), l.T("csr.col_esrs")},
		Numeric: []bool{false, true, true, true, false},
	}
	units, mass := map[string]int64{}, map[string]sql.NullFloat64{}
	err := queryEach(ctx, w, "discarded by destination", `
		SELECT destination, SUM(units)::BIGINT, SUM(mass_kg) FROM csr_discarded
		WHERE run_id = ? AND week_start >= ? AND week_start < ? GROUP BY 1`, args, func(r *sql.Rows) error {
		var dest string
		var u int64
		var m sql.NullFloat64
		if err := r.Scan(&dest, &u, &m); err != nil {
			return err
		}
		units[dest], mass[dest] = u, m
		return nil
	})
	if err != nil {
		return err
	}
	var total int64
	var totalKg float64
	for _, dest := range warehouse.DiscardDestinations {
		total += units[dest]
		totalKg += mass[dest].Float64
	}
	if total == 0 && units[warehouse.Unknown] == 0 {
		return nil
	}
	for _, dest := range warehouse.DiscardDestinations {
		share := "–"
		if total > 0 {
			share = l.Number(100*float64(units[dest])/float64(total), 1) + " %"
		}
		kg := nullNum(l, mass[dest], 1)
		if units[dest] == 0 {
			kg = l.Number(0, 1)
		}
		dd.Destinations.Rows = append(dd.Destinations.Rows, []string{l.T("csr.dest." + dest), l.Number(float64(units[dest]), 0),
			kg, share, "E5-5 " + esrsOf[dest]})
	}
	dd.Destinations.Rows = append(dd.Destinations.Rows,
		[]string{l.T("csr.total"), l.Number(float64(total), 0), l.Number(totalKg, 1), "100 %", "E5-5 37(a)"},
		[]string{l.T("csr.dest.unknown"), l.Number(float64(units[warehouse.Unknown]), 0), nullNum(l, mass[warehouse.Unknown], 1), "–", "–"})
	return nil
}

func loadDiscardFlags(ctx context.Context, w *warehouse.DB, args []any, l Lang, src string, dd *CarbonDiscarded) error {
	dd.Flags = Table{
		ID:      "discarded-flags",
		Caption: Caption{Title: l.T("csr.flags_t"), Definition: l.T("csr.flags_def"), Unit: "units, kg", Source: src},
		Head:    []string{l.T("csr.col_flag"), l.T("col.units"), l.T("col.mass_kg")},
		Numeric: []bool{false, true, true},
	}
	return queryEach(ctx, w, "discard flags", `
		SELECT COALESCE(SUM(units) FILTER (WHERE espr_destruction), 0)::BIGINT, SUM(mass_kg) FILTER (WHERE espr_destruction),
		       COALESCE(SUM(units) FILTER (WHERE espr_banned), 0)::BIGINT, SUM(mass_kg) FILTER (WHERE espr_banned),
		       COALESCE(SUM(units) FILTER (WHERE agec_banned), 0)::BIGINT, SUM(mass_kg) FILTER (WHERE agec_banned)
		FROM csr_discarded WHERE run_id = ? AND week_start >= ? AND week_start < ?`, args, func(r *sql.Rows) error {
		var u [3]int64
		var m [3]sql.NullFloat64
		if err := r.Scan(&u[0], &m[0], &u[1], &m[1], &u[2], &m[2]); err != nil {
			return err
		}
		for i, k := range []string{"csr.flag_espr", "csr.flag_espr_ban", "csr.flag_agec"} {
			dd.Flags.Rows = append(dd.Flags.Rows, []string{l.T(k), l.Number(float64(u[i]), 0), nullNum(l, m[i], 1)})
		}
		return nil
	})
}

func loadDiscardTable(ctx context.Context, w *warehouse.DB, args []any, l Lang, src string, dd *CarbonDiscarded) error {
	dd.Table = Table{
		ID:      "discarded-table",
		Caption: Caption{Title: l.T("csr.table_t"), Definition: l.T("csr.table_def"), Unit: "units, kg, %", Source: src},
		Head: []string{l.T("col.category"), l.T("csr.col_reason"), l.T("csr.col_units"), l.T("col.mass_kg"), l.T("csr.col_dests"),
			l.T("csr.col_unknown"), l.T("csr.col_espr"), l.T("csr.col_espr_ban"), l.T("csr.col_agec")},
		Numeric: []bool{false, false, true, true, false, true, true, true, true},
	}
	var shares []string
	for _, dest := range warehouse.DiscardDestinations {
		shares = append(shares, fmt.Sprintf("100.0 * SUM(units) FILTER (WHERE destination = '%s') / NULLIF(SUM(units) FILTER (WHERE destination IN (%s)), 0)", dest, discardedSQL()))
	}
	five := discardedSQL()
	q := fmt.Sprintf(`
		SELECT category, reason,
		       COALESCE(SUM(units) FILTER (WHERE destination IN (%[1]s)), 0)::BIGINT AS n,
		       SUM(mass_kg) FILTER (WHERE destination IN (%[1]s)),
		       100.0 * SUM(units_weighed) FILTER (WHERE destination IN (%[1]s)) / NULLIF(SUM(units) FILTER (WHERE destination IN (%[1]s)), 0),
		       %[2]s,
		       COALESCE(SUM(units) FILTER (WHERE destination = '%[3]s'), 0)::BIGINT AS unk,
		       COALESCE(SUM(units) FILTER (WHERE espr_destruction), 0)::BIGINT, COALESCE(SUM(units) FILTER (WHERE espr_banned), 0)::BIGINT,
		       COALESCE(SUM(units) FILTER (WHERE agec_banned), 0)::BIGINT
		FROM csr_discarded WHERE run_id = ? AND week_start >= ? AND week_start < ?
		GROUP BY 1, 2 HAVING n > 0 OR unk > 0 ORDER BY n DESC, unk DESC, 1, 2`, five, strings.Join(shares, ", "), warehouse.Unknown)
	return queryEach(ctx, w, "discarded goods", q, args, func(r *sql.Rows) error {
		var cat, reason string
		var n, unk, espr, ban, agec int64
		var mass, weighed sql.NullFloat64
		sh := make([]sql.NullFloat64, len(warehouse.DiscardDestinations))
		dst := []any{&cat, &reason, &n, &mass, &weighed}
		for i := range sh {
			dst = append(dst, &sh[i])
		}
		if err := r.Scan(append(dst, &unk, &espr, &ban, &agec)...); err != nil {
			return err
		}
		kg := nullNum(l, mass, 1)
		if weighed.Valid && weighed.Float64 < 99.95 {
			kg += " (" + l.Tf("csr.weighed", l.Number(weighed.Float64, 0)) + ")"
		}
		var dests []string
		for i, s := range sh {
			if s.Valid && s.Float64 > 0 {
				dests = append(dests, l.T("csr.dest."+warehouse.DiscardDestinations[i])+" "+l.Number(s.Float64, 1)+" %")
			}
		}
		ds := strings.Join(dests, " · ")
		if ds == "" {
			ds = "–"
		}
		dd.Table.Rows = append(dd.Table.Rows, []string{l.Name(cat), l.Name(reason), l.Number(float64(n), 0), kg, ds,
			l.Number(float64(unk), 0), l.Number(float64(espr), 0), l.Number(float64(ban), 0), l.Number(float64(agec), 0)})
		return nil
	})
}
