package demo_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/retour-analytics/retour/etl/demo"
)

func ExampleGenerate() {
	dir, err := os.MkdirTemp("", "demo")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	opts := demo.DefaultOptions()
	opts.SKUs, opts.Weeks = 10, 52
	truth, err := demo.Generate(context.Background(), dir, opts)
	if err != nil {
		panic(err)
	}
	again, err := demo.ReadTruth(filepath.Join(dir, demo.TruthFile))
	if err != nil {
		panic(err)
	}
	fmt.Println(truth.StartWeek, truth.EndWeek, len(again.Products), len(again.Events))
	// Output: 2025-11-17 2026-W46 10 3
}
