package etl

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/zeebo/xxh3"
)

// A row's hash (row_hash) tells a re-load whether a stored row changed. It
// is computed in Go while the validated values are in hand (rowHashOf),
// staged as the column _rh and written to row_hash. DuckDB's own hash() is
// not used: its string hash is linear in the position of the bytes (two
// characters eight places apart changed by the same bits cancel), so such a
// change would pass for no change and the old value would stay.
//
// The hash is xxh3 (64 bits) of the row's canonical values as stored, in
// field order: each value tagged with its kind (NULL has its own tag, so it
// differs from ''), text with its length (so ('ab','c') != ('a','bc')).
// Key fields are left out: the classification joins on them. Values the
// load sets after staging (generated line ids: a key; links inferred for
// returns) are mixed in by SQL (rowHash).

const (
	tagNull byte = iota
	tagText
	tagInt
	tagFloat
)

// rowHashOf is the hash of target t's current row in v.vals.
func (v *validator) rowHashOf(t *target) uint64 {
	v.hbuf = v.encodeFields(v.hbuf[:0], t, false)
	return xxh3.Hash(v.hbuf)
}

// keyHashOf is the hash of target t's key in v.vals (keyset.go), in the
// same encoding.
func (v *validator) keyHashOf(t *target) uint64 {
	v.kbuf = v.encodeFields(v.kbuf[:0], t, true)
	return xxh3.Hash(v.kbuf)
}

// encodeFields appends to b the values of t's key fields (key) or of its
// other fields (!key), in field order, each tagged with its kind.
func (v *validator) encodeFields(b []byte, t *target, key bool) []byte {
	for fi, f := range t.ent.Fields {
		if t.isKey[fi] != key {
			continue
		}
		x := v.vals[t.stgCol[fi]]
		switch {
		case x.null:
			b = append(b, tagNull)
		case f.Kind == KString:
			if len(x.s) < 0x80 { // its uvarint length is one byte
				b = append(b, tagText, byte(len(x.s)))
			} else {
				b = append(b, tagText)
				b = binary.AppendUvarint(b, uint64(len(x.s)))
			}
			b = append(b, x.s...)
		case f.Kind == KFloat:
			if x.f == 0 {
				x.f = 0 // -0 is stored as 0
			}
			b = append(b, tagFloat)
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x.f))
		default: // KInt, KTime (microseconds)
			b = append(b, tagInt)
			b = binary.LittleEndian.AppendUint64(b, uint64(x.i))
		}
	}
	return b
}

// linkFields are the return fields the load may set after staging, when it
// infers a return's order line (link.go).
var linkFields = []string{"order_id", "line_id", "link_method"}

// rowHash is the SQL expression of the row hash of target t's rows in the
// staging table aliased alias: the staged _rh, with the inferred link mixed
// in for returns.
func rowHash(t *target, alias string) string {
	if t.ent.Name != "return_lines" {
		return alias + "._rh"
	}
	return linkHash(alias+"._rh", alias)
}

// linkHash mixes a return's link fields (as they are after inference) into
// the hash h.
func linkHash(h, alias string) string {
	cols := make([]string, len(linkFields))
	for i, f := range linkFields {
		cols[i] = alias + "." + f
	}
	return fmt.Sprintf("hash(%s, %s)", h, strings.Join(cols, ", "))
}

// finishRowHash completes the row hashes of a load written straight into
// t's table (row_hash holds the staged _rh): returns get their links, as
// inferred by prepare, mixed in, so the hash is the one a re-load computes.
func finishRowHash(ctx context.Context, c *sql.Conn, t *target, filter string) error {
	if t.ent.Name != "return_lines" {
		return nil
	}
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET row_hash = %s WHERE %s`,
		t.ent.Name, linkHash("row_hash", t.ent.Name), filter)); err != nil {
		return fmt.Errorf("row hashes: %w", err)
	}
	return nil
}
