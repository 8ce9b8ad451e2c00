package reports

import (
	"context"
	"database/sql"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// Free-text themes: the words customers use most in their return comments,
// after dropping French and English stop words. DuckDB splits and counts
// (in parallel, over millions of lines); Go only filters the top few hundred.

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		the and for but not was were are is it its this that these those with without from into onto
		have has had been being too very just than then them they their there here what when which who
		why how all any some one two our you your yours mine his her she him of to in on at by as an or
		so if be do did does done can could would should will shall may might must also only about after
		before again more most much many such own same other out off over under up down no nor get got
		item items product products order ordered return returned returning
		les des une que qui dans pour pas par sur est sont avec sans mais plus moins tres trop cette ces
		son ses leur leurs nous vous ils elles elle lui aux du de la le un et ou en au ne se sa ce il je
		mon ma mes ton ta tes été etre être avoir fait faire comme tout tous toute toutes bien encore
		car donc alors aussi ont avait était suis ai produit article commande retour retourné`) {
		m[w] = true
	}
	return m
}()

func loadThemes(ctx context.Context, w *warehouse.DB, wk Week, o Options, d *ReasonsData) error {
	l := o.Lang
	from, end := wk.Add(1-o.RecentWeeks).Start(), wk.End()
	const topThemes = 20
	d.Themes = CategoryChart{
		ID:         "themes",
		Caption:    Caption{Title: l.T("rsn.themes"), Definition: l.Tf("def.themes", o.RecentWeeks), Unit: "n", Source: "return_comments (return_lines.reason_text)"},
		Horizontal: true,
	}
	d.ThemesTable = Table{
		ID:      "themes-table",
		Caption: Caption{Title: l.T("rsn.themes_table"), Definition: l.Tf("def.themes", o.RecentWeeks), Unit: "n, %", Source: "return_comments (return_lines.reason_text)"},
		Head:    []string{l.T("col.word"), l.T("col.comments"), l.T("col.share_comments"), l.T("col.top_reason"), l.T("col.example")},
		Numeric: []bool{false, true, true, false, false},
	}
	var counts []float64
	// The comments are read once (cm): counted, and split into words. A
	// window without comments gives one row with no word.
	err := queryEach(ctx, w, "comment themes", `
		WITH cm AS MATERIALIZED (SELECT reason, reason_text FROM return_comments WHERE week_start >= ? AND week_start < ?),
		t AS (SELECT reason, reason_text, unnest(regexp_split_to_array(lower(reason_text), '[^\p{L}]+')) AS word FROM cm)
		, top AS (SELECT word, first(reason ORDER BY c DESC, reason) AS reason
		          FROM (SELECT word, reason, count(*) AS c FROM t WHERE length(word) >= 3 GROUP BY ALL) GROUP BY word)
		, words AS (SELECT t.word, count(*) AS n, any_value(top.reason) AS reason, min(t.reason_text) AS example
		          FROM t JOIN top USING (word) WHERE length(t.word) >= 3
		          GROUP BY t.word ORDER BY n DESC, t.word LIMIT 400)
		SELECT (SELECT count(*) FROM cm), words.word, COALESCE(words.n, 0), COALESCE(words.reason, ''), COALESCE(words.example, '') FROM (SELECT 1) LEFT JOIN words ON true
		ORDER BY words.n DESC, words.word`, []any{from, end}, func(r *sql.Rows) error {
		var nw sql.NullString
		var reason, example string
		var n int64
		if err := r.Scan(&d.ThemesComments, &nw, &n, &reason, &example); err != nil {
			return err
		}
		word := nw.String
		if !nw.Valid || stopWords[word] || len(d.ThemesTable.Rows) >= topThemes {
			return nil
		}
		d.Themes.Categories = append(d.Themes.Categories, word)
		counts = append(counts, float64(n))
		share := 0.0
		if d.ThemesComments > 0 {
			share = 100 * float64(n) / float64(d.ThemesComments)
		}
		if r := []rune(example); len(r) > 120 {
			example = string(r[:119]) + "…"
		}
		d.ThemesTable.Rows = append(d.ThemesTable.Rows, []string{word, l.Number(float64(n), 0), pct(l, share), l.Name(reason), example})
		return nil
	})
	if err != nil {
		return err
	}
	d.Themes.Series = []Series{{Name: l.T("col.comments"), Values: counts}}
	return nil
}
