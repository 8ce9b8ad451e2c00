package etl

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSalesReloadChecksReturnsAgainstLiveOrderLines: re-loading a sales file
// whose order line changed marks the old order line replaced and inserts the
// new one before the returns are checked; the check must see one order line,
// not two (which doubled the units returned and quarantined the return).
func TestSalesReloadChecksReturnsAgainstLiveOrderLines(t *testing.T) {
	ctx := context.Background()
	w := openTest(t)
	m, err := LoadMapping("testdata/sales_mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile("testdata/sales.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := write(t, t.TempDir(), "sales.csv", body)
	if _, err := LoadFile(ctx, w, p, Options{Mapping: m}); err != nil {
		t.Fatal(err)
	}
	// the phone's order line changes price; its return (1 of 1 unit) does not
	changed := strings.Replace(string(body), "C101;1;SKU-PHONE;1;599,00;", "C101;1;SKU-PHONE;1;579,00;", 1)
	if changed == string(body) {
		t.Fatal("testdata/sales.csv changed: the phone's order line was not found")
	}
	write(t, filepath.Dir(p), "sales.csv", []byte(changed))
	s, err := LoadFile(ctx, w, p, Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if s.Quarantined != 0 || s.Parts["order_lines"].Updated != 1 || s.Parts["return_lines"].Unchanged != 2 {
		t.Fatalf("re-load: %+v, parts %+v (want the order line updated, both returns unchanged, nothing quarantined)", s.Counts, s.Parts)
	}
}
