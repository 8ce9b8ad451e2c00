package forecast

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
)

// TestRunGenericNeutralisesFormulaIDs: a series id that a spreadsheet would
// run as a formula is written with a quote in front in both output files.
func TestRunGenericNeutralisesFormulaIDs(t *testing.T) {
	ids := []string{`=HYPERLINK("http://evil.example","x")`, `+cmd|' /C calc'!A0`, "plain"}
	var b strings.Builder
	b.WriteString("id,date,value\n")
	for s, id := range ids {
		for m := range 36 {
			fmt.Fprintf(&b, "\"%s\",%04d-%02d,%d\n", strings.ReplaceAll(id, `"`, `""`), 2000+m/12, m%12+1, (m*7+s*3)%5+s)
		}
	}
	var out, acc bytes.Buffer
	opts := GenericOptions{Options: DefaultOptions(), Holdout: 3}
	opts.Horizon = 3
	if _, err := RunGeneric(context.Background(), strings.NewReader(b.String()), &out, &acc, opts); err != nil {
		t.Fatal(err)
	}
	for name, buf := range map[string]*bytes.Buffer{"forecasts": &out, "accuracy": &acc} {
		recs, err := csv.NewReader(buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			if strings.ContainsAny(r[0][:1], "=+-@") {
				t.Errorf("%s: id %q starts with a formula character", name, r[0])
			}
			seen[r[0]] = true
		}
		for _, want := range []string{"'" + ids[0], "'" + ids[1], "plain"} {
			if !seen[want] {
				t.Errorf("%s: id %q missing (have %v)", name, want, seen)
			}
		}
	}
}
