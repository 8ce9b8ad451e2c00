package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/forecast"
	"github.com/retour-analytics/retour/warehouse"
)

// score accumulates SKU-week WAPE in the two horizon buckets.
type score struct{ ae, a [2]float64 }

func (s *score) add(h int, f, a float64) {
	b := 0
	if h >= 4 {
		b = 1
	}
	s.ae[b] += math.Abs(f - a)
	s.a[b] += a
}

func (s *score) wape(b int) float64 { return s.ae[b] / s.a[b] }

func benchDemo(args []string) error {
	fs := flag.NewFlagSet("demo", flag.ExitOnError)
	dir := fs.String("dir", "bench-out/demo", "work folder")
	skus := fs.Int("skus", 200, "demo SKUs")
	weeks := fs.Int("weeks", 156, "demo weeks")
	seed := fs.Int64("seed", 1, "demo seed")
	lines := fs.Int("lines", 0, "demo order lines (0: the generator's natural size, about 8 per SKU and week)")
	alertsOnly := fs.Bool("alerts-only", false, "run only the alert bench")
	origins := fs.Int("origins", 4, "bench origins (4 weeks apart, the last 13 weeks before the end)")
	export := fs.String("export", "", "write the SKU series (id,t,value) and bench origins for R to this file and stop")
	rfc := fs.String("r", "", "R forecasts (id,origin,h,model,mean) to score beside the engine")
	rtime := fs.String("rtime", "", "file with R's wall seconds per model (model,seconds) and a cores,N line")
	selection := fs.String("selection", "", "engine selection: best or combo (default: the engine's)")
	models := fs.String("models", "", "comma-separated engine candidate models (default all)")
	noAlerts := fs.Bool("no-alerts", false, "skip the alert bench")
	oneScale := fs.Bool("onescale", false, "one dispersion per horizon bucket for every SKU (no per-series error scale)")
	alpha := fs.Float64("alpha", 0, "alert design false-alarm rate (0: the engine's default)")
	minCount := fs.Float64("min-count", 0, "alert minimum reason returns (0: the engine's default, negative: none)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the engine runs to this file")
	traceFile := fs.String("trace", "", "write a Go execution trace (go tool trace) of the engine runs to this file")
	reps := fs.Int("reps", 1, "time the engine this many times over the bench origins and report the median (the machine is shared: 3 steadies the figure)")
	phases := fs.Bool("phases", false, "print the engine's wall time per phase (summed over the bench origins)")
	unlink := fs.Bool("unlink", false, "remove the order references from the returns (customer added): links are inferred at load")
	wapeOut := fs.String("wape-out", "", "write the engine's WAPE at h 1-4 and 5-13 to this file")
	linked := fs.String("linked", "", "file written by -wape-out of the linked run: print this run's WAPE over it")
	memProfile := fs.String("memprofile", "", "write an allocation profile (after the engine runs) to this file")
	dump := fs.String("dump", "", "write every output of the engine's runs (full precision) to this file, to compare two builds byte for byte")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	data := filepath.Join(*dir, "data")
	truthPath := filepath.Join(data, demo.TruthFile)
	if _, err := os.Stat(truthPath); err != nil {
		o := demo.DefaultOptions()
		o.SKUs, o.Weeks, o.Seed, o.Lines = *skus, *weeks, *seed, *lines
		if _, err := demo.Generate(ctx, data, o); err != nil {
			return err
		}
		if *unlink {
			n, err := unlinkReturns(data)
			if err != nil {
				return err
			}
			fmt.Printf("%d return lines without order reference (customer added): links inferred at load\n", n)
		}
	}
	truth, err := demo.ReadTruth(truthPath)
	if err != nil {
		return err
	}
	dbPath := filepath.Join(*dir, "bench.duckdb")
	fresh := false
	if _, err := os.Stat(dbPath); err != nil {
		fresh = true
	}
	w, err := warehouse.Open(ctx, dbPath, warehouse.Options{})
	if err != nil {
		return err
	}
	defer w.Close()
	if fresh {
		var paths []string
		for _, f := range []string{demo.ProductsFile, demo.OrderLinesFile, demo.ReturnLinesFile} {
			paths = append(paths, filepath.Join(data, f))
		}
		sums, err := etl.LoadFiles(ctx, w, paths, etl.Options{})
		if err != nil {
			return err
		}
		for _, s := range sums {
			if s.Links != nil {
				fmt.Printf("returned units linked to an order line: %d given, %d inferred at load, %d not linked (%.1f %% linked)\n",
					s.Links.Given, s.Links.Inferred, s.Links.None, 100*s.Links.Rate())
			}
		}
	}
	ds, err := forecast.Load(ctx, w, forecast.LoadOptions{})
	if err != nil {
		return err
	}
	ts, err := time.Parse("2006-01-02", truth.StartWeek)
	if err != nil {
		return err
	}
	off := int(math.Round(ds.Start.Sub(ts).Hours() / 24 / 7)) // dataset week t = truth week t+off
	prod := map[string]demo.ProductTruth{}
	for _, p := range truth.Products {
		prod[p.SKU] = p
	}
	H := 13
	var bos []int
	for k := *origins - 1; k >= 0; k-- {
		bos = append(bos, ds.Weeks-H-4*k)
	}
	if *export != "" {
		return exportSeries(*export, ds, bos)
	}
	if *alertsOnly {
		return benchAlerts(ctx, ds, truth, off, alertSettings{*alpha, *minCount})
	}
	var eng, sn, ets, orc, clv score
	var c80, c95, p80, p95, above95, above95r, aboveWhole, ncov float64
	opts := forecast.DefaultOptions()
	opts.NoSeriesScale = *oneScale
	if *selection != "" {
		opts.Selection = *selection
	}
	if *models != "" {
		opts.Models = strings.Split(*models, ",")
	}
	var phaseNames []string
	phaseSec := map[string]float64{}
	if *phases {
		opts.Phase = func(p string, d time.Duration) {
			if _, ok := phaseSec[p]; !ok {
				phaseNames = append(phaseNames, p)
			}
			phaseSec[p] += d.Seconds()
		}
	}
	// Forecasts per SKU, origin and horizon, kept to score the engine and the
	// oracle on exactly the points each R method forecast.
	pts := map[string]*points{}
	for _, s := range ds.Series {
		pts[s.Key] = newPoints(len(bos), H)
	}
	engSec := 0.0
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	stopTrace, err := startTrace(*traceFile)
	if err != nil {
		return err
	}
	engCPU := 0.0 // CPU of the engine's runs alone (the scoring below is outside)
	for oi, o := range bos {
		t0, c0 := time.Now(), cpuSeconds()
		res, err := forecast.Run(ctx, ds, o, opts)
		if err != nil {
			return err
		}
		engSec += time.Since(t0).Seconds()
		engCPU += cpuSeconds() - c0
		if err := dumpTo(*dump, oi == 0, res); err != nil {
			return err
		}
		var sku *forecast.LevelResult
		for _, l := range res.Levels {
			if l.Level == forecast.LevelSKU {
				sku = l
			}
		}
		byKey := map[string]*forecast.KeyResult{}
		for _, k := range sku.Keys {
			byKey[k.Key] = k
		}
		for _, s := range ds.Series {
			k := byKey[s.Key]
			in := history(s, o)
			fsn, _ := forecast.Forecast(forecast.SeasonalNaive{}, in, H)
			or := oracle(prod[s.Key], truth.DemandAR, s.X, o, off, H, false)
			cl := oracle(prod[s.Key], truth.DemandAR, s.X, o, off, H, true)
			pt := pts[s.Key]
			for h := range H {
				a := s.Y[o+h]
				pt.eng[oi][h], pt.orc[oi][h] = k.Mean[h], or[h]
				eng.add(h, k.Mean[h], a)
				sn.add(h, fsn[h], a)
				orc.add(h, or[h], a)
				clv.add(h, cl[h], a)
				k80, k95 := k.Cover(h, a)
				c80 += k80
				c95 += k95
				if _, q95 := k.Upper(h); a > q95 {
					above95++
				}
				if _, q95 := k.Upper(h); a > math.Ceil(q95) {
					aboveWhole++
				}
				above95r += k.Above95(h, a)
				if a >= k.Q[h][1] && a <= k.Q[h][3] {
					p80++
				}
				if a >= k.Q[h][0] && a <= k.Q[h][4] {
					p95++
				}
				ncov++
			}
		}
	}
	engTimes, engCPUs := []float64{engSec}, []float64{engCPU}
	for range *reps - 1 {
		sec, cpu := 0.0, 0.0
		for _, o := range bos {
			t0, c0 := time.Now(), cpuSeconds()
			if _, err := forecast.Run(ctx, ds, o, opts); err != nil {
				return err
			}
			sec += time.Since(t0).Seconds()
			cpu += cpuSeconds() - c0
		}
		engTimes = append(engTimes, sec)
		engCPUs = append(engCPUs, cpu)
	}
	engSec, engCPU = median(engTimes), median(engCPUs)
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if err := stopTrace(); err != nil {
		return err
	}
	if err := stopProfile(); err != nil {
		return err
	}
	// The engine's ETS alone (ses / damped / Holt-Winters by AIC) per SKU and
	// origin, on all cores: the same job R's ets() does, timed the same way.
	etsSec := timeETS(ds, bos, H, func(key string, oi int, f []float64) {
		s := pts[key]
		copy(s.ets[oi], f)
	})
	for _, s := range ds.Series {
		for oi, o := range bos {
			for h := range H {
				ets.add(h, pts[s.Key].ets[oi][h], s.Y[o+h])
			}
		}
	}
	nSKU := len(ds.Series)
	perSKU := func(sec float64, n int) string {
		return fmt.Sprintf("%.2f", 1000*sec/float64(n*len(bos)))
	}
	fmt.Printf("demo data (seed %d): %d SKUs x %d weeks, %d bench origins (weeks %v), h = 1..13; engine selection uses only weeks before each origin\n", truth.Seed, nSKU, ds.Weeks, len(bos), bos)
	fmt.Printf("SKU-week WAPE = sum |forecast - actual| / sum actual over SKUs, origins and horizons (returned units, from weekly_returned)\n")
	fmt.Printf("time = wall seconds on this machine (%d cores, I/O excluded); ms per SKU-origin = time / (SKUs x origins)\n", runtime.GOMAXPROCS(0))
	if len(engTimes) > 1 {
		fmt.Printf("engine time: median of %d timings of the full runs over the bench origins: %s s\n", len(engTimes), fmtTimes(engTimes))
	}
	fmt.Printf("%-34s %10s %10s %9s %12s\n", "method", "WAPE h1-4", "WAPE h5-13", "seconds", "ms/SKU-orig")
	row := func(name string, s score, sec string, ms string) {
		fmt.Printf("%-34s %9.1f%% %9.1f%% %9s %12s\n", name, 100*s.wape(0), 100*s.wape(1), sec, ms)
	}
	row("oracle (truth parameters)", orc, "", "")
	row("  clairvoyant (+ future demand noise)", clv, "", "")
	row("engine (full run per origin)", eng, fmt.Sprintf("%.2f", engSec), perSKU(engSec, nSKU))
	row("seasonal naive", sn, "", "")
	row("engine ETS alone (ses/damped/hw)", ets, fmt.Sprintf("%.2f", etsSec), perSKU(etsSec, nSKU))
	if *phases {
		fmt.Printf("engine CPU time (user+system, all threads, the full runs alone, median of the timings): %.2fs, %.2f ms per SKU-origin\n", engCPU, 1000*engCPU/float64(nSKU*len(bos)))
		fmt.Printf("engine wall time by phase, summed over the %d bench origins (mean of the %d timings):", len(bos), len(engTimes))
		for _, p := range phaseNames {
			fmt.Printf(" %s %.2fs", p, phaseSec[p]/float64(len(engTimes)))
		}
		fmt.Println()
	}
	if *wapeOut != "" {
		if err := writeWAPE(*wapeOut, eng.wape(0), eng.wape(1)); err != nil {
			return err
		}
	}
	if *linked != "" {
		lw, err := readWAPE(*linked)
		if err != nil {
			return err
		}
		fmt.Printf("\nreturns without order reference (links inferred at load) / with references: engine WAPE h1-4 %.1f%% / %.1f%% = %.3f, h5-13 %.1f%% / %.1f%% = %.3f (target <= 1.03)\n",
			100*eng.wape(0), 100*lw[0], eng.wape(0)/lw[0], 100*eng.wape(1), 100*lw[1], eng.wape(1)/lw[1])
	}
	fmt.Printf("\nratios (targets: engine/oracle <= 1.15, engine/snaive <= 0.75):\n")
	for b, name := range []string{"h1-4", "h5-13"} {
		fmt.Printf("  %-6s engine/oracle %.3f  engine/snaive %.3f  engine/ETS %.3f\n", name, eng.wape(b)/orc.wape(b), eng.wape(b)/sn.wape(b), eng.wape(b)/ets.wape(b))
	}
	if *rfc != "" {
		rs, err := scoreR(*rfc, ds, bos, pts)
		if err != nil {
			return err
		}
		rt := readRTimes(*rtime)
		fmt.Printf("\nR's forecast package on the same series and origins, each scored beside the engine (and the oracle) on exactly\nthe SKU-origin-horizon points it forecast; R time = wall seconds of its fitting loop (parallel::mclapply, %s cores)\n", rt.cores)
		fmt.Printf("%-14s %6s %22s %22s %22s %9s %12s %12s\n", "R method", "SKUs", "WAPE h1-4 R/eng/orc", "WAPE h5-13 R/eng/orc", "engine vs R h1-4/5-13", "R sec", "R ms/SKU-or", "R/engine t")
		names := make([]string, 0, len(rs))
		for n := range rs {
			names = append(names, n)
		}
		sort.Strings(names)
		engMS := 1000 * engSec / float64(nSKU*len(bos))
		etsMS := 1000 * etsSec / float64(nSKU*len(bos))
		for _, n := range names {
			r := rs[n]
			sec, ok := rt.sec[n]
			tsec, tms, ratio := "", "", ""
			if ok && r.skus > 0 {
				ms := 1000 * sec / float64(r.skus*len(bos))
				tsec, tms, ratio = fmt.Sprintf("%.1f", sec), fmt.Sprintf("%.2f", ms), fmt.Sprintf("%.1f x", ms/engMS)
				if n == "ets" {
					ratio += fmt.Sprintf(" (%.1f x vs engine ETS)", ms/etsMS)
				}
			}
			fmt.Printf("%-14s %6d %6.1f/%5.1f/%5.1f %% %8.1f/%5.1f/%5.1f %% %9.1f%% / %5.1f%% %9s %12s %12s\n", n, r.skus,
				100*r.r.wape(0), 100*r.eng.wape(0), 100*r.orc.wape(0), 100*r.r.wape(1), 100*r.eng.wape(1), 100*r.orc.wape(1),
				100*(1-r.eng.wape(0)/r.r.wape(0)), 100*(1-r.eng.wape(1)/r.r.wape(1)), tsec, tms, ratio)
		}
		if rc, ok := rt.cpu["ets"]; ok && engCPU > 0 && rs["ets"].skus > 0 {
			rms := 1000 * rc / float64(rs["ets"].skus*len(bos))
			ems := 1000 * engCPU / float64(nSKU*len(bos))
			fmt.Printf("CPU time (user + sys, all threads and processes): R ets() %.1f s, %.2f ms per SKU-origin; engine full run %.2f s, %.3f ms per SKU-origin (median of the timings, the full runs alone); R ets / engine %.1f x (target >= 20)\n",
				rc, rms, engCPU, ems, rms/ems)
		}
		fmt.Printf("targets: engine WAPE >= 15 %% below the better R method; engine time >= 20 x lower (R/engine t >= 20)\n")
		fmt.Printf("the oracle column is the best possible forecast: its distance below R bounds what any method can gain over R\n")
	}
	fmt.Printf("\nintervals on the bench origins (out of sample): 80 %% band covers %.1f %% (randomised PIT; plain lo<=a<=hi %.1f %%), 95 %% band %.1f %% (plain %.1f %%); targets 77-83 and 92-98\n",
		100*c80/ncov, 100*p80/ncov, 100*c95/ncov, 100*p95/ncov)
	fmt.Printf("SKU-weeks above the 0.95 quantile: %.1f %% randomised (PIT), %.1f %% plain (a > q95), %.1f %% above it rounded up to a whole unit (a > ceil(q95), the \"at most N\" reading); target 3-7\n", 100*above95r/ncov, 100*above95/ncov, 100*aboveWhole/ncov)
	if *noAlerts {
		return nil
	}
	return benchAlerts(ctx, ds, truth, off, alertSettings{*alpha, *minCount})
}

// oracle is the order-linked formula with the truth's parameters over the
// shipments known at origin o: actual X before o; after o, the demand
// intensity expected from what is known at o (the true level, life cycle,
// season and growth, and the demand noise so far decaying at the AR(1) rate:
// ProductTruth.ExpectedDemand). That is the best forecast possible with the
// information at the origin. The clairvoyant variant reads the future demand
// intensity itself, future noise included, which no forecaster can know: it
// is printed for reference only.
func oracle(p demo.ProductTruth, ar demo.DemandAR, x []float64, o, off, H int, clairvoyant bool) []float64 {
	f := make([]float64, H)
	for h := range H {
		t := o + h
		for k, pk := range p.LagPMF {
			s := t - k
			ts := s + off
			if s < 0 || ts < 0 || ts >= len(p.ReturnProb) {
				continue
			}
			var ship float64
			switch {
			case s < o:
				ship = x[s]
			case clairvoyant:
				ship = p.Demand[ts]
			default:
				ship = p.ExpectedDemand(ar, ts, o+off)
			}
			f[h] += ship * p.ReturnProb[ts] * pk
		}
	}
	return f
}

// alertSettings are the alert options the bench runs with (flags -alpha and
// -min-count; zero = the engine's defaults).
type alertSettings struct{ alpha, minCount float64 }

func benchAlerts(ctx context.Context, ds *forecast.Dataset, truth *demo.Truth, off int, as alertSettings) error {
	opts := forecast.DefaultOptions()
	if as.alpha > 0 {
		opts.AlertFalseAlarm = as.alpha
	}
	if as.minCount != 0 {
		opts.AlertMinCount = as.minCount
	}
	res, err := forecast.Run(ctx, ds, 0, opts)
	if err != nil {
		return err
	}
	prod := map[string]*demo.ProductTruth{}
	for i := range truth.Products {
		prod[truth.Products[i].SKU] = &truth.Products[i]
	}
	byKey := map[string]*forecast.Series{}
	for _, s := range ds.Series {
		byKey[s.Key] = s
	}
	eventSKU := map[string]bool{}
	fmt.Printf("\nreason alerts (share and rate CUSUMs, design false-alarm rate %.3g per series-week, at least %g reason returns):\n", opts.AlertFalseAlarm, opts.AlertMinCount)
	fmt.Printf("  delay = alert week - first ship week of the affected units; best possible = a CUSUM knowing the true\n  before/after reason returns (truth.json) at the same false-alarm rate: on this data, and the median over 1000 simulated paths\n")
	for _, e := range truth.Events {
		if e.SKU == "" {
			continue
		}
		eventSKU[e.SKU] = true
		start := e.StartWeek - off
		best := -1
		for _, a := range res.Alerts {
			if a.Level == forecast.LevelSKU && a.Key == e.SKU && a.Reason == e.Reason && a.DetectedWeek >= start && a.DetectedWeek < e.EndWeek-off+20 {
				if best < 0 || a.DetectedWeek < best {
					best = a.DetectedWeek
				}
			}
		}
		got := "NOT detected"
		if best >= 0 {
			got = fmt.Sprintf("alert in week %d, delay %d weeks (target <= 2)", best, best-start)
		}
		fmt.Printf("  %-18s %s %s from ship week %d: %s\n", e.Kind, e.SKU, e.Reason, start, got)
		if s, p := byKey[e.SKU], prod[e.SKU]; s != nil && p != nil {
			od, med := oracleDelay(s, ds.Reasons, p, e, off, opts.AlertFalseAlarm, 1)
			fmt.Printf("  %-18s best possible delay: %s on this data, median %s; %.1f returns a week before, %.1f during (expected, all reasons)\n", "", weeksOrNone(od), weeksOrNone(med), meanRate(p, e, off, false), meanRate(p, e, off, true))
			if med < 0 || med > 2 {
				for k := 2.0; k <= 64; k *= 2 {
					if _, m := oracleDelay(s, ds.Reasons, p, e, off, opts.AlertFalseAlarm, k); m >= 0 && m <= 2 {
						fmt.Printf("  %-18s a median best-possible delay <= 2 weeks needs %g x this SKU's volume (simulated)\n", "", k)
						break
					}
				}
			}
		}
	}
	// The carrier event raises damaged_in_transit on every SKU shipped by
	// that carrier: such alerts in its window are detections, not false alarms.
	var carrier *demo.Event
	for i := range truth.Events {
		if truth.Events[i].Kind == "carrier_damage" {
			carrier = &truth.Events[i]
		}
	}
	carrierAlert := func(a forecast.Alert) bool {
		return carrier != nil && a.Reason == carrier.Reason && a.DetectedWeek >= carrier.StartWeek-off && a.DetectedWeek < carrier.EndWeek-off+16
	}
	if carrier != nil {
		nSKU, first := 0, -1
		for _, a := range res.Alerts {
			if carrierAlert(a) && (a.Level == forecast.LevelSKU || a.Level == forecast.LevelCategory) {
				if a.Level == forecast.LevelSKU {
					nSKU++
				}
				if first < 0 || a.DetectedWeek < first {
					first = a.DetectedWeek
				}
			}
		}
		fmt.Printf("  %-18s %s in %s, %s from ship week %d: first SKU or category alert in week %d, %d SKU alerts in the window (not counted below)\n",
			carrier.Kind, carrier.Carrier, carrier.Country, carrier.Reason, carrier.StartWeek-off, first, nSKU)
	}
	fa, tested := 0, 0
	for _, s := range ds.Series {
		if eventSKU[s.Key] || s.Reasons == nil {
			continue
		}
		tot := 0.0
		for _, v := range s.Y {
			tot += v
		}
		if tot/float64(ds.Weeks) >= opts.AlertMinUnits {
			tested++
		}
	}
	lastWeeks := 0
	for _, a := range res.Alerts {
		if a.Level == forecast.LevelSKU && !eventSKU[a.Key] && !carrierAlert(a) {
			fa++
			if a.DetectedWeek >= ds.Weeks-13 {
				lastWeeks++
			}
		}
	}
	weeks := float64(tested*len(ds.Reasons)) * float64(ds.Weeks-26)
	fmt.Printf("  false alarms on %d tested event-free SKUs (>= %.1f returns a week): %d SKU-level alerts over %.0f SKU-reason-weeks (%.2g per series-week; %.2g per SKU-year), %d in the last 13 weeks\n",
		tested, opts.AlertMinUnits, fa, weeks, float64(fa)/weeks, float64(fa)/float64(tested)/(float64(ds.Weeks-26)/52), lastWeeks)
	return nil
}

func weeksOrNone(d int) string {
	if d < 0 {
		return "none within 20 weeks"
	}
	return fmt.Sprintf("%d weeks", d)
}

// eventLambdas returns the expected reason returns per receipt week of the
// event SKU, with the event (l1) and without it (l0), conditional on the
// shipments actually made (the truth's parameters).
func eventLambdas(s *forecast.Series, p *demo.ProductTruth, e demo.Event, off int) (l0, l1 []float64) {
	T := len(s.X)
	l0, l1 = make([]float64, T), make([]float64, T)
	for t := range T {
		for k, pk := range p.LagPMF {
			sw := t - k
			ts := sw + off
			if sw < 0 || ts < 0 || ts >= len(p.ReturnProb) || pk == 0 {
				continue
			}
			pr := p.ReturnProb[ts]
			m1 := p.ReasonMixAt(ts)[e.Reason]
			pb, m0 := pr, m1
			if ts >= e.StartWeek && ts < e.EndWeek {
				pb, m0 = pr/e.ReturnProbFactor, p.ReasonMix[e.Reason]
			}
			l1[t] += s.X[sw] * pr * m1 * pk
			l0[t] += s.X[sw] * pb * m0 * pk
		}
	}
	return l0, l1
}

// oracleDelay runs the optimal CUSUM for the known change l0 -> l1 at false
// alarm rate alpha (threshold ln(1/alpha)) on the observed reason returns and
// on 1000 Poisson paths drawn from l1; it returns the delay on the data and
// the median simulated delay (-1: none within 20 weeks of the start).
func oracleDelay(s *forecast.Series, reasons []string, p *demo.ProductTruth, e demo.Event, off int, alpha, scale float64) (int, int) {
	r := slices.Index(reasons, e.Reason)
	if r < 0 || s.Reasons == nil {
		return -1, -1
	}
	l0, l1 := eventLambdas(s, p, e, off)
	for t := range l0 {
		l0[t] *= scale
		l1[t] *= scale
	}
	start := e.StartWeek - off
	end := min(len(l0), start+20)
	h := math.Log(1 / alpha)
	run := func(x func(t int) float64) int {
		S := 0.0
		for t := start; t < end; t++ {
			if l0[t] <= 0 || l1[t] <= 0 {
				continue
			}
			S = math.Max(0, S+x(t)*math.Log(l1[t]/l0[t])-(l1[t]-l0[t]))
			if S >= h {
				return t - start
			}
		}
		return -1
	}
	onData := run(func(t int) float64 { return s.Reasons[r][t] })
	rng := rand.New(rand.NewPCG(1, 2))
	ds := make([]int, 1000)
	for i := range ds {
		ds[i] = run(func(t int) float64 { return poisson(rng, l1[t]) })
		if ds[i] < 0 {
			ds[i] = math.MaxInt
		}
	}
	slices.Sort(ds)
	med := ds[len(ds)/2]
	if med == math.MaxInt {
		med = -1
	}
	return onData, med
}

func poisson(r *rand.Rand, l float64) float64 {
	// Knuth's product method; l is a few units at most here.
	L, k, p := math.Exp(-l), 0, 1.0
	for {
		p *= r.Float64()
		if p <= L {
			return float64(k)
		}
		k++
	}
}

// meanRate is the SKU's expected returns a week (all reasons) over the 10
// weeks before the event (during = false) or over its ship weeks.
func meanRate(p *demo.ProductTruth, e demo.Event, off int, during bool) float64 {
	a, b := e.StartWeek-10, e.StartWeek
	if during {
		a, b = e.StartWeek, e.EndWeek
	}
	sum := 0.0
	for t := max(a, 0); t < b && t < len(p.Demand); t++ {
		sum += p.Demand[t] * p.ReturnProb[t]
	}
	return sum / float64(b-a)
}

func exportSeries(path string, ds *forecast.Dataset, bos []int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	_ = cw.Write([]string{"id", "t", "value"})
	for _, s := range ds.Series {
		for t, v := range s.Y {
			_ = cw.Write([]string{s.Key, strconv.Itoa(t + 1), strconv.FormatFloat(v, 'g', -1, 64)})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	var ob []string
	for _, o := range bos {
		ob = append(ob, strconv.Itoa(o))
	}
	return os.WriteFile(path+".origins", []byte(fmt.Sprintln(joinInts(bos))), 0o644)
}

func joinInts(v []int) string {
	s := ""
	for i, x := range v {
		if i > 0 {
			s += " "
		}
		s += strconv.Itoa(x)
	}
	return s
}

// points holds one SKU's forecasts per bench origin and horizon.
type points struct{ eng, orc, ets [][]float64 }

func newPoints(origins, H int) *points {
	mk := func() [][]float64 {
		m := make([][]float64, origins)
		for i := range m {
			m[i] = make([]float64, H)
		}
		return m
	}
	return &points{mk(), mk(), mk()}
}

// cpuSeconds is the process's user + system CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// history is a SKU's returns before origin o, from its first activity.
func history(s *forecast.Series, o int) *forecast.Input {
	first := 0
	for first < o && s.Y[first] == 0 && s.X[first] == 0 {
		first++
	}
	return &forecast.Input{Y: s.Y[first:o], Start: first, Period: 52}
}

// timeETS fits the engine's ETS per SKU and origin on GOMAXPROCS goroutines
// and returns the wall seconds; put receives each forecast.
func timeETS(ds *forecast.Dataset, bos []int, H int, put func(key string, oi int, f []float64)) float64 {
	var mu sync.Mutex
	jobs := make(chan *forecast.Series)
	var wg sync.WaitGroup
	t0 := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				for oi, o := range bos {
					f, _ := forecast.Forecast(forecast.ETS{}, history(s, o), H)
					mu.Lock()
					put(s.Key, oi, f)
					mu.Unlock()
				}
			}
		}()
	}
	for _, s := range ds.Series {
		jobs <- s
	}
	close(jobs)
	wg.Wait()
	return time.Since(t0).Seconds()
}

// rScore is one R method's WAPE with the engine's and the oracle's on the
// same points.
type rScore struct {
	r, eng, orc score
	skus        int
}

// scoreR reads R's forecasts (id,origin,h,model,mean; origin = history
// length = a bench origin) and scores them with the engine and the oracle
// on the same points.
func scoreR(path string, ds *forecast.Dataset, bos []int, pts map[string]*points) (map[string]*rScore, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byKey := map[string]*forecast.Series{}
	for _, s := range ds.Series {
		byKey[s.Key] = s
	}
	out := map[string]*rScore{}
	seen := map[string]map[string]bool{}
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil {
		return nil, err
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		s := byKey[rec[0]]
		o, _ := strconv.Atoi(rec[1])
		h, _ := strconv.Atoi(rec[2])
		oi := slices.Index(bos, o)
		if s == nil || oi < 0 || h < 1 || h > len(pts[s.Key].eng[oi]) || o+h-1 >= len(s.Y) {
			continue
		}
		v, err := strconv.ParseFloat(rec[4], 64)
		if err != nil || math.IsNaN(v) {
			v = 0
		}
		m := rec[3]
		sc := out[m]
		if sc == nil {
			sc = &rScore{}
			out[m] = sc
			seen[m] = map[string]bool{}
		}
		if !seen[m][s.Key] {
			seen[m][s.Key] = true
			sc.skus++
		}
		a := s.Y[o+h-1]
		p := pts[s.Key]
		sc.r.add(h-1, math.Max(v, 0), a)
		sc.eng.add(h-1, p.eng[oi][h-1], a)
		sc.orc.add(h-1, p.orc[oi][h-1], a)
	}
}

// rTimes is R's times file: "model,seconds" lines and a "cores,N" line.
// rTimes are R's seconds per method: wall (sec) and, when the R script
// records it, CPU (user + sys).
type rTimes struct {
	sec   map[string]float64
	cpu   map[string]float64
	cores string
}

func readRTimes(path string) rTimes {
	t := rTimes{sec: map[string]float64{}, cpu: map[string]float64{}, cores: "?"}
	if path == "" {
		return t
	}
	f, err := os.Open(path)
	if err != nil {
		return t
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1 // method,wall,cpu lines beside a cores,N line
	recs, err := cr.ReadAll()
	if err != nil {
		fmt.Fprintf(os.Stderr, "R times %s: %v: R time columns left empty\n", path, err)
	}
	for _, r := range recs {
		if len(r) != 2 && len(r) != 3 {
			continue
		}
		if len(r) == 3 { // method,wall,cpu (user + sys)
			if v, err := strconv.ParseFloat(r[2], 64); err == nil {
				t.cpu[r[0]] = v
			}
		}
		if r[0] == "cores" {
			t.cores = r[1]
			continue
		}
		if v, err := strconv.ParseFloat(r[1], 64); err == nil {
			t.sec[r[0]] = v
		}
	}
	return t
}

// median returns the median of xs (the mean of the middle two for an even count).
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func fmtTimes(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, ", ")
}
