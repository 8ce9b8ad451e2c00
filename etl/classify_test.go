package etl

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestClassifyInParts: a re-load whose classification join is cut into
// parts (a slice of the key hashes each) finds the same new, changed and
// unchanged rows and leaves the same table as one join does.
func TestClassifyInParts(t *testing.T) {
	ctx := context.Background()
	file := func(changed bool) []byte {
		var b strings.Builder
		b.WriteString("order_id,line_id,order_ts,ship_ts,sku,qty,unit_price\n")
		for i := range 300 {
			qty := 1 + i%3
			if changed && i%7 == 0 {
				qty += 10
			}
			fmt.Fprintf(&b, "P%d,%d,2026-01-%02d,2026-01-%02d,S%d,%d,%d.5\n", i/2, i%2, 1+i%28, 1+i%28, i%9, qty, i%40)
		}
		if changed {
			for i := 300; i < 320; i++ {
				fmt.Fprintf(&b, "P%d,0,2026-02-01,,S1,1,3.5\n", i)
			}
		}
		return []byte(b.String())
	}
	dir := t.TempDir()
	first := write(t, dir, "order_lines.csv", file(false))
	second := write(t, t.TempDir(), "order_lines.csv", file(true))
	want := Counts{Read: 320, Inserted: 20, Updated: 43, Unchanged: 257}
	var sums []map[string]string
	for _, perPart := range []int64{classifyRowsPerPart, 40} {
		t.Run(fmt.Sprintf("%d rows a part", perPart), func(t *testing.T) {
			old := classifyRowsPerPart
			classifyRowsPerPart = perPart
			defer func() { classifyRowsPerPart = old }()
			if n := classifyParts(320); perPart == 40 && n != 8 {
				t.Fatalf("%d parts for 320 rows at 40 a part, want 8", n)
			}
			w := openTest(t)
			for _, f := range []string{first, second} {
				s, err := LoadFile(ctx, w, f, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if f == second && s.Counts != want {
					t.Fatalf("re-load counts %+v, want %+v", s.Counts, want)
				}
			}
			sums = append(sums, checksums(t, w))
		})
	}
	if len(sums) == 2 && fmt.Sprint(sums[0]) != fmt.Sprint(sums[1]) {
		t.Errorf("tables differ: one join %v, in parts %v", sums[0], sums[1])
	}
}
