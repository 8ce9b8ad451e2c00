package reports

// layoutLabels are the labels of the tiles' sparkline and definition, the
// staffing-against-capacity lines and the reason alerts' comment examples and
// SKU reason trends; init adds them to labels.
var layoutLabels = map[string][2]string{
	"tile.spark": {"Last %d weeks of %s", "%d dernières semaines : %s"},
	"tile.def":   {"Definition", "Définition"},

	"ops.fc_detail_h":      {"Forecast by site and category", "Prévision par site et par catégorie"},
	"col.capacity":         {"Current staff (FTE)", "Effectif actuel (ETP)"},
	"col.cap_gap":          {"Need − staff (FTE)", "Besoin − effectif (ETP)"},
	"ops.capacity_unknown": {"Current staff not known: give it per site with retour report --capacity SITE=FTE (for example LILLE=12,LYON=8) to compare.", "Effectif actuel inconnu : indiquez-le par site avec retour report --capacity SITE=ETP (par exemple LILLE=12,LYON=8) pour comparer."},
	"sum.capacity_ok":      {"Current staff %s FTE covers it (%s FTE to spare).", "L'effectif actuel de %s ETP suffit (%s ETP de marge)."},
	"sum.capacity_short":   {"Current staff %s FTE: %s FTE short.", "Effectif actuel %s ETP : il manque %s ETP."},
}

func init() {
	for k, v := range layoutLabels {
		if _, dup := labels[k]; !dup {
			labels[k] = v
		}
	}
}
