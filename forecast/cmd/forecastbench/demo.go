package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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
	origins := fs.Int("origins", 4, "bench origins (4 weeks apart, the last 13 weeks before the end)")
	export := fs.String("export", "", "write the SKU series (id,t,value) and bench origins for R to this file and stop")
	rfc := fs.String("r", "", "R forecasts (id,origin,h,model,mean) to score beside the engine")
	rtime := fs.String("rtime", "", "file with R's seconds per model (model,seconds)")
	selection := fs.String("selection", "", "engine selection: best or combo (default: the engine's)")
	models := fs.String("models", "", "comma-separated engine candidate models (default all)")
	noAlerts := fs.Bool("no-alerts", false, "skip the alert bench")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	data := filepath.Join(*dir, "data")
	truthPath := filepath.Join(data, demo.TruthFile)
	if _, err := os.Stat(truthPath); err != nil {
		o := demo.DefaultOptions()
		o.SKUs, o.Weeks = *skus, *weeks
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
	return benchAlerts(ctx, ds, truth, off)
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

func benchAlerts(ctx context.Context, ds *forecast.Dataset, truth *demo.Truth, off int) error {
	res, err := forecast.Run(ctx, ds, 0, forecast.DefaultOptions())
	if err != nil {
		return err
	}
	eventSKU := map[string]bool{}
	fmt.Printf("\nreason alerts (share and rate CUSUMs, design false-alarm rate %.3g per series-week):\n", forecast.DefaultOptions().AlertFalseAlarm)
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
		if best < 0 {
			fmt.Printf("  %-18s %s %s from week %d: NOT detected\n", e.Kind, e.SKU, e.Reason, start)
		} else {
			fmt.Printf("  %-18s %s %s from ship week %d: alert in week %d, delay %d weeks (target <= 2)\n", e.Kind, e.SKU, e.Reason, start, best, best-start)
		}
	}
	fa, free := 0, 0
	for _, s := range ds.Series {
		if !eventSKU[s.Key] {
			free++
		}
	}
	for _, a := range res.Alerts {
		if a.Level == forecast.LevelSKU && !eventSKU[a.Key] {
			fa++
		}
	}
	weeks := float64(free*len(ds.Reasons)) * float64(ds.Weeks-26)
	fmt.Printf("  false alarms on %d event-free SKUs: %d SKU-level alerts over %.0f SKU-reason-weeks (%.2g per series-week)\n", free, fa, weeks, float64(fa)/weeks)
	return nil
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
