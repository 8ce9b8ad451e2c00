package reports

import (
	"context"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// forbidden are strings no reader should meet: a broken format verb, and
// references to the documents the product was specified from.
var forbidden = regexp.MustCompile(`(?i)%!|\bseed\b|domain\.md`)

// rawVerb finds a fmt verb left unformatted in rendered text ("top %d SKUs");
// scripts (the inlined chart library) are left out before it is applied.
var (
	rawVerb  = regexp.MustCompile(`(?:^|[\s(>])%[0-9.]*[dsvf](?:[\s)<,.;:]|$)`)
	scriptRe = regexp.MustCompile(`(?s)<script.*?</script>`)
)

// reVerb finds fmt verbs in a label. A literal percent sign in a label is
// written with a space after it ("80 % interval"); in a label that takes
// arguments it must be doubled ("80 %% interval").
var reVerb = regexp.MustCompile(`%(?:\[\d+\])?[-+#0]*\d*(?:\.\d+)?[a-zA-Z]`)

// dummyArg is an argument of the right kind for a verb.
func dummyArg(verb string) any {
	switch verb[len(verb)-1] {
	case 'd':
		return 7
	case 'f', 'g', 'e':
		return 1.5
	}
	return "x"
}

// TestEveryLabelRendersInBothLanguages formats every label, English and
// French, with arguments for the verbs it holds and fails on any "%!" (a
// verb without its argument, or a bare percent sign read as a verb), on
// languages disagreeing about the arguments, and on forbidden words.
func TestEveryLabelRendersInBothLanguages(t *testing.T) {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		e := labels[k]
		en, fr := reVerb.FindAllString(e[0], -1), reVerb.FindAllString(e[1], -1)
		if e[1] != "" && !slices.Equal(en, fr) {
			t.Errorf("%s: English verbs %v, French %v", k, en, fr)
		}
		for i, l := range []Lang{English, French} {
			if e[i] == "" {
				continue
			}
			var got string
			if len(en) == 0 && !strings.Contains(e[i], "%%") {
				got = l.T(k) // a plain label, never formatted
			} else {
				args := make([]any, len(en))
				for j, v := range en {
					args[j] = dummyArg(v)
				}
				got = l.Tf(k, args...)
			}
			if forbidden.MatchString(got) {
				t.Errorf("%s (%s) renders as %q", k, l, got)
			}
		}
	}
}

func TestSourceAndTextTranslation(t *testing.T) {
	cases := []struct {
		in, en, fr string
	}{
		{"carbon_facts, run 3", "carbon_facts, run 3", "carbon_facts, exécution n°\u00a03"},
		{"reason_forecasts (level category), run 12", "reason_forecasts (level category), run 12", "reason_forecasts (niveau catégorie), exécution n°\u00a012"},
		{"retour assumption, unsourced", "retour assumption, unsourced", "hypothèse retour, non sourcée"},
		{"My own LCA, run 2 of the study", "My own LCA, run 2 of the study", "My own LCA, exécution n°\u00a02 of the study"},
	}
	for _, c := range cases {
		if got := English.Source(c.in); got != c.en {
			t.Errorf("English.Source(%q) = %q", c.in, got)
		}
		if got := French.Source(c.in); got != c.fr {
			t.Errorf("French.Source(%q) = %q, want %q", c.in, got, c.fr)
		}
	}
	// Table cells: only exact shipped texts are translated.
	if got := French.Text("kettle"); got != "bouilloire" {
		t.Errorf("French.Text(kettle) = %q", got)
	}
	if got := French.Text("I run 5 km"); got != "I run 5 km" {
		t.Errorf("French.Text changed user text: %q", got)
	}
}

// TestShippedFactorTextsTranslated: every factor item and source shipped in
// kpi/data/factors.csv reads in French in the carbon pack.
func TestShippedFactorTextsTranslated(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "kpi", "data", "factors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	item, source := slices.Index(head, "item"), slices.Index(head, "source")
	for _, rec := range recs[1:] {
		for _, s := range []string{rec[item], rec[source]} {
			if _, ok := labels["src."+s]; !ok && !strings.Contains(s, "DESNZ/DEFRA") && !strings.HasPrefix(s, "ADEME") {
				t.Errorf("factor %s: %q has no French text (add a src. label)", rec[0], s)
			}
		}
	}
}

// TestUserFacingTextIsClean scans the templates and the packs, index and
// export files rendered in both languages for "%!", "seed" and "DOMAIN.md".
func TestUserFacingTextIsClean(t *testing.T) {
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		if m := forbidden.Find(b); m != nil {
			t.Errorf("%s holds %q", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w := openSeeded(t, "seed.sql")
	for _, l := range []Lang{English, French} {
		dir := t.TempDir()
		if _, err := Render(ctx, w, dir, testOptions(l)); err != nil {
			t.Fatal(err)
		}
		n := 0
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch filepath.Ext(path) {
			case ".html", ".csv", ".json":
			default:
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			if loc := forbidden.FindIndex(b); loc != nil {
				lo, hi := max(0, loc[0]-60), min(len(b), loc[1]+60)
				t.Errorf("%s (%s) holds %q: …%s…", filepath.Base(path), l, b[loc[0]:loc[1]], b[lo:hi])
			}
			text := scriptRe.ReplaceAll(b, nil)
			if loc := rawVerb.FindIndex(text); loc != nil {
				lo, hi := max(0, loc[0]-60), min(len(text), loc[1]+60)
				t.Errorf("%s (%s) holds an unformatted verb %q: …%s…", filepath.Base(path), l, text[loc[0]:loc[1]], text[lo:hi])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < 4 {
			t.Fatalf("%s: only %d files scanned", l, n)
		}
	}
}

// TestWorkloadCaption is the staffing caption that once read
// "80 %!i(string=35)nterval ... %!s(MISSING) h per week".
func TestWorkloadCaption(t *testing.T) {
	for l, want := range map[Lang]string{
		English: "Next week's hours with the 80 % interval, full-time equivalents at 35 h per week, and the 13-week total.",
		French:  "Heures de la semaine prochaine avec l'intervalle 80 %, équivalents temps plein à 35 h par semaine, total sur 13 semaines.",
	} {
		if got := l.Tf("def.workload_table", l.Number(35, 0)); got != want {
			t.Errorf("%s: %q", l, got)
		}
	}
}
