// Package reports turns the warehouse into static, self-contained HTML report
// packs (operations, reasons, carbon) per ISO week, an index page with the
// weekly archive, and data exports (CSV, XLSX, JSON, Parquet).
//
// Each pack is built in two steps: the data behind every chart and table is
// computed from SQL into plain Go structs (see OperationsData, ReasonsData,
// CarbonData), then rendered with go-echarts (chart options only) and
// html/template. Golden tests check the data, not the HTML bytes.
//
// The ECharts bundle is inlined into every page so a file works alone, from
// disk or as an e-mail attachment, with no network. The bundle comes from npm
// through `make assets` and is not committed; see Assets.
package reports
