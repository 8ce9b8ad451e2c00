package notebooks

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// shippedFS holds the notebooks that ship with retour (this folder's *.md,
// except README.md).
//
//go:embed *.md
var shippedFS embed.FS

// Shipped returns the shipped notebooks by file name, sorted.
func Shipped() (map[string][]byte, []string, error) {
	entries, err := fs.ReadDir(shippedFS, ".")
	if err != nil {
		return nil, nil, err
	}
	out := map[string][]byte{}
	var names []string
	for _, e := range entries {
		if e.Name() == "README.md" || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		b, err := shippedFS.ReadFile(e.Name())
		if err != nil {
			return nil, nil, err
		}
		out[e.Name()] = b
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return out, names, nil
}
