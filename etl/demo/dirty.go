package demo

// Dirty row kinds. Every dirty row is an extra row: removing the dirty rows
// (and keeping the first copy of each exact duplicate) leaves exactly the
// clean data the truth describes. A dirty copy of a real row keeps its key and
// is written before it, so a loader that lets the last row win still ends with
// the clean value.
const (
	kMalformedDate   = iota // a timestamp that is no date in any layout (2025-02-30, 2025-13-07, n/a)
	kDecimalComma           // a money field written "12,99" (quoted) where a point is expected
	kNegativeQty            // qty below zero
	kDuplicate              // an exact copy of the row before it
	kShortRow               // the row cut after a few fields
	kUnknownOrder           // a return whose order_id is not in order_lines (fresh return_id)
	kDatesOutOfOrder        // a return received before it was requested
	kLatin1                 // products.csv rows (dirty copies included) with non-ASCII text, written in Latin-1; not extra rows
	nKinds
)

// DirtyKinds names the kinds as they appear in Truth.Dirty.
var DirtyKinds = [nKinds]string{"malformed_date", "decimal_comma", "negative_qty", "duplicate", "short_row",
	"unknown_order", "dates_out_of_order", "latin1"}

// File indexes.
const (
	fProducts = iota
	fOrders
	fReturns
	fClaims
	nFiles
)

var fileNames = [nFiles]string{ProductsFile, OrderLinesFile, ReturnLinesFile, ClaimsFile}

// fileKinds are the kinds injected into each file (products: see writeProducts).
var fileKinds = [nFiles][]int{
	fOrders:  {kMalformedDate, kDecimalComma, kNegativeQty, kDuplicate, kShortRow},
	fReturns: {kMalformedDate, kDecimalComma, kNegativeQty, kDuplicate, kShortRow, kUnknownOrder, kDatesOutOfOrder},
	fClaims:  {kMalformedDate, kDecimalComma, kDuplicate},
}

// Where each kind strikes, per file: timestamp, money and qty columns.
var (
	dateCol  = [nFiles]int{fOrders: olOrderTS, fReturns: rlRequested, fClaims: clOpened}
	moneyCol = [nFiles]int{fProducts: prListPrice, fOrders: olUnitPrice, fReturns: rlRefund, fClaims: clAmount}
	qtyCol   = [nFiles]int{fOrders: olQty, fReturns: rlQty}
)

var badDates = []string{
	"2025-02-30 10:15:00", "2025-13-07 09:00:00", "31/02/2025 14:00", "2025-06-31",
	"32/01/2026", "2025-00-10 08:00:00", "n/a", "2025-1O-12 11:00:00",
}

// emit appends row to out, preceded (or followed, for duplicates) by a dirty
// variant when the dice say so.
func (g *taskGen) emit(file int, out, row []byte) []byte {
	g.c.rows[file]++
	if !g.dirty || g.r.Float64() >= g.rate {
		return append(out, row...)
	}
	kinds := fileKinds[file]
	k := kinds[g.r.IntN(len(kinds))]
	g.c.dirty[file][k]++
	g.c.rows[file]++
	switch k {
	case kDuplicate:
		out = append(out, row...)
	case kShortRow:
		n := 3 + g.r.IntN(len(Columns[fileNames[file]])-4)
		_, e, _ := fieldBounds(row, n-1)
		out = append(out, row[:e]...)
		out = append(out, '\n')
	case kMalformedDate:
		out = replaceField(out, row, dateCol[file], []byte(badDates[g.r.IntN(len(badDates))]))
	case kDecimalComma:
		v := field(row, moneyCol[file])
		g.tmp = append(g.tmp[:0], '"')
		for _, ch := range v {
			if ch == '.' {
				ch = ','
			}
			g.tmp = append(g.tmp, ch)
		}
		g.tmp = append(g.tmp, '"')
		out = replaceField(out, row, moneyCol[file], g.tmp)
	case kNegativeQty:
		g.tmp = append(append(g.tmp[:0], '-'), field(row, qtyCol[file])...)
		out = replaceField(out, row, qtyCol[file], g.tmp)
	case kUnknownOrder:
		g.unknown++
		n := g.block*100000 + g.unknown
		g.tmp = appendPad(append(g.tmp[:0], "RMA-"...), g.sku.idx+1, 6)
		g.tmp = strconvAppendInt(append(g.tmp, "-999-"...), n)
		id := len(g.tmp)
		g.tmp = appendPad(append(g.tmp, "SO-"...), g.sku.idx+1, 6)
		g.tmp = strconvAppendInt(append(g.tmp, "-999-"...), n)
		g.tmp2 = replaceField(g.tmp2[:0], row, rlReturnID, g.tmp[:id])
		out = replaceField(out, g.tmp2, rlOrderID, g.tmp[id:])
	case kDatesOutOfOrder:
		recv := g.lastRequested - int64(1+g.r.IntN(3))*secPerDay - g.r.Int64N(3600)
		g.tmp = g.m.cal.appendTS(g.tmp[:0], recv)
		out = replaceField(out, row, rlReceived, g.tmp)
	}
	return append(out, row...)
}
