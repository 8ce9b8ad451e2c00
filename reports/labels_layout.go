package reports

// layoutLabels are the labels of the tiles' sparkline and definition, the
// staffing-against-capacity lines and the reason alerts' comment examples and
// SKU reason trends; init adds them to labels.
var layoutLabels = map[string][2]string{
	"tile.spark": {"Last %d weeks of %s", "%d dernières semaines : %s"},
	"tile.def":   {"Definition", "Définition"},
}

func init() {
	for k, v := range layoutLabels {
		if _, dup := labels[k]; !dup {
			labels[k] = v
		}
	}
}
