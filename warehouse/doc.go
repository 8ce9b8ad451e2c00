// Package warehouse owns the DuckDB file that every stage of retour reads and
// writes. It is the only package that imports duckdb-go.
//
// The schema is created by numbered SQL migrations embedded in the binary
// (migrations/NNN_name.sql), applied in order, one transaction per file, and
// recorded in the schema_migrations table. The canonical tables (products,
// order_lines, return_lines, claims, load_runs, quarantine) are the data
// contract described in docs/data-contract.md.
//
// Bulk data moves as Apache Arrow record batches: InsertArrow registers a
// record reader as a DuckDB view and inserts from it without copying, and
// QueryArrow returns query results as record batches.
package warehouse
