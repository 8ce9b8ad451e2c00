package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/retour-analytics/retour/etl/demo"
)

// unlinkReturns rewrites the demo's return lines as a shop whose returns
// name no order: order_id and line_id emptied, the customer who returned
// added (from the order line, as a returns desk records it). Loading the
// files then links the returns by inference (same customer and SKU, latest
// earlier shipment inside the window) instead of by reference. It returns
// the number of return lines rewritten.
func unlinkReturns(data string) (int, error) {
	orders, err := readAll(filepath.Join(data, demo.OrderLinesFile))
	if err != nil {
		return 0, err
	}
	oc := colIndex(orders[0])
	cust := make(map[string]string, len(orders))
	for _, r := range orders[1:] {
		cust[r[oc["order_id"]]+"/"+r[oc["line_id"]]] = r[oc["customer_id"]]
	}
	path := filepath.Join(data, demo.ReturnLinesFile)
	rets, err := readAll(path)
	if err != nil {
		return 0, err
	}
	rc := colIndex(rets[0])
	for _, c := range []string{"order_id", "line_id"} {
		if _, ok := rc[c]; !ok {
			return 0, fmt.Errorf("%s: no %s column", path, c)
		}
	}
	rets[0] = append(rets[0], "customer_id")
	for i, r := range rets[1:] {
		c, ok := cust[r[rc["order_id"]]+"/"+r[rc["line_id"]]]
		if !ok {
			return 0, fmt.Errorf("%s line %d: order line %s/%s not in %s", path, i+2, r[rc["order_id"]], r[rc["line_id"]], demo.OrderLinesFile)
		}
		r[rc["order_id"]], r[rc["line_id"]] = "", ""
		rets[i+1] = append(r, c)
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rets); err != nil {
		f.Close()
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	return len(rets) - 1, f.Close()
}

func readAll(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return recs, nil
}

func colIndex(header []string) map[string]int {
	m := make(map[string]int, len(header))
	for i, h := range header {
		m[h] = i
	}
	return m
}

// writeWAPE writes the engine's WAPE at h 1-4 and 5-13 for a later run's
// ratio (-linked).
func writeWAPE(path string, w0, w1 float64) error {
	return os.WriteFile(path, []byte(fmt.Sprintf("%.6f,%.6f\n", w0, w1)), 0o644)
}

// readWAPE reads what writeWAPE wrote.
func readWAPE(path string) ([2]float64, error) {
	recs, err := readAll(path)
	var w [2]float64
	if err != nil {
		return w, err
	}
	if len(recs[0]) != 2 {
		return w, fmt.Errorf("%s: want two values (WAPE h 1-4, h 5-13), got %d", path, len(recs[0]))
	}
	for i := range w {
		if w[i], err = strconv.ParseFloat(recs[0][i], 64); err != nil {
			return w, fmt.Errorf("%s: %w", path, err)
		}
	}
	return w, nil
}
