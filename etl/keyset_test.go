package etl

import (
	"strings"
	"testing"
	"time"
)

func TestKeySetRepeats(t *testing.T) {
	for _, tc := range []struct {
		name string
		hs   [][]uint64 // batches
		want bool
	}{
		{"none", nil, false},
		{"distinct", [][]uint64{{1, 2, 3}, {1 << 60, 2 << 56, 7}}, false},
		{"same batch", [][]uint64{{5, 9, 5}}, true},
		{"across batches", [][]uint64{{1 << 63}, {3}, {1 << 63}}, true},
		{"same top byte, distinct", [][]uint64{{0xff00000000000001, 0xff00000000000002}}, false},
		{"same low bits, distinct", [][]uint64{{0x0100000000000001, 0x0100000000010001, 0x0100000100000001}}, false},
		{"same low bits, repeated", [][]uint64{{0x0100000000000001, 0x0100000000010001, 0x0100000000010001}}, true},
		{"zero once", [][]uint64{{0, 1, 2}}, false},
		{"zero twice", [][]uint64{{0, 1}, {0}}, true},
		{"many distinct", [][]uint64{seq(100000)}, false},
		{"many, one repeat", [][]uint64{append(seq(100000), seq(77)[76])}, true},
		{"one part, several blocks", [][]uint64{onePart(3 * keyBlock)}, false},
		{"one part, repeat across blocks", [][]uint64{onePart(3 * keyBlock), onePart(1)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKeySet(2)
			for _, b := range tc.hs {
				k.add(1, b)
			}
			k.add(0, []uint64{42, 42}) // another target's repeats do not count
			if got := k.repeats(1); got != tc.want {
				t.Errorf("repeats = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestKeyHashesDecideDuplicateSearch: a file with distinct keys skips the
// duplicate search; one repeated key (the same text once trimmed) is found.
func TestKeyHashesDecideDuplicateSearch(t *testing.T) {
	hdr := "order_id,line_id,order_ts,sku,qty\n"
	for _, tc := range []struct {
		name     string
		rows     string
		distinct bool
	}{
		{"distinct", "A,1,2026-01-05,S1,1\nA,2,2026-01-05,S1,1\nB,1,2026-01-06,S2,2\n", true},
		{"repeated after trim", "A,1,2026-01-05,S1,1\nB,1,2026-01-06,S2,2\n A ,1,2026-01-07,S3,1\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := newPlan("order_lines.csv", strings.Split(strings.TrimSpace(hdr), ","), nil, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			v := newValidator(p, p.stagingSchema(), ',')
			b := &batch{offs: []int{0}}
			for i, l := range strings.Split(strings.TrimSpace(tc.rows), "\n") {
				b.buf = append(b.buf, l...)
				b.offs = append(b.offs, len(b.buf))
				b.lines = append(b.lines, int64(i+2))
			}
			rec, bad, _ := v.process(b)
			rec.Release()
			if len(bad) > 0 {
				t.Fatalf("rejected: %v", bad[0].reason)
			}
			k := newKeySet(1)
			k.add(0, v.keys[0])
			if got := !k.repeats(0); got != tc.distinct {
				t.Fatalf("distinct = %v, want %v", got, tc.distinct)
			}
		})
	}
}

// seq is n distinct spread hashes.
func seq(n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i+1) * 0x9e3779b97f4a7c15
	}
	return out
}

// onePart is n distinct hashes sharing their top byte (one part).
func onePart(n int) []uint64 {
	out := seq(n)
	for i := range out {
		out[i] = out[i]&(1<<56-1) | 7<<56
	}
	return out
}
