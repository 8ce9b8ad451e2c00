package kpi

// Direction says which way a KPI improves.
type Direction int8

const (
	// Neutral KPIs (volumes, counts) are not better or worse by themselves.
	Neutral Direction = iota
	// HigherBetter KPIs improve as they rise (refurbishment rate, CSAT).
	HigherBetter
	// LowerBetter KPIs improve as they fall (processing time, cost, backlog).
	LowerBetter
)

// Scopes a KPI can be cut by. ScopeTotal has scope_value ”.
const (
	ScopeTotal      = "total"
	ScopeSector     = "sector"
	ScopeCategory   = "category"
	ScopeSite       = "site"
	ScopeCarrier    = "carrier"
	ScopeChannel    = "channel"
	ScopeClaimType  = "type"       // claims only: commercial, financial, transport, quality
	ScopeResolution = "resolution" // claims only: replacement, credit_note, refund, ...
	// ScopeDisposition cuts the stock awaiting processing by stage: the
	// planned disposition, awaiting_disposition (inspected) or awaiting_inspection.
	ScopeDisposition = "disposition"
)

// KPI is one indicator, declared once. Its SQL is written against the fact
// table of its Family (see families.go): Numerator, Denominator and Value are
// aggregate expressions evaluated per week and scope with GROUPING SETS. When
// Value is empty the value is Scale * Numerator / Denominator (or Numerator
// alone when there is no Denominator). Custom, when set, replaces all of
// that with a query over the family's aggregate table returning (week_start,
// scope, scope_value, value, numerator, denominator, provisional).
type KPI struct {
	ID           string
	NameEN       string
	NameFR       string
	DefinitionEN string
	DefinitionFR string
	Unit         string // %, h, EUR, km, units, score, d, n, kgCO2e, kgCO2e/unit
	Direction    Direction
	Audience     string // operations, logistics, marketing, csr, claims
	Family       string
	Numerator    string
	Denominator  string
	Value        string
	Provisional  string // aggregate boolean expression; "" = never provisional
	Scale        float64
	Custom       string
	// Source names the canonical columns the KPI is computed from.
	Source string
	// Needs declares the fields the KPI needs, in warehouse.ParseNeeds form
	// ("table.col", "table.a|b" for alternatives, "table" for a loaded
	// table): when one is not provided (see warehouse.Coverage) the KPI is
	// not stored and the packs say what to provide.
	Needs string
}

// HigherIsBetter returns the kpi_definitions.higher_is_better value (nil for Neutral).
func (k KPI) HigherIsBetter() *bool {
	switch k.Direction {
	case HigherBetter:
		t := true
		return &t
	case LowerBetter:
		f := false
		return &f
	}
	return nil
}

// Registry returns every KPI in display order. The slice is a fresh copy.
func Registry() []KPI {
	out := make([]KPI, len(registry))
	copy(out, registry)
	return out
}

// Lookup returns the KPI with the given id.
func Lookup(id string) (KPI, bool) {
	for _, k := range registry {
		if k.ID == id {
			return k, true
		}
	}
	return KPI{}, false
}

// backInUse is the SQL test for a processed unit going back into use: the
// definition the demo ground truth uses for back_in_use_prob.
const backInUse = `(disposition IN ('restock','repair','resell_secondary','donate') OR (disposition = 'refurbish' AND refurbish_outcome = 'success'))`

var registry = []KPI{
	// ---- flow: units shipped and returned per week --------------------------
	{
		ID: "return_rate", NameEN: "Return rate (return week)", NameFR: "Taux de retour (semaine de retour)",
		Needs:        "return_lines.received_ts|requested_ts,order_lines.ship_ts",
		DefinitionEN: "Units returned in the week (received at the dock, else RMA date) / units shipped in the same week.",
		DefinitionFR: "Unités retournées dans la semaine (réception au quai, sinon date de demande) / unités expédiées la même semaine.",
		Unit:         "%", Direction: LowerBetter, Audience: "operations", Family: famFlow, Scale: 100,
		Numerator: "SUM(returned)", Denominator: "SUM(shipped)",
		Source: "return_lines.qty, received_ts|requested_ts; order_lines.qty, ship_ts",
	},
	{
		ID: "nonconformity_rate", NameEN: "Non-conformity rate", NameFR: "Taux de non-conformité",
		Needs:        "return_lines.received_ts|requested_ts,return_lines.reason_code,order_lines.ship_ts",
		DefinitionEN: "Units returned in the week for a defect or a wrong item sent / units shipped in the same week.",
		DefinitionFR: "Unités retournées dans la semaine pour défaut ou erreur d'article / unités expédiées la même semaine.",
		Unit:         "%", Direction: LowerBetter, Audience: "operations", Family: famFlow, Scale: 100,
		Numerator: "SUM(nonconf)", Denominator: "SUM(shipped)",
		Source: "return_lines.reason_code in (defective, wrong_item); order_lines.qty",
	},
	{
		ID: "return_rate_cohort", NameEN: "Return rate (ship-week cohort)", NameFR: "Taux de retour (cohorte de la semaine d'expédition)",
		Needs:        "return_lines.order_id,return_lines.line_id,order_lines.ship_ts,return_lines.received_ts|requested_ts",
		DefinitionEN: "Units returned from the units shipped in the week / units shipped in the week. Cohorts still inside their return window are completed with the empirical lag distribution (observed / share of returns expected by now) and marked provisional; too recent cohorts (less than the minimum completion observed) get no value.",
		DefinitionFR: "Unités retournées parmi celles expédiées dans la semaine / unités expédiées dans la semaine. Les cohortes encore dans leur fenêtre de retour sont complétées par la distribution empirique des délais (observé / part des retours attendue à ce jour) et marquées provisoires ; les cohortes trop récentes n'ont pas de valeur.",
		Unit:         "%", Direction: LowerBetter, Audience: "operations", Family: famCohort, Scale: 100,
		Numerator: "SUM(ret_est)", Denominator: "SUM(shipped)",
		Value:       "CASE WHEN MIN(completion) < $min_completion THEN NULL ELSE 100 * SUM(ret_est) / NULLIF(SUM(shipped), 0) END",
		Provisional: "bool_or(completion < $complete_at)",
		Source:      "return_lines linked to order_lines by (order_id, line_id); order_lines.ship_ts",
	},
	// ---- received at the dock -----------------------------------------------
	{
		ID: "returned_units", NameEN: "Units received", NameFR: "Unités reçues",
		Needs:        "return_lines.received_ts",
		DefinitionEN: "Returned units received at the returns dock in the week.",
		DefinitionFR: "Unités retournées reçues au quai de retour dans la semaine.",
		Unit:         "units", Direction: Neutral, Audience: "operations", Family: famReceived,
		Numerator: "COALESCE(SUM(qty), 0)", Source: "return_lines.qty, received_ts",
	},
	{
		ID: "km_per_unit", NameEN: "Km per returned unit", NameFR: "Km par unité retournée",
		Needs:        "return_lines.received_ts,return_lines.transport_km",
		DefinitionEN: "Transport km travelled by the units received in the week / those units (units without a km figure left out).",
		DefinitionFR: "Km de transport parcourus par les unités reçues dans la semaine / ces unités (unités sans km exclues).",
		Unit:         "km", Direction: LowerBetter, Audience: "logistics", Family: famReceived,
		Numerator: "SUM(qty * transport_km)", Denominator: "SUM(qty) FILTER (WHERE transport_km IS NOT NULL)",
		Source: "return_lines.transport_km (per unit), qty",
	},
	{
		ID: "return_lead_time_days", NameEN: "Return lead time", NameFR: "Délai d'acheminement des retours",
		Needs:        "return_lines.received_ts,return_lines.requested_ts",
		DefinitionEN: "Mean days from the return request (RMA) to receipt at the returns dock, over return lines received in the week that carry both dates (receipts before the request left out).",
		DefinitionFR: "Moyenne des jours entre la demande de retour et la réception au quai de retour, sur les lignes reçues dans la semaine portant les deux dates (réceptions antérieures à la demande exclues).",
		Unit:         "d", Direction: LowerBetter, Audience: "logistics", Family: famReceived,
		Numerator: "SUM(lead_days)", Denominator: "COUNT(lead_days)",
		Source: "return_lines.requested_ts, received_ts",
	},
	{
		ID: "damaged_in_transit_rate", NameEN: "Damaged in transit", NameFR: "Avaries de transport",
		Needs:        "return_lines.received_ts,return_lines.reason_code",
		DefinitionEN: "Units received in the week returned as damaged in transit / units received in the week.",
		DefinitionFR: "Unités reçues dans la semaine retournées pour avarie de transport / unités reçues dans la semaine.",
		Unit:         "%", Direction: LowerBetter, Audience: "logistics", Family: famReceived, Scale: 100,
		Numerator: "SUM(qty) FILTER (WHERE reason_code = 'damaged_in_transit')", Denominator: "SUM(qty)",
		Source: "return_lines.reason_code, qty, received_ts",
	},
	// ---- processed (disposition done) in the week ---------------------------
	{
		ID: "processing_time_mean", NameEN: "Processing time, mean", NameFR: "Délai de traitement moyen",
		Needs:        "return_lines.received_ts,return_lines.processed_ts",
		DefinitionEN: "Mean hours from receipt at the dock to disposition done, over return lines processed in the week.",
		DefinitionFR: "Moyenne des heures entre la réception au quai et la fin de la disposition, sur les lignes traitées dans la semaine.",
		Unit:         "h", Direction: LowerBetter, Audience: "operations", Family: famProcessed,
		Numerator: "SUM(hours)", Denominator: "COUNT(hours)",
		Source: "return_lines.received_ts, processed_ts",
	},
	{
		ID: "processing_time_median", NameEN: "Processing time, median", NameFR: "Délai de traitement médian",
		Needs:        "return_lines.received_ts,return_lines.processed_ts",
		DefinitionEN: "Median hours from receipt to disposition done, over return lines processed in the week.",
		DefinitionFR: "Médiane des heures entre la réception et la fin de la disposition, lignes traitées dans la semaine.",
		Unit:         "h", Direction: LowerBetter, Audience: "operations", Family: famProcessed,
		Value: "quantile_cont(secs, [0.5, 0.9])[1] / 3600.0", Denominator: "COUNT(hours)",
		Source: "return_lines.received_ts, processed_ts",
	},
	{
		ID: "processing_time_p90", NameEN: "Processing time, 90th percentile", NameFR: "Délai de traitement, 90e centile",
		Needs:        "return_lines.received_ts,return_lines.processed_ts",
		DefinitionEN: "90th percentile of hours from receipt to disposition done, over return lines processed in the week.",
		DefinitionFR: "90e centile des heures entre la réception et la fin de la disposition, lignes traitées dans la semaine.",
		Unit:         "h", Direction: LowerBetter, Audience: "operations", Family: famProcessed,
		Value: "quantile_cont(secs, [0.5, 0.9])[2] / 3600.0", Denominator: "COUNT(hours)",
		Source: "return_lines.received_ts, processed_ts",
	},
	{
		ID: "processing_over_sla", NameEN: "Share processed over SLA", NameFR: "Part traitée hors délai cible",
		Needs:        "return_lines.received_ts,return_lines.processed_ts",
		DefinitionEN: "Return lines processed in the week whose processing time exceeded the SLA of their sector (upper bound of the sector's processing-time benchmark band, else the default SLA) / lines processed.",
		DefinitionFR: "Lignes traitées dans la semaine dont le délai a dépassé le délai cible de leur secteur (borne haute de la bande de référence, sinon le délai par défaut) / lignes traitées.",
		Unit:         "%", Direction: LowerBetter, Audience: "operations", Family: famProcessed, Scale: 100,
		Numerator: "COUNT(hours) FILTER (WHERE hours > sla_hours)", Denominator: "COUNT(hours)",
		Source: "return_lines.received_ts, processed_ts; benchmark band",
	},
	{
		ID: "stage_inspection_mean", NameEN: "Receipt to inspection, mean", NameFR: "Réception à inspection, moyenne",
		Needs:        "return_lines.received_ts,return_lines.processed_ts,return_lines.inspected_ts",
		DefinitionEN: "Mean hours from receipt to inspection done, over lines processed in the week that carry an inspection timestamp.",
		DefinitionFR: "Moyenne des heures entre réception et fin d'inspection, lignes traitées dans la semaine ayant un horodatage d'inspection.",
		Unit:         "h", Direction: LowerBetter, Audience: "logistics", Family: famProcessed,
		Numerator: "SUM(hours_ri)", Denominator: "COUNT(hours_ri)",
		Source: "return_lines.received_ts, inspected_ts",
	},
	{
		ID: "stage_inspection_median", NameEN: "Receipt to inspection, median", NameFR: "Réception à inspection, médiane",
		Needs:        "return_lines.received_ts,return_lines.processed_ts,return_lines.inspected_ts",
		DefinitionEN: "Median hours from receipt to inspection done (lines processed in the week with an inspection timestamp).",
		DefinitionFR: "Médiane des heures entre réception et fin d'inspection (lignes traitées dans la semaine avec inspection).",
		Unit:         "h", Direction: LowerBetter, Audience: "logistics", Family: famProcessed,
		Value: "quantile_cont(secs_ri, 0.5) / 3600.0", Denominator: "COUNT(hours_ri)",
		Source: "return_lines.received_ts, inspected_ts",
	},
	{
		ID: "stage_disposition_mean", NameEN: "Inspection to disposition, mean", NameFR: "Inspection à disposition, moyenne",
		Needs:        "return_lines.received_ts,return_lines.processed_ts,return_lines.inspected_ts",
		DefinitionEN: "Mean hours from inspection done to disposition done (lines processed in the week with an inspection timestamp).",
		DefinitionFR: "Moyenne des heures entre fin d'inspection et fin de disposition (lignes traitées dans la semaine avec inspection).",
		Unit:         "h", Direction: LowerBetter, Audience: "logistics", Family: famProcessed,
		Numerator: "SUM(hours_ip)", Denominator: "COUNT(hours_ip)",
		Source: "return_lines.inspected_ts, processed_ts",
	},
	{
		ID: "stage_disposition_median", NameEN: "Inspection to disposition, median", NameFR: "Inspection à disposition, médiane",
		Needs:        "return_lines.received_ts,return_lines.processed_ts,return_lines.inspected_ts",
		DefinitionEN: "Median hours from inspection done to disposition done (lines processed in the week with an inspection timestamp).",
		DefinitionFR: "Médiane des heures entre fin d'inspection et fin de disposition (lignes traitées dans la semaine avec inspection).",
		Unit:         "h", Direction: LowerBetter, Audience: "logistics", Family: famProcessed,
		Value: "quantile_cont(secs_ip, 0.5) / 3600.0", Denominator: "COUNT(hours_ip)",
		Source: "return_lines.inspected_ts, processed_ts",
	},
	{
		ID: "refurbishment_rate", NameEN: "Refurbishment rate (back into use)", NameFR: "Taux de reconditionnement (remis en usage)",
		Needs:        "return_lines.processed_ts,return_lines.disposition",
		DefinitionEN: "Units processed in the week that went back into use (restock, refurbish with a successful outcome, repair, resell on a secondary market, donate) / units processed.",
		DefinitionFR: "Unités traitées dans la semaine remises en usage (remise en stock, reconditionnement réussi, réparation, revente en second marché, don) / unités traitées.",
		Unit:         "%", Direction: HigherBetter, Audience: "logistics", Family: famProcessed, Scale: 100,
		Numerator: "SUM(qty) FILTER (WHERE " + backInUse + ")", Denominator: "SUM(qty)",
		Source: "return_lines.disposition, refurbish_outcome, qty",
	},
	{
		ID: "refurbishment_success_rate", NameEN: "Refurbishment success rate", NameFR: "Taux de réussite du reconditionnement",
		Needs:        "return_lines.processed_ts,return_lines.disposition,return_lines.refurbish_outcome",
		DefinitionEN: "Units whose refurbishment succeeded / units whose refurbishment was attempted (outcome success or failed), processed in the week.",
		DefinitionFR: "Unités dont le reconditionnement a réussi / unités dont le reconditionnement a été tenté (issue succès ou échec), traitées dans la semaine.",
		Unit:         "%", Direction: HigherBetter, Audience: "logistics", Family: famProcessed, Scale: 100,
		Numerator:   "SUM(qty) FILTER (WHERE disposition = 'refurbish' AND refurbish_outcome = 'success')",
		Denominator: "SUM(qty) FILTER (WHERE disposition = 'refurbish' AND refurbish_outcome IN ('success','failed'))",
		Source:      "return_lines.disposition, refurbish_outcome",
	},
	{
		ID: "destruction_rate", NameEN: "Destruction rate", NameFR: "Taux de destruction",
		Needs:        "return_lines.processed_ts,return_lines.disposition",
		DefinitionEN: "Units processed in the week whose disposition was destroy / units processed (AGEC, ESPR: destroyed unsold goods).",
		DefinitionFR: "Unités traitées dans la semaine détruites / unités traitées (AGEC, ESPR : invendus détruits).",
		Unit:         "%", Direction: LowerBetter, Audience: "csr", Family: famProcessed, Scale: 100,
		Numerator: "SUM(qty) FILTER (WHERE disposition = 'destroy')", Denominator: "SUM(qty)",
		Source: "return_lines.disposition",
	},
	{
		ID: "cost_per_unit", NameEN: "Cost per processed unit", NameFR: "Coût par unité traitée",
		Needs:        "return_lines.processed_ts,return_lines.processing_cost|transport_cost",
		DefinitionEN: "(Processing cost + return transport cost) of the lines processed in the week / units processed.",
		DefinitionFR: "(Coût de traitement + coût du transport retour) des lignes traitées dans la semaine / unités traitées.",
		Unit:         "EUR", Direction: LowerBetter, Audience: "operations", Family: famProcessed,
		Numerator: "SUM(COALESCE(processing_cost, 0) + COALESCE(transport_cost, 0))", Denominator: "SUM(qty)",
		Source: "return_lines.processing_cost, transport_cost, qty",
	},
	{
		ID: "cost_processing_per_unit", NameEN: "Processing cost per unit", NameFR: "Coût de traitement par unité",
		Needs:        "return_lines.processed_ts,return_lines.processing_cost",
		DefinitionEN: "Processing cost (inspection, grading, refurbishment) of the lines processed in the week / units processed.",
		DefinitionFR: "Coût de traitement (inspection, tri, reconditionnement) des lignes traitées dans la semaine / unités traitées.",
		Unit:         "EUR", Direction: LowerBetter, Audience: "logistics", Family: famProcessed,
		Numerator: "SUM(COALESCE(processing_cost, 0))", Denominator: "SUM(qty)",
		Source: "return_lines.processing_cost, qty",
	},
	{
		ID: "cost_transport_per_unit", NameEN: "Return transport cost per unit", NameFR: "Coût du transport retour par unité",
		Needs:        "return_lines.processed_ts,return_lines.transport_cost",
		DefinitionEN: "Return transport cost of the lines processed in the week / units processed.",
		DefinitionFR: "Coût du transport retour des lignes traitées dans la semaine / unités traitées.",
		Unit:         "EUR", Direction: LowerBetter, Audience: "logistics", Family: famProcessed,
		Numerator: "SUM(COALESCE(transport_cost, 0))", Denominator: "SUM(qty)",
		Source: "return_lines.transport_cost, qty",
	},
	{
		ID: "value_recovery_rate", NameEN: "Value recovery rate", NameFR: "Taux de récupération de valeur",
		Needs:        "return_lines.processed_ts,return_lines.refund_amount,return_lines.resale_value",
		DefinitionEN: "Resale value recovered / amount refunded, over lines processed in the week.",
		DefinitionFR: "Valeur récupérée à la revente / montant remboursé, lignes traitées dans la semaine.",
		Unit:         "%", Direction: HigherBetter, Audience: "operations", Family: famProcessed, Scale: 100,
		Numerator: "SUM(COALESCE(resale_value, 0))", Denominator: "SUM(refund_amount)",
		Source: "return_lines.resale_value, refund_amount",
	},
	{
		ID: "csat_mean", NameEN: "Post-return CSAT, mean", NameFR: "Satisfaction après retour, moyenne",
		Needs:        "return_lines.processed_ts,return_lines.csat_score",
		DefinitionEN: "Mean post-return survey score (1-5) of the lines processed in the week that have an answer.",
		DefinitionFR: "Note moyenne de l'enquête après retour (1-5), lignes traitées dans la semaine ayant une réponse.",
		Unit:         "score", Direction: HigherBetter, Audience: "operations", Family: famProcessed,
		Numerator: "SUM(csat_score)", Denominator: "COUNT(csat_score)",
		Source: "return_lines.csat_score",
	},
	{
		ID: "csat_share_4_5", NameEN: "Post-return CSAT, share 4-5", NameFR: "Satisfaction après retour, part 4-5",
		Needs:        "return_lines.processed_ts,return_lines.csat_score",
		DefinitionEN: "Survey answers scoring 4 or 5 / all answers, lines processed in the week.",
		DefinitionFR: "Réponses notées 4 ou 5 / toutes les réponses, lignes traitées dans la semaine.",
		Unit:         "%", Direction: HigherBetter, Audience: "operations", Family: famProcessed, Scale: 100,
		Numerator: "COUNT(csat_score) FILTER (WHERE csat_score >= 4)", Denominator: "COUNT(csat_score)",
		Source: "return_lines.csat_score",
	},
	// ---- CO2 of the units processed in the week (see docs/carbon.md) --------
	{
		ID: "co2_transport_per_unit", NameEN: "Return transport CO2 per unit", NameFR: "CO2 du transport retour par unité",
		Needs:        "return_lines.processed_ts,products.weight_kg",
		DefinitionEN: "Return-transport emissions (inventory) of the units processed in the week / those units.",
		DefinitionFR: "Émissions du transport retour (inventaire) des unités traitées dans la semaine / ces unités.",
		Unit:         "kgCO2e/unit", Direction: LowerBetter, Audience: "csr", Family: famProcessed,
		Numerator: "SUM(co2_transport)", Denominator: "SUM(qty)",
		Source: "return_lines.transport_mode, transport_km; products.weight_kg; transport factors",
	},
	{
		ID: "co2_inventory", NameEN: "Emissions caused by returns", NameFR: "Émissions causées par les retours",
		Needs:        "return_lines.processed_ts,return_lines.disposition,products.weight_kg",
		DefinitionEN: "Inventory emissions of the units processed in the week: return transport + processing + end of life of destroyed and recycled goods. Never netted against avoided emissions.",
		DefinitionFR: "Émissions d'inventaire des unités traitées dans la semaine : transport retour + traitement + fin de vie des biens détruits et recyclés. Jamais compensées par les émissions évitées.",
		Unit:         "kgCO2e", Direction: LowerBetter, Audience: "csr", Family: famProcessed,
		Numerator: "SUM(co2_transport + co2_processing + co2_end_of_life)",
		Source:    "carbon_facts",
	},
	{
		ID: "co2_avoided", NameEN: "Avoided emissions", NameFR: "Émissions évitées",
		Needs:        "return_lines.processed_ts,return_lines.disposition,products.weight_kg",
		DefinitionEN: "Emissions avoided by the units processed in the week that went back into use or were recycled, against the reference scenario of producing a new unit; reported separately from the inventory.",
		DefinitionFR: "Émissions évitées par les unités traitées dans la semaine remises en usage ou recyclées, par rapport au scénario de référence de la production d'une unité neuve ; publiées à part de l'inventaire.",
		Unit:         "kgCO2e", Direction: HigherBetter, Audience: "csr", Family: famProcessed,
		Numerator: "SUM(co2_avoided)", Source: "carbon_facts",
	},
	{
		ID: "co2_net", NameEN: "Net avoided emissions (KPI only)", NameFR: "Émissions évitées nettes (indicateur seulement)",
		Needs:        "return_lines.processed_ts,return_lines.disposition,products.weight_kg",
		DefinitionEN: "Avoided emissions minus return-transport emissions of the units processed in the week. An indicator only: never subtracted from the inventory.",
		DefinitionFR: "Émissions évitées moins émissions du transport retour des unités traitées dans la semaine. Un indicateur seulement : jamais déduit de l'inventaire.",
		Unit:         "kgCO2e", Direction: HigherBetter, Audience: "csr", Family: famProcessed,
		Numerator: "SUM(co2_avoided - co2_transport)", Source: "carbon_facts",
	},
	{
		ID: "co2_avoided_share", NameEN: "Achieved avoided share", NameFR: "Part évitée atteinte",
		Needs:        "return_lines.processed_ts,return_lines.disposition,products.weight_kg",
		DefinitionEN: "Avoided emissions / footprint of as many new units as were processed in the week (units with a known footprint). Compare with the 'up to 65 %' often quoted for well-managed returns (no published source: a claim, not a factor).",
		DefinitionFR: "Émissions évitées / empreinte d'autant d'unités neuves que d'unités traitées dans la semaine (unités à empreinte connue). À comparer au « jusqu'à 65 % » souvent cité pour des retours bien gérés (sans source publiée : une affirmation, pas un facteur).",
		Unit:         "%", Direction: HigherBetter, Audience: "csr", Family: famProcessed, Scale: 100,
		Numerator: "SUM(co2_avoided) FILTER (WHERE new_footprint > 0)", Denominator: "SUM(new_footprint)",
		Source: "carbon_facts",
	},
	{
		ID: "co2_footprint_coverage", NameEN: "Units with a known footprint", NameFR: "Unités à empreinte connue",
		Needs:        "return_lines.processed_ts,products.category|pcf_kgco2e",
		DefinitionEN: "Units processed in the week whose product has a carbon footprint (product override or category factor) / units processed. Avoided emissions cover only these units.",
		DefinitionFR: "Unités traitées dans la semaine dont le produit a une empreinte carbone (valeur produit ou facteur de catégorie) / unités traitées. Les émissions évitées ne couvrent que ces unités.",
		Unit:         "%", Direction: HigherBetter, Audience: "csr", Family: famProcessed, Scale: 100,
		Numerator: "SUM(qty) FILTER (WHERE new_footprint > 0)", Denominator: "SUM(qty)",
		Source: "products.pcf_kgco2e, category; footprint factors",
	},
	// ---- backlog at the end of the week -------------------------------------
	backlogKPI("backlog_units", "Backlog, all ages", "Stock en attente, tous âges", "", "all ages", "tous âges"),
	backlogKPI("backlog_lt24h", "Backlog, under 24 h", "Stock en attente, moins de 24 h", "lt24h", "waiting under 24 h", "en attente depuis moins de 24 h"),
	backlogKPI("backlog_1_3d", "Backlog, 1-3 days", "Stock en attente, 1 à 3 jours", "1_3d", "waiting 24 h to 3 days", "en attente depuis 24 h à 3 jours"),
	backlogKPI("backlog_3_7d", "Backlog, 3-7 days", "Stock en attente, 3 à 7 jours", "3_7d", "waiting 3 to 7 days", "en attente depuis 3 à 7 jours"),
	backlogKPI("backlog_gt7d", "Backlog, over 7 days", "Stock en attente, plus de 7 jours", "gt7d", "waiting more than 7 days", "en attente depuis plus de 7 jours"),
	// ---- claims ------------------------------------------------------------
	{
		ID: "claims_opened", NameEN: "Claims opened", NameFR: "Litiges ouverts",
		Needs:        "claims",
		DefinitionEN: "Claims opened in the week (cut by type: commercial, financial, transport, quality).",
		DefinitionFR: "Litiges ouverts dans la semaine (par type : commercial, financier, transport, qualité).",
		Unit:         "n", Direction: LowerBetter, Audience: "claims", Family: famClaimsOpened,
		Numerator: "COUNT(type)", Source: "claims.opened_ts, type",
	},
	{
		ID: "claims_amount", NameEN: "Claims cost", NameFR: "Coût des litiges",
		Needs:        "claims.amount",
		DefinitionEN: "Amount (EUR) of the claims opened in the week.",
		DefinitionFR: "Montant (EUR) des litiges ouverts dans la semaine.",
		Unit:         "EUR", Direction: LowerBetter, Audience: "claims", Family: famClaimsOpened,
		Numerator: "SUM(COALESCE(amount, 0))", Source: "claims.amount",
	},
	{
		ID: "claims_repeat_sku_share", NameEN: "Repeat claims (same SKU)", NameFR: "Litiges récurrents (même SKU)",
		Needs:        "claims.sku",
		DefinitionEN: "Claims opened in the week whose SKU already had a claim in the previous $recurring_weeks weeks / claims opened with a SKU.",
		DefinitionFR: "Litiges ouverts dans la semaine dont le SKU avait déjà un litige dans les $recurring_weeks semaines précédentes / litiges ouverts avec un SKU.",
		Unit:         "%", Direction: LowerBetter, Audience: "claims", Family: famClaimsOpened, Scale: 100,
		Numerator: "COUNT(*) FILTER (WHERE repeat_sku)", Denominator: "COUNT(*) FILTER (WHERE has_sku)",
		Source: "claims.sku, opened_ts",
	},
	{
		ID: "claims_closed", NameEN: "Claims closed", NameFR: "Litiges clos",
		Needs:        "claims.closed_ts",
		DefinitionEN: "Claims closed in the week (cut by resolution: replacement, credit note, refund, compensation, rejected).",
		DefinitionFR: "Litiges clos dans la semaine (par résolution : remplacement, avoir, remboursement, dédommagement, rejet).",
		Unit:         "n", Direction: Neutral, Audience: "claims", Family: famClaimsClosed,
		Numerator: "COUNT(type)", Source: "claims.closed_ts, resolution",
	},
	{
		ID: "claims_days_to_close_median", NameEN: "Days to close a claim, median", NameFR: "Délai de clôture des litiges, médiane",
		Needs:        "claims.closed_ts",
		DefinitionEN: "Median days from opening to closing, over claims closed in the week.",
		DefinitionFR: "Médiane des jours entre ouverture et clôture, litiges clos dans la semaine.",
		Unit:         "d", Direction: LowerBetter, Audience: "claims", Family: famClaimsClosed,
		Value: "quantile_cont(days, 0.5)", Denominator: "COUNT(days)",
		Source: "claims.opened_ts, closed_ts",
	},
	{
		ID: "claims_resolution_share", NameEN: "Claims resolution mix", NameFR: "Répartition des résolutions de litiges",
		Needs:        "claims.closed_ts,claims.resolution",
		DefinitionEN: "Claims closed in the week with the resolution / all claims closed in the week (scope 'resolution').",
		DefinitionFR: "Litiges clos dans la semaine avec cette résolution / tous les litiges clos dans la semaine (périmètre « resolution »).",
		Unit:         "%", Direction: Neutral, Audience: "claims", Family: famClaimsClosed,
		Custom: `SELECT a.week_start, a.scope, a.scope_value, 100.0 * a.n_claims_closed / t.n_claims_closed,
		               a.n_claims_closed, t.n_claims_closed, false
		        FROM ka_claims_closed a JOIN ka_claims_closed t ON t.week_start = a.week_start AND t.scope = 'total'
		        WHERE a.scope = 'resolution' AND t.n_claims_closed > 0`,
		Source: "claims.closed_ts, resolution",
	},
	{
		ID: "claims_per_1000_units", NameEN: "Claims per 1,000 returned units", NameFR: "Litiges pour 1 000 unités retournées",
		Needs:        "claims,return_lines.received_ts",
		DefinitionEN: "Claims opened in the week / units received at the returns dock in the week x 1,000; per carrier, the claims naming the carrier over the units it brought back.",
		DefinitionFR: "Litiges ouverts dans la semaine / unités reçues au quai de retour dans la semaine x 1 000 ; par transporteur, les litiges qui le nomment sur les unités qu'il a rapportées.",
		Unit:         "n", Direction: LowerBetter, Audience: "logistics", Family: famClaimsOpened,
		// Over the received family's aggregate (computed before this family):
		// a week or carrier with units and no claim has 0.
		Custom: `SELECT r.week_start, r.scope, r.scope_value, 1000.0 * COALESCE(c.n_claims_opened, 0) / r.n_returned_units,
		               COALESCE(c.n_claims_opened, 0), r.n_returned_units, false
		        FROM ka_received r LEFT JOIN ka_claims_opened c
		          ON c.week_start = r.week_start AND c.scope = r.scope AND c.scope_value = r.scope_value
		        WHERE r.scope IN ('total', 'carrier') AND r.n_returned_units > 0`,
		Source: "claims.opened_ts, carrier; return_lines.received_ts, carrier, qty",
	},
	// ---- the operations director's delivery figures (kpi/delivery.go) -------
	{
		ID: "delivery_days_order", NameEN: "Average delivery time (order to delivery)", NameFR: "Délai moyen de livraison (commande à livraison)",
		Needs:        "order_lines.delivered_ts",
		DefinitionEN: "Mean days from order to delivery, over order lines delivered in the week.",
		DefinitionFR: "Moyenne des jours entre la commande et la livraison, sur les lignes de commande livrées dans la semaine.",
		Unit:         "d", Direction: LowerBetter, Audience: "operations", Family: famDelivered,
		Numerator: "SUM(order_days)", Denominator: "SUM(order_n)",
		Source: "order_lines.order_ts, delivered_ts",
	},
	{
		ID: "delivery_days_ship", NameEN: "Average delivery time (ship to delivery)", NameFR: "Délai moyen de livraison (expédition à livraison)",
		Needs:        "order_lines.ship_ts,order_lines.delivered_ts",
		DefinitionEN: "Mean days from shipping to delivery, over order lines delivered in the week.",
		DefinitionFR: "Moyenne des jours entre l'expédition et la livraison, sur les lignes de commande livrées dans la semaine.",
		Unit:         "d", Direction: LowerBetter, Audience: "operations", Family: famDelivered,
		Numerator: "SUM(ship_days)", Denominator: "SUM(ship_n)",
		Source: "order_lines.ship_ts, delivered_ts",
	},
	{
		ID: "on_time_delivery_rate", NameEN: "On-time delivery rate", NameFR: "Taux de livraison à l'heure",
		Needs:        "order_lines.delivered_ts",
		DefinitionEN: "Order lines delivered in the week by the date promised to the customer (when the promised date is not given: by the order date plus the delivery target of the country in the settings) / order lines delivered in the week.",
		DefinitionFR: "Lignes de commande livrées dans la semaine au plus tard à la date promise au client (sans date promise : date de commande plus l'objectif de délai du pays dans les paramètres) / lignes livrées dans la semaine.",
		Unit:         "%", Direction: HigherBetter, Audience: "operations", Family: famDelivered, Scale: 100,
		Numerator: "SUM(on_time)", Denominator: "SUM(delivered)",
		Source: "order_lines.delivered_ts, promised_ts (else order_ts + the country's target), country",
	},
	{
		ID: "service_rate", NameEN: "Service rate", NameFR: "Taux de service",
		Needs:        "order_lines.ship_ts,order_lines.delivered_ts",
		DefinitionEN: "Order lines ordered in the week that were shipped complete and delivered on time (by the promised date, else the country's target) / order lines ordered in the week. Provisional while some lines are neither delivered nor past their promised date.",
		DefinitionFR: "Lignes de commande passées dans la semaine expédiées complètes et livrées à l'heure (date promise, sinon objectif du pays) / lignes commandées dans la semaine. Provisoire tant que des lignes ne sont ni livrées ni hors délai.",
		Unit:         "%", Direction: HigherBetter, Audience: "operations", Family: famOrdered, Scale: 100,
		Numerator: "SUM(served)", Denominator: "SUM(lines)", Provisional: "SUM(pending) > 0",
		Source: "order_lines.order_ts, ship_ts, delivered_ts, promised_ts, country",
	},
	{
		ID: "logistics_cost_per_unit", NameEN: "Logistics cost per unit shipped", NameFR: "Coût logistique par unité expédiée",
		Needs:        "order_lines.ship_ts,order_lines.shipping_cost",
		DefinitionEN: "Shipping cost of the order lines shipped in the week / units shipped on those lines (lines without a shipping cost left out).",
		DefinitionFR: "Coût d'expédition des lignes expédiées dans la semaine / unités expédiées sur ces lignes (lignes sans coût d'expédition exclues).",
		Unit:         "EUR", Direction: LowerBetter, Audience: "operations", Family: famShipCost,
		Numerator: "SUM(ship_cost)", Denominator: "SUM(qty_costed)",
		Source: "order_lines.shipping_cost, qty, ship_ts",
	},
	{
		ID: "backlog_value", NameEN: "Stock of returns awaiting processing, value", NameFR: "Stock de retours en attente de traitement, valeur",
		Needs:        "return_lines.received_ts,return_lines.processed_ts,products.unit_cost",
		DefinitionEN: "Units received and not yet processed at the end of the week (Sunday 24:00), valued at their unit cost (units of products without a unit cost count 0).",
		DefinitionFR: "Unités reçues et non encore traitées à la fin de la semaine (dimanche 24 h), valorisées à leur coût unitaire (unités de produits sans coût unitaire comptées 0).",
		Unit:         "EUR", Direction: LowerBetter, Audience: "operations", Family: famBacklog,
		Numerator: "COALESCE(SUM(stock_value), 0)", Source: "return_lines.received_ts, processed_ts, qty; products.unit_cost",
	},
}

func backlogKPI(id, en, fr, bucket, defEN, defFR string) KPI {
	num := "COALESCE(SUM(qty), 0)"
	if bucket != "" {
		num = "COALESCE(SUM(qty) FILTER (WHERE bucket = '" + bucket + "'), 0)"
	}
	return KPI{
		ID: id, NameEN: en, NameFR: fr,
		DefinitionEN: "Units received and not yet processed at the end of the week (Sunday 24:00), " + defEN + " since receipt.",
		DefinitionFR: "Unités reçues et non encore traitées à la fin de la semaine (dimanche 24 h), " + defFR + " depuis la réception.",
		Unit:         "units", Direction: LowerBetter, Audience: "operations", Family: famBacklog,
		Numerator: num, Source: "return_lines.received_ts, processed_ts, qty",
		Needs: "return_lines.received_ts,return_lines.processed_ts",
	}
}
