package reports

// Labels of the data-coverage messages, the capability table and the
// sections that draw stored KPI values. Kept apart from labels.go so that
// both grow without stepping on each other; init adds them to labels.
var dataLabels = map[string][2]string{
	"ops.processing_site":      {"Processing time by site", "Délai de traitement par site"},
	"def.processing_site":      {"Median and 90th percentile of the hours from receipt at the dock to disposition done, return lines processed this week, per site (stored KPI values).", "Médiane et 90e centile des heures entre réception au quai et destination effectuée, lignes traitées cette semaine, par site (valeurs des KPI enregistrées)."},
	"def.processing_stats_kpi": {"Hours from receipt at the dock to disposition done, per return line processed this week; over SLA: beyond the service level of the line's sector, as in the KPI tile.", "Heures entre réception au quai et destination effectuée, par ligne traitée cette semaine ; hors délai : au-delà du délai cible du secteur de la ligne, comme dans la tuile KPI."},
	"col.over_sla_sector":      {"Over SLA", "Hors délai cible"},
	"ops.claims_week":          {"Claims opened per week, by type", "Litiges ouverts par semaine, par type"},
	"def.claims_week":          {"Claims opened per ISO week over the last %d weeks, stacked by type.", "Litiges ouverts par semaine ISO sur les %d dernières semaines, empilés par type."},
	"def.claims_table_kpi":     {"Per claim type over the last %d weeks: claims opened, claims closed and their amount (EUR); median days from opening to closing of the claims closed in the report week.", "Par type de litige sur les %d dernières semaines : litiges ouverts, litiges clos et leur montant (EUR) ; délai médian d'ouverture à clôture (jours) des litiges clos dans la semaine du rapport."},
	"col.stage_inspection_h":   {"Receipt to inspection, median (h)", "Réception à inspection, médiane (h)"},
	"col.stage_disposition_h":  {"Inspection to disposition, median (h)", "Inspection à disposition, médiane (h)"},
	"col.median_days_week":     {"Median days to close (week)", "Délai médian de clôture (semaine)"},
	// data coverage
	"needs.what":        {"%s needs %s", "%s nécessite %s"},
	"needs.field":       {"%s on %s; map it in your %s mapping", "%s dans les %s ; ajoutez-le à votre mapping des %s"},
	"needs.table":       {"%s; load one with `retour load`", "%s ; chargez-le avec `retour load`"},
	"needs.fields":      {"%s on %s; map them in your %s mapping", "%s dans les %s ; ajoutez-les à votre mapping des %s"},
	"needs.and2":        {" and ", " et "},
	"needs.and":         {", and ", ", et "},
	"needs.or":          {" or ", " ou "},
	"needs.tiles":       {"Not shown", "Non affichés"},
	"needs.forecast":    {"No forecast was made with week %s as its last week of history: run `retour forecast` on the data up to that week.", "Aucune prévision n'a été faite avec la semaine %s comme dernière semaine d'historique : lancez `retour forecast` sur les données jusqu'à cette semaine."},
	"ent.return_lines":  {"return lines", "lignes de retour"},
	"ent.order_lines":   {"order lines", "lignes de commande"},
	"ent.products":      {"products", "produits"},
	"ent.claims":        {"claims", "litiges"},
	"file.return_lines": {"returns", "retours"},
	"file.order_lines":  {"orders", "commandes"},
	"file.products":     {"products", "produits"},
	"file.claims":       {"claims", "litiges"},
	// with the article, for "needs.table"
	"afile.return_lines": {"a returns file", "un fichier de retours"},
	"afile.order_lines":  {"an orders file", "un fichier de commandes"},
	"afile.products":     {"a products file", "un fichier de produits"},
	"afile.claims":       {"a claims file", "un fichier de litiges"},
	// capability table
	"cap.title":         {"What your data supports", "Ce que vos données permettent"},
	"cap.note":          {"Each KPI, chart, forecast and pack with the fields it needs; for those the loaded data does not support, the field and table that would enable them.", "Chaque KPI, graphique, prévision et rapport avec les champs nécessaires ; pour ceux que les données chargées ne permettent pas, le champ et la table qui les rendraient possibles."},
	"cap.kind":          {"Kind", "Type"},
	"cap.name":          {"Name", "Nom"},
	"cap.status":        {"Status", "Statut"},
	"cap.enable":        {"To enable", "Pour l'activer"},
	"cap.ok":            {"supported", "disponible"},
	"cap.no":            {"not supported", "non disponible"},
	"cap.kind.kpi":      {"KPI", "KPI"},
	"cap.kind.chart":    {"chart", "graphique"},
	"cap.kind.forecast": {"forecast", "prévision"},
	"cap.kind.pack":     {"pack", "rapport"},
}

func init() {
	for k, v := range dataLabels {
		if _, dup := labels[k]; !dup {
			labels[k] = v
		}
	}
}

// Labels of the operations pack's executive summary and of the reason
// alerts in words (summary.go, reasonalerts.go).
var summaryLabels = map[string][2]string{
	"sum.title":         {"This week in brief", "La semaine en bref"},
	"sum.contents":      {"Contents", "Sommaire"},
	"sum.none":          {"Nothing to summarise: no KPI moved against last week and no forecast or alert covers this week.", "Rien à résumer : aucun KPI n'a bougé par rapport à la semaine précédente et aucune prévision ni alerte ne couvre cette semaine."},
	"sum.kpi":           {"%s: %s, %s against last week (%s), %s.", "%s : %s, %s par rapport à la semaine précédente (%s), %s."},
	"sum.trend.good":    {"better", "en mieux"},
	"sum.trend.bad":     {"worse", "en moins bien"},
	"sum.band":          {"Band %s – %s: %s.", "Repère %s – %s : %s."},
	"sum.forecast":      {"Coming: %s returned units forecast over the next 4 weeks, %s against the %s of the last 4; next week %s (80 %% interval %s – %s), 4-week range %s – %s (weekly 80 %% bounds added up).", "À venir : %s unités retournées prévues sur les 4 prochaines semaines, %s par rapport aux %s des 4 dernières ; semaine prochaine %s (intervalle à 80 %% %s – %s), fourchette sur 4 semaines %s – %s (bornes hebdomadaires à 80 %% additionnées)."},
	"sum.staffing":      {"Staffing for %s: %s hours of processing, %s full-time staff at %s h a week.", "Effectifs pour %s : %s heures de traitement, %s ETP à %s h par semaine."},
	"sum.staffing_pi":   {"80 %% interval %s – %s h.", "Intervalle à 80 %% : %s – %s h."},
	"sum.category":      {"category %s", "catégorie %s"},
	"rsn.alerts_active": {"Alerts active now", "Alertes actives"},
	"rsn.alerts_past":   {"Past alerts", "Alertes passées"},
	"def.alerts_active": {"Reasons whose share of a SKU's or category's returns rose beyond its usual range (sequential test of the forecast run) and still stands, over the last %d weeks, at least halfway from the usual share to the share that raised the alert. Since: week the rise started. Returned units: the SKU's or category's, last %d weeks.", "Motifs dont la part dans les retours d'un produit ou d'une catégorie a dépassé sa plage habituelle (test séquentiel de la prévision) et reste, sur les %d dernières semaines, au moins à mi-chemin entre la part habituelle et celle qui a déclenché l'alerte. Depuis : semaine où la hausse a commencé. Unités retournées : celles du produit ou de la catégorie, %d dernières semaines."},
	"def.alerts_past":   {"Alerts of the forecast run whose reason share has come back, over the last %d weeks, below halfway from the usual share to the share that raised the alert (or with no return since). Returned units: last %d weeks.", "Alertes de la prévision dont la part du motif est revenue, sur les %d dernières semaines, sous la mi-chemin entre la part habituelle et celle qui a déclenché l'alerte (ou sans retour depuis). Unités retournées : %d dernières semaines."},
	"rsn.alerts_cap":    {"The %d most recent alerts of each kind are shown, of %d active and %d past (table reason_alerts).", "Les %d alertes les plus récentes de chaque sorte sont affichées, sur %d actives et %d passées (table reason_alerts)."},
	"col.in_words":      {"In words", "En clair"},
	"col.share_now":     {"Share, last 4 weeks", "Part, 4 dernières semaines"},
	"col.units_weeks":   {"Returned units, %d weeks", "Unités retournées, %d semaines"},
	"alert.words":       {"%s x the usual share of '%s' since %s", "%s fois la part habituelle de « %s » depuis %s"},
	"alert.words_new":   {"%s of its returns are '%s' since %s, against almost none usually", "%s de ses retours sont « %s » depuis %s, contre presque aucun d'habitude"},
	"alert.words_past":  {"rose to %s x the usual share of '%s' from %s;", "montée à %s fois la part habituelle de « %s » à partir de %s ;"},
	"alert.words_now":   {"now %s x.", "aujourd'hui %s fois."},
	"alert.words_none":  {"no return since.", "aucun retour depuis."},
	"sum.alerts_more":   {"%d more active alerts in the return reasons report.", "%d autres alertes actives dans le rapport motifs de retour."},
	"sum.alert":         {"Alert active: %s, %s (%s of its returns against %s usually; %s units returned in the last %d weeks).", "Alerte active : %s, %s (%s de ses retours contre %s d'habitude ; %s unités retournées sur les %d dernières semaines)."},
	"sum.provisional":   {"Provisional: the week's data is still arriving.", "Provisoire : les données de la semaine arrivent encore."},
}

func init() {
	for k, v := range summaryLabels {
		if _, dup := labels[k]; !dup {
			labels[k] = v
		}
	}
}
