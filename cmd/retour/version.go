package main

import (
	"fmt"
	"runtime/debug"

	"github.com/retour-analytics/retour/warehouse"
)

// version is set at build time (-ldflags "-X main.version=v1.2.3"); when it
// is not, the module version or VCS revision Go recorded is used.
var version = ""

// versionString is what `retour --version` prints after "retour version ".
func versionString() string {
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok {
			if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
				v = bi.Main.Version
			} else {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" && len(s.Value) >= 12 {
						v = "devel " + s.Value[:12]
					}
				}
			}
		}
	}
	return fmt.Sprintf("%s (warehouse schema %d)", v, warehouse.SchemaVersion())
}
