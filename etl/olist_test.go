package etl

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// repoRoot walks up from the package folder to the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the package folder")
		}
		dir = up
	}
}

// sharedData returns ../shared/data/sub beside the repository, or skips.
func sharedData(t *testing.T, sub string) string {
	t.Helper()
	p := filepath.Join(repoRoot(t), "..", "shared", "data", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data %s is absent (see ../shared/data/README.md): %v", p, err)
	}
	return p
}

// TestOlistExample loads examples/olist as shipped: sellers as sites and the
// product master with its categories translated and weights in kg; every
// row is kept, and a reload changes nothing. Expected figures are computed
// from the raw files with DuckDB's own CSV reader.
func TestOlistExample(t *testing.T) {
	data := sharedData(t, "olist")
	ctx := context.Background()
	cfg, err := LoadConfig(filepath.Join(repoRoot(t), "examples", "olist", "sources.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	w := openTest(t)
	load := func() []Summary {
		var out []Summary
		for _, src := range cfg.Sources {
			s, err := LoadFile(ctx, w, src.File, Options{Mapping: src.Map})
			if err != nil {
				t.Fatalf("%s: %v", src.File, err)
			}
			if s.Read != s.Inserted+s.Updated+s.Unchanged+s.Quarantined+s.Skipped {
				t.Errorf("%s: %+v does not balance", s.File, s.Counts)
			}
			// docs/mapping.md: the Olist files have no row to quarantine or skip
			if s.Quarantined != 0 || s.Skipped != 0 {
				t.Errorf("%s: %d quarantined, %d skipped; want none", s.File, s.Quarantined, s.Skipped)
			}
			out = append(out, s)
		}
		return out
	}
	first := load()
	raw := func(file string) string {
		return `read_csv('` + filepath.Join(data, file) + `', all_varchar = true, header = true)`
	}
	for _, c := range []struct{ name, got, want string }{
		{"sites", `SELECT count(*) FROM sites WHERE country = 'BR' AND length(postcode) = 5`, `SELECT count(*) FROM ` + raw("olist_sellers_dataset.csv")},
		{"products", `SELECT count(*) FROM products`, `SELECT count(*) FROM ` + raw("olist_products_dataset.csv")},
		{"uncategorized", `SELECT count(*) FROM products WHERE category = 'uncategorized'`,
			`SELECT count(*) FROM ` + raw("olist_products_dataset.csv") + ` WHERE product_category_name IS NULL`},
		{"translated", `SELECT count(*) FROM products p JOIN ` + raw("product_category_name_translation.csv") + ` t ON p.category = t.product_category_name_english`,
			`SELECT count(*) FROM ` + raw("olist_products_dataset.csv") + ` p JOIN ` + raw("product_category_name_translation.csv") + ` t USING (product_category_name)`},
		{"untranslated kept in Portuguese", `SELECT count(*) FROM products WHERE category IN ('pc_gamer', 'portateis_cozinha_e_preparadores_de_alimentos')`,
			`SELECT count(*) FROM ` + raw("olist_products_dataset.csv") + ` p ANTI JOIN ` + raw("product_category_name_translation.csv") + ` t USING (product_category_name) WHERE p.product_category_name IS NOT NULL`},
		{"weights in kg", `SELECT count(*) FROM products p JOIN ` + raw("olist_products_dataset.csv") + ` r ON r.product_id = p.sku WHERE abs(p.weight_kg * 1000 - CAST(r.product_weight_g AS DOUBLE)) < 1e-6`,
			`SELECT count(product_weight_g) FROM ` + raw("olist_products_dataset.csv")},
		{"zip prefixes keep leading zeros", `SELECT count(*) FROM sites WHERE postcode LIKE '0%'`,
			`SELECT count(*) FROM ` + raw("olist_sellers_dataset.csv") + ` WHERE seller_zip_code_prefix LIKE '0%'`},
	} {
		got, want := countRows(t, w, c.got), countRows(t, w, c.want)
		if got != want || want == 0 {
			t.Errorf("%s: %d in the warehouse, %d in the files", c.name, got, want)
		}
	}
	if n := countRows(t, w, `SELECT count(*) FROM products WHERE sector = 'high_tech'`); n == 0 {
		t.Error("no product mapped to high_tech")
	}
	before := checksums(t, w)
	for i, s := range load() {
		if s.Unchanged != first[i].Inserted || s.Inserted+s.Updated != 0 {
			t.Errorf("reload %s: %+v", s.File, s.Counts)
		}
	}
	if after := checksums(t, w); len(after) != len(before) {
		t.Fatal("checksums differ in tables")
	} else {
		for k := range before {
			if before[k] != after[k] {
				t.Errorf("%s changed on reload", k)
			}
		}
	}
}
