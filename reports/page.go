package reports

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"path"
	"reflect"
	"slices"
	"strings"
)

//go:embed templates
var templateFS embed.FS

var (
	baseTemplates = template.Must(template.New("parts").Funcs(funcMap(English)).ParseFS(templateFS, "templates/parts.html"))
	styleCSS      = mustRead("templates/style.css")
	initJS        = mustRead("templates/charts.js")
)

func mustRead(name string) string {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// NavLink is an entry of the page header.
type NavLink struct {
	Name string
	Href string
	Here bool
}

// page is what the layout template renders.
type page struct {
	Lang      Lang
	Title     string
	Subtitle  string
	Nav       []NavLink
	Footer    string
	CSS       template.CSS
	ECharts   template.JS
	Charts    template.JS
	InitJS    template.JS
	HasCharts bool
	Data      any
}

// funcMap holds the template helpers, bound to a language.
func funcMap(l Lang) template.FuncMap {
	return template.FuncMap{
		"t":     l.T,
		"unit":  l.unit,
		"colon": l.Colon,
		"src":   l.Source,
		"text":  l.Text,
		"benchSources": func(bs []Bench) []string {
			var out []string
			for _, b := range bs {
				if b.Source != "" && !slices.Contains(out, b.Source) {
					out = append(out, b.Source)
				}
			}
			return out
		},
		"val": func(v *float64, unit string) string {
			if v == nil {
				return "–"
			}
			return l.Value(*v, unit)
		},
		"int":   func(n int64) string { return l.Number(float64(n), 0) },
		"isNum": func(t Table, i int) bool { return i < len(t.Numeric) && t.Numeric[i] },
		"tf":    l.Tf,
		// link is the anchor cell i of row r links to: the row's Links entry
		// for its last cell, "" otherwise.
		"link": func(t Table, r, i int) string {
			if r < len(t.Links) && i == len(t.Rows[r])-1 {
				return t.Links[r]
			}
			return ""
		},
		"spark": func(t Tile) template.HTML { return sparkline(t.Spark, l.Tf("tile.spark", len(t.Spark), t.Name)) },
		// exportRows groups export links by dataset: one row, a link per format.
		"exportRows": func(links []Link) [][]Link {
			var rows [][]Link
			for _, k := range links {
				base := strings.TrimSuffix(k.Name, path.Ext(k.Name))
				if n := len(rows); n > 0 && strings.TrimSuffix(rows[n-1][0].Name, path.Ext(rows[n-1][0].Name)) == base {
					rows[n-1] = append(rows[n-1], k)
					continue
				}
				rows = append(rows, []Link{k})
			}
			return rows
		},
		"ext":  func(name string) string { return strings.TrimPrefix(path.Ext(name), ".") },
		"base": func(name string) string { return strings.TrimSuffix(name, path.Ext(name)) },
		"partChange": func(p Part, unit string) string {
			if p.Change == nil {
				return ""
			}
			s := l.Value(*p.Change, unit)
			if unit == "%" {
				s = l.Auto(*p.Change) + l.PP()
			}
			if *p.Change > 0 {
				s = "+" + s
			}
			return s
		},
		"change": func(t Tile) string {
			if t.Value == nil {
				return l.T("word.novalue")
			}
			if t.Change == nil {
				return l.T("word.noprev")
			}
			s := l.Value(*t.Change, t.Unit)
			if t.Unit == "%" { // a change of a rate is in percentage points
				s = l.Auto(*t.Change) + l.PP()
			}
			if *t.Change > 0 {
				s = "+" + s
			}
			return s + " " + l.T("word.vsprev")
		},
		"band": func(lo, hi *float64) string {
			switch {
			case lo != nil && hi != nil:
				return "[" + l.Auto(*lo) + " – " + l.Auto(*hi) + "]"
			case lo != nil:
				return "[≥ " + l.Auto(*lo) + "]"
			case hi != nil:
				return "[≤ " + l.Auto(*hi) + "]"
			}
			return ""
		},
		"accuracy": func(a *Accuracy) string {
			if a == nil {
				return l.T("acc.none")
			}
			f := func(v *float64) string {
				if v == nil {
					return "–"
				}
				return l.Number(100**v, 1) + " %"
			}
			m := "–"
			if a.MASE != nil {
				m = l.Number(*a.MASE, 2)
			}
			h := l.Tf("acc.horizons", a.Horizons)
			if a.Horizons == "all" || a.Horizons == "" {
				h = l.T("acc.all_horizons")
			}
			return l.Tf("acc.line", a.Model, h, f(a.WAPE), m, f(a.Bias), f(a.Coverage80), f(a.Coverage95), a.N)
		},
	}
}

// chartOptions finds every chart in data (walking structs and slices) and
// returns its ECharts options by chart ID. Empty charts are skipped: the page
// shows "no data" in their place.
func chartOptions(data any, l Lang) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	var walk func(v reflect.Value) error
	walk = func(v reflect.Value) error {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return nil
			}
			return walk(v.Elem())
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				if err := walk(v.Index(i)); err != nil {
					return err
				}
			}
			return nil
		case reflect.Struct:
		default:
			return nil
		}
		if v.CanAddr() {
			var opt json.RawMessage
			var err error
			var id string
			switch c := v.Addr().Interface().(type) {
			case *CategoryChart:
				if c.Empty() {
					return nil
				}
				id = c.ID
				opt, err = categoryOption(c, l)
			case *BandChart:
				if c.Empty() {
					return nil
				}
				id = c.ID
				opt, err = bandOption(c, l)
			case *HeatmapChart:
				if c.Empty() {
					return nil
				}
				id = c.ID
				opt, err = heatmapOption(c, l)
			}
			if err != nil {
				return fmt.Errorf("chart %s: %w", id, err)
			}
			if id != "" {
				if _, dup := out[id]; dup {
					return fmt.Errorf("chart id %q used twice", id)
				}
				out[id] = opt
				return nil
			}
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				if err := walk(v.Field(i)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// Walk an addressable copy so chart methods with pointer receivers apply.
	rv := reflect.ValueOf(data)
	if rv.Kind() != reflect.Pointer {
		cp := reflect.New(rv.Type())
		cp.Elem().Set(rv)
		rv = cp
	}
	return out, walk(rv)
}

// renderPage executes the content template named file (in templates/) inside
// the layout, with ECharts inlined when the page has charts.
func renderPage(w io.Writer, file string, p page, o Options) error {
	t, err := baseTemplates.Clone()
	if err != nil {
		return fmt.Errorf("clone templates: %w", err)
	}
	t = t.Funcs(funcMap(p.Lang))
	if _, err := t.ParseFS(templateFS, "templates/"+file); err != nil {
		return fmt.Errorf("parse %s: %w", file, err)
	}
	opts, err := chartOptions(p.Data, p.Lang)
	if err != nil {
		return err
	}
	p.CSS = template.CSS(styleCSS)
	if len(opts) > 0 {
		js, err := ECharts()
		if err != nil {
			return err
		}
		b, err := json.Marshal(opts) // escapes <, >, & so no data string can end the script
		if err != nil {
			return fmt.Errorf("marshal charts: %w", err)
		}
		p.HasCharts = true
		p.ECharts = template.JS(js)
		p.Charts = template.JS(b)
		p.InitJS = template.JS(initJS)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", file, err)
	}
	if o.MaxBytes > 0 && buf.Len() > o.MaxBytes {
		return fmt.Errorf("%s is %d bytes, over %d: %w", file, buf.Len(), o.MaxBytes, ErrTooLarge)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func footer(l Lang, o Options, m Meta) string {
	parts := []string{l.Tf("foot.generated", l.DateTime(o.Now))}
	if m.Runs.KPI > 0 {
		parts = append(parts, l.Tf("foot.kpi", m.Runs.KPI))
	}
	if m.Runs.Forecast > 0 {
		parts = append(parts, l.Tf("foot.forecast", m.Runs.Forecast, m.Runs.ForecastOrigin))
	}
	parts = append(parts, l.T("foot.offline"))
	return strings.Join(parts, " · ")
}
