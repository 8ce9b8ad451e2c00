package etl

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/etl/demo"
)

func TestReturnsContradictingTheirOrderLine(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := openTest(t)
	orders := write(t, dir, "order_lines.csv", []byte("order_id,line_id,order_ts,sku,qty\nO1,1,2026-01-05,A,2\nO2,1,2026-01-10,B,1\n"))
	ret1 := write(t, dir, "return_lines.csv", []byte("return_id,order_id,line_id,sku,qty,requested_ts\n"+
		"R1,O1,1,A,1,2026-01-20\n"+ // fine
		"R2,O1,1,B,1,2026-01-20\n"+ // SKU of another line
		"R3,O2,1,B,1,2026-01-08\n"+ // before its order
		"R4,O1,1,A,2,2026-01-21\n")) // 1 returned above + 2 > 2 shipped
	ret2 := write(t, dir, "return_lines_2.csv", []byte("return_id,order_id,line_id,sku,qty,requested_ts\nR5,O1,1,A,2,2026-01-25\n"))
	if _, err := LoadFiles(ctx, w, []string{orders, ret1, ret2}, Options{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		ret1 + ":3": "return SKU B differs from the SKU of its order line O1/1 (A)",
		ret1 + ":4": "return requested on 2026-01-08, before its order O2/1 was placed (2026-01-10)",
		ret1 + ":5": "2 units returned but order line O1/1 shipped 2, of which 1 were returned earlier (0 in the table, 1 above in this file)",
		ret2 + ":2": "2 units returned but order line O1/1 shipped 2, of which 1 were returned earlier (1 in the table, 0 above in this file)",
	}
	rows, err := w.Query(ctx, `SELECT file || ':' || line, reason FROM quarantine ORDER BY file, line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() {
		var k, reason string
		if err := rows.Scan(&k, &reason); err != nil {
			t.Fatal(err)
		}
		got++
		if w, ok := want[k]; !ok || !strings.HasPrefix(reason, w) {
			t.Errorf("%s: %q, want %q", k, reason, w)
		}
	}
	if got != len(want) {
		t.Errorf("%d quarantined, want %d", got, len(want))
	}
	if n := countRows(t, w, `SELECT count(*) FROM return_lines WHERE link_method = 'given'`); n != 1 {
		t.Errorf("%d return lines stored, want R1 only", n)
	}
}

// TestInferLinksOnDemoSales builds a sales file from demo data whose credit
// notes carry no order reference, loads it, and checks that at least 90 % of
// returned units are linked to their true order line.
func TestInferLinksOnDemoSales(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks = 30, 40
	if _, err := demo.Generate(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	orders := readCSV(t, filepath.Join(dir, demo.OrderLinesFile))
	returns := readCSV(t, filepath.Join(dir, demo.ReturnLinesFile))
	cust := map[string]string{}
	var b strings.Builder
	b.WriteString("doc,line,date,customer,sku,qty,kind\n")
	for _, o := range orders.rows {
		cust[o[orders.col["order_id"]]+"/"+o[orders.col["line_id"]]] = o[orders.col["customer_id"]]
		b.WriteString(strings.Join([]string{o[orders.col["order_id"]], o[orders.col["line_id"]], o[orders.col["order_ts"]],
			o[orders.col["customer_id"]], o[orders.col["sku"]], o[orders.col["qty"]], "INV"}, ",") + "\n")
	}
	for _, r := range returns.rows {
		c := cust[r[returns.col["order_id"]]+"/"+r[returns.col["line_id"]]]
		b.WriteString(strings.Join([]string{r[returns.col["return_id"]], "", r[returns.col["requested_ts"]],
			c, r[returns.col["sku"]], "-" + r[returns.col["qty"]], "CN"}, ",") + "\n")
	}
	sales := write(t, dir, "sales.csv", []byte(b.String()))
	m, err := ParseMapping("sales.yaml", []byte(`entity: sales
columns: {order_id: doc, line_id: line, order_ts: date, customer_id: customer}
returns:
  when: [{column: kind, in: [CN]}]
  columns: {return_id: doc}
`))
	if err != nil {
		t.Fatal(err)
	}
	w := openTest(t)
	s, err := LoadFile(ctx, w, sales, Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if s.Read != s.Inserted+s.Quarantined+s.Skipped || s.Links == nil {
		t.Fatalf("summary %+v, links %v", s.Counts, s.Links)
	}
	var total, right int64
	for _, r := range returns.rows {
		total += atoi(r[returns.col["qty"]])
	}
	q := `SELECT COALESCE(sum(l.qty), 0) FROM return_lines l JOIN read_csv(?, all_varchar = true) t
		ON t.return_id = l.return_id AND t.sku = l.sku AND t.order_id = l.order_id AND t.line_id = l.line_id WHERE l.link_method = 'inferred'`
	right = countRows(t, w, q, filepath.Join(dir, demo.ReturnLinesFile))
	rate := float64(right) / float64(total)
	t.Logf("%d of %d returned units linked to their true order line (%.1f %%); links %+v, rate %.3f", right, total, 100*rate, *s.Links, s.Links.Rate())
	if rate < 0.9 {
		t.Errorf("%.1f %% of returned units linked to their true order line, want >= 90 %%", 100*rate)
	}
	var given, inferred, none int64
	if err := w.QueryRow(ctx, `SELECT units_linked_given, units_linked_inferred, units_unlinked FROM load_runs WHERE run_id = ?`, s.RunID).Scan(&given, &inferred, &none); err != nil {
		t.Fatal(err)
	}
	if given != 0 || inferred != s.Links.Inferred || none != s.Links.None || inferred+none != countRows(t, w, `SELECT sum(qty) FROM return_lines`) {
		t.Errorf("load_runs links %d/%d/%d, summary %+v, %d units returned", given, inferred, none, *s.Links, total)
	}
}

type csvTable struct {
	col  map[string]int
	rows [][]string
}

func readCSV(t *testing.T, path string) csvTable {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ct := csvTable{col: map[string]int{}, rows: all[1:]}
	for i, h := range all[0] {
		ct.col[h] = i
	}
	return ct
}

func atoi(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}
