package reports

// claimsLabels are the claims pack's labels; init adds them to labels.
var claimsLabels = map[string][2]string{
	"pack.claims":        {"Claims", "Litiges"},
	"pack.claims.title":  {"Claims report", "Rapport litiges"},
	"pack.claims.for":    {"for the claims manager", "pour le responsable litiges"},
	"clm.week":           {"This week", "Cette semaine"},
	"clm.q_open":         {"Claims open on %s, and their amount", "Litiges ouverts au %s, et leur montant"},
	"clm.q_oldest":       {"Oldest open claim", "Plus ancien litige ouvert"},
	"clm.q_opened":       {"Claims opened / closed this week", "Litiges ouverts / clos cette semaine"},
	"clm.q_median":       {"Median days to close, claims closed this week", "Délai médian de clôture (jours), litiges clos cette semaine"},
	"clm.q_cost":         {"Cost of the claims opened this week", "Coût des litiges ouverts cette semaine"},
	"clm.q_recurring":    {"Recurring causes (SKU or carrier, 3+ claims in 13 weeks)", "Causes récurrentes (SKU ou transporteur, 3 litiges ou plus en 13 semaines)"},
	"clm.open":           {"Open claims, oldest first", "Litiges ouverts, du plus ancien au plus récent"},
	"clm.def_open":       {"Claims opened before %s and not closed by then, oldest first (the %d oldest shown); age in days.", "Litiges ouverts avant le %s et non clos à cette date, du plus ancien au plus récent (les %d plus anciens) ; âge en jours."},
	"clm.weekly":         {"Claims opened and closed per week", "Litiges ouverts et clos par semaine"},
	"clm.def_weekly":     {"Claims opened and claims closed per ISO week over the last %d weeks.", "Litiges ouverts et litiges clos par semaine ISO sur les %d dernières semaines."},
	"clm.mix":            {"Resolution mix", "Répartition des résolutions"},
	"clm.def_mix":        {"Claims closed over the last %d weeks, by resolution.", "Litiges clos sur les %d dernières semaines, par résolution."},
	"clm.recurring":      {"Recurring causes and the claims behind them", "Causes récurrentes et litiges correspondants"},
	"clm.def_recurring":  {"SKUs and carriers with at least 3 claims opened in the 13 weeks ending with the last complete week; amount and most frequent type over those weeks; the claims behind each cause, oldest first.", "SKU et transporteurs ayant au moins 3 litiges ouverts sur les 13 semaines se terminant par la dernière semaine complète ; montant et type le plus fréquent sur ces semaines ; les litiges correspondants, du plus ancien au plus récent."},
	"clm.col_claim":      {"Claim", "Litige"},
	"clm.col_carrier":    {"Carrier", "Transporteur"},
	"clm.col_opened":     {"Opened", "Ouvert le"},
	"clm.col_age":        {"Age (d)", "Âge (j)"},
	"clm.col_resolution": {"Resolution", "Résolution"},
	"clm.col_cause":      {"Cause", "Cause"},
	"clm.col_key":        {"SKU or carrier", "SKU ou transporteur"},
	"clm.col_claims":     {"Claims (13 weeks)", "Litiges (13 semaines)"},
	"clm.col_behind":     {"Claims behind it", "Litiges correspondants"},
	"clm.key_sku":        {"SKU", "SKU"},
	"clm.key_carrier":    {"Carrier", "Transporteur"},
	"clm.mix_weekly":     {"Claims closed per week, by resolution", "Litiges clos par semaine, par résolution"},
	"clm.def_mix_weekly": {"Claims closed per ISO week over the last %d weeks, stacked by resolution.", "Litiges clos par semaine ISO sur les %d dernières semaines, empilés par résolution."},
	"clm.open_age":       {"Open claims by age", "Litiges ouverts par âge"},
	"clm.def_open_age":   {"Claims open on %s, by days since opening.", "Litiges ouverts au %s, par jours depuis l'ouverture."},
	"clm.causes":         {"Claims per recurring cause", "Litiges par cause récurrente"},
	"clm.def_causes":     {"Claims opened in the 13 weeks ending with the last complete week, per recurring SKU or carrier.", "Litiges ouverts sur les 13 semaines se terminant par la dernière semaine complète, par SKU ou transporteur récurrent."},
	"clm.open_h":         {"Open claims", "Litiges ouverts"},
	"clm.weekly_h":       {"Opened, closed and resolutions", "Ouvertures, clôtures et résolutions"},
	"clm.recurring_h":    {"Recurring causes", "Causes récurrentes"},
}

func init() {
	for k, v := range claimsLabels {
		if _, dup := labels[k]; !dup {
			labels[k] = v
		}
	}
}
