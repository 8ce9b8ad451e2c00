package forecast

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
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
