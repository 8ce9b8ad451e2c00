package etl

import (
	"context"
	"errors"
	"os"
	"testing"
)

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	sales, _ := os.ReadFile("testdata/sales.csv")
	mapping, _ := os.ReadFile("testdata/sales_mapping.yaml")
	write(t, dir, "ventes.csv", sales)
	write(t, dir, "ventes.yaml", mapping)
	write(t, dir, "produits.csv", []byte("sku,name\nSKU-JEAN,Jean\n"))
	cfg := write(t, dir, "load.yaml", []byte("sources:\n  - file: produits.csv\n  - file: ventes.csv\n    mapping: ventes.yaml\n"))
	c, err := LoadConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := openTest(t)
	for _, s := range c.Sources {
		if _, err := LoadFile(context.Background(), w, s.File, Options{Mapping: s.Map}); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRows(t, w, `SELECT count(*) FROM return_lines`); n != 2 {
		t.Fatalf("returns %d", n)
	}
	for _, bad := range []string{"sources: []\n", "sources:\n  - mapping: x.yaml\n", "source:\n  - file: a.csv\n"} {
		p := write(t, dir, "bad.yaml", []byte(bad))
		if _, err := LoadConfig(p); !errors.Is(err, ErrMapping) {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}
