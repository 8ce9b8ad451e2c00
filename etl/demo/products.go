package demo

import (
	"bufio"
	"strconv"
	"unicode/utf8"
)

// writeProducts writes products.csv. With Dirty the file is Latin-1 and holds
// a few duplicate rows and list prices with a decimal comma.
func (m *model) writeProducts(w *bufio.Writer, total *counts) error {
	r := newRNG(m.opts.Seed, streamProducts, 0, 0)
	g := &taskGen{m: m, r: r, c: total}
	if err := writeHeader(w, ProductsFile); err != nil {
		return err
	}
	// Dirty rows in products are few and placed at fixed draws: about 1 % of
	// SKUs each get a duplicate or a decimal-comma copy.
	dirtyAt := map[int]int{}
	if m.opts.Dirty {
		n := max(1, len(m.skus)/100)
		for range n {
			dirtyAt[r.IntN(len(m.skus))] = kDuplicate
		}
		for range n {
			dirtyAt[r.IntN(len(m.skus))] = kDecimalComma
		}
	}
	var b []byte
	for _, s := range m.skus {
		b = b[:0]
		b = append(b, s.code...)
		b = append(b, ',')
		b = appendField(b, s.name)
		b = append(b, ',')
		b = append(b, s.cat.code...)
		b = append(b, ',')
		b = append(b, s.sec.code...)
		b = append(b, ',')
		b = appendField(b, s.brand)
		b = append(b, ',')
		b = appendCents(b, s.costCents)
		b = append(b, ',')
		b = appendCents(b, s.listCents)
		b = append(b, ',')
		b = strconv.AppendFloat(b, s.weight, 'f', -1, 64)
		b = append(b, ',')
		b = append(b, s.material...)
		b = append(b, ',')
		if s.pcf > 0 {
			b = strconv.AppendFloat(b, s.pcf, 'f', -1, 64)
		}
		b = append(b, '\n')
		total.rows[fProducts]++
		if m.opts.Dirty {
			if latin1(b) {
				total.dirty[fProducts][kLatin1]++
			}
			b = toLatin1(b)
		}
		k, dirty := dirtyAt[s.idx]
		if dirty {
			total.rows[fProducts]++
			total.dirty[fProducts][k]++
			if m.opts.Dirty && latin1(b) {
				total.dirty[fProducts][kLatin1]++ // the dirty copy is Latin-1 too
			}
			switch k {
			case kDuplicate:
				if _, err := w.Write(b); err != nil {
					return err
				}
			case kDecimalComma:
				g.tmp = append(g.tmp[:0], '"')
				for _, c := range field(b, prListPrice) {
					if c == '.' {
						c = ','
					}
					g.tmp = append(g.tmp, c)
				}
				g.tmp = append(g.tmp, '"')
				if _, err := w.Write(replaceField(nil, b, prListPrice, g.tmp)); err != nil {
					return err
				}
			}
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// latin1 reports whether b holds non-ASCII text.
func latin1(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// toLatin1 re-encodes UTF-8 text as ISO-8859-1 (the catalogue only uses runes below 256).
func toLatin1(b []byte) []byte {
	if !latin1(b) {
		return b
	}
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r > 0xff {
			r = '?'
		}
		out = append(out, byte(r))
		b = b[n:]
	}
	return out
}
