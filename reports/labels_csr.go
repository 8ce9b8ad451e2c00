package reports

// csrLabels are the discarded unsold goods section's labels (carbon pack);
// init adds them to labels.
var csrLabels = map[string][2]string{
	"csr.discarded_h": {"Discarded unsold goods (ESPR art. 24)", "Invendus mis au rebut (ESPR art. 24)"},
	"csr.intro": {"Returned goods count as unsold goods (ESPR, Regulation (EU) 2024/1781, art. 2(37)); a returned unit is discarded when it is handed over as waste. Goods put back on sale, returned to the customer or donated are not discarded. Year to date:",
		"Les produits retournés comptent comme invendus (ESPR, règlement (UE) 2024/1781, art. 2(37)) ; une unité retournée est mise au rebut quand elle est remise comme déchet. Les produits remis en vente, rendus au client ou donnés ne sont pas mis au rebut. Depuis le début de l'année :"},
	"csr.dest_t":              {"Discarded returned goods by destination", "Produits retournés mis au rebut, par destination"},
	"csr.dest_def":            {"Units and weight discarded per destination, share of the discarded units, and the ESRS E5-5 datapoint the weight fills. Weight only over units whose product weight is known. Unknown: units whose disposition or refurbishment outcome is not given, so whether they were discarded is not known.", "Unités et poids mis au rebut par destination, part des unités mises au rebut, et le point de donnée ESRS E5-5 que le poids renseigne. Poids des seules unités dont le poids produit est connu. Inconnue : unités dont la décision ou le résultat du reconditionnement n'est pas renseigné ; on ne sait donc pas si elles ont été mises au rebut."},
	"csr.flags_t":             {"Destruction flags (ESPR, AGEC)", "Indicateurs de destruction (ESPR, AGEC)"},
	"csr.flags_def":           {"ESPR destruction: discarded other than for preparing for reuse (art. 2(34)). ESPR ban: that destruction for apparel, clothing accessories and footwear (here the fashion sector) in the weeks from 19 July 2026, for large enterprises (art. 25, Annex VII), unless a derogation of Delegated Regulation (EU) 2026/296 applies. AGEC ban: non-food goods sent to energy recovery or disposal, which the French anti-waste law forbids for unsold goods.", "Destruction ESPR : mise au rebut autre que pour la préparation en vue du réemploi (art. 2(34)). Interdiction ESPR : cette destruction pour les vêtements, accessoires et chaussures (ici le secteur mode) dans les semaines à partir du 19 juillet 2026, pour les grandes entreprises (art. 25, annexe VII), sauf dérogation du règlement délégué (UE) 2026/296. Interdiction AGEC : produits non alimentaires envoyés en valorisation énergétique ou en élimination, ce que la loi anti-gaspillage interdit pour les invendus."},
	"csr.table_t":             {"Discarded returned goods by category and return reason", "Produits retournés mis au rebut, par catégorie et motif de retour"},
	"csr.table_def":           {"Per product category and the customer's return reason: units discarded, their weight (units with a known weight only, with the share of units weighed when some weights are missing), the share of discarded units per destination, units of unknown destination, and the units under each destruction flag.", "Par catégorie de produit et motif de retour du client : unités mises au rebut, leur poids (unités de poids connu seulement, avec la part des unités pesées quand des poids manquent), la part des unités mises au rebut par destination, les unités de destination inconnue, et les unités sous chaque indicateur de destruction."},
	"csr.col_dest":            {"Destination", "Destination"},
	"csr.col_share":           {"Share of discarded units", "Part des unités mises au rebut"},
	"csr.col_esrs":            {"ESRS E5-5", "ESRS E5-5"},
	"csr.col_flag":            {"Flag", "Indicateur"},
	"csr.col_reason":          {"Return reason", "Motif de retour"},
	"csr.col_units":           {"Units discarded", "Unités mises au rebut"},
	"csr.col_dests":           {"Destinations (share of units)", "Destinations (part des unités)"},
	"csr.weighed":             {"weight known for %s %% of units", "poids connu pour %s %% des unités"},
	"csr.col_unknown":         {"Unknown destination", "Destination inconnue"},
	"csr.col_espr":            {"ESPR destruction", "Destruction ESPR"},
	"csr.col_espr_ban":        {"ESPR ban", "Interdiction ESPR"},
	"csr.col_agec":            {"AGEC ban", "Interdiction AGEC"},
	"csr.total":               {"Total discarded", "Total mis au rebut"},
	"csr.flag_espr":           {"ESPR destruction (art. 2(34))", "Destruction ESPR (art. 2(34))"},
	"csr.flag_espr_ban":       {"ESPR ban: apparel and footwear from 19 July 2026 (art. 25)", "Interdiction ESPR : vêtements et chaussures à partir du 19 juillet 2026 (art. 25)"},
	"csr.flag_agec":           {"AGEC ban: non-food goods eliminated", "Interdiction AGEC : produits non alimentaires éliminés"},
	"csr.dest.reuse":          {"Preparing for reuse", "Préparation en vue du réemploi"},
	"csr.dest.remanufacture":  {"Remanufacture", "Remanufacturage"},
	"csr.dest.recycling":      {"Recycling", "Recyclage"},
	"csr.dest.other_recovery": {"Other recovery (incl. energy)", "Autre valorisation (dont énergétique)"},
	"csr.dest.disposal":       {"Disposal", "Élimination"},
	"csr.dest.unknown":        {"Unknown", "Inconnue"},
	"csr.format_h":            {"Disclosure format: what this table follows and what it cannot say", "Format de publication : ce que ce tableau suit et ce qu'il ne peut pas dire"},
	"csr.format": {"The yearly disclosure follows Commission Implementing Regulation (EU) 2026/2 (Annex I format): number and weight of discarded unsold products per product category, reasons for discarding, share of the discarded products per waste treatment, and the measures taken and planned. This section gives the figures the data holds; the exports discarded_unsold and esrs_e5_5_datapoints carry them per ISO year.",
		"La publication annuelle suit le règlement d'exécution (UE) 2026/2 de la Commission (format de l'annexe I) : nombre et poids des produits invendus mis au rebut par catégorie de produits, raisons de la mise au rebut, part des produits mis au rebut par traitement des déchets, et mesures prises et prévues. Cette section donne les chiffres que les données contiennent ; les exports discarded_unsold et esrs_e5_5_datapoints les donnent par année ISO."},
	"csr.unv_cn": {"Product categories: the Regulation delimits them by customs (CN) code, 2 or 4 digits; the data has the product category, not a CN code, so map your categories to CN codes before you publish.",
		"Catégories de produits : le règlement les délimite par code douanier (NC), à 2 ou 4 chiffres ; les données donnent la catégorie du produit, pas un code NC : faites la correspondance avant de publier."},
	"csr.unv_reason": {"Reasons: the disclosure asks for the reason for discarding and, where one applies, the derogation of Delegated Regulation (EU) 2026/296; the data gives the customer's return reason only, shown here in its place.",
		"Raisons : la publication demande la raison de la mise au rebut et, le cas échéant, la dérogation du règlement délégué (UE) 2026/296 ; les données ne donnent que le motif de retour du client, montré ici à sa place."},
	"csr.unv_share": {"Shares: shown by units; whether the Regulation's shares are by units or by weight, and the exact column headings and notes of its Annex I, could not be checked against the official text.",
		"Parts : données en unités ; que les parts du règlement soient en unités ou en poids, ainsi que les intitulés exacts des colonnes et les notes de son annexe I, n'ont pas pu être vérifiés sur le texte officiel."},
	"csr.unv_year": {"Period: the disclosure covers the company's financial year; this section and the exports use the ISO year.",
		"Période : la publication couvre l'exercice de l'entreprise ; cette section et les exports utilisent l'année ISO."},
	"csr.unv_measures": {"Measures taken and planned to prevent destruction: a narrative the company writes; not in the data.",
		"Mesures prises et prévues pour éviter la destruction : un texte que l'entreprise rédige ; absent des données."},
}

func init() {
	for k, v := range csrLabels {
		if _, dup := labels[k]; !dup {
			labels[k] = v
		}
	}
}
