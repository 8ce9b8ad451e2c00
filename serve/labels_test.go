package serve

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	styleRE = regexp.MustCompile(`(?s)<style>.*?</style>`)
)

// TestExplorerFrench opens every explorer level in French (?lang=fr, and
// by the configured language) and checks that no label key and no English
// label is left in the page's text.
func TestExplorerFrench(t *testing.T) {
	e := newEnv(t, "language: fr\n", nil)
	var ops ExplorerView
	apiGet(t, e, "/api/v1/explorer", &ops)
	cat := ops.Rows[0].Key
	var opsCat ExplorerView
	apiGet(t, e, "/api/v1/explorer?"+url.Values{"category": {cat}}.Encode(), &opsCat)
	sku := opsCat.Rows[0].Key
	var claims PackView
	apiGet(t, e, "/api/v1/explorer/claims", &claims)
	claimSKU := tableOf(t, &claims, "by-sku").Rows[0].Key
	var ret PackView
	apiGet(t, e, "/api/v1/explorer/returns", &ret)
	site := ret.Options["sites"][0]
	pages := []string{"/explorer", "/explorer?" + url.Values{"category": {cat}}.Encode(), "/explorer?" + url.Values{"category": {cat}, "sku": {sku}}.Encode(),
		"/explorer/reasons", "/explorer/reasons?" + url.Values{"category": {cat}, "sku": {sku}}.Encode(),
		"/explorer/carbon", "/explorer/carbon?" + url.Values{"sku": {sku}}.Encode(),
		"/explorer/claims", "/explorer/claims?" + url.Values{"sku": {claimSKU}}.Encode(), "/explorer/claims?" + url.Values{"week": {claims.Options["weeks"][1]}}.Encode(),
		"/explorer/returns", "/explorer/returns?" + url.Values{"site": {site}, "category": {cat}}.Encode(),
		"/explorer/returns?" + url.Values{"site": {site}, "sku": {sku}}.Encode(), "/explorer/carbon?" + url.Values{"site": {site}}.Encode()}
	var english []*regexp.Regexp
	for _, l := range pageLabels {
		if l[0] != l[1] {
			english = append(english, regexp.MustCompile(`(^|[^\pL_])`+regexp.QuoteMeta(l[0])+`($|[^\pL_])`))
		}
	}
	for _, p := range pages {
		for _, lang := range []string{"", "fr"} {
			path := p
			if lang != "" {
				path += map[bool]string{true: "&", false: "?"}[strings.Contains(p, "?")] + "lang=" + lang
			}
			code, body := e.do(t, "GET", path, viewerTok, nil)
			if code != 200 || !strings.Contains(body, `<html lang="fr">`) {
				t.Fatalf("GET %s: %d, not a French page: %.200s", path, code, body)
			}
			text := html.UnescapeString(tagRE.ReplaceAllString(styleRE.ReplaceAllString(body, ""), "\n"))
			for key := range pageLabels {
				if strings.Contains(body, key) && !strings.HasPrefix(key, "pack.") {
					t.Errorf("GET %s shows the label key %q", path, key)
				}
			}
			for _, line := range strings.Split(text, "\n") {
				for _, re := range english {
					if re.MatchString(line) {
						t.Errorf("GET %s: English %q in %q", path, re.String(), strings.TrimSpace(line))
					}
				}
			}
		}
	}
	// English stays available.
	if code, body := e.do(t, "GET", "/explorer/carbon?lang=en", viewerTok, nil); code != 200 || !strings.Contains(body, "avoided, week") {
		t.Errorf("?lang=en: %d %.200s", code, body)
	}
}

func TestFormatNum(t *testing.T) {
	for _, c := range []struct {
		lang string
		v    float64
		dec  int
		want string
	}{
		{"en", 1234.567, 2, "1234.57"}, {"fr", 1234.567, 2, "1\u202f234,57"}, {"fr", -1234567, 0, "-1\u202f234\u202f567"}, {"fr", 12.5, 1, "12,5"}, {"en", 0, 0, "0"},
	} {
		if got := formatNum(c.lang, c.v, c.dec); got != c.want {
			t.Errorf("formatNum(%s, %v, %d) = %q, want %q", c.lang, c.v, c.dec, got, c.want)
		}
	}
}
