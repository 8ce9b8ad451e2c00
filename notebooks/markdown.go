package notebooks

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

var (
	reCode   = regexp.MustCompile("`([^`]+)`")
	reBold   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	reItalic = regexp.MustCompile(`(^|[^*])\*([^*\s][^*]*)\*`)
	reLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	reOL     = regexp.MustCompile(`^\d+[.)]\s+`)
)

// Markdown converts the small Markdown subset to HTML. The text is escaped
// first, so nothing in the file can become markup it did not ask for; link
// targets other than http(s), mailto and relative paths are dropped.
func Markdown(src string) template.HTML {
	var b strings.Builder
	var para []string
	list := ""
	closeList := func() {
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	flushPara := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flushPara()
			closeList()
		case strings.HasPrefix(t, "#"):
			flushPara()
			closeList()
			level := len(t) - len(strings.TrimLeft(t, "#"))
			if level > 6 {
				level = 6
			}
			tag := "h" + string(rune('0'+level))
			b.WriteString("<" + tag + ">" + inline(strings.TrimSpace(t[level:])) + "</" + tag + ">\n")
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			flushPara()
			if list != "ul" {
				closeList()
				b.WriteString("<ul>\n")
				list = "ul"
			}
			b.WriteString("<li>" + inline(t[2:]) + "</li>\n")
		case reOL.MatchString(t):
			flushPara()
			if list != "ol" {
				closeList()
				b.WriteString("<ol>\n")
				list = "ol"
			}
			b.WriteString("<li>" + inline(reOL.ReplaceAllString(t, "")) + "</li>\n")
		default:
			if list != "" {
				closeList()
			}
			para = append(para, t)
		}
	}
	flushPara()
	closeList()
	return template.HTML(b.String()) //nolint:gosec // built from escaped text only
}

func inline(s string) string {
	s = html.EscapeString(s)
	s = reCode.ReplaceAllString(s, "<code>$1</code>")
	s = reBold.ReplaceAllString(s, "<strong>$1</strong>")
	s = reItalic.ReplaceAllString(s, "$1<em>$2</em>")
	return reLink.ReplaceAllStringFunc(s, func(m string) string {
		p := reLink.FindStringSubmatch(m)
		href := html.UnescapeString(p[2])
		lower := strings.ToLower(href)
		safe := safeHref(lower)
		if !safe {
			return p[1]
		}
		return `<a href="` + html.EscapeString(href) + `">` + p[1] + `</a>`
	})
}

// safeHref allows web and mail links and relative paths. Other schemes
// (javascript:, data:, file:) are dropped, and so are protocol-relative links
// ("//host/...", also spelt with backslashes, which browsers read the same way)
// that would leave the page for whatever host they name.
func safeHref(lower string) bool {
	t := strings.ReplaceAll(strings.TrimSpace(lower), `\`, "/")
	if strings.HasPrefix(t, "//") {
		return false
	}
	return strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "mailto:") || !strings.Contains(t, ":")
}
