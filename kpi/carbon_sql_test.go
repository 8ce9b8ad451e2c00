package kpi

import (
	"context"
	"testing"
)

// TestComputeCapsPerKgCredit runs the SQL of Compute with a per-kg donation
// credit far above the footprint: carbon_facts never shows more avoided than
// the new footprint, and agrees with PerUnit. Rice donated in the hand data:
// 2.0 kg at 2.01 kgCO2e/kg = 4.02 kg footprint; 10 kgCO2e/kg would credit
// 20 kg, capped at 4.02 - 0.1 processing = 3.92 kg per unit.
func TestComputeCapsPerKgCredit(t *testing.T) {
	w := openHand(t)
	base, err := DefaultFactors()
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFactors("mine.csv", []byte("factor_id,item,value,unit,source,year\nper_kg.donate.food,food donated,10,kgCO2e/kg,own study,2025\n"), base)
	if err != nil {
		t.Fatal(err)
	}
	o := handOptions()
	o.Carbon.Factors = f
	if _, err := Compute(context.Background(), w, o); err != nil {
		t.Fatal(err)
	}
	var units, avoided, footprint float64
	if err := w.QueryRow(context.Background(), `SELECT SUM(units), SUM(avoided_kgco2e), SUM(new_footprint_kgco2e)
		FROM carbon_facts WHERE run_id = (SELECT max(run_id) FROM carbon_facts) AND category = 'rice' AND disposition = 'donate'`).
		Scan(&units, &avoided, &footprint); err != nil {
		t.Fatal(err)
	}
	e, err := PerUnit(Unit{Sector: "food", Category: "rice", Disposition: "donate", WeightKg: 2.0}, CarbonModel{Factors: f})
	if err != nil {
		t.Fatal(err)
	}
	if units == 0 || !near(avoided, units*e.Avoided) || !near(e.Avoided, 4.02-0.1) || avoided > footprint {
		t.Fatalf("donated rice: %g units, avoided %g (PerUnit %g each), footprint %g", units, avoided, e.Avoided, footprint)
	}
	var over int
	if err := w.QueryRow(context.Background(), `SELECT count(*) FROM carbon_facts WHERE avoided_kgco2e > new_footprint_kgco2e + 1e-9`).Scan(&over); err != nil {
		t.Fatal(err)
	}
	if over != 0 {
		t.Errorf("%d carbon facts avoid more than their footprint", over)
	}
}
