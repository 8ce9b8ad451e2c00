package serve

// returnsLabels are the words of the returns explorer and of the filters
// the carbon and claims explorers gained; init adds them to pageLabels.
var returnsLabels = map[string][2]string{
	"pack.returns":          {"Reverse logistics", "Logistique retour"},
	"col.scope":             {"scope", "périmètre"},
	"col.received":          {"units received", "unités reçues"},
	"col.km_per_unit":       {"km per unit", "km par unité"},
	"col.cost_per_unit":     {"cost per unit (EUR)", "coût par unité (EUR)"},
	"col.cost_transport":    {"transport cost per unit (EUR)", "coût de transport par unité (EUR)"},
	"col.cost_processing":   {"processing cost per unit (EUR)", "coût de traitement par unité (EUR)"},
	"col.processing_median": {"processing time, median (h)", "délai de traitement médian (h)"},
	"col.backlog":           {"awaiting processing (units)", "en attente de traitement (unités)"},
	"col.co2_transport":     {"transport CO2 per unit (kgCO2e)", "CO2 de transport par unité (kgCO2e)"},
	"col.lead_days":         {"return lead time (days)", "délai d'acheminement (jours)"},
	"col.damaged":           {"damaged in transit (%)", "avaries de transport (%)"},
	"col.claims_1000":       {"claims per 1,000 units", "litiges pour 1 000 unités"},
	"col.received_week":     {"received in the week", "reçues dans la semaine"},
	"col.received_prev":     {"received the week before", "reçues la semaine précédente"},
	"col.received_13w":      {"received, 13 weeks", "reçues, 13 semaines"},
	"col.processed_week":    {"processed in the week", "traitées dans la semaine"},
	"col.processed_13w":     {"processed, 13 weeks", "traitées, 13 semaines"},
	"ret.total":             {"The week, whole network", "La semaine, tout le réseau"},
	"ret.by_site":           {"By site: volume, cost, processing time, stock", "Par site : volume, coût, délai de traitement, stock"},
	"ret.by_carrier":        {"By carrier: volume, cost, CO2, lead time, damage, claims", "Par transporteur : volume, coût, CO2, délai, avaries, litiges"},
	"ret.by_category":       {"By category", "Par catégorie"},
	"ret.by_disposition":    {"Where returns go: units processed by disposition", "Où vont les retours : unités traitées par orientation"},
	"ret.by_sku":            {"Products: units received at the dock", "Articles : unités reçues au quai"},
	"ret.sku_weeks":         {"The product's units received, last 13 weeks", "Unités reçues de l'article, 13 dernières semaines"},
	"ret.sku_sites":         {"The product's units received by site", "Unités reçues de l'article par site"},
	"ret.sku_carriers":      {"The product's units received by carrier", "Unités reçues de l'article par transporteur"},
	"ret.sku_dispositions":  {"Where the product goes: units processed by disposition", "Où va l'article : unités traitées par orientation"},
	"ret.note_scopes":       {"Each site, carrier or category row is that scope's whole figure for the week (the KPI tables do not cross site, carrier and category); the product table applies every filter.", "Chaque ligne de site, de transporteur ou de catégorie est le chiffre complet de ce périmètre pour la semaine (les tables d'indicateurs ne croisent pas site, transporteur et catégorie) ; la table des articles applique tous les filtres."},
	"ret.note_units":        {"Product figures are units received at the dock in the week, the rule of the units-received KPI: under one filter they add up to its row above.", "Les chiffres par article sont les unités reçues au quai dans la semaine, la règle de l'indicateur des unités reçues : sous un seul filtre, leur somme égale sa ligne ci-dessus."},
	"ret.ops_link":          {"The product's history, forecast with intervals, reasons and alerts", "Historique, prévision avec intervalles, motifs et alertes de l'article"},
}

func init() {
	for _, m := range []map[string][2]string{returnsLabels, filterLabels} {
		for k, v := range m {
			if _, dup := pageLabels[k]; dup {
				panic("serve: label " + k + " declared twice")
			}
			pageLabels[k] = v
		}
	}
}

// filterLabels are the carbon and claims explorers' words for the filters
// they gained (site and carrier; week).
var filterLabels = map[string][2]string{
	"co2.note_site_carrier": {"The site and carrier filters apply to the tables by disposition and by product; the table by site is not cut by carrier, nor the table by carrier by site (the KPI tables do not cross them).", "Les filtres de site et de transporteur s'appliquent aux tables par orientation et par article ; la table par site n'est pas découpée par transporteur, ni la table par transporteur par site (les tables d'indicateurs ne les croisent pas)."},
	"col.claims_opened":     {"opened", "ouverts"},
	"col.claims_closed":     {"closed", "clos"},
	"col.days_to_close":     {"days to close, median", "jours jusqu'à clôture, médiane"},
	"clm.week_by_type":      {"Claims of the week by type", "Litiges de la semaine par type"},
	"clm.week_by_carrier":   {"Claims of the week by carrier", "Litiges de la semaine par transporteur"},
	"clm.note_week":         {"The week filter chooses the week of the claims opened and closed; the open claims are those open at the end of the last complete week, the only moment they are recorded at.", "Le filtre de semaine choisit la semaine des litiges ouverts et clos ; les litiges en cours sont ceux ouverts à la fin de la dernière semaine complète, seul moment où ils sont enregistrés."},
}
