package serve

import (
	"net/http"
	"strconv"
	"strings"
)

// pageLabels are the explorer pages' words in English and French, by key.
var pageLabels = map[string][2]string{
	"nav.archive":        {"Report archive", "Archives des rapports"},
	"nav.api":            {"API", "API"},
	"nav.admin":          {"Administration", "Administration"},
	"pack.operations":    {"Operations", "Opérations"},
	"pack.reasons":       {"Return reasons", "Motifs de retour"},
	"pack.carbon":        {"Carbon", "Carbone"},
	"pack.claims":        {"Claims", "Litiges"},
	"exp.title":          {"Explorer", "Explorateur"},
	"exp.week":           {"week", "semaine"},
	"exp.as_of":          {"open at", "ouverts au"},
	"exp.apply":          {"Apply", "Appliquer"},
	"exp.all":            {"all", "tous"},
	"exp.total":          {"Total", "Total"},
	"exp.none":           {"None.", "Aucun."},
	"exp.source":         {"Source", "Source"},
	"f.week":             {"Week", "Semaine"},
	"f.sector":           {"Sector", "Secteur"},
	"f.category":         {"Category", "Catégorie"},
	"f.site":             {"Site", "Site"},
	"f.carrier":          {"Carrier", "Transporteur"},
	"f.disposition":      {"Disposition", "Orientation"},
	"f.type":             {"Claim type", "Type de litige"},
	"f.q":                {"SKU search", "Recherche d'article"},
	"col.reason":         {"reason", "motif"},
	"col.category":       {"category", "catégorie"},
	"col.sku":            {"SKU", "article"},
	"col.week":           {"week", "semaine"},
	"col.units":          {"units", "unités"},
	"col.units_week":     {"units in the week", "unités de la semaine"},
	"col.share_week":     {"share in the week", "part de la semaine"},
	"col.units_13w":      {"units, 13 weeks", "unités, 13 semaines"},
	"col.share_13w":      {"share, 13 weeks", "part, 13 semaines"},
	"col.top_reason":     {"main reason, 13 weeks", "motif principal, 13 semaines"},
	"col.top_share":      {"its share", "sa part"},
	"col.alerts":         {"reason alerts", "alertes de motif"},
	"col.since":          {"since", "depuis"},
	"col.detected":       {"detected", "détectée"},
	"col.share_usual":    {"usual share", "part habituelle"},
	"col.share_recent":   {"recent share", "part récente"},
	"col.comment":        {"comment", "commentaire"},
	"col.disposition":    {"disposition", "orientation"},
	"col.site":           {"site", "site"},
	"col.carrier":        {"carrier", "transporteur"},
	"col.type":           {"type", "type"},
	"col.subtype":        {"subtype", "sous-type"},
	"col.claim":          {"claim", "litige"},
	"col.opened":         {"opened", "ouvert le"},
	"col.closed":         {"closed", "clos le"},
	"col.resolution":     {"resolution", "résolution"},
	"col.age_days":       {"age (days)", "âge (jours)"},
	"col.amount":         {"amount (EUR)", "montant (EUR)"},
	"col.open_claims":    {"open claims", "litiges ouverts"},
	"col.oldest_days":    {"oldest (days)", "le plus ancien (jours)"},
	"col.emitted_week":   {"emitted, week (kgCO2e)", "émis, semaine (kgCO2e)"},
	"col.avoided_week":   {"avoided, week (kgCO2e)", "évité, semaine (kgCO2e)"},
	"col.emitted_ytd":    {"emitted, year to date (kgCO2e)", "émis, depuis le début de l'année (kgCO2e)"},
	"col.avoided_ytd":    {"avoided, year to date (kgCO2e)", "évité, depuis le début de l'année (kgCO2e)"},
	"col.transport":      {"return transport (kgCO2e)", "transport retour (kgCO2e)"},
	"col.processing":     {"processing (kgCO2e)", "traitement (kgCO2e)"},
	"col.end_of_life":    {"end of life (kgCO2e)", "fin de vie (kgCO2e)"},
	"col.emitted":        {"emitted (kgCO2e)", "émis (kgCO2e)"},
	"col.avoided":        {"avoided (kgCO2e)", "évité (kgCO2e)"},
	"ops.model":          {"Model", "Modèle"},
	"ops.chart_note":     {"Returned units per week under the filters, then the forecast (whole network) with 80 % and 95 % intervals.", "Unités retournées par semaine selon les filtres, puis la prévision (tout le réseau) avec intervalles à 80 % et 95 %."},
	"ops.chart":          {"history and forecast with intervals", "historique et prévision avec intervalles"},
	"ops.forecast":       {"Forecast", "Prévision"},
	"ops.mean":           {"mean", "moyenne"},
	"ops.lo80":           {"80 % low", "80 % bas"},
	"ops.hi80":           {"80 % high", "80 % haut"},
	"ops.lo95":           {"95 % low", "95 % bas"},
	"ops.hi95":           {"95 % high", "95 % haut"},
	"ops.reasons":        {"Reasons, last 13 weeks", "Motifs, 13 dernières semaines"},
	"ops.share":          {"share", "part"},
	"ops.history":        {"History", "Historique"},
	"ops.previous":       {"week before", "semaine précédente"},
	"ops.forecast4":      {"forecast next 4 weeks", "prévision 4 prochaines semaines"},
	"adm.upload":         {"File for the inbox", "Fichier pour la boîte de dépôt"},
	"adm.send":           {"Upload", "Envoyer"},
	"adm.run_note":       {"Recompute forecasts, KPIs and packs now.", "Recalculer maintenant prévisions, indicateurs et rapports."},
	"adm.run":            {"Run now", "Lancer maintenant"},
	"adm.waiting":        {"Waiting in the inbox", "En attente dans la boîte de dépôt"},
	"adm.files":          {"Files taken", "Fichiers traités"},
	"adm.file":           {"file", "fichier"},
	"adm.status":         {"status", "statut"},
	"adm.bytes":          {"bytes", "octets"},
	"adm.taken":          {"taken at", "pris le"},
	"adm.message":        {"message", "message"},
	"adm.runs":           {"Runs", "Exécutions"},
	"adm.kind":           {"kind", "nature"},
	"adm.started_at":     {"started", "début"},
	"adm.queued":         {"queued in the inbox; it is loaded within seconds.", "déposé dans la boîte ; il est chargé dans quelques secondes."},
	"adm.no_file":        {"Choose a file to upload.", "Choisissez un fichier à envoyer."},
	"adm.busy":           {"A run is already in progress; try again when it ends.", "Une exécution est déjà en cours ; réessayez quand elle sera finie."},
	"adm.started":        {"Run started: forecasts, KPIs and packs are being recomputed.", "Exécution lancée : prévisions, indicateurs et rapports sont recalculés."},
	"rsn.mix":            {"Reason mix", "Répartition des motifs"},
	"rsn.by_category":    {"Categories and their main reason", "Catégories et leur motif principal"},
	"rsn.by_sku":         {"Products and their main reason", "Articles et leur motif principal"},
	"rsn.sku_weeks":      {"Reason mix week by week (units)", "Motifs semaine par semaine (unités)"},
	"rsn.alerts":         {"Reason alerts", "Alertes de motif"},
	"rsn.comments":       {"Return comments (latest 20)", "Commentaires de retour (20 derniers)"},
	"co2.by_disposition": {"By disposition", "Par orientation"},
	"co2.by_site":        {"By site (whole network)", "Par site (tout le réseau)"},
	"co2.by_carrier":     {"By carrier (whole network)", "Par transporteur (tout le réseau)"},
	"co2.by_sku":         {"By product (top 100 emitters of the year)", "Par article (100 plus émetteurs de l'année)"},
	"co2.sku_weeks":      {"The product's last 13 weeks", "Les 13 dernières semaines de l'article"},
	"co2.note":           {"Emissions caused by returns (return transport, processing, end of life) and avoided emissions are shown apart and never netted.", "Les émissions causées par les retours (transport retour, traitement, fin de vie) et les émissions évitées sont présentées à part, jamais compensées."},
	"clm.by_type":        {"Open claims by type", "Litiges ouverts par type"},
	"clm.by_carrier":     {"Open claims by carrier", "Litiges ouverts par transporteur"},
	"clm.by_sku":         {"Open claims by product", "Litiges ouverts par article"},
	"clm.sku_open":       {"The product's open claims", "Les litiges ouverts de l'article"},
	"clm.sku_recurring":  {"The product's claims as a recurring cause (13 weeks)", "Les litiges de l'article, cause récurrente (13 semaines)"},
}

// lang is a page's language: ?lang=fr|en, else the configured language.
func (s *Server) lang(r *http.Request) string {
	switch l := r.URL.Query().Get("lang"); l {
	case "fr", "en":
		return l
	}
	if s.cfg.Language == "fr" {
		return "fr"
	}
	return "en"
}

// label returns the word of key in lang; an unknown key is shown as itself.
func label(lang, key string) string {
	l, ok := pageLabels[key]
	if !ok {
		return key
	}
	if lang == "fr" {
		return l[1]
	}
	return l[0]
}

// formatNum writes v with dec decimals, in French with a decimal comma and
// a thin space between thousands.
func formatNum(lang string, v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if lang != "fr" {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
