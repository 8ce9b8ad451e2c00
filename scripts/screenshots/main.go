// Command screenshots writes the pictures of docs/reports.md: each pack's
// first screen at 1400 px and at 400 px, and its first printed A4 page,
// from a warehouse (the demo's by default). It renders the packs into a
// temporary folder, opens them in headless Chromium with chromedp, prints
// the first page to PDF and turns it into a PNG with Ghostscript (gs).
//
//	go run -tags=duckdb_arrow ./scripts/screenshots --db demo-out/retour.duckdb --out docs/img
//
// `make screenshots` runs it; it is not part of `make test`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/retour-analytics/retour/reports"
	"github.com/retour-analytics/retour/warehouse"
)

func main() {
	db := flag.String("db", "demo-out/retour.duckdb", "warehouse to render the packs from")
	out := flag.String("out", "docs/img", "folder the PNGs are written to")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium executable")
	lang := flag.String("lang", "en", "language of the packs: en or fr")
	flag.Parse()
	if err := run(*db, *out, *chromium, *lang); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(db, out, chromium, lang string) error {
	ctx := context.Background()
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("warehouse %s: %w (run `make demo` first)", db, err)
	}
	if _, err := exec.LookPath("gs"); err != nil {
		return errors.New("gs (Ghostscript) not found: it turns the printed page into a PNG; install ghostscript")
	}
	w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("open %s: %w", db, err)
	}
	defer w.Close()
	o := reports.DefaultOptions()
	if o.Lang, err = reports.ParseLang(lang); err != nil {
		return err
	}
	o.Exports = false
	tmp, err := os.MkdirTemp("", "retour-shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	res, err := reports.Render(ctx, w, tmp, o)
	if err != nil {
		return fmt.Errorf("render packs: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.WindowSize(1400, 1000))
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	for _, pack := range reports.Packs {
		if err := shoot(bctx, res.Packs[pack], out, pack, tmp); err != nil {
			return fmt.Errorf("%s pack: %w", pack, err)
		}
	}
	return nil
}

// drawn waits until every chart of the page is drawn.
const drawn = `new Promise(r => { const t = () => document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0 ? r(true) : setTimeout(t, 100); t(); })`

func shoot(bctx context.Context, file, out, pack, tmp string) error {
	tctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(tctx, 300*time.Second)
	defer cancelT()
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+abs)); err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	for _, sz := range []struct{ w, h int64 }{{1400, 1000}, {400, 860}} {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: sz.w, Height: sz.h, DeviceScaleFactor: 1}); err != nil {
			return err
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](drawn, chromedp.EvalAwaitPromise)); err != nil {
			return err
		}
		time.Sleep(700 * time.Millisecond) // the charts redraw after the resize
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("%s-%d.png", pack, sz.w)), png, 0o644); err != nil {
			return err
		}
	}
	if _, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, struct{}{}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		return err
	}
	time.Sleep(700 * time.Millisecond) // print layout: charts redraw with patterns
	pdf, err := chromedp.Call(ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PrintBackground: ptr(true), PageRanges: "1", PreferCSSPageSize: ptr(true)})
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	pdfPath := filepath.Join(tmp, pack+".pdf")
	if err := os.WriteFile(pdfPath, pdf.Data, 0o644); err != nil {
		return err
	}
	png := filepath.Join(out, pack+"-print.png")
	cmd := exec.Command("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r72", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
		"-dFirstPage=1", "-dLastPage=1", "-sOutputFile="+png, pdfPath)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("gs %s: %w: %s", pdfPath, err, b)
	}
	fmt.Println(png)
	return nil
}

func ptr[T any](v T) *T { return &v }
