package reports

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCapacity(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]float64
		err  string
	}{
		{"LILLE=12,LYON=8.5", map[string]float64{"LILLE": 12, "LYON": 8.5}, ""},
		{" LILLE = 3 , ", map[string]float64{"LILLE": 3}, ""},
		{"LILLE", nil, `"LILLE"`},
		{"LILLE=twelve", nil, `"twelve"`},
		{"LILLE=-1", nil, `"LILLE"`},
		{"=4", nil, `"=4"`},
	}
	for _, tc := range tests {
		got, err := ParseCapacity(tc.in)
		if tc.err != "" {
			if !errors.Is(err, ErrBadCapacity) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseCapacity(%q) = %v, want ErrBadCapacity naming %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Fatalf("ParseCapacity(%q) = %v, %v", tc.in, got, err)
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("ParseCapacity(%q)[%s] = %v, want %v", tc.in, k, got[k], v)
			}
		}
	}
}

// TestStaffingAgainstCapacity: with the current staff given, the workload
// table's gap per site is next week's need (workload_forecasts hours / hours
// per FTE) minus the staff and the summary says the total is short or
// covered; without it, both say how to give it.
func TestStaffingAgainstCapacity(t *testing.T) {
	ctx := t.Context()
	w := openSeeded(t, "seed.sql")
	o := testOptions(English)
	d, err := LoadOperations(ctx, w, testWeek, o)
	if err != nil {
		t.Fatal(err)
	}
	if d.Forecast.CapacityNote == "" || !strings.Contains(staffing(d), "--capacity") {
		t.Fatalf("unknown capacity not explained: note %q, summary %q", d.Forecast.CapacityNote, staffing(d))
	}
	runs, err := packRuns(ctx, w, testWeek)
	if err != nil {
		t.Fatal(err)
	}
	need := map[string]float64{}
	total := 0.0
	rows, err := w.Query(ctx, `SELECT site, hours FROM workload_forecasts WHERE run_id = ?
		AND week_start = (SELECT min(week_start) FROM workload_forecasts WHERE run_id = ?)`, runs.Forecast, runs.Forecast)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var site string
		var h float64
		if err := rows.Scan(&site, &h); err != nil {
			t.Fatal(err)
		}
		need[site] = h / o.HoursPerFTE
		total += h / o.HoursPerFTE
	}
	rows.Close()
	if len(need) == 0 {
		t.Fatal("no workload forecast in the seed")
	}
	o.CapacityFTE = map[string]float64{}
	for site := range need {
		o.CapacityFTE[site] = 1000 // plenty
	}
	d, err = LoadOperations(ctx, w, testWeek, o)
	if err != nil {
		t.Fatal(err)
	}
	tb := d.Forecast.WorkloadTable
	if n := len(tb.Head); tb.Head[n-2] != English.T("col.capacity") || tb.Head[n-1] != English.T("col.cap_gap") {
		t.Fatalf("no capacity columns: %q", tb.Head)
	}
	for _, r := range tb.Rows {
		want := English.Number(need[r[0]]-1000, 1)
		if r[len(r)-1] != want {
			t.Errorf("site %s gap %s, want %s", r[0], r[len(r)-1], want)
		}
	}
	if s := staffing(d); !strings.Contains(s, English.Tf("sum.capacity_ok", English.Number(1000*float64(len(need)), 1), English.Number(1000*float64(len(need))-total, 1))) {
		t.Errorf("summary does not compare with the staff: %q", s)
	}
	o.CapacityFTE = map[string]float64{}
	for site := range need {
		o.CapacityFTE[site] = 0
	}
	d, err = LoadOperations(ctx, w, testWeek, o)
	if err != nil {
		t.Fatal(err)
	}
	if s := staffing(d); !strings.Contains(s, English.Tf("sum.capacity_short", English.Number(0, 1), English.Number(total, 1))) {
		t.Errorf("summary does not say the staff is short: %q", s)
	}
}

// staffing is the summary's staffing sentence.
func staffing(d *OperationsData) string {
	for _, it := range d.Summary.Items {
		if it.Href == "#workload" {
			return it.Text
		}
	}
	return ""
}
