package reports

import (
	"fmt"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// CSRDatasets are the discarded-goods exports, added to the carbon pack's
// exports: the ESPR art. 24 table and the ESRS E5-5 datapoints it fills.
var CSRDatasets = []string{"discarded_unsold", "esrs_e5_5_datapoints"}

// discardedSQL lists the five destinations as SQL strings.
func discardedSQL() string {
	q := make([]string, len(warehouse.DiscardDestinations))
	for i, d := range warehouse.DiscardDestinations {
		q[i] = "'" + d + "'"
	}
	return strings.Join(q, ", ")
}

// csrDatasets reads csr_discarded of KPI run run, per ISO year (the
// disclosure is yearly; the financial year is the company's own).
func csrDatasets(run int64) []Dataset {
	five := discardedSQL()
	var shares []string
	for _, d := range warehouse.DiscardDestinations {
		shares = append(shares, fmt.Sprintf(`round(100.0 * COALESCE(SUM(units) FILTER (WHERE destination = '%[1]s'), 0) / NULLIF(SUM(units) FILTER (WHERE destination IN (%[2]s)), 0), 2) AS %[1]s_pct`, d, five))
	}
	return []Dataset{
		{"discarded_unsold", "Discarded unsold goods (ESPR, Regulation (EU) 2024/1781, art. 24), returned goods counted as unsold: units and weight discarded per ISO year, sector, category and the customer's return reason, the share of discarded units per destination (preparing for reuse, remanufacture, recycling, other recovery, disposal), units whose destination is unknown, and the ESPR destruction, ESPR ban and AGEC ban counts; weight only over units whose product weight is known (latest kpi run)", fmt.Sprintf(`
			SELECT CAST(isoyear(week_start) AS INTEGER) AS iso_year, sector, category, reason AS return_reason,
			       COALESCE(SUM(units) FILTER (WHERE destination IN (%[2]s)), 0)::BIGINT AS units_discarded,
			       COALESCE(SUM(units_weighed) FILTER (WHERE destination IN (%[2]s)), 0)::BIGINT AS units_weighed,
			       round(SUM(mass_kg) FILTER (WHERE destination IN (%[2]s)), 3) AS mass_kg,
			       round(SUM(mass_kg) FILTER (WHERE destination IN (%[2]s)) / 1000, 6) AS mass_t,
			       %[3]s,
			       COALESCE(SUM(units) FILTER (WHERE destination = '%[4]s'), 0)::BIGINT AS units_destination_unknown,
			       COALESCE(SUM(units) FILTER (WHERE espr_destruction), 0)::BIGINT AS espr_destruction_units,
			       COALESCE(SUM(units) FILTER (WHERE espr_banned), 0)::BIGINT AS espr_banned_units,
			       COALESCE(SUM(units) FILTER (WHERE agec_banned), 0)::BIGINT AS agec_banned_units,
			       run_id
			FROM csr_discarded WHERE run_id = %[1]d
			GROUP BY iso_year, sector, category, reason, run_id
			HAVING units_discarded > 0 OR units_destination_unknown > 0
			ORDER BY iso_year, sector, category, return_reason`, run, five, strings.Join(shares, ",\n\t\t\t       "), warehouse.Unknown), warehouse.RunKPI},
		{"esrs_e5_5_datapoints", "ESRS E5-5 (resource outflows, waste) datapoints per ISO year from the discarded returned goods: the paragraph each row fills, its value in kg, and for the datapoints retour cannot fill, why (latest kpi run)", esrsDatapointsSQL(run), warehouse.RunKPI},
	}
}

// esrsDatapoint is one ESRS E5-5 datapoint: filled from a sum over the
// year's discarded mass (expr over y's columns), or not filled and why.
type esrsDatapoint struct {
	ID, What, Expr, Why string
}

// esrsDatapoints are the E5-5 waste datapoints (ESRS E5, Delegated
// Regulation (EU) 2023/2772, paragraphs 37 to 39) for returned goods.
var esrsDatapoints = []esrsDatapoint{
	{"E5-5 37(a)", "total amount of waste generated (discarded returned goods)", "total", ""},
	{"E5-5 37(b)", "total amount diverted from disposal", "reuse + recycling + other", ""},
	{"E5-5 37(b)(i)", "diverted: preparation for reuse (reuse and remanufacture)", "reuse", ""},
	{"E5-5 37(b)(ii)", "diverted: recycling", "recycling", ""},
	{"E5-5 37(b)(iii)", "diverted: other recovery operations", "other", ""},
	{"E5-5 37(b) hazardous split", "diverted from disposal, hazardous and non-hazardous", "", "the data has no hazardous-waste flag per product"},
	{"E5-5 37(c)", "total amount directed to disposal", "disposal", ""},
	{"E5-5 37(c)(i)-(iii)", "disposal by type: incineration, landfill, other disposal", "", "the data does not say how discarded goods were disposed of; carbon_facts.esrs_route gives the route assumed per sector for the CO2 figures, not a record"},
	{"E5-5 37(c) hazardous split", "directed to disposal, hazardous and non-hazardous", "", "the data has no hazardous-waste flag per product"},
	{"E5-5 37(d)", "total amount of non-recycled waste (total minus recycling)", "total - recycling", ""},
	{"E5-5 37(d) %", "percentage of non-recycled waste", "100 * (total - recycling) / NULLIF(total, 0)", ""},
	{"E5-5 38", "waste streams and materials present in the waste", "", "a narrative disclosure; products.material gives the main material of each product, not the composition of the waste"},
	{"E5-5 39", "total amount of hazardous and radioactive waste", "", "the data has no hazardous or radioactive flag per product"},
	{"E5-5 35-36", "products designed along circular principles, durability, reparability, recyclable content", "", "product design figures are not in the data contract"},
	{"E5-5 scope", "waste from the company's other operations (packaging, production, offices)", "", "retour sees returned goods only; add the other waste streams yourself"},
}

// esrsDatapointsSQL writes one row per ISO year and datapoint. Values are
// kg over units with a known weight; weighed_pct says how many units that is.
func esrsDatapointsSQL(run int64) string {
	var vals, value []string
	for i, d := range esrsDatapoints {
		vals = append(vals, fmt.Sprintf("(%d, %s, %s, %s)", i, sqlString(d.ID), sqlString(d.What), sqlString(d.Why)))
		if d.Expr != "" {
			value = append(value, fmt.Sprintf("WHEN %s THEN %s", sqlString(d.ID), d.Expr))
		}
	}
	mass := func(dest ...string) string {
		return fmt.Sprintf("COALESCE(SUM(mass_kg) FILTER (WHERE destination IN ('%s')), 0)", strings.Join(dest, "', '"))
	}
	return fmt.Sprintf(`
		WITH y AS (
			SELECT CAST(isoyear(week_start) AS INTEGER) AS iso_year,
			       %[2]s AS total, %[3]s AS reuse, %[4]s AS recycling, %[5]s AS other, %[6]s AS disposal,
			       100.0 * SUM(units_weighed) FILTER (WHERE destination IN (%[7]s)) / NULLIF(SUM(units) FILTER (WHERE destination IN (%[7]s)), 0) AS weighed_pct
			FROM csr_discarded WHERE run_id = %[1]d GROUP BY ALL),
		dp AS (SELECT * FROM (VALUES %[8]s) v(ord, datapoint, description, why))
		SELECT iso_year, datapoint, description,
		       round(CASE datapoint %[9]s END::DOUBLE, CASE WHEN datapoint LIKE '%%\%%%%' ESCAPE '\' THEN 2 ELSE 3 END) AS value,
		       CASE WHEN why <> '' THEN NULL WHEN datapoint LIKE '%%\%%%%' ESCAPE '\' THEN '%%' ELSE 'kg' END AS unit,
		       CASE WHEN why = '' THEN 'filled' ELSE 'not filled' END AS status,
		       round(weighed_pct, 2) AS weighed_pct, NULLIF(why, '') AS why_not_filled
		FROM y CROSS JOIN dp ORDER BY iso_year, ord`,
		run, mass(warehouse.DiscardDestinations...), mass(warehouse.DestReuse, warehouse.DestRemanufacture), mass(warehouse.DestRecycling),
		mass(warehouse.DestOtherRecovery), mass(warehouse.DestDisposal), discardedSQL(), strings.Join(vals, ", "), strings.Join(value, " "))
}
