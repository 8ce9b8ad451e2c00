package forecast

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestReadLongDetectsFrequency(t *testing.T) {
	cases := []struct {
		name, data string
		monthly    bool
		period     int
		periods    int
		missing    int
	}{
		{"monthly", "id,month,v\na,2001-01,1\na,2001-02,\na,2001-04,3\nb,2001-03,2\n", true, 12, 4, 1},
		{"weekly", "id,date,v\na,2024-01-01,1\na,2024-01-08,2\na,2024-01-22,0\n", false, 52, 4, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, missing, err := ReadLong(strings.NewReader(c.data), 0)
			if err != nil {
				t.Fatal(err)
			}
			if ds.Monthly != c.monthly || ds.Period != c.period || ds.Weeks != c.periods || missing != c.missing {
				t.Fatalf("got monthly=%v period=%d periods=%d missing=%d", ds.Monthly, ds.Period, ds.Weeks, missing)
			}
		})
	}
	for _, bad := range []string{"", "id,date\n", "id,date,v\na,01/02/2001,3\n", "id,date,v\na,2001-01,x\n"} {
		if _, _, err := ReadLong(strings.NewReader(bad), 0); err == nil {
			t.Fatalf("%q: want an error", bad)
		}
	}
}

func TestRunGenericHoldout(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,date,value\n")
	for s := range 5 {
		for m := range 48 {
			v := (m*7+s*3)%5 + s // deterministic, mildly irregular
			fmt.Fprintf(&b, "s%d,%04d-%02d,%d\n", s, 2000+m/12, m%12+1, v)
		}
	}
	var out, acc bytes.Buffer
	opts := GenericOptions{Options: DefaultOptions(), Holdout: 6}
	opts.Horizon = 6
	sum, err := RunGeneric(context.Background(), strings.NewReader(b.String()), &out, &acc, opts)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+5*6 || sum.Holdout.N != 30 || !sum.Monthly {
		t.Fatalf("%d forecast rows, %d scored, monthly %v", len(recs), sum.Holdout.N, sum.Monthly)
	}
	if recs[1][1] != "2003-07" || recs[1][9] == "" {
		t.Fatalf("first forecast row %v: want date 2003-07 with an actual", recs[1])
	}
}

func TestReadLongRefusesMixedAndDuplicates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"id,date,value\na,2022-01-03,1\na,2022-01-10,2\nb,2022-01,1\nb,2022-02,1\n",
			`series "b" (line 4) is monthly but series "a" (line 2) is weekly`},
		{"id,date,value\na,2022-01,1\na,2022-02,2\na,2022-02-15,1\n",
			`series "a": lines 3 and 4 (2022-02-01, 2022-02-15) fall in the same period`},
		{"id,date,value\na,2022-01-01,1\na,2022-01-02,2\n", `series "a" (line 2): dates 1 days apart`},
	}
	for _, tc := range tests {
		_, _, err := ReadLong(strings.NewReader(tc.in), 0)
		if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want it to contain %q", tc.in, err, tc.want)
		}
	}
}

func TestReadLongLongCalendars(t *testing.T) {
	// a series dated from year 1 beside one of the twentieth century, and a
	// weekly series of 6,000 periods
	var b strings.Builder
	b.WriteString("id,date,value\n")
	for m := range 40 {
		fmt.Fprintf(&b, "old,%04d-%02d-01,%d\n", 1+(11+m)/12, (11+m)%12+1, m+1)
		fmt.Fprintf(&b, "new,%04d-%02d-01,%d\n", 1980+m/12, m%12+1, m+2)
	}
	lf, err := ReadLongFile(strings.NewReader(b.String()), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !lf.Monthly || lf.Weeks != 40 || lf.Spans[0].First.Year() != 1 || lf.Series[0].Y[39] != 40 {
		t.Fatalf("monthly %v, %d periods, first %v, last value %g", lf.Monthly, lf.Weeks, lf.Spans[0].First, lf.Series[0].Y[39])
	}
	b.Reset()
	b.WriteString("id,date,value\n")
	d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	for w := range 6000 {
		fmt.Fprintf(&b, "w,%s,%d\n", d.AddDate(0, 0, 7*w).Format("2006-01-02"), w%7)
	}
	lf, err = ReadLongFile(strings.NewReader(b.String()), 0)
	if err != nil || lf.Monthly || lf.Weeks != 6000 || lf.Series[0].Y[5999] != 5999%7 {
		t.Fatalf("err %v, 6000 weeks read as %+v", err, lf)
	}
}

// A ragged file gives each series the forecast it gets alone.
func TestRunGenericRaggedEnds(t *testing.T) {
	series := map[string]string{}
	for s, end := range []int{60, 48, 53} {
		var b strings.Builder
		for m := range end {
			v := 10 + s*5 + (m*7+s*3)%5 + m/6 // trend and noise
			if m%12 == 11 {
				v += 6 // a season
			}
			fmt.Fprintf(&b, "s%d,%04d-%02d,%d\n", s, 1990+(m+s)/12, (m+s)%12+1, v)
		}
		series[fmt.Sprintf("s%d", s)] = b.String()
	}
	opts := GenericOptions{Options: DefaultOptions()}
	opts.Horizon, opts.Selection, opts.Workers = 6, SelectCombo, 1
	run := func(rows string) map[string][]string {
		var out, acc bytes.Buffer
		if _, err := RunGeneric(context.Background(), strings.NewReader("id,date,value\n"+rows), &out, &acc, opts); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, r := range recs[1:] {
			got[r[0]] = append(got[r[0]], r[1]+"="+r[4])
		}
		return got
	}
	all := run(series["s0"] + series["s1"] + series["s2"])
	for id, rows := range series {
		alone := run(rows)[id]
		if strings.Join(alone, " ") != strings.Join(all[id], " ") {
			t.Errorf("%s: in the file %v, alone %v", id, all[id], alone)
		}
	}
	if all["s1"][0][:7] != "1994-02" {
		t.Errorf("s1 ends 1994-01: first forecast %s", all["s1"][0])
	}
}

// FuzzReadLong: any input either fails with ErrBadInput or gives a dataset
// whose series cover the calendar with finite, non-negative values.
func FuzzReadLong(f *testing.F) {
	f.Add("id,date,value\na,2024-01-01,3\na,2024-01-08,\nb,2024-01-15,NA\n", 0)
	f.Add("id,date,value\nx,2020-01,1.5\nx,2020-03,2\n", 12)
	f.Add("id,date,value,extra\n\"q,1\",2024-02-05,1e308,z\n", 52)
	f.Add("id,date\na,2024-01-01\n", 0)
	f.Add("id,date,value\na,0001-01-01,1\na,9999-12-31,1\n", 0)
	f.Add("id,date,value\na,2024-01-01,-4\na,2024-01-01,inf\n", 0)
	f.Add("id,date,value\na,2024-01-01,1e308\na,2024-01-08,1e308\n", 0)
	f.Add("id,date,value\na,0001-12-01,1\na,0002-01-01,2\nb,1991-03-01,4\n", 0)
	f.Fuzz(func(t *testing.T, in string, period int) {
		if period < 0 || period > 1000 {
			return
		}
		ds, missing, err := ReadLong(strings.NewReader(in), period)
		if err != nil {
			if !errors.Is(err, ErrBadInput) {
				t.Fatalf("error %v is not ErrBadInput", err)
			}
			return
		}
		if ds.Weeks < 1 || float64(ds.Weeks)*float64(len(ds.Series)) > MaxGenericCells || len(ds.Series) == 0 || missing < 0 || ds.Period <= 0 {
			t.Fatalf("weeks %d, %d series, missing %d, period %d", ds.Weeks, len(ds.Series), missing, ds.Period)
		}
		seen := map[string]bool{}
		for _, s := range ds.Series {
			if seen[s.Key] {
				t.Fatalf("series %q twice", s.Key)
			}
			seen[s.Key] = true
			if len(s.Y) != ds.Weeks {
				t.Fatalf("series %q: %d values for %d periods", s.Key, len(s.Y), ds.Weeks)
			}
			for _, v := range s.Y {
				if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("series %q: value %g", s.Key, v)
				}
			}
		}
	})
}

func TestReadLongErrorsNameLineAndColumn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"id,day,units\na,2024-01-01,1\na,2024-01-08,x\n", `line 3, column 3 (units): "x" is not a number`},
		{"id,day,units\na,2024-01-01,1\na,01/08/2024,2\n", `line 3, column 2 (day): "01/08/2024" is neither YYYY-MM-DD nor YYYY-MM`},
		{"id,day,units\na,2024-01-01,1\na,2024-01-08\n", "line 3: 2 columns"},
	}
	for _, tc := range tests {
		_, _, err := ReadLong(strings.NewReader(tc.in), 0)
		if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want it to contain %q", tc.in, err, tc.want)
		}
	}
}
