package serve

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
)

// packFilters lists each pack explorer's filters: query name, label key
// and the options list (empty: a search box).
var packFilters = map[string][][3]string{
	"returns": {{"week", "f.week", "weeks"}, {"site", "f.site", "sites"}, {"carrier", "f.carrier", "carriers"}, {"category", "f.category", "categories"}, {"q", "f.q", ""}},
	"reasons": {{"week", "f.week", "weeks"}, {"sector", "f.sector", "sectors"}, {"category", "f.category", "categories"}, {"q", "f.q", ""}},
	"carbon": {{"week", "f.week", "weeks"}, {"sector", "f.sector", "sectors"}, {"category", "f.category", "categories"},
		{"disposition", "f.disposition", "dispositions"}, {"site", "f.site", "sites"}, {"carrier", "f.carrier", "carriers"}, {"q", "f.q", ""}},
	"claims": {{"week", "f.week", "weeks"}, {"type", "f.type", "types"}, {"carrier", "f.carrier", "carriers"}, {"q", "f.q", ""}},
}

// field is one filter of the page.
type field struct {
	Name, Label, Value string
	Options            []string
	Search, All        bool
}

// handlePackExplorer renders the returns, reasons, carbon or claims explorer: the
// filters, the drill-down path and the view's tables. No script.
func (s *Server) handlePackExplorer(pack string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.explorePack(r.Context(), packQuery(r, pack))
		if err != nil {
			httpError(w, r, http.StatusBadRequest, "explorer: "+err.Error())
			return
		}
		lang := s.lang(r)
		var fields []field
		for _, f := range packFilters[pack] {
			val := v.Filters.get(f[0])
			fields = append(fields, field{Name: f[0], Label: f[1], Value: val, Options: v.Options[f[2]], Search: f[2] == "", All: f[0] != "week"})
		}
		link := packLinker{q: v.Filters, lang: r.URL.Query().Get("lang")}
		data := map[string]any{"V": v, "Fields": fields, "Link": link, "Lang": lang, "LangParam": link.lang, "Crumbs": link.crumbs(pack),
			"Nav": navLinks(link.lang, s.isAdmin(r))}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := packPage.Execute(w, data); err != nil {
			s.log.Error("explorer page", "pack", pack, "err", err)
		}
	}
}

func (s *Server) apiPackExplorer(pack string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.explorePack(r.Context(), packQuery(r, pack))
		if err != nil {
			httpError(w, r, http.StatusBadRequest, "explorer: "+err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(v.JSON())
	}
}

func (q PackQuery) get(name string) string {
	switch name {
	case "week":
		return q.Week
	case "sector":
		return q.Sector
	case "category":
		return q.Category
	case "site":
		return q.Site
	case "disposition":
		return q.Disposition
	case "type":
		return q.Type
	case "carrier":
		return q.Carrier
	case "q":
		return q.Q
	case "sku":
		return q.SKU
	}
	return ""
}

// packLinker builds the drill-down links that keep the filters.
type packLinker struct {
	q    PackQuery
	lang string
}

func (l packLinker) values(names ...string) url.Values {
	v := url.Values{}
	for _, n := range names {
		if x := l.q.get(n); x != "" {
			v.Set(n, x)
		}
	}
	if l.lang != "" {
		v.Set("lang", l.lang)
	}
	return v
}

func (l packLinker) url(v url.Values) string {
	return "/explorer/" + l.q.Pack + "?" + v.Encode()
}

// Drill is the link a row's key leads to: the filter param set to key.
func (l packLinker) Drill(param, key string) string {
	v := l.values("week", "sector", "category", "site", "disposition", "type", "carrier", "q")
	v.Set(param, key)
	return l.url(v)
}

// Operations is the operations explorer's page of the SKU: its history,
// forecast with intervals, reasons and alerts.
func (l packLinker) Operations() string {
	v := l.values("week", "sku")
	return "/explorer?" + v.Encode()
}

// navLinks are the links to the report archive and every explorer, in the
// page's language when ?lang= chose it.
func navLinks(lang string, admin bool) []crumb {
	q := ""
	if lang != "" {
		q = "?" + url.Values{"lang": {lang}}.Encode()
	}
	out := []crumb{{Label: "nav.archive", Href: "/reports/index.html", ID: "nav-archive"}, {Label: "pack.operations", Href: "/explorer" + q, ID: "nav-operations"}}
	for _, p := range []string{"returns", "reasons", "carbon", "claims"} {
		out = append(out, crumb{Label: "pack." + p, Href: "/explorer/" + p + q, ID: "nav-" + p})
	}
	out = append(out, crumb{Label: "nav.api", Href: "/api/v1/openapi.json", ID: "nav-api"})
	if admin {
		out = append(out, crumb{Label: "nav.admin", Href: "/admin" + q, ID: "nav-admin"})
	}
	return out
}

type crumb struct{ Label, Href, ID string }

// crumbs is the drill-down path: total, each filter set, the SKU.
func (l packLinker) crumbs(pack string) []crumb {
	names := []string{"week"}
	out := []crumb{{Label: "exp.total", Href: l.url(l.values("week")), ID: "crumb-total"}}
	for _, f := range append(packFilters[pack], [3]string{"sku", "col.sku", ""}) {
		if f[0] == "week" {
			continue
		}
		names = append(names, f[0])
		if x := l.q.get(f[0]); x != "" {
			out = append(out, crumb{Label: x, Href: l.url(l.values(names...)), ID: "crumb-" + f[0]})
		}
	}
	return out
}

var packPage = template.Must(template.New("pack").Funcs(template.FuncMap{
	"T": label,
	"cell": func(lang string, c PackColumn, v any) string {
		switch x := v.(type) {
		case nil:
			return "-"
		case float64:
			return formatNum(lang, x, c.Dec)
		case int64:
			return formatNum(lang, float64(x), 0)
		case string:
			return x
		}
		return fmt.Sprint(v)
	},
	"col": func(lang string, c PackColumn) string {
		if c.Raw {
			return c.Label
		}
		return label(lang, c.Label)
	},
	"sel": func(a, b string) bool { return a == b },
	"nid": func(key string) string { return strings.ReplaceAll(key, ".", "-") },
	"isCrumb": func(lang string, c crumb) string {
		if c.ID == "crumb-total" {
			return label(lang, c.Label)
		}
		return c.Label
	},
}).Parse(explorerHead + `
<h1>{{T .Lang (print "pack." .V.Pack)}}: {{T .Lang "exp.title"}}{{if .V.AsOf}}, {{T .Lang "exp.as_of"}} {{.V.AsOf}}{{else}}, {{T .Lang "exp.week"}} {{.V.Week}}{{end}}</h1>
<form class="filters" method="get" action="/explorer/{{.V.Pack}}" id="filters">{{if .LangParam}}<input type="hidden" name="lang" value="{{.LangParam}}">{{end}}
{{range .Fields}}<label>{{T $.Lang .Label}}{{if .Search}}<input type="search" name="{{.Name}}" id="f-{{.Name}}" value="{{.Value}}">{{else}}<select name="{{.Name}}" id="f-{{.Name}}">{{if .All}}<option value="">{{T $.Lang "exp.all"}}</option>{{end}}{{$v := .Value}}{{range .Options}}<option{{if sel . $v}} selected{{end}}>{{.}}</option>{{end}}</select>{{end}}</label>
{{end}}<button type="submit" id="apply">{{T .Lang "exp.apply"}}</button></form>
<p class="crumbs">{{range $i, $c := .Crumbs}}{{if $i}} &rsaquo; {{end}}<a href="{{$c.Href}}" id="{{$c.ID}}">{{isCrumb $.Lang $c}}</a>{{end}}</p>
{{if eq .V.Pack "carbon"}}<p>{{T .Lang "co2.note"}}</p>{{end}}
{{range .V.Notes}}<p class="note" id="note-{{nid .}}">{{T $.Lang .}}</p>
{{end}}{{if and (eq .V.Pack "returns") .V.Filters.SKU}}<p><a id="ops-sku" href="{{.Link.Operations}}">{{T .Lang "ret.ops_link"}}</a></p>
{{end}}{{range .V.Tables}}{{$t := .}}<h2>{{T $.Lang .Title}}</h2>
{{if .Rows}}<table id="{{.ID}}"><tr><th>{{T $.Lang .KeyCol}}</th>{{range .Columns}}<th>{{col $.Lang .}}</th>{{end}}</tr>
{{range .Rows}}<tr data-key="{{.Key}}"><td>{{if $t.Drill}}<a class="drill" href="{{$.Link.Drill $t.Drill .Key}}">{{.Key}}</a>{{if ne .Label .Key}} {{.Label}}{{end}}{{else}}{{.Label}}{{end}}</td>{{range $i, $x := .Values}}{{with index $t.Columns $i}}<td data-k="{{.ID}}">{{cell $.Lang . $x}}</td>{{end}}{{end}}</tr>
{{end}}</table>{{else}}<p id="{{.ID}}-none">{{T $.Lang "exp.none"}}</p>{{end}}
<p class="src">{{T $.Lang "exp.source"}}: {{.Source}}</p>
{{end}}</body></html>
`))
