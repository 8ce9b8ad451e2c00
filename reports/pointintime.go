package reports

import (
	"context"

	"github.com/retour-analytics/retour/warehouse"
)

// The pack for week W shows what was known at the end of W: KPI values and
// history up to W only, and the forecast of the run whose last week of
// history (origin) is W, the newest such good run. A run from another origin
// is never shown in W's pack, so a later run cannot rewrite an old pack.

// forecastRunAt returns the latest good forecast run whose origin is wk, or 0
// when none was made then (warehouse.LatestGoodForecastAt).
func forecastRunAt(ctx context.Context, w *warehouse.DB, wk Week) (int64, error) {
	return w.LatestGoodForecastAt(ctx, wk)
}

// packRuns returns the runs a pack for wk reads: the latest good KPI run
// (carbon facts are its own), even one that stored nothing because every
// KPI lacks a field (the pack then says what is missing, not "no KPI run"),
// and the forecast run whose origin is wk (Forecast 0 when none).
func packRuns(ctx context.Context, w *warehouse.DB, wk Week) (Runs, error) {
	runs, err := loadRuns(ctx, w)
	if err != nil {
		return runs, err
	}
	if runs.Forecast, err = forecastRunAt(ctx, w, wk); err != nil {
		return runs, err
	}
	runs.ForecastOrigin = ""
	if runs.Forecast > 0 {
		runs.ForecastOrigin = wk.String()
	}
	return runs, nil
}

// forecastMissing says why W's pack has no forecast: none ever made, or none
// made with W as its last week of history.
func forecastMissing(ctx context.Context, w *warehouse.DB, wk Week, l Lang) (*Missing, error) {
	last, err := w.LatestGoodRun(ctx, warehouse.RunForecast)
	if err != nil {
		return nil, err
	}
	if last == 0 {
		return noForecast(l), nil
	}
	return &Missing{Message: l.Tf("needs.forecast", wk.String())}, nil
}

// coverage reads the warehouse's data coverage for a pack, or returns the
// one Render read for all its packs.
func coverage(ctx context.Context, w *warehouse.DB, o Options) (*warehouse.Coverage, error) {
	if o.cov != nil {
		return o.cov, nil
	}
	return warehouse.ReadCoverage(ctx, w, o.MinCoverage)
}

// packStart is what every pack loader begins with: the runs the pack for a
// week reads, its meta line and the messages of the sections its data does
// not support.
type packStart struct {
	runs  Runs
	meta  Meta
	needs map[string]*Missing
}

// startPack reads the runs and the data coverage of pack's week wk; o has
// its defaults filled in.
func startPack(ctx context.Context, w *warehouse.DB, wk Week, o Options, pack string) (*packStart, error) {
	runs, err := packRuns(ctx, w, wk)
	if err != nil {
		return nil, err
	}
	cov, err := coverage(ctx, w, o)
	if err != nil {
		return nil, err
	}
	return &packStart{runs: runs, meta: newMeta(pack, wk, o.Lang, runs), needs: packNeeds(o.Lang, cov, pack)}, nil
}
