package etl

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// splitSlow is the field search splitPlain replaces: one IndexByte per field.
func splitSlow(rec []byte, delim byte) [][]byte {
	var out [][]byte
	for {
		j := bytes.IndexByte(rec, delim)
		if j < 0 {
			return append(out, rec)
		}
		out = append(out, rec[:j])
		rec = rec[j+1:]
	}
}

// TestSplitPlain: the word-at-a-time split gives the same fields as a
// search per field, for every delimiter, with bytes next to the delimiter
// that differ from it by one bit or by one (the usual SWAR pitfall), empty
// fields and records of every length around the word size.
func TestSplitPlain(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, d := range []byte{',', ';', '\t', '|'} {
		alphabet := []byte{d, d ^ 1, d + 1, d - 1, d ^ 0x80, 0, 0xff, 'a', '-', ' ', 0xc3, 0xa9}
		for n := 0; n < 40; n++ {
			for range 200 {
				rec := make([]byte, n)
				for i := range rec {
					rec[i] = alphabet[r.IntN(len(alphabet))]
				}
				got, want := splitPlain(rec, d, nil), splitSlow(rec, d)
				if len(got) != len(want) {
					t.Fatalf("%q on %q: %d fields, want %d", d, rec, len(got), len(want))
				}
				for i := range got {
					if !bytes.Equal(got[i], want[i]) {
						t.Fatalf("%q on %q: field %d %q, want %q", d, rec, i, got[i], want[i])
					}
				}
			}
		}
	}
}
