package reports

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// Packs are the report packs written per week, in navigation order.
var Packs = []string{"operations", "returns", "reasons", "carbon", "claims"}

// Result lists what Render wrote.
type Result struct {
	Week    Week
	Index   string            // path of index.html
	Packs   map[string]string // pack -> path
	Exports []string
	Bytes   map[string]int // file -> size
}

// Render writes the packs (Packs) of week o.Week (or the latest week) to
// outDir/<week>/, the carbon exports the carbon pack links to into
// outDir/<week>/exports/ when o.Exports, and
// rebuilds outDir/index.html from every week found in outDir.
func Render(ctx context.Context, w *warehouse.DB, outDir string, o Options) (*Result, error) {
	o = o.withDefaults()
	if _, err := ECharts(); err != nil {
		return nil, err
	}
	wk := o.Week
	if wk == (Week{}) {
		var err error
		if wk, err = LatestWeek(ctx, w); err != nil {
			return nil, err
		}
	}
	dir := filepath.Join(outDir, wk.String())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create report folder: %w", err)
	}
	res := &Result{Week: wk, Packs: map[string]string{}, Bytes: map[string]int{}}
	var links []Link
	if o.Exports {
		files, err := Export(ctx, w, filepath.Join(dir, "exports"), Formats, CarbonDatasets...)
		if err != nil {
			return nil, err
		}
		res.Exports = files
		for _, f := range files {
			links = append(links, Link{Name: filepath.Base(f), Href: "exports/" + filepath.Base(f)})
		}
	}
	for _, pack := range Packs {
		var buf bytes.Buffer
		if err := RenderPack(ctx, w, &buf, pack, wk, o, links); err != nil {
			return nil, err
		}
		path := filepath.Join(dir, pack+".html")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		res.Packs[pack] = path
		res.Bytes[path] = buf.Len()
	}
	caps, err := LoadCapabilities(ctx, w, nil, o)
	if err != nil {
		return nil, err
	}
	if err := writeCapabilities(outDir, caps); err != nil {
		return nil, err
	}
	idx, err := RenderIndex(outDir, o)
	if err != nil {
		return nil, err
	}
	res.Index = idx
	return res, nil
}

func packNav(l Lang, here string) []NavLink {
	nav := []NavLink{{Name: l.T("nav.index"), Href: "../index.html"}}
	for _, p := range Packs {
		nav = append(nav, NavLink{Name: l.T("pack." + p), Href: p + ".html", Here: p == here})
	}
	return nav
}

// RenderPack computes and renders one pack into buf.
func RenderPack(ctx context.Context, w *warehouse.DB, buf *bytes.Buffer, pack string, wk Week, o Options, exports []Link) error {
	o = o.withDefaults()
	l := o.Lang
	var data any
	var meta Meta
	switch pack {
	case "operations":
		d, err := LoadOperations(ctx, w, wk, o)
		if err != nil {
			return fmt.Errorf("operations pack %s: %w", wk, err)
		}
		data, meta = d, d.Meta
	case "reasons":
		d, err := LoadReasons(ctx, w, wk, o)
		if err != nil {
			return fmt.Errorf("reasons pack %s: %w", wk, err)
		}
		data, meta = d, d.Meta
	case "carbon":
		d, err := LoadCarbon(ctx, w, wk, o, exports)
		if err != nil {
			return fmt.Errorf("carbon pack %s: %w", wk, err)
		}
		data, meta = d, d.Meta
	case "claims":
		d, err := LoadClaims(ctx, w, wk, o)
		if err != nil {
			return fmt.Errorf("claims pack %s: %w", wk, err)
		}
		data, meta = d, d.Meta
	case "returns":
		d, err := LoadReturns(ctx, w, wk, o)
		if err != nil {
			return fmt.Errorf("returns pack %s: %w", wk, err)
		}
		data, meta = d, d.Meta
	default:
		return fmt.Errorf("unknown pack %q", pack)
	}
	p := page{
		Lang:     l,
		Title:    l.T("pack." + pack + ".title"),
		Subtitle: l.Tf("sub.week", wk.String(), l.Date(wk.Start()), l.Date(wk.End().AddDate(0, 0, -1))) + " · " + l.T("pack."+pack+".for"),
		Nav:      packNav(l, pack),
		Footer:   footer(l, o, meta),
		Data:     data,
	}
	return renderPage(buf, pack+".html", p, o)
}

// IndexData is the archive page's content.
type IndexData struct {
	Weeks     []IndexWeek
	Notebooks []Link
	// Capabilities is the capability table Render saved beside the index.
	Capabilities *Capabilities
}

// IndexWeek is one archived week and the packs found for it.
type IndexWeek struct {
	Week  string
	Dates string
	Packs []Link
}

// RenderIndex rebuilds outDir/index.html from the week folders in outDir
// (newest first) and the notebooks in outDir/notebooks.
func RenderIndex(outDir string, o Options) (string, error) {
	o = o.withDefaults()
	l := o.Lang
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return "", fmt.Errorf("read report folder: %w", err)
	}
	d := IndexData{Capabilities: readCapabilities(outDir)}
	for _, e := range entries {
		wk, err := ParseWeek(e.Name())
		if !e.IsDir() || err != nil || wk.String() != e.Name() {
			continue
		}
		iw := IndexWeek{Week: wk.String(), Dates: l.Date(wk.Start()) + " – " + l.Date(wk.End().AddDate(0, 0, -1))}
		for _, p := range Packs {
			if _, err := os.Stat(filepath.Join(outDir, e.Name(), p+".html")); err == nil {
				iw.Packs = append(iw.Packs, Link{Name: l.T("pack." + p), Href: e.Name() + "/" + p + ".html", For: l.T("pack." + p + ".for")})
			}
		}
		if len(iw.Packs) > 0 {
			d.Weeks = append(d.Weeks, iw)
		}
	}
	sort.Slice(d.Weeks, func(i, j int) bool { return d.Weeks[i].Week > d.Weeks[j].Week })
	if nbs, err := os.ReadDir(filepath.Join(outDir, "notebooks")); err == nil {
		for _, e := range nbs {
			if strings.HasSuffix(e.Name(), ".html") {
				name := strings.TrimSuffix(e.Name(), ".html")
				if title := pageTitle(filepath.Join(outDir, "notebooks", e.Name())); title != "" {
					name = title
				}
				d.Notebooks = append(d.Notebooks, Link{Name: name, Href: "notebooks/" + e.Name()})
			}
		}
	}
	var buf bytes.Buffer
	p := page{Lang: l, Title: l.T("idx.title"), Subtitle: l.T("idx.sub"), Footer: l.Tf("foot.generated", l.DateTime(o.Now)) + " · " + l.T("foot.offline"), Data: d}
	if err := renderPage(&buf, "index.html", p, o); err != nil {
		return "", err
	}
	path := filepath.Join(outDir, "index.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("write index: %w", err)
	}
	return path, nil
}

// pageTitle reads the <title> of an HTML page written by this package, or ""
// when it has none.
func pageTitle(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	s := string(head[:n])
	i := strings.Index(s, "<title>")
	j := strings.Index(s, "</title>")
	if i < 0 || j < i {
		return ""
	}
	return html.UnescapeString(s[i+len("<title>") : j])
}
