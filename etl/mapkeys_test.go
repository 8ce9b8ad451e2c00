package etl

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMappingRefusesUnknownKeysAtEveryLevel(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"colums: {sku: a}\n", "colums"},
		{"constants: {curency: EUR}\n", "constants.curency"},
		{"values: {reson_code: {a: defective}}\n", "values.reson_code"},
		{"units: {wieght_kg: g}\n", "units.wieght_kg"},
		{"units: {weight_kg: stone}\n", `unit "stone"`},
		{"units: {sku: g}\n", "sku has no unit"},
		{"entity: sales\nreturns: {negative_qty: true, columns: {retrun_id: X}}\n", "returns.columns.retrun_id"},
		{"entity: sales\nreturns: {negative_qty: true, constants: {resaon_code: other}}\n", "returns.constants.resaon_code"},
		{"entity: sales\nreturns: {when: [{colum: X, in: [a]}]}\n", "colum"},
		{"entity: sales\nreturns: {when: [{column: X}]}\n", "returns.when[1]: give exactly one test"},
		{"entity: sales\nreturns: {when: [{all: [{column: X, matches: '('}]}]}\n", "returns.when[1].all[1]: matches"},
		{"entity: sales\nreturns: {negative_qty: true, other_negative: drop}\n", "other_negative"},
		{"skip: [{column: X, in: [a], prefix: [b]}]\n", "skip[1]: give exactly one test"},
		{"skip: [{in: [a]}]\n", "skip[1]: needs column"},
		{"entity: products\ncolumns: {order_id: X}\n", "columns.order_id"},
		{"columns: {sku: auto}\n", "auto generates line_id only"},
		{"date_window: {from: 1990-01-01, too: 2030-01-01}\n", "too"},
		{"date_window: {from: 01/01/1990}\n", "date_window"},
		{"duplicates: last\n", "duplicates"},
		{"joins: [{file: x.csv}]\n", "joins[1]"},
		{"skip: [{not: {not: {not: {not: {not: {not: {not: {not: {not: {column: a, empty: true}}}}}}}}}}]\n", "nested"},
	}
	for _, c := range cases {
		_, err := ParseMapping("m.yaml", []byte(c.yaml))
		if err == nil || !errors.Is(err, ErrMapping) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an invalid-mapping error naming %q", c.yaml, err, c.want)
		}
	}
	if _, err := ParseMapping("m.yaml", []byte("values: {sector: {Mode: fashion, default: other}}\nunits: {unit_price: cents, weight_kg: '0.5'}\n")); err != nil {
		t.Errorf("valid mapping refused: %v", err)
	}
}

func TestDatePatternsReadUnpaddedFields(t *testing.T) {
	m, err := ParseMapping("m.yaml", []byte(`date_formats: ["%m/%d/%y %H:%M", "%d.%m.%Y"]`))
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"12/1/10 8:26":   "2010-12-01 08:26:00",
		"12/01/10 08:26": "2010-12-01 08:26:00",
		"1/31/11 17:05":  "2011-01-31 17:05:00",
		"3.4.2026":       "2026-04-03 00:00:00",
	} {
		us, err := ParseTime(in, m.layouts)
		if err != nil || fmtMicros(us) != want {
			t.Errorf("%q: got %s, %v; want %s", in, fmtMicros(us), err, want)
		}
	}
}

func realExport(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", "realexports", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func conserves(t *testing.T, s Summary) {
	t.Helper()
	if s.Read != s.Inserted+s.Updated+s.Unchanged+s.Quarantined+s.Skipped {
		t.Errorf("%s: %+v does not balance", s.File, s.Counts)
	}
}

func TestInvoiceFileWithCreditNotesPostageAndWriteOffs(t *testing.T) {
	ctx := context.Background()
	w := openTest(t)
	m, err := LoadMapping(realExport(t, "invoices.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadFile(ctx, w, realExport(t, "invoices.csv"), Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	conserves(t, s)
	want := Counts{Read: 9, Inserted: 6, Skipped: 3}
	if s.Counts != want {
		t.Errorf("counts %+v, want %+v", s.Counts, want)
	}
	for rule, n := range map[string]int64{
		"returns.when[1]: (InvoiceNo starts with C and Quantity is negative)": 2,
		"skip[1]: StockCode in [POST, M, DOT, BANK CHARGES]":                  2,
		"returns.other_negative: skip":                                        1,
	} {
		if s.Rules[rule] != n {
			t.Errorf("rule %q matched %d rows, want %d (all: %v)", rule, s.Rules[rule], n, s.Rules)
		}
	}
	if s.Links == nil || *s.Links != (Links{Inferred: 3}) {
		t.Errorf("links %+v, want 3 inferred units", s.Links)
	}
	if got := countRows(t, w, `SELECT count(*) FROM order_lines WHERE order_id = '536365' AND line_id IN ('1', '2', '3') AND currency = 'GBP' AND country = 'GB'`); got != 3 {
		t.Errorf("repeated lines of 536365: %d rows numbered 1-3, want 3", got)
	}
	if got := countRows(t, w, `SELECT count(*) FROM return_lines WHERE link_method = 'inferred'
		AND ((return_id = 'C536379' AND order_id = '536365' AND qty = 2) OR (return_id = 'C536380' AND order_id = '536366' AND line_id = '1'))`); got != 2 {
		t.Errorf("%d credit notes linked to their invoices, want 2", got)
	}
	var skipped int64
	if err := w.QueryRow(ctx, `SELECT rows_skipped FROM load_runs WHERE run_id = ?`, s.RunID).Scan(&skipped); err != nil || skipped != 3 {
		t.Errorf("load_runs.rows_skipped = %d, %v; want 3", skipped, err)
	}

	pm, err := LoadMapping(realExport(t, "products_from_invoices.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := LoadFile(ctx, w, realExport(t, "invoices.csv"), Options{Mapping: pm})
	if err != nil {
		t.Fatal(err)
	}
	conserves(t, ps)
	if want := (Counts{Read: 9, Inserted: 4, Skipped: 5}); ps.Counts != want {
		t.Errorf("products from invoices: %+v, want %+v", ps.Counts, want)
	}
}

func TestJoinUnitsValueDefaultsAndConstants(t *testing.T) {
	ctx := context.Background()
	w := openTest(t)
	m, err := LoadMapping(realExport(t, "products.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadFile(ctx, w, realExport(t, "products.csv"), Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if s.Inserted != 4 || s.Quarantined != 0 {
		t.Fatalf("summary %+v", s.Counts)
	}
	rows, err := w.Query(ctx, `SELECT sku, category, sector, COALESCE(CAST(weight_kg AS VARCHAR), '-') FROM products ORDER BY sku`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var a, b, c, d string
		if err := rows.Scan(&a, &b, &c, &d); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{a, b, c, d}, " "))
	}
	want := []string{"p1 health_beauty other 0.225", "p2 pc_gamer high_tech 1.0", "p3 uncategorized other 0.5", "p4 computers_accessories high_tech -"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("products:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMappedColumnMissingAndDuplicatedHeader(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := openTest(t)
	p := write(t, dir, "products.csv", []byte("sku,name\nA,x\n"))
	m, err := ParseMapping("m.yaml", []byte("columns: {brand: Marque}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadFile(ctx, w, p, Options{Mapping: m})
	if err == nil || !strings.Contains(err.Error(), `brand: "Marque"`) {
		t.Errorf("mapped column missing: got %v", err)
	}
	d := write(t, dir, "products_dup.csv", []byte("sku,name,Name\nA,x,y\n"))
	_, err = LoadFile(ctx, w, d, Options{})
	if !errors.Is(err, ErrDuplicateColumn) || !strings.Contains(err.Error(), "columns 2 and 3") {
		t.Errorf("duplicated header: got %v", err)
	}
	if n := countRows(t, w, `SELECT count(*) FROM products`); n != 0 {
		t.Errorf("%d products stored from refused files", n)
	}
}

func TestDatesOutsideThePlausibleWindowAreQuarantined(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := openTest(t)
	p := write(t, dir, "order_lines.csv", []byte("order_id,line_id,order_ts,sku,qty\n"+
		"O1,1,2026-03-02,A,1\nO2,1,2099-01-05,A,1\nO3,1,0001-01-01,A,1\nO4,1,1989-12-31 23:59:59,A,1\nO5,1,2027-06-01,A,1\n"))
	now := func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	s, err := LoadFile(ctx, w, p, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if s.Inserted != 2 || s.Quarantined != 3 {
		t.Errorf("default window: %+v, want 2 inserted (2026, 2027) and 3 quarantined", s.Counts)
	}
	if n := countRows(t, w, `SELECT count(*) FROM quarantine WHERE reason LIKE 'order_ts % is outside the plausible dates 1990-01-01 .. 2027-12-01%'`); n != 3 {
		t.Errorf("%d quarantine rows name the window, want 3", n)
	}
	m, err := ParseMapping("m.yaml", []byte("date_window: {from: 1980-01-01, to: 2100-12-31}\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err = LoadFile(ctx, w, p, Options{Mapping: m, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if s.Inserted != 2 || s.Unchanged != 2 || s.Quarantined != 1 {
		t.Errorf("wider window: %+v, want 2 more inserted and only year 0001 quarantined", s.Counts)
	}
	if n := countRows(t, w, `SELECT count(*) FROM quarantine`); n != 1 {
		t.Errorf("the reload left %d quarantine rows, want its own 1", n)
	}
}

// TestNegativeRowMatchingNoReturnRule: without other_negative: skip, the
// stock write-off is quarantined with a reason naming the rules it missed.
func TestNegativeRowMatchingNoReturnRule(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(realExport(t, "invoices.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(string(b), "  other_negative: skip\n", "", 1)
	m, err := ParseMapping("invoices.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	w := openTest(t)
	s, err := LoadFile(ctx, w, realExport(t, "invoices.csv"), Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if s.Quarantined != 1 || s.Skipped != 2 {
		t.Errorf("%+v, want the write-off quarantined", s.Counts)
	}
	want := "qty must be greater than 0: a negative quantity on a row that matched none of the return rules (returns.when[1]: (InvoiceNo starts with C and Quantity is negative);"
	if n := countRows(t, w, `SELECT count(*) FROM quarantine WHERE line = 9 AND starts_with(reason, ?)`, want); n != 1 {
		t.Errorf("no quarantine row at line 9 starting %q", want)
	}
	// the same file loaded as the product master keeps the sales load's quarantine
	pm, err := LoadMapping(realExport(t, "products_from_invoices.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(ctx, w, realExport(t, "invoices.csv"), Options{Mapping: pm}); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, w, `SELECT count(*) FROM quarantine WHERE line = 9`); n != 1 {
		t.Errorf("loading the file with a second mapping left %d of its first mapping's quarantine rows, want 1", n)
	}
}

// TestCompositeKeyAndMoneyUnits: line_id built from two columns, prices in
// cents, a customer taken from the first non-empty of two columns.
func TestCompositeKeyAndMoneyUnits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := openTest(t)
	p := write(t, dir, "orders.csv", []byte("Order,Date,Item,Size,Qty,PriceCents,Buyer,Account\n"+
		"A1,2026-01-05,TEE,M,1,1990,,K1\nA1,2026-01-05,TEE,L,2,1990,K2,K9\nA1,2026-01-05,TEE,M,1,1990,,K1\n"))
	m, err := ParseMapping("m.yaml", []byte(`entity: order_lines
columns: {order_id: Order, order_ts: Date, sku: Item, line_id: Item + Size, qty: Qty, unit_price: PriceCents, customer_id: Buyer | Account}
units: {unit_price: cents}
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadFile(ctx, w, p, Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if s.Inserted != 2 || s.Quarantined != 1 {
		t.Errorf("%+v, want 2 lines and the repeated TEE|M quarantined as a duplicate", s.Counts)
	}
	if n := countRows(t, w, `SELECT count(*) FROM order_lines WHERE (line_id, customer_id) IN (('TEE|M', 'K1'), ('TEE|L', 'K2')) AND unit_price = 19.9`); n != 2 {
		t.Errorf("%d rows with composite line ids, first non-empty customers and prices in units, want 2", n)
	}
	for u, want := range map[string]float64{"g": 0.001, "cents": 0.01, "thousands": 1000, "mi": 1.609344, "0.5": 0.5} {
		field := map[string]string{"g": "weight_kg", "mi": "transport_km"}[u]
		if field == "" {
			field = "unit_price"
		}
		if got, err := unitFactor(field, u); err != nil || got != want {
			t.Errorf("unit %s of %s: %v, %v; want %v", u, field, got, err, want)
		}
	}
}
