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

// publishedMonthly are the figures listed in the data README (R 4.2.2,
// forecast 8.20, defaults, on these files): MASE and sMAPE per set and
// method.
var publishedMonthly = map[string]map[string][2]float64{
	"tourism": {"snaive": {1.631, 21.67}, "ets": {1.526, 19.02}, "arima": {1.487, 19.31}, "theta": {1.649, 19.90}},
	"m1":      {"snaive": {1.314, 17.30}, "ets": {1.074, 14.97}, "arima": {1.122, 15.98}, "theta": {1.091, 16.53}},
}

// monthlyScore scores the engine's generic mode and R's methods on a
// monthly benchmark set (fit on train, forecast h, score on test): sMAPE
// (mean of 200|y-f|/(|y|+|f|) over points) and MASE (per series, MAE over
// the in-sample MAE of the seasonal naive forecast, m = 12; mean over
// series).
func monthlyScore(args []string) error {
	fs := flag.NewFlagSet("monthly", flag.ExitOnError)
	name := fs.String("name", "", "set name (m1 or tourism)")
	train := fs.String("train", "", "training part (id,date,value)")
	test := fs.String("test", "", "test part (id,date,value)")
	h := fs.Int("h", 18, "horizon")
	rfc := fs.String("r", "", "R forecasts (id,h,model,mean)")
	rtime := fs.String("rtime", "", "R seconds per method (method,wall seconds[,CPU seconds])")
	reps := fs.Int("reps", 3, "engine runs timed (median)")
	models := fs.String("models", "", "comma-separated engine candidate models (default all)")
	selection := fs.String("selection", "", "engine selection: pooled, combo or best (default: the engine's)")
	oneScale := fs.Bool("onescale", false, "one dispersion per horizon bucket for every series (no per-series error scale)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := os.ReadFile(*train)
	if err != nil {
		return err
	}
	trainY, err := readLongValues(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *train, err)
	}
	tdata, err := os.ReadFile(*test)
	if err != nil {
		return err
	}
	testY, err := readLongValues(tdata)
	if err != nil {
		return fmt.Errorf("%s: %w", *test, err)
	}
	opts := forecast.DefaultGenericOptions()
	opts.Period = 12
	opts.Horizon = *h
	if *models != "" {
		opts.Models = strings.Split(*models, ",")
	}
	if *selection != "" {
		opts.Selection = *selection
	}
	opts.NoSeriesScale = *oneScale
	var secs, cpus []float64
	var out bytes.Buffer
	var sum *forecast.GenericSummary
	for range max(1, *reps) {
		out.Reset()
		var acc bytes.Buffer
		t0, c0 := time.Now(), cpuSeconds()
		sum, err = forecast.RunGeneric(context.Background(), bytes.NewReader(data), &out, &acc, opts)
		if err != nil {
			return err
		}
		secs = append(secs, time.Since(t0).Seconds())
		cpus = append(cpus, cpuSeconds()-c0)
	}
	engineOut := out.Bytes()
	preds := map[string]map[string][]float64{}
	if err := readPredsH(bytes.NewReader(engineOut), "engine", preds, true, *h); err != nil {
		return err
	}
	if *rfc != "" {
		f, err := os.Open(*rfc)
		if err != nil {
			return err
		}
		err = readPredsH(f, "", preds, false, *h)
		f.Close()
		if err != nil {
			return err
		}
	}
	rsec := readRTimes(*rtime)
	fmt.Printf("%s monthly: %d series (%d short, %d constant, %d intermittent, %d ragged), h = 1-%d; engine generic mode vs R's forecast package on the same split\n",
		*name, sum.Series, sum.Short, sum.Constant, sum.Intermittent, sum.Ragged, *h)
	fmt.Printf("%-10s %8s %8s %10s %10s   %s\n", "method", "sMAPE", "MASE", "wall s", "CPU s", "R on these files (README: MASE / sMAPE)")
	names := make([]string, 0, len(preds))
	for n := range preds {
		names = append(names, n)
	}
	sort.Strings(names)
	type res struct{ smape, mase float64 }
	scores := map[string]res{}
	maseBy, mapeBy := map[string]float64{}, map[string]float64{}
	for _, n := range names {
		sm, ma, mp := scoreMonthly(trainY, testY, preds[n], *h)
		scores[n] = res{sm, ma}
		maseBy[n], mapeBy[n] = ma, mp
		sec, cpu := "", ""
		if v, ok := rsec.sec[n]; ok {
			sec = fmt.Sprintf("%.2f", v)
		}
		if v, ok := rsec.cpu[n]; ok {
			cpu = fmt.Sprintf("%.2f", v)
		}
		if n == "engine" {
			sec, cpu = fmt.Sprintf("%.2f", median(secs)), fmt.Sprintf("%.2f", median(cpus))
		}
		pub := ""
		if p, ok := publishedMonthly[*name][n]; ok {
			pub = fmt.Sprintf("%.3f / %.2f", p[0], p[1])
		}
		fmt.Printf("%-10s %8.2f %8.3f %10s %10s   %s\n", n, sm, ma, sec, cpu, pub)
	}
	for _, n := range []string{"ets", "theta", "arima", "snaive"} {
		if p, ok := publishedMonthly[*name][n]; ok && preds[n] == nil {
			fmt.Printf("%-10s %8s %8s %10s %10s   %.3f / %.2f (R not run here)\n", n, "", "", "", "", p[0], p[1])
		}
	}
	bestS, bestM := math.Inf(1), math.Inf(1)
	for _, n := range []string{"ets", "theta", "arima"} {
		if s, ok := scores[n]; ok {
			bestS, bestM = math.Min(bestS, s.smape), math.Min(bestM, s.mase)
		}
	}
	e := scores["engine"]
	if !math.IsInf(bestS, 1) {
		fmt.Printf("engine / best of R ets, theta, arima: sMAPE %.3f, MASE %.3f (target <= 1)\n", e.smape/bestS, e.mase/bestM)
	}
	if v, ok := rsec.sec["ets"]; ok && median(secs) > 0 {
		fmt.Printf("time: R ets() %.1f s wall, engine %.2f s (median of %d, all models, backtest included): %.1f x faster (target >= 20)\n",
			v, median(secs), len(secs), v/median(secs))
	}
	if v, ok := rsec.cpu["ets"]; ok && median(cpus) > 0 {
		fmt.Printf("CPU time (user + sys): R ets() %.1f s, engine %.2f s (median of %d): %.1f x less (target >= 20)\n",
			v, median(cpus), len(cpus), v/median(cpus))
	}
	printLiterature(*name, maseBy, mapeBy)
	fmt.Println("engine selections:", topModels(sum.Models, 6))
	return printMonthlyCoverage(engineOut, trainY, testY)
}

// printMonthlyCoverage prints the share of test values inside the engine's
// 80 % and 95 % bands (plain: the values are not small counts) and above
// its 0.95 quantile, overall and by horizon (1-4, 5-12, 13-), and the
// scaled pinball loss of its 0.5, 0.8 and 0.95 quantiles (each series'
// mean quantile loss over the in-sample MAE of the seasonal naive
// forecast, m = 12, as MASE; mean over series).
func printMonthlyCoverage(engineOut []byte, train, test map[string][]float64) error {
	recs, err := csv.NewReader(bytes.NewReader(engineOut)).ReadAll()
	if err != nil {
		return err
	}
	type tally struct{ in80, in95, above95, n int }
	var all tally
	var byH [3]tally
	loss := map[string][2]float64{} // per series: quantile loss, points
	for _, r := range recs[1:] {
		h, _ := strconv.Atoi(r[2])
		y := test[r[0]]
		if h < 1 || h > len(y) || len(r) < 13 {
			continue
		}
		a := y[h-1]
		f := func(i int) float64 { v, _ := strconv.ParseFloat(r[i], 64); return v }
		g := &byH[0]
		switch {
		case h > 12:
			g = &byH[2]
		case h > 4:
			g = &byH[1]
		}
		for _, t := range []*tally{&all, g} {
			t.n++
			if a >= f(5) && a <= f(6) {
				t.in80++
			}
			if a >= f(7) && a <= f(8) {
				t.in95++
			}
			if a > f(12) {
				t.above95++
			}
		}
		l := loss[r[0]]
		for qi, tau := range []float64{0.5, 0.8, 0.95} {
			l[0] += pinball(a, f(10+qi), tau) / 3
		}
		l[1]++
		loss[r[0]] = l
	}
	if all.n == 0 {
		return nil
	}
	pct := func(k, n int) float64 { return 100 * float64(k) / float64(n) }
	fmt.Printf("engine intervals on the test part (%d points): 80 %% band holds %.1f %%, 95 %% band %.1f %%; above the 0.95 quantile %.1f %% (targets 77-83, 92-98, 3-7)\n",
		all.n, pct(all.in80, all.n), pct(all.in95, all.n), pct(all.above95, all.n))
	for gi, name := range []string{"1-4", "5-12", "13-"} {
		if t := byH[gi]; t.n > 0 {
			fmt.Printf("  h %-5s %5d points: %.1f %%, %.1f %%, above %.1f %%\n", name, t.n, pct(t.in80, t.n), pct(t.in95, t.n), pct(t.above95, t.n))
		}
	}
	var sp float64
	n := 0
	for id, l := range loss {
		y := train[id]
		scale, k := 0.0, 0
		for t := 12; t < len(y); t++ {
			scale += math.Abs(y[t] - y[t-12])
			k++
		}
		if k > 0 && scale > 0 {
			sp += l[0] / l[1] / (scale / float64(k))
			n++
		}
	}
	if n > 0 {
		fmt.Printf("engine scaled pinball loss (quantiles 0.5, 0.8, 0.95, seasonal naive MAE scale, mean over %d series): %.4f\n", n, sp/float64(n))
	}
	return nil
}

// pinball is the quantile loss of quantile q at level tau for actual a.
func pinball(a, q, tau float64) float64 {
	if a >= q {
		return tau * (a - q)
	}
	return (1 - tau) * (q - a)
}

// scoreMonthly returns sMAPE over points and MASE (seasonal naive scale,
// m = 12) averaged over series; a missing forecast counts as 0.
// mape is the mean over points with a non-zero actual of 100|y-f|/|y|.
func scoreMonthly(train, test map[string][]float64, pred map[string][]float64, h int) (smape, mase, mape float64) {
	var sSum, pSum float64
	var sN, mN, pN int
	for id, yt := range test {
		y := train[id]
		f := pred[id]
		if f == nil {
			f = make([]float64, h)
		}
		scale, n := 0.0, 0
		for t := 12; t < len(y); t++ {
			scale += math.Abs(y[t] - y[t-12])
			n++
		}
		var ae float64
		for k := 0; k < h && k < len(yt); k++ {
			d := math.Abs(yt[k]) + math.Abs(f[k])
			if d > 0 {
				sSum += 200 * math.Abs(yt[k]-f[k]) / d
			}
			sN++
			ae += math.Abs(yt[k] - f[k])
			if yt[k] != 0 {
				pSum += 100 * math.Abs(yt[k]-f[k]) / math.Abs(yt[k])
				pN++
			}
		}
		if n > 0 && scale > 0 {
			mase += ae / float64(min(h, len(yt))) / (scale / float64(n))
			mN++
		}
	}
	return sSum / float64(sN), mase / float64(mN), pSum / float64(max(pN, 1))
}

// literatureMonthly are the published figures quoted in the data README,
// from other runs than these files' (MASE, MAPE; 0: not published): the
// seasonal naive MASE of Ansari et al. 2024 (Chronos), the seasonal naive
// MAPE of Athanasopoulos et al. 2011, and Tcomp's reproduction of their
// Table 4 with the 2016 forecast package.
var literatureMonthly = map[string][]struct {
	method, source string
	mase, mape     float64
}{
	"tourism": {
		{"snaive", "Athanasopoulos et al. 2011 (MAPE), Ansari et al. 2024 (MASE)", 1.631, 22.56},
		{"ets", "Tcomp, forecast 2016", 1.54, 21.06},
		{"arima", "Tcomp, forecast 2016", 1.60, 26.13},
		{"theta", "Tcomp, forecast 2016", 1.65, 22.39},
	},
	"m1": {{"snaive", "Ansari et al. 2024", 1.314, 0}},
}

// printLiterature prints the published figures of the set beside this
// run's MASE and MAPE of the same method.
func printLiterature(name string, mase, mape map[string]float64) {
	rows := literatureMonthly[name]
	if len(rows) == 0 {
		return
	}
	fmt.Println("published figures (data README; other runs of the methods): MASE / MAPE, beside this run's")
	for _, r := range rows {
		pub := fmt.Sprintf("%.3f / %.2f", r.mase, r.mape)
		if r.mape == 0 {
			pub = fmt.Sprintf("%.3f / -", r.mase)
		}
		here := "(not run here)"
		if v, ok := mase[r.method]; ok {
			here = fmt.Sprintf("%.3f / %.2f", v, mape[r.method])
		}
		fmt.Printf("  %-8s %-16s here %-16s %s\n", r.method, pub, here, r.source)
	}
	if v, ok := mase["engine"]; ok {
		fmt.Printf("  %-8s %-16s here %.3f / %.2f\n", "engine", "", v, mape["engine"])
	}
}

// readLongValues reads id,date,value rows into each id's values in date order.
func readLongValues(data []byte) (map[string][]float64, error) {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	type dv struct {
		d string
		v float64
	}
	rows := map[string][]dv{}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			v = 0
		}
		rows[r[0]] = append(rows[r[0]], dv{r[1], v})
	}
	out := make(map[string][]float64, len(rows))
	for id, rs := range rows {
		sort.Slice(rs, func(i, j int) bool { return rs[i].d < rs[j].d })
		for _, r := range rs {
			out[id] = append(out[id], r.v)
		}
	}
	return out, nil
}

// readPredsH reads forecasts of horizon h: the engine's output
// (id,date,h,model,mean,...) when engine is true, else R's (id,h,model,mean).
func readPredsH(r io.Reader, name string, preds map[string]map[string][]float64, engine bool, H int) error {
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
		if engine {
			hs, model, vs = rec[2], name, rec[4]
		}
		h, _ := strconv.Atoi(hs)
		v, err := strconv.ParseFloat(vs, 64)
		if err != nil || math.IsNaN(v) {
			v = 0
		}
		if preds[model] == nil {
			preds[model] = map[string][]float64{}
		}
		if preds[model][id] == nil {
			preds[model][id] = make([]float64, H)
		}
		if h >= 1 && h <= H {
			preds[model][id][h-1] = v
		}
	}
}

// topModels lists the most selected models, most first.
func topModels(counts map[string]int, k int) string {
	type mc struct {
		m string
		c int
	}
	var ms []mc
	for m, c := range counts {
		ms = append(ms, mc{m, c})
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].c != ms[j].c {
			return ms[i].c > ms[j].c
		}
		return ms[i].m < ms[j].m
	})
	var parts []string
	for i, x := range ms {
		if i == k {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", x.m, x.c))
	}
	return strings.Join(parts, ", ")
}
