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
	"needs.table":       {"a %s file; load one with `retour load`", "un fichier de %s ; chargez-le avec `retour load`"},
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
