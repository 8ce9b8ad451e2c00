// Package kpi computes the reverse-logistics KPIs of retour from the warehouse:
// a registry declares each KPI once (names and definitions in French and
// English, unit, SQL, direction, audience); Compute evaluates every KPI per ISO
// week and per scope (total, sector, category, site, carrier, channel) in
// set-based DuckDB SQL and writes kpi_snapshots, classes each value against
// the sector benchmark bands, and writes the CO2 figures (carbon_facts,
// carbon_factors) with emitted and avoided emissions kept in separate columns.
//
// Reference data (benchmark bands, published figures, emission factors) ships
// as embedded CSV files in data/, each row with its source and year; users can
// replace them with their own files (LoadBenchmarks, LoadFactors), which are
// validated line by line and rejected with a *ParseError naming the file, line,
// column and reason.
package kpi
