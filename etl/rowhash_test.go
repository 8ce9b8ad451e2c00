package etl

import (
	"context"
	"math"
	"testing"
)

// TestReloadSeesChangeDuckDBHashMisses: a re-load whose only change is two
// characters of one text field, eight places apart, changed by the same bits
// (a pair DuckDB's own string hash() cannot tell apart) reports the row
// updated and stores the new value.
func TestReloadSeesChangeDuckDBHashMisses(t *testing.T) {
	ctx := context.Background()
	const before, after = "SO-017236-022-13", "SO-017286-022-18"
	w := openTest(t)
	// The pair must still collide under DuckDB's hash, or this test proves nothing.
	var collide bool
	if err := w.QueryRow(ctx, `SELECT hash('A', ?::VARCHAR, 'x') = hash('A', ?::VARCHAR, 'x')`, before, after).Scan(&collide); err != nil {
		t.Fatal(err)
	}
	if !collide {
		t.Fatalf("DuckDB's hash() tells %q and %q apart now: pick another colliding pair", before, after)
	}
	file := func(cat string) []byte {
		return []byte("sku,name,category\nA," + cat + ",x\nB,other,y\n")
	}
	if _, err := LoadFile(ctx, w, write(t, t.TempDir(), "products.csv", file(before)), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, value string
		want        Counts
	}{
		{"changed by a colliding pair", after, Counts{Read: 2, Updated: 1, Unchanged: 1}},
		{"same bytes again", after, Counts{Read: 2, Unchanged: 2}},
	} {
		s, err := LoadFile(ctx, w, write(t, t.TempDir(), "products.csv", file(tc.value)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Counts != tc.want {
			t.Errorf("%s: counts %+v, want %+v", tc.name, s.Counts, tc.want)
		}
		var got string
		if err := w.QueryRow(ctx, `SELECT name FROM products WHERE sku = 'A' AND replaced_by IS NULL`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.value {
			t.Errorf("%s: stored name %q, want %q", tc.name, got, tc.value)
		}
	}
}

// TestRowHashOf: the row hash separates values (with their lengths), tells
// NULL from the empty text and ignores key fields; -0 and 0 are one stored value.
func TestRowHashOf(t *testing.T) {
	ent := Entities[0] // products: sku (key), name, category, ..., unit_cost
	tg := &target{ent: ent, stgCol: make([]int, len(ent.Fields)), isKey: make([]bool, len(ent.Fields))}
	for i, f := range ent.Fields {
		tg.stgCol[i] = i
		tg.isKey[i] = contains(ent.Key, f.Name)
	}
	tg.setHashCols()
	name, cat, cost := ent.FieldIndex("name"), ent.FieldIndex("category"), ent.FieldIndex("unit_cost")
	hashOf := func(set func(vals []val)) uint64 {
		v := &validator{vals: make([]val, len(ent.Fields))}
		for i := range v.vals {
			v.vals[i].null = true
		}
		set(v.vals)
		return v.rowHashOf(tg)
	}
	text := func(fi int, s string) func([]val) { return func(vs []val) { vs[fi] = val{s: s} } }
	both := func(a, b func([]val)) func([]val) { return func(vs []val) { a(vs); b(vs) } }
	num := func(x float64) func([]val) { return func(vs []val) { vs[cost] = val{f: x} } }
	for _, tc := range []struct {
		name  string
		a, b  func([]val)
		equal bool
	}{
		{"field boundary moves", both(text(name, "ab"), text(cat, "c")), both(text(name, "a"), text(cat, "bc")), false},
		{"NULL and empty text", func([]val) {}, text(name, ""), false},
		{"value in another field", text(name, "x"), text(cat, "x"), false},
		{"DuckDB's colliding pair", text(name, "SO-017236-022-13"), text(name, "SO-017286-022-18"), false},
		{"key field", text(ent.FieldIndex("sku"), "A"), text(ent.FieldIndex("sku"), "B"), true},
		{"-0 and 0", num(math.Copysign(0, -1)), num(0), true},
		{"same values", text(name, "x"), text(name, "x"), true},
	} {
		if got := hashOf(tc.a) == hashOf(tc.b); got != tc.equal {
			t.Errorf("%s: equal hashes %v, want %v", tc.name, got, tc.equal)
		}
	}
}

// TestReloadRowsWithoutHash: rows whose hash was cleared (migration 101) are
// compared field by field: a change is found, an unchanged row gets its
// hash back and is compared by hash on the next re-load.
func TestReloadRowsWithoutHash(t *testing.T) {
	ctx := context.Background()
	w := openTest(t)
	file := func(name string) string {
		return write(t, t.TempDir(), "products.csv", []byte("sku,name,unit_cost\nA,"+name+",2.5\nB,other,1\n"))
	}
	clear := func() {
		if _, err := w.Exec(ctx, `UPDATE products SET row_hash = NULL`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadFile(ctx, w, file("SO-017236-022-13"), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, value string
		clear       bool
		want        Counts
		nulls       int64
	}{
		{"changed, no hashes stored", "SO-017286-022-18", true, Counts{Read: 2, Updated: 1, Unchanged: 1}, 0},
		{"unchanged, no hashes stored", "SO-017286-022-18", true, Counts{Read: 2, Unchanged: 2}, 0},
		{"unchanged, hashes stored again", "SO-017286-022-18", false, Counts{Read: 2, Unchanged: 2}, 0},
	} {
		if tc.clear {
			clear()
		}
		s, err := LoadFile(ctx, w, file(tc.value), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Counts != tc.want {
			t.Errorf("%s: counts %+v, want %+v", tc.name, s.Counts, tc.want)
		}
		if n := countRows(t, w, `SELECT count(*) FROM products WHERE row_hash IS NULL`); n != tc.nulls {
			t.Errorf("%s: %d rows without a hash, want %d", tc.name, n, tc.nulls)
		}
	}
}

// TestSameValuesOtherFormat: the same values written another way (NDJSON
// instead of CSV, other date and number spellings, other column order) are
// the same rows: a re-load finds them unchanged.
func TestSameValuesOtherFormat(t *testing.T) {
	ctx := context.Background()
	w := openTest(t)
	csv := write(t, t.TempDir(), "order_lines.csv", []byte("order_id,line_id,order_ts,sku,qty,unit_price,channel\n"+
		"o1,1,2026-01-05,A,2,49.90,web\no2,1,2026-01-06 10:00:00,B,1,5,\n"))
	ndjson := write(t, t.TempDir(), "order_lines.ndjson", []byte(
		`{"sku":"A","order_id":"o1","line_id":"1","order_ts":"2026-01-05 00:00:00","qty":2,"unit_price":49.9,"channel":"web"}`+"\n"+
			`{"sku":"B","order_id":"o2","line_id":"1","order_ts":"2026-01-06T10:00:00","qty":"1","unit_price":"5.00"}`+"\n"))
	if _, err := LoadFile(ctx, w, csv, Options{}); err != nil {
		t.Fatal(err)
	}
	s, err := LoadFile(ctx, w, ndjson, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Counts{Read: 2, Unchanged: 2}); s.Counts != want {
		t.Errorf("re-load of the same values as NDJSON: counts %+v, want %+v", s.Counts, want)
	}
}
