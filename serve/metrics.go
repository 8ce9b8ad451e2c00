package serve

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
)

// metrics are kept in memory and written in the Prometheus text format;
// labels are fixed strings, so there is no unbounded cardinality.
type metrics struct {
	mu       sync.Mutex
	counters map[string]float64    // name{labels} -> value
	hists    map[string]*histogram // name{labels} -> histogram
	help     map[string]string     // name -> HELP and TYPE
}

type histogram struct {
	bounds []float64
	counts []uint64 // per bound, not cumulative; last is +Inf
	sum    float64
	n      uint64
}

var (
	runBuckets  = []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600}
	httpBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5}
)

func newMetrics() *metrics {
	m := &metrics{counters: map[string]float64{}, hists: map[string]*histogram{}, help: map[string]string{
		"retour_serve_runs_total":                 "counter|Runs finished, by kind and outcome.",
		"retour_serve_run_duration_seconds":       "histogram|Run durations, by kind.",
		"retour_serve_rows_loaded_total":          "counter|Rows inserted or updated by inbox loads.",
		"retour_serve_rows_quarantined_total":     "counter|Rows set aside in quarantine by inbox loads.",
		"retour_serve_inbox_files_total":          "counter|Inbox files taken, by outcome (loaded, unchanged, failed).",
		"retour_serve_mails_total":                "counter|E-mails sent, by kind (pack, alert) and outcome.",
		"retour_http_requests_total":              "counter|HTTP requests, by route and status code.",
		"retour_http_request_duration_seconds":    "histogram|HTTP request latency, by route.",
		"retour_serve_last_run_timestamp_seconds": "gauge|Unix time of the last finished run, by kind.",
	}}
	return m
}

func labels(kv ...string) string {
	if len(kv) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", kv[i], kv[i+1])
	}
	b.WriteByte('}')
	return b.String()
}

func (m *metrics) add(name string, v float64, kv ...string) {
	m.mu.Lock()
	m.counters[name+labels(kv...)] += v
	m.mu.Unlock()
}

func (m *metrics) set(name string, v float64, kv ...string) {
	m.mu.Lock()
	m.counters[name+labels(kv...)] = v
	m.mu.Unlock()
}

func (m *metrics) observe(name string, bounds []float64, v float64, kv ...string) {
	key := name + labels(kv...)
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hists[key]
	if h == nil {
		h = &histogram{bounds: bounds, counts: make([]uint64, len(bounds)+1)}
		m.hists[key] = h
	}
	i := sort.SearchFloat64s(bounds, v)
	h.counts[i]++
	h.sum += v
	h.n++
}

func (m *metrics) observeDuration(name string, bounds []float64, d time.Duration, kv ...string) {
	m.observe(name, bounds, d.Seconds(), kv...)
}

// write prints every metric in the Prometheus text exposition format.
func (m *metrics) write(w io.Writer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	byName := map[string][]string{}
	for k := range m.counters {
		byName[metricName(k)] = append(byName[metricName(k)], k)
	}
	for k := range m.hists {
		byName[metricName(k)] = append(byName[metricName(k)], k)
	}
	names := make([]string, 0, len(m.help))
	for n := range m.help {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		typ, help, _ := strings.Cut(m.help[n], "|")
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", n, help, n, typ)
		keys := byName[n]
		sort.Strings(keys)
		for _, k := range keys {
			if typ != "histogram" {
				fmt.Fprintf(&b, "%s %s\n", k, fmtFloat(m.counters[k]))
				continue
			}
			h := m.hists[k]
			lbl := strings.TrimPrefix(k, n)
			cum := uint64(0)
			for i, bound := range h.bounds {
				cum += h.counts[i]
				fmt.Fprintf(&b, "%s_bucket%s %d\n", n, withLabel(lbl, "le", fmtFloat(bound)), cum)
			}
			cum += h.counts[len(h.bounds)]
			fmt.Fprintf(&b, "%s_bucket%s %d\n%s_sum%s %s\n%s_count%s %d\n", n, withLabel(lbl, "le", "+Inf"), cum, n, lbl, fmtFloat(h.sum), n, lbl, h.n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func metricName(key string) string {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		return key[:i]
	}
	return key
}

func withLabel(lbl, k, v string) string {
	extra := fmt.Sprintf("%s=%q", k, v)
	if lbl == "" {
		return "{" + extra + "}"
	}
	return lbl[:len(lbl)-1] + "," + extra + "}"
}

func fmtFloat(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", v), "0"), ".")
}
