package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadRTimes: R's times file mixes method,wall,cpu lines with a cores,N
// line; every value is read.
func TestReadRTimes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "times.csv")
	if err := os.WriteFile(p, []byte("ets,396.06,83.38\ncroston,931.83,186.47\ncores,2\nthetaf,12.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rt := readRTimes(p)
	if rt.cores != "2" || rt.sec["ets"] != 396.06 || rt.cpu["ets"] != 83.38 || rt.cpu["croston"] != 186.47 || rt.sec["thetaf"] != 12.5 {
		t.Fatalf("read %+v", rt)
	}
	if _, ok := rt.cpu["thetaf"]; ok {
		t.Fatal("a line without CPU time got one")
	}
}
