package reports

// layoutLabels are the labels of the tiles' sparkline and definition, the
// staffing-against-capacity lines and the reason alerts' comment examples and
// SKU reason trends; init adds them to labels.
var layoutLabels = map[string][2]string{
	"tile.spark": {"Last %d weeks of %s", "%d dernières semaines : %s"},
	"tile.def":   {"Definition", "Définition"},

	"col.alert_detail":     {"Comments and trend", "Commentaires et tendance"},
	"alert.detail_link":    {"see", "voir"},
	"alert.no_comments":    {"No customer comment given with the reason %s on it since %s.", "Aucun commentaire client avec le motif %s depuis %s."},
	"alert.trend":          {"Reason shares per week, %s %s", "Part des motifs par semaine, %s %s"},
	"def.alert_trend":      {"Share of each reason in the returned units of this SKU or category per ISO week over the last %d weeks.", "Part de chaque motif dans les unités retournées de ce SKU ou de cette catégorie, par semaine ISO, sur les %d dernières semaines."},
	"rsn.alert_details_h":  {"Alerts: customer comments and reason trend", "Alertes : commentaires clients et évolution des motifs"},
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
