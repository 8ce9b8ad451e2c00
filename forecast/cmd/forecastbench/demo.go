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
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/etl/demo"
	"github.com/retour-analytics/retour/etl/warehouse"
	"github.com/retour-analytics/retour/forecast"
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
	alertsOnly := fs.Bool("alerts-only", false, "run only the alert bench")
	origins := fs.Int("origins", 4, "bench origins (4 weeks apart, the last 13 weeks before the end)")
	export := fs.String("export", "", "write the SKU series (id,t,value) and bench origins for R to this file and stop")
	rfc := fs.String("r", "", "R forecasts (id,origin,h,model,mean) to score beside the engine")
	rtime := fs.String("rtime", "", "file with R's seconds per model (model,seconds)")
	selection := fs.String("selection", "", "engine selection: best or combo (default: the engine's)")
	models := fs.String("models", "", "comma-separated engine candidate models (default all)")
	noAlerts := fs.Bool("no-alerts", false, "skip the alert bench")
	alpha := fs.Float64("alpha", 0, "alert design false-alarm rate (0: the engine's default)")
	minCount := fs.Float64("min-count", 0, "alert minimum reason returns (0: the engine's default, negative: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	data := filepath.Join(*dir, "data")
	truthPath := filepath.Join(data, demo.TruthFile)
	if _, err := os.Stat(truthPath); err != nil {
		o := demo.DefaultOptions()
		o.SKUs, o.Weeks, o.Seed = *skus, *weeks, *seed
		if _, err := demo.Generate(ctx, data, o); err != nil {
			return err
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
		if _, err := etl.LoadFiles(ctx, w, paths, etl.Options{}); err != nil {
			return err
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
	var eng, sn, ets, orc score
	var c80, c95, p80, p95, ncov float64
	opts := forecast.DefaultOptions()
	if *selection != "" {
		opts.Selection = *selection
	}
	if *models != "" {
		opts.Models = strings.Split(*models, ",")
	}
	t0 := time.Now()
	for _, o := range bos {
		res, err := forecast.Run(ctx, ds, o, opts)
		if err != nil {
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
			first := 0
			for first < o && s.Y[first] == 0 && s.X[first] == 0 {
				first++
			}
			in := &forecast.Input{Y: s.Y[first:o], Start: first, Period: 52}
			fsn, _ := forecast.Forecast(forecast.SeasonalNaive{}, in, H)
			fets, _ := forecast.Forecast(forecast.ETS{}, in, H)
			or := oracle(prod[s.Key], s.X, o, off, H)
			for h := range H {
				a := s.Y[o+h]
				eng.add(h, k.Mean[h], a)
				sn.add(h, fsn[h], a)
				ets.add(h, fets[h], a)
				orc.add(h, or[h], a)
				c80 += forecast.PITCover(k.Mean[h], k.Phi80[h], a, 0.1)
				c95 += forecast.PITCover(k.Mean[h], k.Phi95[h], a, 0.025)
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
	engSec := time.Since(t0).Seconds()
	fmt.Printf("demo data: %d SKUs x %d weeks, %d bench origins (weeks %v), h = 1..13; engine selection uses only weeks before each origin\n", len(ds.Series), ds.Weeks, len(bos), bos)
	fmt.Printf("SKU-week WAPE = sum |forecast - actual| / sum actual over SKUs, origins and horizons (returned units, from weekly_returned)\n")
	fmt.Printf("%-28s %10s %10s %10s\n", "method", "WAPE h1-4", "WAPE h5-13", "seconds")
	row := func(name string, s score, sec string) {
		fmt.Printf("%-28s %9.1f%% %9.1f%% %10s\n", name, 100*s.wape(0), 100*s.wape(1), sec)
	}
	row("oracle (truth parameters)", orc, "")
	row("engine", eng, fmt.Sprintf("%.2f", engSec))
	row("seasonal naive", sn, "")
	row("ETS alone (ses/damped/hw)", ets, "")
	rScores := map[string]*score{}
	if *rfc != "" {
		if err := scoreR(*rfc, ds, rScores); err != nil {
			return err
		}
		rsec := readRTimes(*rtime)
		names := make([]string, 0, len(rScores))
		for n := range rScores {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			row("R forecast::"+n, *rScores[n], rsec[n])
		}
	}
	fmt.Printf("\nratios (targets: engine/oracle <= 1.15, engine/snaive <= 0.75, engine/best R <= 0.85):\n")
	for b, name := range []string{"h1-4", "h5-13"} {
		best := math.Inf(1)
		for _, s := range rScores {
			best = math.Min(best, s.wape(b))
		}
		fmt.Printf("  %-6s engine/oracle %.3f  engine/snaive %.3f  engine/ETS %.3f", name, eng.wape(b)/orc.wape(b), eng.wape(b)/sn.wape(b), eng.wape(b)/ets.wape(b))
		if !math.IsInf(best, 1) {
			fmt.Printf("  engine/best R %.3f", eng.wape(b)/best)
		}
		fmt.Println()
	}
	fmt.Printf("\nintervals on the bench origins (out of sample): 80 %% band covers %.1f %% (randomised PIT; plain lo<=a<=hi %.1f %%), 95 %% band %.1f %% (plain %.1f %%); targets 75-85 and 92-97\n",
		100*c80/ncov, 100*p80/ncov, 100*c95/ncov, 100*p95/ncov)
	if *noAlerts {
		return nil
	}
	return benchAlerts(ctx, ds, truth, off, alertSettings{*alpha, *minCount})
}

// oracle is the order-linked formula with the truth's parameters over the
// shipments known at origin o (actual X before o, true demand after).
func oracle(p demo.ProductTruth, x []float64, o, off, H int) []float64 {
	f := make([]float64, H)
	for h := range H {
		t := o + h
		for k, pk := range p.LagPMF {
			s := t - k
			ts := s + off
			if s < 0 || ts < 0 || ts >= len(p.ReturnProb) {
				continue
			}
			ship := p.Demand[ts]
			if s < o {
				ship = x[s]
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

// scoreR reads R's forecasts (id,origin,h,model,mean; origin = history length).
func scoreR(path string, ds *forecast.Dataset, out map[string]*score) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	byKey := map[string]*forecast.Series{}
	for _, s := range ds.Series {
		byKey[s.Key] = s
	}
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil {
		return err
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		s := byKey[rec[0]]
		o, _ := strconv.Atoi(rec[1])
		h, _ := strconv.Atoi(rec[2])
		v, err := strconv.ParseFloat(rec[4], 64)
		if s == nil || err != nil || math.IsNaN(v) {
			v = 0
		}
		if s == nil || o+h-1 >= len(s.Y) {
			continue
		}
		sc := out[rec[3]]
		if sc == nil {
			sc = &score{}
			out[rec[3]] = sc
		}
		sc.add(h-1, math.Max(v, 0), s.Y[o+h-1])
	}
}

func readRTimes(path string) map[string]string {
	m := map[string]string{}
	if path == "" {
		return m
	}
	f, err := os.Open(path)
	if err != nil {
		return m
	}
	defer f.Close()
	recs, _ := csv.NewReader(f).ReadAll()
	for _, r := range recs {
		if len(r) == 2 {
			m[r[0]] = r[1]
		}
	}
	return m
}
