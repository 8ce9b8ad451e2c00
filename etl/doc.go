// Package etl loads order and return history into the warehouse.
//
// A load reads a source file (CSV with any common delimiter, quoted fields,
// UTF-8 with or without BOM or Latin-1; NDJSON; Parquet; any of them gzipped),
// maps its columns onto a canonical entity (products, order_lines,
// return_lines, claims) with an optional YAML mapping, validates every row,
// and moves the good rows as Arrow record batches into a staging table. Bad
// rows go to the quarantine table with their line number, raw text, column,
// value and a reason a person can act on. The file is then upserted on its
// natural key in one transaction, with the run recorded in load_runs: a file
// is loaded whole or not at all, and loading it again changes nothing.
//
// For every file: rows read = inserted + updated + unchanged + quarantined.
package etl
