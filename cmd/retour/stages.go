package main

import (
	"context"
	"io"

	"github.com/retour-analytics/retour/warehouse"
)

// demoStage is one step that `retour demo` runs after loading the demo data:
// forecast, KPIs, reports. Each stage's command file registers its own in an
// init function; Order sorts them.
type demoStage struct {
	Name  string
	Order int
	// Run does the stage's work on the loaded warehouse; outDir is the demo's
	// output folder. It returns a line to print (for example the path of what
	// it wrote), or "".
	Run func(ctx context.Context, w *warehouse.DB, outDir string, log io.Writer) (string, error)
}

var demoStages []demoStage

func registerDemoStage(s demoStage) { demoStages = append(demoStages, s) }
