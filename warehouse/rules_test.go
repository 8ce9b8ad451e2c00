package warehouse

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package folder")
		}
		dir = parent
	}
}

// TestOneRuleForDerivedFacts fails when code or a shipped notebook outside the
// warehouse derives a fact the views own: the return-week rule, a week rule
// of its own (date_trunc('week', ...)), or '?' for a missing value. Tests and their fixtures may (they check the views).
func TestOneRuleForDerivedFacts(t *testing.T) {
	root := repoRoot(t)
	rules := []struct {
		re   *regexp.Regexp
		want string
	}{
		{regexp.MustCompile(`(?i)COALESCE\(\s*(\w+\.)?received_ts\s*,\s*(\w+\.)?requested_ts\s*\)`), "return_ts / week_start of v_return_lines"},
		{regexp.MustCompile(`(?i)COALESCE\([^()]*,\s*'\?'\s*\)`), "the views' 'unknown' (warehouse.Unknown)"},
		{regexp.MustCompile(`(?i)date_trunc\(\s*'week'`), "the week columns of the views (week_start, ship_week, processed_week, open_week...)"},
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == "warehouse" || d.Name() == "testdata" || d.Name() == "docs" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if strings.HasSuffix(path, "_test.go") || (ext != ".go" && ext != ".sql" && ext != ".md") || strings.HasSuffix(path, "README.md") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, r := range rules {
			if loc := r.re.FindIndex(b); loc != nil {
				line := 1 + strings.Count(string(b[:loc[0]]), "\n")
				t.Errorf("%s:%d: %q derives a fact the warehouse views own; use %s", rel, line, b[loc[0]:loc[1]], r.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
