// Package serve is `retour serve`: one long-running process that loads files
// dropped into an inbox, runs the weekly pipeline on a schedule, mails each
// audience its pack, sends alerts once, and serves the report archive, a JSON
// API, health and Prometheus metrics over HTTP behind viewer and admin tokens.
//
// serve imports warehouse only. The pipeline stages (load, forecast, KPIs,
// reports) reach it as function values in Options, wired by cmd/retour.
package serve
