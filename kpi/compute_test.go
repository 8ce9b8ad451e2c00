package kpi

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/warehouse"
)

//go:embed testdata/hand.sql
var handSQL string

// handOptions makes the cohort completion visible on three weeks of data: a
// 1-week window, the all-sector lag distribution, completion from 10 %.
func handOptions() Options {
	o := DefaultOptions()
	o.ReturnWindowWeeks = 1
	o.MinLagSample = 1000
	o.MinCompletion = 0.1
	return o
}

func openHand(t *testing.T) *warehouse.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := w.Exec(ctx, handSQL); err != nil {
		t.Fatalf("load hand dataset: %v", err)
	}
	return w
}

type snap struct {
	value, num, den sql.NullFloat64
	prov            bool
	status          sql.NullString
	gap             sql.NullFloat64
	completion      sql.NullFloat64
}

func getSnap(t *testing.T, w *warehouse.DB, kpi, week, scope, value string) (snap, bool) {
	t.Helper()
	var s snap
	err := w.QueryRow(context.Background(), `SELECT value, numerator, denominator, provisional, benchmark_status, benchmark_gap, completion
		FROM kpi_snapshots WHERE kpi_id = ? AND iso_week = ? AND scope = ? AND scope_value = ?`, kpi, week, scope, value).
		Scan(&s.value, &s.num, &s.den, &s.prov, &s.status, &s.gap, &s.completion)
	if err == sql.ErrNoRows {
		return s, false
	}
	if err != nil {
		t.Fatalf("read %s %s %s=%s: %v", kpi, week, scope, value, err)
	}
	return s, true
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// TestComputeHand checks every KPI on the hand-made dataset (testdata/hand.sql)
// against values worked out by hand. Weeks: W10 = 2026-03-02..08, W11 =
// 03-09..15, W12 = 03-16..22 (the last complete week: the last shipment is on
// Sunday 03-22). Shipped: W10 O1 10 J1 + O3 5 R1 = 15; W11 O2 5 P1 + O4 10 J1 +
// O5 5 P1 = 20; W12 O6 20 J1 + O7 5 R1 = 25.
func TestComputeHand(t *testing.T) {
	w := openHand(t)
	res, err := Compute(context.Background(), w, handOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got := res.LastWeek.Format("2006-01-02"); got != "2026-03-16" {
		t.Fatalf("last complete week = %s, want 2026-03-16", got)
	}
	type want struct {
		kpi, week, scope, value string
		v                       float64
		prov                    bool
	}
	cases := []want{
		// return week: W11 received R1 2 + R2 1 + R3 1 + R6 2 = 6 of 20 shipped
		{"return_rate", "2026-W11", "total", "", 30, false},
		{"return_rate", "2026-W11", "sector", "fashion", 30, false}, // R1 2 + R2 1 = 3 of O4 10
		{"return_rate", "2026-W12", "total", "", 12, false},         // R4 1 + R5 1 + R7 1 = 3 of 25
		{"return_rate", "2026-W10", "total", "", 0, false},          // nothing received in W10
		{"return_rate", "2026-W11", "channel", "app", 10, false},    // R3 1 (O2, app) of O2 5 + O5 5
		// non-conformity: W11 R2 defective 1 + R3 defective 1 = 2 / 20; W12 R4 wrong_item 1 / 25
		{"nonconformity_rate", "2026-W11", "total", "", 10, false},
		{"nonconformity_rate", "2026-W12", "total", "", 4, false},
		// cohorts: lags from mature cohorts W10-W11 (window 1): lag 0 = R3 1 unit, lag 1 =
		// R1 2 + R2 1 + R6 2 + R4 1 + R5 1 = 7 -> F(0) = 1/8, F(1) = 1.
		{"return_rate_cohort", "2026-W10", "total", "", 5.0 / 15 * 100, false}, // R1 2 + R2 1 + R6 2 = 5 of 15
		{"return_rate_cohort", "2026-W11", "total", "", 15, false},             // R3 + R4 + R5 = 3 of 20
		{"return_rate_cohort", "2026-W12", "total", "", 32, true},              // R7 1 / (1/8) = 8 of 25
		{"return_rate_cohort", "2026-W12", "sector", "fashion", 40, true},      // 8 of O6 20
		// received: W11 units 6; km (2*200 + 1*100 + 1*50 + 2*30) / 6 = 610/6; W12 (50 + 150 + 100) / 3
		{"returned_units", "2026-W11", "total", "", 6, false},
		{"returned_units", "2026-W10", "total", "", 0, false},
		{"km_per_unit", "2026-W11", "total", "", 610.0 / 6, false},
		{"km_per_unit", "2026-W12", "total", "", 100, false},
		{"km_per_unit", "2026-W11", "site", "S2", 50, false},
		// lead time, request to receipt, per line: W11 R1 3 d, R2 3 d 22 h, R3 4 d 2 h, R6 2 d 22 h
		{"return_lead_time_days", "2026-W11", "total", "", (3 + (3 + 22.0/24) + (4 + 2.0/24) + (2 + 22.0/24)) / 4, false},
		{"return_lead_time_days", "2026-W11", "carrier", "C1", (3 + (4 + 2.0/24)) / 2, false},             // R1, R3
		{"return_lead_time_days", "2026-W12", "total", "", ((3 + 23.0/24) + (3 + 2.0/24) + 1) / 3, false}, // R4, R5, R7
		// damaged in transit: W11 R6 2 units of 6 received; C2 received R2 1 + R6 2
		{"damaged_in_transit_rate", "2026-W11", "total", "", 100.0 / 3, false},
		{"damaged_in_transit_rate", "2026-W11", "carrier", "C2", 200.0 / 3, false},
		{"damaged_in_transit_rate", "2026-W12", "total", "", 0, false},
		// claims per 1,000 received units: W11 CL2 (C1) + CL3 (C2) / 6; C1 CL2 / (R1 2 + R3 1);
		// W12 CL4 (C1) / (R4 + R5 + R7, all C1); C2 received nothing in W12, so no value
		{"claims_per_1000_units", "2026-W11", "total", "", 2000.0 / 6, false},
		{"claims_per_1000_units", "2026-W11", "carrier", "C1", 1000.0 / 3, false},
		{"claims_per_1000_units", "2026-W12", "carrier", "C1", 1000.0 / 3, false},
		// stock awaiting processing by stage: W11 R3 inspected 03-13 (1 unit, 300 EUR), R6 not inspected (2);
		// W12 R5 and R7 not inspected
		{"backlog_units", "2026-W11", "disposition", "awaiting_disposition", 1, false},
		{"backlog_value", "2026-W11", "disposition", "awaiting_disposition", 300, false},
		{"backlog_units", "2026-W11", "disposition", "awaiting_inspection", 2, false},
		{"backlog_1_3d", "2026-W11", "disposition", "awaiting_inspection", 2, false},
		{"backlog_units", "2026-W12", "disposition", "awaiting_inspection", 2, false},
		// processed W11: R1 48 h (qty 2), R2 96 h (qty 1)
		{"processing_time_mean", "2026-W11", "total", "", 72, false},      // (48 + 96) / 2 lines
		{"processing_time_median", "2026-W11", "total", "", 72, false},    // midpoint of 48, 96
		{"processing_time_p90", "2026-W11", "total", "", 91.2, false},     // 48 + 0.9 * 48
		{"processing_over_sla", "2026-W11", "total", "", 50, false},       // R2 96 h > fashion SLA 72 h
		{"stage_inspection_mean", "2026-W11", "total", "", 24, false},     // R1 03-09 10:00 -> 03-10 10:00
		{"stage_disposition_mean", "2026-W11", "total", "", 24, false},    // R1 03-10 10:00 -> 03-11 10:00
		{"refurbishment_rate", "2026-W11", "total", "", 200.0 / 3, false}, // restock 2 of 3 units
		{"destruction_rate", "2026-W11", "total", "", 100.0 / 3, false},   // destroy 1 of 3
		{"cost_per_unit", "2026-W11", "total", "", 5, false},              // (3+5 + 2+5) / 3 units
		{"value_recovery_rate", "2026-W11", "total", "", 80.0 / 150 * 100, false},
		{"csat_mean", "2026-W11", "total", "", 3.5, false}, // (5 + 2) / 2
		{"csat_share_4_5", "2026-W11", "total", "", 50, false},
		// processed W12: R3 120 h (high-tech, SLA 96), R4 24 h (high-tech), R6 192 h (food, SLA 48)
		{"processing_time_mean", "2026-W12", "total", "", 112, false}, // 336 / 3
		{"processing_time_median", "2026-W12", "total", "", 120, false},
		{"processing_time_p90", "2026-W12", "total", "", 177.6, false},     // 120 + 0.8 * 72
		{"processing_over_sla", "2026-W12", "total", "", 200.0 / 3, false}, // R3 and R6 over
		{"stage_disposition_median", "2026-W12", "total", "", 96, false},   // R3 03-13 12:00 -> 03-17 12:00
		{"refurbishment_rate", "2026-W12", "total", "", 75, false},         // R3 1 + R6 donate 2 of 4
		{"refurbishment_success_rate", "2026-W12", "total", "", 50, false}, // R3 success, R4 failed
		{"destruction_rate", "2026-W12", "total", "", 0, false},
		{"cost_per_unit", "2026-W12", "total", "", 18.75, false},                    // (30 + 40 + 5) / 4
		{"value_recovery_rate", "2026-W12", "total", "", 400.0 / 1010 * 100, false}, // 400 / (500+500+10)
		{"csat_mean", "2026-W12", "total", "", 3.5, false},                          // (4 + 3) / 2
		{"cost_per_unit", "2026-W12", "carrier", "C1", 35, false},                   // (30 + 40) / 2
		// backlog at Sunday 24:00: W11 R3 (84 h, 3-7 d) + R6 2 units (64 h, 1-3 d); W12 R5 60 h + R7 86 h
		{"backlog_units", "2026-W10", "total", "", 0, false},
		{"backlog_units", "2026-W11", "total", "", 3, false},
		{"backlog_1_3d", "2026-W11", "total", "", 2, false},
		{"backlog_3_7d", "2026-W11", "total", "", 1, false},
		{"backlog_lt24h", "2026-W11", "total", "", 0, false},
		{"backlog_1_3d", "2026-W12", "total", "", 1, false},
		{"backlog_3_7d", "2026-W12", "total", "", 1, false},
		{"backlog_units", "2026-W12", "site", "S1", 2, false},
		// carbon W11: R1 jeans restock x2: transport 0.353 + 0.65/1000*200*0.095 = 0.36535 each;
		// avoided 23.2 - 0.1 = 23.1 each. R2 jeans destroy: transport 0.353 + 0.65/1000*100*0.095
		// = 0.359175; landfill 0.65 * 0.497 = 0.32305. Processing 0.1 per unit.
		{"co2_transport_per_unit", "2026-W11", "total", "", (2*0.36535 + 0.359175) / 3, false},
		{"co2_inventory", "2026-W11", "total", "", 2*0.36535 + 0.359175 + 0.3 + 0.32305, false},
		{"co2_avoided", "2026-W11", "total", "", 46.2, false},
		{"co2_net", "2026-W11", "total", "", 46.2 - (2*0.36535 + 0.359175), false},
		{"co2_avoided_share", "2026-W11", "total", "", 46.2 / (3 * 23.2) * 100, false},
		// W12 smartphone refurbished: 85.1 * 0.87 - 0.1 = 73.937; rice donated x2: 0.5 * 2.01 * 2.0 - 0.1 = 1.91 each
		{"co2_avoided", "2026-W12", "total", "", 73.937 + 2*1.91, false},
		{"co2_footprint_coverage", "2026-W12", "total", "", 100, false},
		// claims: opened W10 CL1; W11 CL2, CL3; W12 CL4. CL2 and CL4 repeat SKU J1.
		{"claims_opened", "2026-W11", "total", "", 2, false},
		{"claims_opened", "2026-W11", "type", "transport", 1, false},
		{"claims_amount", "2026-W11", "total", "", 130, false},
		{"claims_repeat_sku_share", "2026-W11", "total", "", 50, false},
		{"claims_repeat_sku_share", "2026-W12", "total", "", 100, false},
		{"claims_closed", "2026-W11", "total", "", 0, false},
		{"claims_closed", "2026-W12", "total", "", 2, false},               // CL2, CL4
		{"claims_days_to_close_median", "2026-W12", "total", "", 4, false}, // median of 6 d and 2 d
		{"claims_resolution_share", "2026-W12", "resolution", "replacement", 50, false},
		{"claims_resolution_share", "2026-W10", "resolution", "refund", 100, false},
		// deliveries: W10 O1 (order 3.0 d, ship 2.0 d, FR target 4 d: on time), O3 (4.0 d, 1.0 d, IT 6 d: on time);
		// W11 O2 (3.5 d, 2.5 d, promised 03-11 12:00: late), O4 (4.0 d, 3.0 d, ZZ -> "*" 7 d: on time),
		// O5 (4.5 d, 2.5 d, promised 03-12 09:00: late); nothing delivered in W12.
		{"delivery_days_order", "2026-W10", "total", "", 3.5, false},
		{"delivery_days_order", "2026-W11", "total", "", 4, false},
		{"delivery_days_ship", "2026-W10", "total", "", 1.5, false},
		{"delivery_days_ship", "2026-W11", "total", "", 8.0 / 3, false},
		{"on_time_delivery_rate", "2026-W10", "total", "", 100, false},
		{"on_time_delivery_rate", "2026-W11", "total", "", 100.0 / 3, false},
		{"on_time_delivery_rate", "2026-W11", "sector", "fashion", 100, false},
		{"on_time_delivery_rate", "2026-W11", "sector", "high_tech", 0, false},
		// service by order week: W10 O1, O3 served, O2 (ordered 03-08) late; W11 O4 served, O5 late;
		// W12 O6 not delivered by its promise 03-20, O7 not delivered, promise 03-25 09:00 after the data: pending.
		{"service_rate", "2026-W10", "total", "", 200.0 / 3, false},
		{"service_rate", "2026-W11", "total", "", 50, false},
		{"service_rate", "2026-W12", "total", "", 0, true},
		// shipping cost by ship week: W10 (12 + 20) / (10 + 5); W11 (10 + 7.5) / (5 + 5), O4 has no cost;
		// W12 (30 + 5) / (20 + 5)
		{"logistics_cost_per_unit", "2026-W10", "total", "", 32.0 / 15, false},
		{"logistics_cost_per_unit", "2026-W11", "total", "", 1.75, false},
		{"logistics_cost_per_unit", "2026-W12", "total", "", 1.4, false},
		{"logistics_cost_per_unit", "2026-W11", "channel", "app", 1.75, false},
		// backlog value: W11 R3 P1 1 x 300 + R6 rice 2 x no cost; W12 R5 + R7 J1 2 x 20
		{"backlog_value", "2026-W11", "total", "", 300, false},
		{"backlog_value", "2026-W12", "total", "", 40, false},
		{"backlog_value", "2026-W10", "total", "", 0, false},
	}
	for _, c := range cases {
		t.Run(c.kpi+"/"+c.week+"/"+c.scope+"="+c.value, func(t *testing.T) {
			s, ok := getSnap(t, w, c.kpi, c.week, c.scope, c.value)
			if !ok {
				t.Fatalf("no snapshot")
			}
			if !s.value.Valid || !near(s.value.Float64, c.v) {
				t.Errorf("value = %v, want %g", s.value, c.v)
			}
			if s.prov != c.prov {
				t.Errorf("provisional = %v, want %v", s.prov, c.prov)
			}
		})
	}
	// A week without received units has no claims rate; a carrier
	// without units that week neither.
	for _, c := range [][3]string{{"2026-W10", "total", ""}, {"2026-W12", "carrier", "C2"}} {
		if s, ok := getSnap(t, w, "claims_per_1000_units", c[0], c[1], c[2]); ok {
			t.Errorf("claims_per_1000_units %v = %v, want no value", c, s.value)
		}
	}
	// The W12 cohort estimate had 1/8 of its returns observed.
	if s, _ := getSnap(t, w, "return_rate_cohort", "2026-W12", "total", ""); !near(s.completion.Float64, 0.125) {
		t.Errorf("W12 cohort completion = %v, want 0.125", s.completion)
	}
	// The total processed in W12 has no band: bands are per sector.
	if s, _ := getSnap(t, w, "processing_time_mean", "2026-W12", "total", ""); s.status.Valid {
		t.Errorf("total scope classed %v without a band", s.status)
	}
}

// TestBenchmarkClassHand checks the classes against the seed bands, by hand.
func TestBenchmarkClassHand(t *testing.T) {
	w := openHand(t)
	if _, err := Compute(context.Background(), w, handOptions()); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		kpi, week, scope, value, status string
		gap                             float64
	}{
		{"processing_time_mean", "2026-W11", "sector", "fashion", "within", 0},         // 72 h in 48-72
		{"processing_time_mean", "2026-W12", "sector", "food", "worse", 144},           // 192 h vs 24-48
		{"processing_time_mean", "2026-W12", "sector", "high_tech", "within", 0},       // (120 + 24) / 2 = 72 in 72-96
		{"refurbishment_rate", "2026-W11", "sector", "fashion", "worse", 200.0/3 - 75}, // 66.7 % vs 75-85
		{"refurbishment_rate", "2026-W11", "category", "jeans", "worse", 200.0/3 - 75}, // category -> fashion band
		{"refurbishment_rate", "2026-W12", "sector", "food", "better", 60},             // 100 % vs 30-40
		{"refurbishment_rate", "2026-W12", "sector", "high_tech", "worse", -10},        // 50 % vs 60-70
	}
	for _, c := range cases {
		t.Run(c.kpi+"/"+c.week+"/"+c.value, func(t *testing.T) {
			s, ok := getSnap(t, w, c.kpi, c.week, c.scope, c.value)
			if !ok {
				t.Fatal("no snapshot")
			}
			if s.status.String != c.status || !near(s.gap.Float64, c.gap) {
				t.Errorf("class = %v gap %v, want %s %g", s.status, s.gap, c.status, c.gap)
			}
			// The Go rule agrees with the SQL one.
			k, _ := Lookup(c.kpi)
			var lo, hi float64
			if err := w.QueryRow(context.Background(), `SELECT benchmark_low, benchmark_high FROM kpi_snapshots WHERE kpi_id=? AND iso_week=? AND scope=? AND scope_value=?`,
				c.kpi, c.week, c.scope, c.value).Scan(&lo, &hi); err != nil {
				t.Fatal(err)
			}
			if st, gap := Classify(s.value.Float64, lo, hi, k.Direction); st != c.status || !near(gap, c.gap) {
				t.Errorf("Classify = %s %g, want %s %g", st, gap, c.status, c.gap)
			}
		})
	}
}

// TestCarbonFactsHand checks carbon_facts for W11 and that inventory and avoided stay apart.
func TestCarbonFactsHand(t *testing.T) {
	w := openHand(t)
	if _, err := Compute(context.Background(), w, handOptions()); err != nil {
		t.Fatal(err)
	}
	var units, destroyed int64
	var mass, eol, avoided float64
	var route string
	err := w.QueryRow(context.Background(), `SELECT units, destroyed_units, mass_kg, end_of_life_kgco2e, avoided_kgco2e, esrs_route
		FROM carbon_facts WHERE iso_week = '2026-W11' AND disposition = 'destroy'`).Scan(&units, &destroyed, &mass, &eol, &avoided, &route)
	if err != nil {
		t.Fatal(err)
	}
	// R2: 1 jeans destroyed, 0.65 kg landfilled at 0.497 kg/kg, nothing avoided.
	if units != 1 || destroyed != 1 || !near(mass, 0.65) || !near(eol, 0.65*0.497) || avoided != 0 || route != RouteLandfilled {
		t.Errorf("destroyed jeans fact = %d %d %g %g %g %s", units, destroyed, mass, eol, avoided, route)
	}
	// No column or KPI adds avoided to inventory emissions.
	rows, err := w.Query(context.Background(), `SELECT column_name FROM information_schema.columns WHERE table_name = 'carbon_facts'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var col string
		if err := rows.Scan(&col); err != nil {
			t.Fatal(err)
		}
		if col == "total_kgco2e" || col == "net_kgco2e" {
			t.Errorf("carbon_facts has a combined column %s", col)
		}
	}
	for _, k := range Registry() {
		if k.Family == famProcessed && k.ID != "co2_net" && containsAll(k.Numerator, "co2_avoided", "co2_end_of_life") {
			t.Errorf("KPI %s mixes avoided and inventory emissions", k.ID)
		}
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func TestComputeEmpty(t *testing.T) {
	w, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := Compute(context.Background(), w, DefaultOptions()); !errors.Is(err, ErrNoData) {
		t.Fatalf("err = %v, want ErrNoData", err)
	}
}

// TestComputeTwice checks that a second run replaces the first run's rows.
func TestComputeTwice(t *testing.T) {
	w := openHand(t)
	ctx := context.Background()
	r1, err := Compute(ctx, w, handOptions())
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Compute(ctx, w, handOptions())
	if err != nil {
		t.Fatal(err)
	}
	if r2.RunID <= r1.RunID || r2.Snapshots != r1.Snapshots {
		t.Fatalf("runs %d then %d, snapshots %d then %d", r1.RunID, r2.RunID, r1.Snapshots, r2.Snapshots)
	}
	var n int64
	if err := w.QueryRow(ctx, `SELECT count(*) FROM kpi_snapshots WHERE run_id <> ?`, r2.RunID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows of older runs left (err %v)", n, err)
	}
	var status string
	if err := w.QueryRow(ctx, `SELECT status FROM kpi_runs WHERE run_id = ?`, r2.RunID).Scan(&status); err != nil || status != "ok" {
		t.Fatalf("run status %q (err %v)", status, err)
	}
}

// TestDeliveryTargetsHand: the per-country targets judge lines without a
// promised date. W10 has O1 (FR, 3.0 d) and O3 (IT, 4.0 d), both without one.
func TestDeliveryTargetsHand(t *testing.T) {
	for _, tc := range []struct {
		name    string
		targets map[string]float64
		want    float64 // on-time rate, W10
		err     bool
	}{
		{"defaults", nil, 100, false},                                  // FR 4 d, IT 6 d
		{"FR 2.5 d", map[string]float64{"FR": 2.5, "*": 7}, 50, false}, // O1 late; IT falls to * 7 d
		{"every country 3 d", map[string]float64{"*": 3}, 50, false},   // O1 3.0 d on time, O3 4.0 d late
		{"zero target", map[string]float64{"FR": 0}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := openHand(t)
			o := handOptions()
			o.DeliveryTargetDays = tc.targets
			_, err := Compute(context.Background(), w, o)
			if tc.err {
				if !errors.Is(err, ErrOptions) {
					t.Fatalf("err = %v, want ErrOptions", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s, ok := getSnap(t, w, "on_time_delivery_rate", "2026-W10", "total", "")
			if !ok || !near(s.value.Float64, tc.want) {
				t.Errorf("on-time W10 = %v, want %g", s.value, tc.want)
			}
		})
	}
}
