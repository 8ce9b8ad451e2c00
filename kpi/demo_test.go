package kpi

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/warehouse"
)

// TestDemoTruth computes the KPIs on generated demo data and compares what the
// generator knows (truth.json) with the KPI values, within sampling error.
func TestDemoTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and loads demo data")
	}
	ctx := context.Background()
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks = 200, 80
	truth, err := demo.Generate(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var paths []string
	for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile, demo.ClaimsFile} {
		paths = append(paths, filepath.Join(dir, f))
	}
	if _, err := etl.LoadFiles(ctx, w, paths, etl.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := Compute(ctx, w, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := warehouse.WeekLabel(res.LastWeek), demo.DefaultEndWeek; got != want {
		t.Errorf("last complete week %s, want %s", got, want)
	}

	// pooled sums a KPI's numerator and denominator over all weeks of a sector.
	pooled := func(kpi, sector string) (num, den float64) {
		if err := w.QueryRow(ctx, `SELECT sum(numerator), sum(denominator) FROM kpi_snapshots WHERE kpi_id = ? AND scope = 'sector' AND scope_value = ?`,
			kpi, sector).Scan(&num, &den); err != nil {
			t.Fatalf("pool %s %s: %v", kpi, sector, err)
		}
		return num, den
	}
	for sector, st := range truth.Sectors {
		t.Run(sector, func(t *testing.T) {
			// Processing time: the tolerance uses the spread of the raw data (a
			// lognormal with 5 % of lines put on hold has a heavy tail).
			var sd float64
			if err := w.QueryRow(ctx, `SELECT stddev(date_diff('second', received_ts, processed_ts) / 3600.0)
				FROM return_lines r JOIN products p USING (sku) WHERE p.sector = ?`, sector).Scan(&sd); err != nil {
				t.Fatal(err)
			}
			num, n := pooled("processing_time_mean", sector)
			mean := num / n
			if se := sd / math.Sqrt(n); math.Abs(mean-st.ProcessingHoursMean) > 4*se+0.01*st.ProcessingHoursMean {
				t.Errorf("processing mean %.2f h over %.0f lines, truth %.2f h (se %.2f)", mean, n, st.ProcessingHoursMean, se)
			}
			// Weekly medians of small samples lean towards the mean: use weeks with 30+ lines.
			var med float64
			var weeks int
			if err := w.QueryRow(ctx, `SELECT COALESCE(median(value), 0), count(*) FROM kpi_snapshots
				WHERE kpi_id = 'processing_time_median' AND scope = 'sector' AND scope_value = ? AND denominator >= 30`,
				sector).Scan(&med, &weeks); err != nil {
				t.Fatal(err)
			}
			if weeks >= 10 && math.Abs(med/st.ProcessingHoursMedian-1) > 0.05 {
				t.Errorf("median of %d weekly medians %.2f h, truth median %.2f h", weeks, med, st.ProcessingHoursMedian)
			}
			// Back into use: units; lines carry 1-2 units, so n lines ~ n units / 2 is conservative.
			num, n = pooled("refurbishment_rate", sector)
			p := st.BackInUseProb
			if se := math.Sqrt(p * (1 - p) / (n / 2)); math.Abs(num/n-p) > 4*se+0.005 {
				t.Errorf("back-in-use %.4f over %.0f units, truth %.4f (se %.4f)", num/n, n, p, se)
			}
			if st.RefurbSuccessProb > 0 {
				num, n = pooled("refurbishment_success_rate", sector)
				p = st.RefurbSuccessProb
				if se := math.Sqrt(p * (1 - p) / (n / 2)); math.Abs(num/n-p) > 4*se+0.005 {
					t.Errorf("refurbishment success %.4f over %.0f units, truth %.4f", num/n, n, p)
				}
			}
			checkDiscardedTruth(t, w, sector, st)
		})
	}

	checkDeliveryTruth(t, w, truth)

	// Return rates by ship-week cohort: expected returns = sum over SKUs and ship
	// weeks of units shipped x the true return probability of that week.
	start, err := time.Parse("2006-01-02", truth.StartWeek)
	if err != nil {
		t.Fatal(err)
	}
	checkCarrierDamage(t, w, truth, start)
	prob := map[string][]float64{}
	sectorOf := map[string]string{}
	for _, p := range truth.Products {
		prob[p.SKU], sectorOf[p.SKU] = p.ReturnProb, p.Sector
	}
	type key struct {
		sector string
		week   time.Time
	}
	expected := map[key]float64{}
	variance := map[key]float64{}
	rows, err := w.Query(ctx, `SELECT sku, CAST(date_trunc('week', ship_ts) AS DATE), sum(qty) FROM order_lines WHERE ship_ts IS NOT NULL GROUP BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var sku string
		var wk time.Time
		var units float64
		if err := rows.Scan(&sku, &wk, &units); err != nil {
			t.Fatal(err)
		}
		i := int(wk.Sub(start).Hours() / 24 / 7)
		if i < 0 || i >= len(prob[sku]) {
			continue
		}
		k := key{sectorOf[sku], wk}
		expected[k] += units * prob[sku][i]
		variance[k] += units * prob[sku][i] * (1 - prob[sku][i])
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, provisional := range []bool{false, true} {
		got := map[string]float64{}
		exp := map[string]float64{}
		vr := map[string]float64{}
		srows, err := w.Query(ctx, `SELECT scope_value, week_start, numerator FROM kpi_snapshots
			WHERE kpi_id = 'return_rate_cohort' AND scope = 'sector' AND provisional = ?`, provisional)
		if err != nil {
			t.Fatal(err)
		}
		for srows.Next() {
			var sector string
			var wk time.Time
			var num float64
			if err := srows.Scan(&sector, &wk, &num); err != nil {
				t.Fatal(err)
			}
			k := key{sector, wk}
			got[sector] += num
			exp[sector] += expected[k]
			vr[sector] += variance[k]
		}
		if err := srows.Close(); err != nil {
			t.Fatal(err)
		}
		for sector, e := range exp {
			// Units of a line are returned together (x2 variance); completed
			// cohorts add the lag-estimation error (x3 and 10 %).
			se := math.Sqrt(2 * vr[sector])
			tol := 4*se + 0.02*e
			if provisional {
				tol = 6*se + 0.10*e
			}
			if math.Abs(got[sector]-e) > tol {
				t.Errorf("cohort returns (provisional=%v) %s: %.0f, expected %.0f (tolerance %.0f)", provisional, sector, got[sector], e, tol)
			}
		}
		if len(exp) == 0 {
			t.Errorf("no cohort snapshots with provisional=%v", provisional)
		}
	}
}

// checkDeliveryTruth compares the operations director's KPIs, pooled over
// all weeks, with the delivery process the generator drew them from.
func checkDeliveryTruth(t *testing.T, w *warehouse.DB, truth *demo.Truth) {
	t.Helper()
	ctx := context.Background()
	d := truth.Delivery
	if d == nil {
		t.Fatal("truth has no delivery process")
	}
	total := func(kpi string) (num, den float64) {
		if err := w.QueryRow(ctx, `SELECT sum(numerator), sum(denominator) FROM kpi_snapshots WHERE kpi_id = ? AND scope = 'total'`,
			kpi).Scan(&num, &den); err != nil {
			t.Fatalf("pool %s: %v", kpi, err)
		}
		return num, den
	}
	num, n := total("on_time_delivery_rate")
	p := d.OnTimeRate
	t.Logf("on-time %.4f over %.0f lines, truth %.4f", num/n, n, p)
	// Lines are independent draws; returned lines received in their ship week
	// are delivered a little earlier than drawn (0.5 point allowed).
	if se := math.Sqrt(p * (1 - p) / n); math.Abs(num/n-p) > 4*se+0.005 {
		t.Errorf("on-time delivery %.4f over %.0f lines, truth %.4f (se %.4f)", num/n, n, p, se)
	}
	var sdShip, sdOrder float64
	if err := w.QueryRow(ctx, `SELECT stddev(date_diff('second', ship_ts, delivered_ts) / 86400.0),
		stddev(date_diff('second', order_ts, delivered_ts) / 86400.0) FROM order_lines`).Scan(&sdShip, &sdOrder); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kpi      string
		want, sd float64
	}{
		{"delivery_days_ship", d.ShipToDeliveryDays, sdShip},
		{"delivery_days_order", d.OrderToDeliveryDays, sdOrder},
	} {
		num, n := total(c.kpi)
		t.Logf("%s %.4f d, truth %.4f d", c.kpi, num/n, c.want)
		if se := c.sd / math.Sqrt(n); math.Abs(num/n-c.want) > 4*se+0.01*c.want {
			t.Errorf("%s %.3f d over %.0f lines, truth %.3f d (se %.4f)", c.kpi, num/n, n, c.want, se)
		}
	}
	num, n = total("logistics_cost_per_unit")
	t.Logf("logistics cost per unit %.4f EUR, truth %.4f EUR", num/n, d.LogisticsCostPerUnit)
	if got := num / n; math.Abs(got/d.LogisticsCostPerUnit-1) > 0.02 {
		t.Errorf("logistics cost per unit %.3f EUR, truth %.3f EUR", got, d.LogisticsCostPerUnit)
	}
	// Service rate: every demo line is shipped complete, so it is the on-time
	// share by order week (lines still pending in the last weeks aside).
	num, n = total("service_rate")
	t.Logf("service rate %.4f, truth %.4f", num/n, p)
	if se := math.Sqrt(p * (1 - p) / n); math.Abs(num/n-p) > 4*se+0.01 {
		t.Errorf("service rate %.4f over %.0f lines, truth %.4f", num/n, n, p)
	}
	// The stock awaiting processing at the end of data, valued at unit cost, is exact.
	var v float64
	if err := w.QueryRow(ctx, `SELECT value FROM kpi_snapshots WHERE kpi_id = 'backlog_value' AND scope = 'total'
		ORDER BY week_start DESC LIMIT 1`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if math.Abs(v-truth.BacklogValue) > 0.01 || v == 0 {
		t.Errorf("stock awaiting processing %.2f EUR at the end, truth %.2f EUR (want > 0)", v, truth.BacklogValue)
	}
}

// checkCarrierDamage: the carrier of the demo's damage wave shows a higher
// damaged-in-transit rate in the weeks its wave's returns arrive (ship weeks
// of the event, received up to 4 weeks later) than in its other weeks, and
// the stock awaiting processing cut by stage adds up to the truth's value.
func checkCarrierDamage(t *testing.T, w *warehouse.DB, truth *demo.Truth, start time.Time) {
	t.Helper()
	ctx := context.Background()
	for _, ev := range truth.Events {
		if ev.Kind != "carrier_damage" {
			continue
		}
		from := start.AddDate(0, 0, 7*ev.StartWeek)
		to := start.AddDate(0, 0, 7*(ev.EndWeek+4))
		var inNum, inDen, outNum, outDen float64
		if err := w.QueryRow(ctx, `SELECT
			sum(numerator) FILTER (WHERE week_start >= ? AND week_start < ?), sum(denominator) FILTER (WHERE week_start >= ? AND week_start < ?),
			sum(numerator) FILTER (WHERE week_start < ? OR week_start >= ?), sum(denominator) FILTER (WHERE week_start < ? OR week_start >= ?)
			FROM kpi_snapshots WHERE kpi_id = 'damaged_in_transit_rate' AND scope = 'carrier' AND scope_value = ?`,
			from, to, from, to, from, to, from, to, ev.Carrier).Scan(&inNum, &inDen, &outNum, &outDen); err != nil {
			t.Fatal(err)
		}
		in, out := inNum/inDen, outNum/outDen
		t.Logf("carrier %s damaged in transit %.3f during its wave (%s..%s), %.3f otherwise", ev.Carrier, in, from.Format("2006-01-02"), to.Format("2006-01-02"), out)
		if !(in > 1.5*out) || inDen == 0 {
			t.Errorf("carrier %s damaged-in-transit share %.3f during its wave, %.3f otherwise: the wave does not show", ev.Carrier, in, out)
		}
	}
	var v float64
	if err := w.QueryRow(ctx, `SELECT sum(value) FROM kpi_snapshots WHERE kpi_id = 'backlog_value' AND scope = 'disposition'
		AND week_start = (SELECT max(week_start) FROM kpi_snapshots WHERE kpi_id = 'backlog_value')`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if math.Abs(v-truth.BacklogValue) > 0.01 {
		t.Errorf("stock awaiting processing by stage adds up to %.2f EUR, truth %.2f EUR", v, truth.BacklogValue)
	}
}
