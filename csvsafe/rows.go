package csvsafe

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"time"
)

// WriteRows writes a header and every row of rows to out as CSV and returns
// the number of data rows. Each value is written by its type: numbers as
// numbers (integers in full, floats in the shortest form that reads back
// exactly), booleans as true/false, dates as 2006-01-02, timestamps as
// 2006-01-02 15:04:05, NULL as an empty cell, and text through Cell.
func WriteRows(out io.Writer, rows *sql.Rows) (int, error) {
	cols, err := rows.Columns()
	if err != nil {
		return 0, fmt.Errorf("read columns: %w", err)
	}
	cw := csv.NewWriter(out)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = Cell(c)
	}
	if err := cw.Write(head); err != nil {
		return 0, fmt.Errorf("write csv header: %w", err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("read row %d: %w", n+1, err)
		}
		for i, v := range vals {
			rec[i] = Value(v)
		}
		if err := cw.Write(rec); err != nil {
			return n, fmt.Errorf("write csv row %d: %w", n+1, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read rows: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("write csv: %w", err)
	}
	return n, nil
}

// Value formats one scanned database value as a safe CSV cell (see WriteRows).
func Value(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return Cell(x)
	case []byte:
		return Cell(string(x))
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.FormatInt(int64(x), 10)
	case int8:
		return strconv.FormatInt(int64(x), 10)
	case int16:
		return strconv.FormatInt(int64(x), 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint8:
		return strconv.FormatUint(uint64(x), 10)
	case uint16:
		return strconv.FormatUint(uint64(x), 10)
	case uint32:
		return strconv.FormatUint(uint64(x), 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float32:
		return float(float64(x), 32)
	case float64:
		return float(x, 64)
	case *big.Int:
		return x.String()
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		if x.Nanosecond() != 0 {
			return x.Format("2006-01-02 15:04:05.999999")
		}
		return x.Format("2006-01-02 15:04:05")
	case fmt.Stringer:
		// decimals, UUIDs, intervals: a decimal's text is a number.
		return Number(x.String())
	}
	return Cell(fmt.Sprint(v))
}

// float writes a float in the shortest form that reads back exactly, in
// plain notation for ordinary magnitudes ("0.0047", "-12.5").
func float(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return Cell("-inf")
	}
	a := math.Abs(f)
	if a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(f, 'e', -1, bits)
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}
