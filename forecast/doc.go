// Package forecast predicts weekly return volumes and return reasons per SKU,
// with intervals, an honest rolling-origin backtest, reason-share alerts and a
// workload (staffing) forecast.
//
// The models (naive, seasonal naive, moving average, Croston-SBA, TSB, simple
// and damped exponential smoothing, additive Holt-Winters, a distributed-lag
// regression and the order-linked model) are pure Go over float64 series and
// never touch SQL. The engine (Run) backtests every model on several origins,
// selects a model (or combination) per series, reconciles SKU forecasts
// bottom-up to category, sector, site and total, and attaches negative-binomial
// intervals calibrated in the backtest. store.go reads the weekly series from
// the warehouse views and writes the 010_forecast tables; generic.go does the
// same for any long-format id,date,value CSV file.
package forecast
