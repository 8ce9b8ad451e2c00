// Package csvsafe writes CSV files that are safe to open in a spreadsheet.
//
// A text cell that starts with =, +, -, @, tab, carriage return or line
// feed can be read by Excel, LibreOffice or Google Sheets as a formula
// (CSV injection: "=HYPERLINK(...)", "+cmd|' /C calc'!A0", "@SUM(...)").
// Following OWASP's recommendation, such a cell is written with a single
// quote in front, which spreadsheets show as text. Numbers stay numbers: a
// numeric column's values, negative ones included, are written unchanged.
//
// Every CSV file retour writes goes through this package: the report packs'
// exports and `retour export` (WriteRows), `retour kpi --csv` and
// `retour quarantine --export` (Writer), and the series ids of
// `retour forecast --series` (Cell). It imports nothing from retour, so
// every stage and the command can use it.
package csvsafe
