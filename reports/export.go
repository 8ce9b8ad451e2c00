package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/retour-analytics/retour/csvsafe"
	"github.com/retour-analytics/retour/warehouse"
	"github.com/xuri/excelize/v2"
)

// Formats are the export formats, in the order files are written.
var Formats = []string{"csv", "xlsx", "json", "parquet"}

// Dataset is one exported table: a name and the query that produces it.
type Dataset struct {
	Name        string
	Description string
	Query       string
	// Stage is the run the dataset reads (warehouse.RunKPI or
	// warehouse.RunForecast); empty for reference tables.
	Stage warehouse.RunKind
}

// Datasets returns the export datasets, each reading the latest run of its
// stage: KPI snapshots (with definitions), forecasts and their backtest
// accuracy, carbon facts, the carbon factors, and masses per ESRS E5-5 route.
func Datasets(ctx context.Context, w *warehouse.DB) ([]Dataset, error) {
	return WeekDatasets(ctx, w, nil)
}

// WeekDatasets is Datasets with the weekly datasets (kpis, carrier_scorecard, carbon_facts)
// limited to week wk; nil means every week.
func WeekDatasets(ctx context.Context, w *warehouse.DB, wk *Week) ([]Dataset, error) {
	runs, err := loadRuns(ctx, w)
	if err != nil {
		return nil, err
	}
	inWeek := func(col string) string {
		if wk == nil {
			return ""
		}
		return fmt.Sprintf(" AND %s = DATE '%s'", col, wk.Start().Format("2006-01-02"))
	}
	return append([]Dataset{
		{"kpi_definitions", "What each KPI means: name, definition and unit (English and French)", `
			SELECT kpi_id, name_en, name_fr, definition_en, definition_fr, unit, higher_is_better, audience
			FROM kpi_definitions ORDER BY kpi_id`, ""},
		{"kpis", "KPI values per ISO week and scope, with unit and benchmark band (latest kpi run); definitions in kpi_definitions", fmt.Sprintf(`
			SELECT s.kpi_id, d.unit, s.week_start, s.iso_week, s.scope, s.scope_value, s.value,
			       s.numerator, s.denominator, s.provisional, s.benchmark_low, s.benchmark_high, s.benchmark_status,
			       s.benchmark_gap, s.benchmark_source, s.run_id
			FROM kpi_snapshots s LEFT JOIN kpi_definitions d ON d.kpi_id = s.kpi_id
			WHERE s.run_id = %d%s ORDER BY s.kpi_id, s.week_start, s.scope, s.scope_value`, runs.KPI, inWeek("s.week_start")), warehouse.RunKPI},
		{"carrier_scorecard", "The returns pack's carrier scorecard per ISO week and carrier: units received, return transport cost and CO2 per unit, lead time, damaged-in-transit rate, claims per 1,000 units (latest kpi run; definitions in kpi_definitions)", fmt.Sprintf(`
			SELECT week_start, iso_week, scope_value AS carrier,
			       max(value) FILTER (WHERE kpi_id = 'returned_units') AS units_received,
			       max(value) FILTER (WHERE kpi_id = 'cost_transport_per_unit') AS transport_cost_per_unit_eur,
			       max(value) FILTER (WHERE kpi_id = 'co2_transport_per_unit') AS transport_kgco2e_per_unit,
			       max(value) FILTER (WHERE kpi_id = 'return_lead_time_days') AS lead_time_days,
			       max(value) FILTER (WHERE kpi_id = 'damaged_in_transit_rate') AS damaged_in_transit_pct,
			       max(value) FILTER (WHERE kpi_id = 'claims_per_1000_units') AS claims_per_1000_units, run_id
			FROM kpi_snapshots WHERE run_id = %d AND scope = 'carrier'%s
			GROUP BY week_start, iso_week, scope_value, run_id ORDER BY week_start, carrier`, runs.KPI, inWeek("week_start")), warehouse.RunKPI},
		{"forecasts", "Weekly returned-units forecasts with 80 % and 95 % intervals (latest forecast run)", fmt.Sprintf(`
			SELECT level, key, week_start, iso_week, h, model, mean, lo80, hi80, lo95, hi95, run_id
			FROM forecasts WHERE run_id = %d ORDER BY level, key, week_start`, runs.Forecast), warehouse.RunForecast},
		{"forecast_accuracy", "Rolling-origin backtest accuracy per level, key and model (latest forecast run)", fmt.Sprintf(`
			SELECT level, key, model, horizons, wape, mase, bias, coverage80, coverage95, pinball, n, selected, run_id
			FROM forecast_accuracy WHERE run_id = %d ORDER BY level, key, model, horizons`, runs.Forecast), warehouse.RunForecast},
		{"carbon_facts", "CO2 per ISO week, sector, category, disposition and transport mode; inventory and avoided kept in separate columns (latest kpi run)", fmt.Sprintf(`
			SELECT week_start, iso_week, sector, category, disposition, transport_mode, esrs_route, units, mass_kg,
			       transport_kgco2e, processing_kgco2e, end_of_life_kgco2e, avoided_kgco2e, new_footprint_kgco2e, destroyed_units, run_id
			FROM carbon_facts WHERE run_id = %d%s
			ORDER BY week_start, sector, category, disposition, transport_mode, esrs_route`, runs.Carbon, inWeek("week_start")), warehouse.RunKPI},
		{"carbon_factors", "Emission factors used, with source and year", `
			SELECT factor_id, item, value, unit, source, year FROM carbon_factors ORDER BY factor_id`, ""},
		{"esrs_e5_5", "Mass of every processed returned unit per ESRS E5-5 route and ISO year (kg; a missing weight counts as the carbon model's default), goods put back on sale included under prepared_for_reuse; the waste datapoints are in esrs_e5_5_datapoints", fmt.Sprintf(`
			SELECT CAST(isoyear(week_start) AS INTEGER) AS iso_year, esrs_route, SUM(units)::BIGINT AS units, SUM(mass_kg) AS mass_kg,
			       SUM(destroyed_units)::BIGINT AS destroyed_units
			FROM carbon_facts WHERE run_id = %d GROUP BY ALL ORDER BY iso_year, esrs_route`, runs.Carbon), warehouse.RunKPI},
	}, csrDatasets(runs.KPI)...), nil
}

// ParseFormats reads a comma-separated format list ("" means all).
func ParseFormats(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return Formats, nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		ok := false
		for _, k := range Formats {
			ok = ok || f == k
		}
		if !ok {
			return nil, fmt.Errorf("export format %q: want one of %s", f, strings.Join(Formats, ", "))
		}
		out = append(out, f)
	}
	return out, nil
}

// CarbonDatasets are the exports the carbon pack links to.
var CarbonDatasets = append([]string{"carbon_facts", "carbon_factors", "esrs_e5_5"}, CSRDatasets...)

// Export writes the datasets named in only (all when empty) in every format
// to dir and returns the files written, in dataset then format order.
func Export(ctx context.Context, w *warehouse.DB, dir string, formats []string, only ...string) ([]string, error) {
	return ExportWeek(ctx, w, dir, formats, nil, only...)
}

// ExportWeek is Export with the weekly datasets limited to week wk (nil: all).
func ExportWeek(ctx context.Context, w *warehouse.DB, dir string, formats []string, wk *Week, only ...string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create export folder: %w", err)
	}
	sets, err := WeekDatasets(ctx, w, wk)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, ds := range sets {
		if len(only) > 0 && !slices.Contains(only, ds.Name) {
			continue
		}
		for _, f := range formats {
			path := filepath.Join(dir, ds.Name+"."+f)
			if err := exportOne(ctx, w, ds, f, path); err != nil {
				return files, fmt.Errorf("export %s as %s: %w", ds.Name, f, err)
			}
			files = append(files, path)
		}
	}
	return files, nil
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func exportOne(ctx context.Context, w *warehouse.DB, ds Dataset, format, path string) error {
	var opt string
	switch format {
	case "csv":
		return exportCSV(ctx, w, ds, path)
	case "json":
		opt = "FORMAT json, ARRAY true"
	case "parquet":
		opt = "FORMAT parquet"
	case "xlsx":
		return exportXLSX(ctx, w, ds, path)
	default:
		return fmt.Errorf("unknown format %q", format)
	}
	_, err := w.Exec(ctx, fmt.Sprintf("COPY (%s) TO %s (%s)", ds.Query, sqlString(path), opt))
	return err
}

// exportCSV writes a dataset as CSV through csvsafe, so a text cell that a
// spreadsheet would read as a formula is written as text; numbers stay numbers.
func exportCSV(ctx context.Context, w *warehouse.DB, ds Dataset, path string) (err error) {
	rows, err := w.Query(ctx, ds.Query)
	if err != nil {
		return err
	}
	defer rows.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close %s: %w", path, cerr))
		}
	}()
	_, err = csvsafe.WriteRows(f, rows)
	return err
}

// xlsxMaxRows is Excel's row limit per sheet.
var xlsxMaxRows = 1 << 20

func exportXLSX(ctx context.Context, w *warehouse.DB, ds Dataset, path string) (err error) {
	rows, err := w.Query(ctx, ds.Query)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()
	sheet := ds.Name
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = c
	}
	// A sheet holds at most 1,048,576 rows: longer datasets continue on
	// sheets named <dataset>_2, <dataset>_3, ...
	newSheet := func(n int) (*excelize.StreamWriter, error) {
		name := sheet
		if n > 1 {
			name = fmt.Sprintf("%s_%d", sheet, n)
			if _, err := f.NewSheet(name); err != nil {
				return nil, err
			}
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return nil, err
		}
		return sw, sw.SetRow("A1", head)
	}
	sheets := 1
	sw, err := newSheet(sheets)
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for r := 2; rows.Next(); r++ {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if r > xlsxMaxRows {
			if err := sw.Flush(); err != nil {
				return err
			}
			sheets++
			if sw, err = newSheet(sheets); err != nil {
				return err
			}
			r = 2
		}
		row := make([]any, len(cols))
		for i, v := range vals {
			row[i] = xlsxValue(v)
		}
		cell, err := excelize.CoordinatesToCellName(1, r)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// A second sheet says what the data is.
	if _, err := f.NewSheet("about"); err != nil {
		return err
	}
	for i, kv := range [][2]string{{"dataset", ds.Name}, {"description", ds.Description}, {"generated by", "retour export"}} {
		if err := f.SetSheetRow("about", fmt.Sprintf("A%d", i+1), &[]any{kv[0], kv[1]}); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

// xlsxValue maps a scanned DuckDB value to a cell value: dates as ISO text
// (what read-back and spreadsheets both read unambiguously), numbers as numbers.
func xlsxValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case []byte:
		return string(x)
	case sql.NullString:
		return x.String
	}
	return v
}

// stageCommand is the command that writes each stage's runs.
var stageCommand = map[warehouse.RunKind]string{
	warehouse.RunKPI:      "retour kpi",
	warehouse.RunForecast: "retour forecast",
}

// MissingRuns says, for each stage whose datasets (among only; all when
// empty) would be exported with no run to read, which files will hold only
// their header and the command that fills them. Nil means every dataset has
// its run.
func MissingRuns(ctx context.Context, w *warehouse.DB, only ...string) ([]string, error) {
	runs, err := loadRuns(ctx, w)
	if err != nil {
		return nil, err
	}
	sets, err := WeekDatasets(ctx, w, nil)
	if err != nil {
		return nil, err
	}
	have := map[warehouse.RunKind]bool{warehouse.RunKPI: runs.KPI > 0, warehouse.RunForecast: runs.Forecast > 0}
	empty := map[warehouse.RunKind][]string{}
	for _, ds := range sets {
		if ds.Stage == "" || have[ds.Stage] || (len(only) > 0 && !slices.Contains(only, ds.Name)) {
			continue
		}
		empty[ds.Stage] = append(empty[ds.Stage], ds.Name)
	}
	var out []string
	for _, k := range []warehouse.RunKind{warehouse.RunKPI, warehouse.RunForecast} {
		if len(empty[k]) > 0 {
			out = append(out, fmt.Sprintf("no successful %s run in the warehouse: %s hold only their header row; run `%s` first, then export again",
				k, strings.Join(empty[k], ", "), stageCommand[k]))
		}
	}
	return out, nil
}
