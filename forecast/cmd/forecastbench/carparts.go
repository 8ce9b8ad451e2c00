package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/retour-analytics/retour/forecast"
)

// carpartsPrep keeps the 1,046 series of the usual protocol (Snyder, Ord and
// Beaumont 2012): complete over the 51 months, at least 10 positive months,
// some demand in the first 15 and in the last 15 months.
func carpartsPrep(args []string) error {
	fs := flag.NewFlagSet("carparts-prep", flag.ExitOnError)
	in := fs.String("in", "", "carparts_long.csv (part,month,demand)")
	out := fs.String("out", "", "filtered long CSV to write (id,date,value)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return err
	}
	type row struct {
		month string
		v     string
	}
	series := map[string][]row{}
	var order []string
	for _, r := range recs[1:] {
		if _, ok := series[r[0]]; !ok {
			order = append(order, r[0])
		}
		series[r[0]] = append(series[r[0]], row{r[1], r[2]})
	}
	var buf bytes.Buffer
	buf.WriteString("id,date,value\n")
	kept := 0
	for _, id := range order {
		rs := series[id]
		sort.Slice(rs, func(i, j int) bool { return rs[i].month < rs[j].month })
		ok := len(rs) == 51
		pos, first, last := 0, false, false
		for i, r := range rs {
			if r.v == "" || r.v == "NA" {
				ok = false
				break
			}
			v, err := strconv.ParseFloat(r.v, 64)
			if err != nil {
				ok = false
				break
			}
			if v > 0 {
				pos++
				first = first || i < 15
				last = last || i >= len(rs)-15
			}
		}
		if !ok || pos < 10 || !first || !last {
			continue
		}
		kept++
		for _, r := range rs {
			fmt.Fprintf(&buf, "%s,%s,%s\n", id, r.month, r.v)
		}
	}
	fmt.Printf("carparts: %d of %d series kept (complete, >= 10 positive months, demand in first and last 15)\n", kept, len(order))
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}

type cpScore struct {
	mase, sq float64
	nSeries  int
	nPts     int
	rmseSum  float64
}

func carpartsScore(args []string) error {
	fs := flag.NewFlagSet("carparts-score", flag.ExitOnError)
	in := fs.String("in", "", "filtered long CSV")
	rfc := fs.String("r", "", "R forecasts (id,h,model,mean)")
	rtime := fs.String("rtime", "", "R seconds per model (model,seconds)")
	selection := fs.String("selection", "", "engine selection: best or combo (default: the engine's)")
	models := fs.String("models", "", "comma-separated engine candidate models (default all)")
	nbOnly := fs.Bool("nb", false, "negative-binomial intervals for every series (no hurdle)")
	oneScale := fs.Bool("onescale", false, "one dispersion per horizon bucket for every series (no per-series error scale)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	const train, H = 45, 6
	data, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	ds, _, err := forecast.ReadLong(bytes.NewReader(data), 12)
	if err != nil {
		return err
	}
	series := map[string][]float64{}
	for _, s := range ds.Series {
		series[s.Key] = s.Y
	}
	preds := map[string]map[string][]float64{} // model -> id -> forecasts
	var out, acc bytes.Buffer
	opts := forecast.DefaultGenericOptions()
	opts.Period, opts.Holdout = 12, H
	opts.Horizon = H
	if *selection != "" {
		opts.Selection = *selection
	}
	if *models != "" {
		opts.Models = strings.Split(*models, ",")
	}
	opts.NBOnly = *nbOnly
	opts.NoSeriesScale = *oneScale
	t0, c0 := time.Now(), cpuSeconds()
	sum, err := forecast.RunGeneric(context.Background(), bytes.NewReader(data), &out, &acc, opts)
	if err != nil {
		return err
	}
	engSec, engCPU := time.Since(t0).Seconds(), cpuSeconds()-c0
	if err := readPreds(&out, "engine", preds, true); err != nil {
		return err
	}
	if *rfc != "" {
		f, err := os.Open(*rfc)
		if err != nil {
			return err
		}
		err = readPreds(f, "", preds, false)
		f.Close()
		if err != nil {
			return err
		}
	}
	addBaselines(series, train, H, preds)
	rsec := readRTimes(*rtime)
	fmt.Printf("carparts (real, monthly, intermittent): %d series, train months 1-%d, h = 1-%d\n", len(series), train, H)
	fmt.Printf("MASE = mean over series of MAE(holdout) / in-sample MAE of the one-step naive forecast; RMSE over all %d points\n", len(series)*H)
	fmt.Printf("%-22s %10s %10s %10s %10s\n", "method", "MASE", "RMSE", "wall s", "CPU s")
	names := make([]string, 0, len(preds))
	for n := range preds {
		if !strings.Contains(n, "@") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	scores := map[string]cpScore{}
	for _, n := range names {
		var sc cpScore
		for id, y := range series {
			f := preds[n][id]
			if f == nil {
				f = make([]float64, H) // missing forecast counts as zero
			}
			scale := 0.0
			for t := 1; t < train; t++ {
				scale += math.Abs(y[t] - y[t-1])
			}
			scale /= train - 1
			var ae, se float64
			for h := range H {
				e := f[h] - y[train+h]
				ae += math.Abs(e)
				se += e * e
			}
			if scale > 0 {
				sc.mase += ae / H / scale
				sc.nSeries++
			}
			sc.sq += se
			sc.nPts += H
		}
		scores[n] = sc
		sec, cpu := "", ""
		if v, ok := rsec.sec[n]; ok {
			sec = fmt.Sprintf("%.2f", v)
		}
		if v, ok := rsec.cpu[n]; ok {
			cpu = fmt.Sprintf("%.2f", v)
		}
		if n == "engine" {
			sec, cpu = fmt.Sprintf("%.2f", engSec), fmt.Sprintf("%.2f", engCPU)
		}
		fmt.Printf("%-22s %10.4f %10.4f %10s %10s\n", n, sc.mase/float64(sc.nSeries), math.Sqrt(sc.sq/float64(sc.nPts)), sec, cpu)
	}
	e := scores["engine"]
	bestMASE, bestRMSE := math.Inf(1), math.Inf(1)
	for n, s := range scores {
		if n == "engine" || n == "zero" || n == "empirical" {
			continue // R's methods only
		}
		bestMASE = math.Min(bestMASE, s.mase/float64(s.nSeries))
		bestRMSE = math.Min(bestRMSE, math.Sqrt(s.sq/float64(s.nPts)))
	}
	if !math.IsInf(bestMASE, 1) {
		fmt.Printf("engine / best R method: MASE %.3f (target <= 1), RMSE %.3f (target < 1)\n",
			e.mase/float64(e.nSeries)/bestMASE, math.Sqrt(e.sq/float64(e.nPts))/bestRMSE)
	}
	printScaledPinball(series, train, H, preds)
	printCoverageSplit(sum.Holdout)
	return nil
}

// printCoverageSplit prints the engine's holdout coverage, randomised
// (PIT) and plain, over zero and non-zero actuals.
func printCoverageSplit(h forecast.Score) {
	fmt.Printf("engine intervals on the holdout: 80 %% band %.1f %% randomised (PIT) / %.1f %% plain, 95 %% band %.1f %% / %.1f %% (targets 77-83, 92-98); above the 0.95 quantile %.1f %% randomised, %.1f %% plain, %.1f %% above it rounded up to a whole unit (target 3-7)\n",
		100*h.Coverage80(), 100*h.PlainCoverage80(), 100*h.Coverage95(), 100*h.PlainCoverage95(), 100*h.Above95PITShare(), 100*h.Above95Share(), 100*h.Above95WholeShare())
	for _, zero := range []bool{true, false} {
		c, n := h.CoverageBy(zero)
		what := "non-zero actuals"
		if zero {
			what = "zero actuals"
		}
		fmt.Printf("  %5d %-16s 80 %% band %.1f %% / %.1f %%, 95 %% band %.1f %% / %.1f %%\n", n, what, 100*c[0], 100*c[2], 100*c[1], 100*c[3])
	}
}

// addBaselines adds the all-zero forecast and the empirical-quantile
// forecast of the training window (its median as the point forecast, its
// 0.5, 0.8 and 0.95 quantiles) to preds.
func addBaselines(series map[string][]float64, train, H int, preds map[string]map[string][]float64) {
	for _, n := range []string{"zero", "empirical", "empirical@0.5", "empirical@0.8", "empirical@0.95"} {
		preds[n] = map[string][]float64{}
	}
	for id, y := range series {
		preds["zero"][id] = make([]float64, H)
		w := append([]float64(nil), y[:train]...)
		sort.Float64s(w)
		for _, tau := range []float64{0.5, 0.8, 0.95} {
			q := quantile7(w, tau)
			f := make([]float64, H)
			for h := range f {
				f[h] = q
			}
			preds[fmt.Sprintf("empirical@%g", tau)][id] = f
			if tau == 0.5 {
				preds["empirical"][id] = f
			}
		}
	}
}

// quantile7 is the type-7 (R's default) quantile of sorted x.
func quantile7(x []float64, p float64) float64 {
	h := p * float64(len(x)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

// printScaledPinball prints the scaled pinball loss (quantiles 0.5, 0.8,
// 0.95; per series the mean loss over points and quantiles divided by the
// in-sample naive MAE, then the mean over series) of every method with
// quantiles: the engine, R's ets() (its mean as the median, its own
// normal quantiles) and the empirical quantiles of the training window.
func printScaledPinball(series map[string][]float64, train, H int, preds map[string]map[string][]float64) {
	taus := []float64{0.5, 0.8, 0.95}
	fmt.Println("scaled pinball loss (quantiles 0.5, 0.8, 0.95; / in-sample naive MAE; mean over series):")
	res := map[string]float64{}
	for _, m := range []string{"engine", "ets", "empirical"} {
		qs := make([]map[string][]float64, 3)
		ok := true
		for i, tau := range taus {
			qs[i] = preds[fmt.Sprintf("%s@%g", m, tau)]
			if i == 0 && qs[0] == nil {
				qs[0] = preds[m] // ets: the mean is the median of its normal
			}
			ok = ok && qs[i] != nil
		}
		if !ok {
			continue
		}
		var sum float64
		n := 0
		for id, y := range series {
			scale := 0.0
			for t := 1; t < train; t++ {
				scale += math.Abs(y[t] - y[t-1])
			}
			scale /= float64(train - 1)
			if scale == 0 || qs[0][id] == nil {
				continue
			}
			l := 0.0
			for i, tau := range taus {
				for h := range H {
					a, q := y[train+h], qs[i][id][h]
					if a >= q {
						l += tau * (a - q)
					} else {
						l += (1 - tau) * (q - a)
					}
				}
			}
			sum += l / float64(3*H) / scale
			n++
		}
		res[m] = sum / float64(n)
		fmt.Printf("  %-10s %8.4f\n", m, res[m])
	}
	if e, ok := res["engine"]; ok {
		for _, m := range []string{"ets", "empirical"} {
			if v, ok := res[m]; ok {
				fmt.Printf("  engine / %s: %.3f (target < 1)\n", m, e/v)
			}
		}
	}
}

// readPreds reads forecasts: the engine's output (id,date,h,model,mean,...)
// when engine is true, else R's (id,h,model,mean).
func readPreds(r io.Reader, name string, preds map[string]map[string][]float64, engine bool) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		id, hs, model, vs := rec[0], rec[1], rec[2], rec[3]
		put := func(model, vs string) {
			h, _ := strconv.Atoi(hs)
			v, err := strconv.ParseFloat(vs, 64)
			if err != nil || math.IsNaN(v) {
				v = 0
			}
			if preds[model] == nil {
				preds[model] = map[string][]float64{}
			}
			if preds[model][id] == nil {
				preds[model][id] = make([]float64, 6)
			}
			if h >= 1 && h <= 6 {
				preds[model][id][h-1] = math.Max(v, 0)
			}
		}
		if engine {
			hs, model, vs = rec[2], name, rec[4]
			if len(rec) >= 13 { // q50, q80, q95
				put(name+"@0.5", rec[10])
				put(name+"@0.8", rec[11])
				put(name+"@0.95", rec[12])
			}
		}
		put(model, vs)
	}
}
