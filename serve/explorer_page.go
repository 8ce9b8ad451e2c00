package serve

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strings"
)

// handleExplorer renders the explorer: filters, breadcrumb, the rows of the
// current level with drill-down links, and for a SKU its history and
// forecast chart with 80 % and 95 % intervals. No script: it works offline
// under the strict page CSP.
func (s *Server) handleExplorer(w http.ResponseWriter, r *http.Request) {
	q := explorerQuery(r)
	v, err := s.explore(r.Context(), q)
	if err != nil {
		httpError(w, r, http.StatusBadRequest, "explorer: "+err.Error())
		return
	}
	lang := s.lang(r)
	data := map[string]any{"V": v, "Base": explorerLinker{q: v.Filters, lang: r.URL.Query().Get("lang")}, "Lang": lang,
		"LangParam": r.URL.Query().Get("lang"), "Nav": navLinks(r.URL.Query().Get("lang"), s.isAdmin(r))}
	if v.SKU != nil {
		data["Chart"] = forecastChart(v.SKU)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := explorerPage.Execute(w, data); err != nil {
		s.log.Error("explorer page", "err", err)
	}
}

func (s *Server) apiExplorer(w http.ResponseWriter, r *http.Request) {
	v, err := s.explore(r.Context(), explorerQuery(r))
	if err != nil {
		httpError(w, r, http.StatusBadRequest, "explorer: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(v.JSON())
}

// explorerLinker builds drill-down links that keep the filters.
type explorerLinker struct {
	q    ExplorerQuery
	lang string
}

func (l explorerLinker) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"week": l.q.Week, "sector": l.q.Sector, "site": l.q.Site, "carrier": l.q.Carrier, "lang": l.lang} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// TotalURL is the link to the top level.
func (l explorerLinker) TotalURL() string { return "/explorer?" + l.values().Encode() }

// CategoryURL is the link to a category's SKUs.
func (l explorerLinker) CategoryURL(c string) string {
	v := l.values()
	v.Set("category", c)
	return "/explorer?" + v.Encode()
}

// SKUURL is the link to a SKU's detail.
func (l explorerLinker) SKUURL(sku, category string) string {
	v := l.values()
	if category != "" {
		v.Set("category", category)
	}
	v.Set("sku", sku)
	return "/explorer?" + v.Encode()
}

// chart is the SVG geometry of a SKU's history and forecast.
type chart struct {
	W, H                           int
	History, Mean, Band80, Band95  string
	YMax                           float64
	SplitX                         float64
	FirstWeek, SplitWeek, LastWeek string
}

func forecastChart(d *SKUDetail) *chart {
	n := len(d.History) + len(d.Forecast)
	if n < 2 {
		return nil
	}
	c := &chart{W: 720, H: 240}
	ymax := 1.0
	for _, p := range d.History {
		ymax = math.Max(ymax, float64(p.Units))
	}
	for _, f := range d.Forecast {
		ymax = math.Max(ymax, f.Hi95)
	}
	c.YMax = math.Ceil(ymax)
	x := func(i int) float64 { return 40 + float64(i)*float64(c.W-50)/float64(n-1) }
	y := func(v float64) float64 { return float64(c.H-20) - v/c.YMax*float64(c.H-30) }
	var hb strings.Builder
	for i, p := range d.History {
		fmt.Fprintf(&hb, "%s%.1f %.1f ", map[bool]string{true: "M", false: "L"}[i == 0], x(i), y(float64(p.Units)))
	}
	c.History = strings.TrimSpace(hb.String())
	h0 := len(d.History)
	band := func(lo, hi func(ForecastRow) float64) string {
		var b strings.Builder
		for i, f := range d.Forecast {
			fmt.Fprintf(&b, "%s%.1f %.1f ", map[bool]string{true: "M", false: "L"}[i == 0], x(h0+i), y(hi(f)))
		}
		for i := len(d.Forecast) - 1; i >= 0; i-- {
			fmt.Fprintf(&b, "L%.1f %.1f ", x(h0+i), y(lo(d.Forecast[i])))
		}
		return strings.TrimSpace(b.String()) + " Z"
	}
	if len(d.Forecast) > 0 {
		c.Band95 = band(func(f ForecastRow) float64 { return f.Lo95 }, func(f ForecastRow) float64 { return f.Hi95 })
		c.Band80 = band(func(f ForecastRow) float64 { return f.Lo80 }, func(f ForecastRow) float64 { return f.Hi80 })
		var mb strings.Builder
		for i, f := range d.Forecast {
			fmt.Fprintf(&mb, "%s%.1f %.1f ", map[bool]string{true: "M", false: "L"}[i == 0], x(h0+i), y(f.Mean))
		}
		c.Mean = strings.TrimSpace(mb.String())
		c.SplitX = x(h0)
		c.SplitWeek = d.Forecast[0].Week
		c.LastWeek = d.Forecast[len(d.Forecast)-1].Week
	}
	if len(d.History) > 0 {
		c.FirstWeek = d.History[0].Week
	}
	return c
}

// explorerHead is the head and navigation of every explorer page.
const explorerHead = `<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>retour: {{T .Lang "exp.title"}} {{.V.Week}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#1d2733}
nav a{margin-right:1rem}form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:1rem 0;padding:.6rem;background:#f3f5f8}
label{display:flex;flex-direction:column;font-size:.85rem}table{border-collapse:collapse;margin:.6rem 0}
th,td{padding:.25rem .6rem;border-bottom:1px solid #dde3ea;text-align:right}th:first-child,td:first-child{text-align:left}
.crumbs{margin:.6rem 0;font-size:1.05rem}.band95{fill:#9cc3e6;opacity:.45}.band80{fill:#4a90d9;opacity:.45}
.hist{fill:none;stroke:#1d2733;stroke-width:1.5}.mean{fill:none;stroke:#0b5cad;stroke-width:2;stroke-dasharray:5 3}.axis{stroke:#889;stroke-width:1}
svg text{font-size:11px;fill:#556}.src{font-size:.8rem;color:#556}
</style></head><body>
<nav>{{range .Nav}}<a href="{{.Href}}" id="{{.ID}}">{{T $.Lang .Label}}</a>{{end}}</nav>
`

var explorerPage = template.Must(template.New("explorer").Funcs(template.FuncMap{
	"T":   label,
	"num": func(lang string, v float64) string { return formatNum(lang, v, 1) },
	"pct": func(lang string, v any) string {
		switch x := v.(type) {
		case float64:
			return formatNum(lang, 100*x, 1) + " %"
		case *float64:
			if x != nil {
				return formatNum(lang, 100**x, 1) + " %"
			}
		}
		return "-"
	},
	"fc": func(lang string, v *float64) string {
		if v == nil {
			return "-"
		}
		return formatNum(lang, *v, 1)
	},
	"sel": func(a, b string) bool { return a == b },
}).Parse(explorerHead + `<h1>{{T .Lang "pack.operations"}}: {{T .Lang "exp.title"}}, {{T .Lang "exp.week"}} {{.V.Week}}</h1>
<form class="filters" method="get" action="/explorer" id="filters">{{if .LangParam}}<input type="hidden" name="lang" value="{{.LangParam}}">{{end}}
<label>{{T .Lang "f.week"}}<select name="week">{{range .V.Options.weeks}}<option{{if sel . $.V.Week}} selected{{end}}>{{.}}</option>{{end}}</select></label>
<label>{{T .Lang "f.sector"}}<select name="sector"><option value="">{{T .Lang "exp.all"}}</option>{{range .V.Options.sectors}}<option{{if sel . $.V.Filters.Sector}} selected{{end}}>{{.}}</option>{{end}}</select></label>
<label>{{T .Lang "f.category"}}<select name="category"><option value="">{{T .Lang "exp.all"}}</option>{{range .V.Options.categories}}<option{{if sel . $.V.Filters.Category}} selected{{end}}>{{.}}</option>{{end}}</select></label>
<label>{{T .Lang "f.site"}}<select name="site" id="site"><option value="">{{T .Lang "exp.all"}}</option>{{range .V.Options.sites}}<option{{if sel . $.V.Filters.Site}} selected{{end}}>{{.}}</option>{{end}}</select></label>
<label>{{T .Lang "f.carrier"}}<select name="carrier"><option value="">{{T .Lang "exp.all"}}</option>{{range .V.Options.carriers}}<option{{if sel . $.V.Filters.Carrier}} selected{{end}}>{{.}}</option>{{end}}</select></label>
<label>{{T .Lang "f.q"}}<input type="search" name="q" value="{{.V.Filters.Q}}"></label>
<button type="submit" id="apply">{{T .Lang "exp.apply"}}</button></form>
<p class="crumbs"><a href="{{.Base.TotalURL}}" id="crumb-total">{{T .Lang "exp.total"}}</a>{{if .V.Filters.Category}} &rsaquo; <a href="{{.Base.CategoryURL .V.Filters.Category}}" id="crumb-category">{{.V.Filters.Category}}</a>{{end}}{{if .V.SKU}} &rsaquo; <span id="crumb-sku">{{.V.SKU.SKU}}</span>{{end}}</p>
{{if .V.SKU}}{{with .V.SKU}}
<h2 id="sku-title">{{.SKU}} {{.Name}}</h2>
<p>{{.Category}}, {{.Sector}}. {{T $.Lang "ops.model"}}: {{.Model}}. {{T $.Lang "ops.chart_note"}}</p>
{{end}}{{with .Chart}}
<svg id="forecast-chart" width="{{.W}}" height="{{.H}}" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{T $.Lang "ops.chart"}}">
<line class="axis" x1="40" y1="{{.H}}" x2="40" y2="10"></line><text x="2" y="16">{{.YMax}}</text><text x="2" y="{{.H}}">0</text>
{{if .Band95}}<path class="band95" d="{{.Band95}}"></path><path class="band80" d="{{.Band80}}"></path><path class="mean" d="{{.Mean}}"></path>
<line class="axis" x1="{{.SplitX}}" y1="10" x2="{{.SplitX}}" y2="{{.H}}"></line><text x="{{.SplitX}}" y="12">{{.SplitWeek}}</text>{{end}}
<path class="hist" d="{{.History}}"></path><text x="40" y="{{.H}}">{{.FirstWeek}}</text>
</svg>{{end}}{{with .V.SKU}}
<h3>{{T $.Lang "ops.forecast"}}</h3>
<table id="forecast"><tr><th>{{T $.Lang "col.week"}}</th><th>{{T $.Lang "ops.mean"}}</th><th>{{T $.Lang "ops.lo80"}}</th><th>{{T $.Lang "ops.hi80"}}</th><th>{{T $.Lang "ops.lo95"}}</th><th>{{T $.Lang "ops.hi95"}}</th></tr>
{{range .Forecast}}<tr><td>{{.Week}}</td><td data-k="mean">{{num $.Lang .Mean}}</td><td>{{num $.Lang .Lo80}}</td><td>{{num $.Lang .Hi80}}</td><td>{{num $.Lang .Lo95}}</td><td>{{num $.Lang .Hi95}}</td></tr>{{end}}</table>
<h3>{{T $.Lang "ops.reasons"}}</h3>
<table id="reasons"><tr><th>{{T $.Lang "col.reason"}}</th><th>{{T $.Lang "col.units"}}</th><th>{{T $.Lang "ops.share"}}</th></tr>{{range .Reasons}}<tr><td>{{.Reason}}</td><td>{{.Units}}</td><td>{{pct $.Lang .Share}}</td></tr>{{end}}</table>
<h3>{{T $.Lang "rsn.alerts"}}</h3>{{if .Alerts}}
<table id="alerts"><tr><th>{{T $.Lang "col.reason"}}</th><th>{{T $.Lang "col.since"}}</th><th>{{T $.Lang "col.detected"}}</th><th>{{T $.Lang "col.share_usual"}}</th><th>{{T $.Lang "col.share_recent"}}</th></tr>{{range .Alerts}}<tr><td>{{.Reason}}</td><td>{{.Start}}</td><td>{{.Detected}}</td><td>{{pct $.Lang .Usual}}</td><td>{{pct $.Lang .Recent}}</td></tr>{{end}}</table>{{else}}<p>{{T $.Lang "exp.none"}}</p>{{end}}
<h3>{{T $.Lang "ops.history"}}</h3>
<table id="history"><tr><th>{{T $.Lang "col.week"}}</th><th>{{T $.Lang "col.units"}}</th></tr>{{range .History}}<tr><td>{{.Week}}</td><td>{{.Units}}</td></tr>{{end}}</table>
{{end}}{{else}}
<table id="rows"><tr><th>{{if eq .V.Level "total"}}{{T .Lang "col.category"}}{{else}}{{T .Lang "col.sku"}}{{end}}</th><th>{{T .Lang "col.units"}} {{.V.Week}}</th><th>{{T .Lang "ops.previous"}}</th><th>{{T .Lang "col.units_13w"}}</th><th>{{T .Lang "ops.forecast4"}}</th><th>{{T .Lang "col.top_reason"}}</th></tr>
<tr id="total-row"><td>{{T .Lang "exp.total"}}</td><td data-k="units">{{.V.Total.Units}}</td><td>{{.V.Total.Previous}}</td><td data-k="units13">{{.V.Total.Units13}}</td><td></td><td></td></tr>
{{range .V.Rows}}<tr data-key="{{.Key}}"><td>{{if eq $.V.Level "total"}}<a class="drill" href="{{$.Base.CategoryURL .Key}}">{{.Label}}</a>{{else}}<a class="drill" href="{{$.Base.SKUURL .Key $.V.Filters.Category}}">{{.Key}}</a> {{.Label}}{{end}}</td>
<td data-k="units">{{.Units}}</td><td>{{.Previous}}</td><td data-k="units13">{{.Units13}}</td><td data-k="forecast">{{fc $.Lang .Forecast4}}</td><td data-k="reason">{{.TopReason}}{{with .TopShare}} ({{pct $.Lang .}}){{end}}</td></tr>{{end}}</table>
{{end}}
</body></html>
`))
