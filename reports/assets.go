package reports

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// assetsFS holds reports/assets. The folder always exists (it has a committed
// README), so this compiles on a fresh clone; echarts.min.js is in it only
// when `make assets` ran before the build.
//
//go:embed assets
var assetsFS embed.FS

// EChartsFile is the bundle's path inside the repository.
const EChartsFile = "reports/assets/echarts.min.js"

// EChartsEnv names an environment variable that may point at the bundle.
const EChartsEnv = "RETOUR_ECHARTS_JS"

// ECharts returns the ECharts bundle to inline into pages. It looks, in
// order, at: the copy compiled into the binary; $RETOUR_ECHARTS_JS;
// reports/assets/echarts.min.js under the working directory and its parents;
// the same path beside the executable (bin/../reports/assets). It fails with
// ErrNoECharts, which tells the user to run `make assets`.
func ECharts() ([]byte, error) {
	if b, err := fs.ReadFile(assetsFS, "assets/echarts.min.js"); err == nil && len(b) > 0 {
		return checkECharts(b, "embedded copy")
	}
	var candidates []string
	if p := os.Getenv(EChartsEnv); p != "" {
		candidates = append(candidates, p)
	}
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			candidates = append(candidates, filepath.Join(d, EChartsFile))
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		candidates = append(candidates, filepath.Join(filepath.Dir(exe), "..", EChartsFile))
	}
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if err == nil && len(b) > 0 {
			return checkECharts(b, p)
		}
	}
	return nil, ErrNoECharts
}

// checkECharts refuses a bundle that could end the inline <script> early.
func checkECharts(b []byte, from string) ([]byte, error) {
	if strings.Contains(strings.ToLower(string(b)), "</script") {
		return nil, fmt.Errorf("echarts bundle from %s contains </script and cannot be inlined: %w", from, ErrNoECharts)
	}
	if !strings.Contains(string(b[:min(len(b), 4096)]), "echarts") {
		return nil, fmt.Errorf("echarts bundle from %s does not look like ECharts: %w", from, ErrNoECharts)
	}
	return b, nil
}
