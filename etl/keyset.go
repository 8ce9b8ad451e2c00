package etl

// A first check for keys repeated in a file, done in Go on 64-bit key
// hashes (xxh3 of the key's values as stored, the row hash's encoding):
// equal keys have equal hashes, so a file whose hashes are all distinct has
// no repeated key and the load skips DuckDB's grouping of every row on its
// key (duplicateKeys), a sixth of its own CPU on a first load. Any repeated
// hash (a true duplicate, or a collision once in about 2^64 / n^2 loads)
// sends the load to that exact check. Targets whose key is numbered after
// staging (line_id: auto) are not checked here.

// keySet holds a load's key hashes per target, in 256 parts by the hash's
// top byte, so that each part's check stays in the cache. A part is a list
// of fixed blocks (not one slice grown by doubling, whose slack would add
// up to its size again: 80 MB at 10M rows).
type keySet struct {
	parts [][256][][]uint64
}

// keyBlock is the number of hashes in a part's block.
const keyBlock = 2048

func newKeySet(targets int) *keySet { return &keySet{parts: make([][256][][]uint64, targets)} }

// add records the key hashes hs of target ti.
func (k *keySet) add(ti int, hs []uint64) {
	p := &k.parts[ti]
	for _, h := range hs {
		bl := p[h>>56]
		if n := len(bl); n == 0 || len(bl[n-1]) == keyBlock {
			bl = append(bl, make([]uint64, 0, keyBlock))
			p[h>>56] = bl
		}
		last := &bl[len(bl)-1]
		*last = append(*last, h)
	}
}

// repeats reports whether a hash of target ti was seen twice: each part
// goes through an open-addressing table twice its size (it stays in the
// cache), the hash's low bits as the slot.
func (k *keySet) repeats(ti int) bool {
	var table []uint64
	for i := range k.parts[ti] {
		blocks := k.parts[ti][i]
		n := 0
		for _, b := range blocks {
			n += len(b)
		}
		size := 16
		for size < 2*n {
			size *= 2
		}
		if cap(table) < size {
			table = make([]uint64, size)
		}
		table = table[:size]
		clear(table)
		mask := uint64(size - 1)
		zero := false // 0 marks an empty slot: the hash 0 is tracked apart
		for _, b := range blocks {
			for _, h := range b {
				if h == 0 {
					if zero {
						return true
					}
					zero = true
					continue
				}
				for j := h & mask; ; j = (j + 1) & mask {
					if table[j] == 0 {
						table[j] = h
						break
					}
					if table[j] == h {
						return true
					}
				}
			}
		}
	}
	return false
}
