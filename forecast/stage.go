package forecast

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// StageResult sums up one forecast stage run (RunStage).
type StageResult struct {
	RunID int64
	// Origin is the last week of history used; the forecast starts the week after.
	Origin  warehouse.Week
	Horizon int
	// SKUs is the number of SKU series forecast.
	SKUs int
	// WAPE and SeasonalNaiveWAPE are the backtest SKU-week WAPE of the engine
	// and of the seasonal naive benchmark (fractions); Coverage80 is the share
	// of backtest actuals inside the engine's 80 % interval.
	WAPE, SeasonalNaiveWAPE, Coverage80 float64
	// Alerts is the number of reason alerts raised.
	Alerts int
	// OpenUnits is the units shipped and still inside their return window at the origin.
	OpenUnits float64
	// Links says how the returns were tied to their order lines, which the
	// order-linked model needs (links given in the files or inferred at load).
	Links LinkShare
	// OrderLinkedSKUs is the number of SKUs whose forecast gives the
	// order-linked model some weight; 0 when it did not run.
	OrderLinkedSKUs int
	Wall            time.Duration
	// Result is the engine's full result, for callers that print a level.
	Result *Result `json:"-"`
}

// LinkShare is the returned units of the warehouse by how their order line
// is known.
type LinkShare struct {
	Units, Given, Inferred float64
}

// Linked is the share of returned units tied to an order line (0..1).
func (l LinkShare) Linked() float64 {
	if l.Units <= 0 {
		return 0
	}
	return (l.Given + l.Inferred) / l.Units
}

// String is the one-line summary the CLI prints.
func (s *StageResult) String() string {
	return fmt.Sprintf("forecast run %d: %d SKUs, %d weeks ahead from %s; backtest SKU-week WAPE %.1f %% (seasonal naive %.1f %%), 80 %% interval coverage %.0f %%, %d reason alerts, %.0f units open in their return window; %s",
		s.RunID, s.SKUs, s.Horizon, s.Origin.Add(1), 100*s.WAPE, 100*s.SeasonalNaiveWAPE, 100*s.Coverage80, s.Alerts, s.OpenUnits, s.linkText())
}

// linkText says which share of returns was linked and whether the
// order-linked model ran.
func (s *StageResult) linkText() string {
	l := s.Links
	if l.Units <= 0 || l.Given+l.Inferred <= 0 {
		return "returns not linked to order lines, so the order-linked model did not run (map order_id and line_id, or customer_id for inferred links)"
	}
	ran := fmt.Sprintf("the order-linked model weighs in for %d SKUs", s.OrderLinkedSKUs)
	if s.OrderLinkedSKUs == 0 {
		ran = "the order-linked model was not selected for any SKU"
	}
	return fmt.Sprintf("%.0f %% of returned units linked to their order line (%.0f %% given, %.0f %% inferred at load); %s",
		100*l.Linked(), 100*l.Given/l.Units, 100*l.Inferred/l.Units, ran)
}

// readLinks measures the link share of the returns the forecast reads.
func readLinks(ctx context.Context, w *warehouse.DB) (LinkShare, error) {
	var l LinkShare
	err := w.QueryRow(ctx, `SELECT COALESCE(sum(qty), 0),
		COALESCE(sum(qty) FILTER (WHERE line_id IS NOT NULL AND order_id IS NOT NULL AND COALESCE(link_method, 'given') <> 'inferred'), 0),
		COALESCE(sum(qty) FILTER (WHERE line_id IS NOT NULL AND order_id IS NOT NULL AND link_method = 'inferred'), 0)
		FROM v_return_lines`).Scan(&l.Units, &l.Given, &l.Inferred)
	if err != nil {
		return l, fmt.Errorf("read return links: %w", err)
	}
	return l, nil
}

// RunStage is the forecast stage in one call: it validates opts, reads the
// weekly series from the warehouse, records a forecast run (running), runs
// the engine, and writes the outputs and marks the run ok in one transaction;
// when the engine or the write fails the run is marked failed. Nothing is
// recorded when opts are invalid or there is nothing to forecast.
func RunStage(ctx context.Context, w *warehouse.DB, opts Options) (*StageResult, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	ds, err := Load(ctx, w, LoadOptions{MaxLag: opts.MaxLag})
	if err != nil {
		return nil, err
	}
	pj, err := json.Marshal(opts)
	if err != nil {
		return nil, fmt.Errorf("encode forecast options: %w", err)
	}
	runID, err := warehouse.StartRun(ctx, w.SQL(), warehouse.RunForecast, map[string]any{
		"origin_week": ds.PeriodStart(ds.Weeks - 1), "horizon": opts.Horizon, "origins": opts.Origins, "params": string(pj)})
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*StageResult, error) {
		return nil, errors.Join(err, warehouse.FinishRun(context.WithoutCancel(ctx), w.SQL(), warehouse.RunForecast, runID, err, nil))
	}
	res, err := Run(ctx, ds, 0, opts)
	if err != nil {
		return fail(err)
	}
	if err := saveOutputs(ctx, w, runID, ds, res, time.Since(t0)); err != nil {
		return fail(err)
	}
	s := summariseStage(ds, res)
	s.RunID, s.Wall = runID, time.Since(t0)
	if s.Links, err = readLinks(ctx, w); err != nil {
		return nil, err
	}
	return s, nil
}

// summariseStage computes the figures of the summary line from a result.
func summariseStage(ds *Dataset, res *Result) *StageResult {
	s := &StageResult{Origin: warehouse.WeekOf(ds.PeriodStart(res.Origin - 1)), Horizon: res.Horizon,
		SKUs: len(res.Series), Alerts: len(res.Alerts), Result: res}
	for _, r := range res.Series {
		if r.Weights[ModelOrderLinked] > 0 {
			s.OrderLinkedSKUs++
		}
	}
	for _, l := range res.Levels {
		if l.Level != LevelSKU {
			continue
		}
		for _, a := range l.Accuracy {
			if a.Key != "*" || a.Horizons != "all" {
				continue
			}
			switch a.Model {
			case "engine":
				s.WAPE, s.Coverage80 = a.Score.WAPE(), a.Score.Coverage80()
			case ModelSNaive:
				s.SeasonalNaiveWAPE = a.Score.WAPE()
			}
		}
	}
	for _, e := range res.Exposure {
		if n := len(e.Open); n > 0 && e.First+n == res.Origin {
			s.OpenUnits += e.Open[n-1]
		}
	}
	return s
}
