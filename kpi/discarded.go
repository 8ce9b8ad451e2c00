package kpi

import (
	"fmt"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// Definition, unit and source of csr_discarded, written to
// kpi_table_definitions with each run.
const (
	discardedDefEN  = "Returned goods counted as unsold goods (ESPR, Regulation (EU) 2024/1781, art. 2(37) and 24): units and weight per ISO week of disposition, sector, category, return reason, disposition and destination (reuse, remanufacture, recycling, other recovery, disposal; not discarded; unknown when the disposition or the refurbishment outcome is not given). Weight counts only units whose product weight is known. Flags: ESPR destruction (discarded other than for preparing for reuse, art. 2(34)), ESPR ban (destruction of apparel and footwear from 19 July 2026, art. 25), AGEC ban (non-food goods sent to energy recovery or disposal, French anti-waste law)."
	discardedDefFR  = "Produits retournés comptés comme invendus (ESPR, règlement (UE) 2024/1781, art. 2(37) et 24) : unités et poids par semaine ISO de décision, secteur, catégorie, motif de retour, décision et destination (réemploi, remanufacturage, recyclage, autre valorisation, élimination ; non mis au rebut ; inconnue quand la décision ou le résultat du reconditionnement manque). Le poids ne compte que les unités dont le poids produit est connu. Indicateurs : destruction ESPR (mise au rebut autre que pour préparation en vue du réemploi, art. 2(34)), interdiction ESPR (destruction de vêtements et chaussures à partir du 19 juillet 2026, art. 25), interdiction AGEC (produits non alimentaires envoyés en valorisation énergétique ou en élimination, loi anti-gaspillage)."
	discardedUnit   = "units, kg"
	discardedSource = "return_lines (processed_ts, disposition, refurbish_outcome, reason_code), products (weight_kg, sector, category); destinations: warehouse.DispositionDestinations"
)

func sqlList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

// discardedSteps write csr_discarded from k_ret (every processed return
// line of the run's weeks) and its definition.
func discardedSteps(runID int64) []struct{ what, q string } {
	dest := warehouse.DiscardDestinationSQL("disposition", "refurbish_outcome")
	destroyed := sqlList([]string{warehouse.DestRecycling, warehouse.DestOtherRecovery, warehouse.DestDisposal})
	eliminated := sqlList([]string{warehouse.DestOtherRecovery, warehouse.DestDisposal})
	unknown := "'" + warehouse.Unknown + "'"
	return []struct{ what, q string }{
		{"clear discarded goods", `DELETE FROM csr_discarded`},
		{"clear table definitions", `DELETE FROM kpi_table_definitions WHERE table_name = 'csr_discarded'`},
		{"write discarded goods", fmt.Sprintf(`INSERT INTO csr_discarded
			WITH d AS (
				SELECT proc_week AS week_start, COALESCE(sector, %[2]s) AS sector, COALESCE(category, %[2]s) AS category,
				       COALESCE(NULLIF(reason_code, ''), %[2]s) AS reason, COALESCE(NULLIF(disposition, ''), %[2]s) AS disposition,
				       %[3]s AS destination, qty, weight_kg
				FROM k_ret WHERE proc_week BETWEEN $first AND $last)
			SELECT %[1]d, week_start, strftime(week_start, '%%G-W%%V'), sector, category, reason, disposition, destination,
			       SUM(qty), COALESCE(SUM(qty) FILTER (WHERE weight_kg > 0), 0), SUM(qty * weight_kg) FILTER (WHERE weight_kg > 0),
			       CASE WHEN destination = %[2]s THEN NULL ELSE destination IN (%[4]s) END,
			       CASE WHEN destination = %[2]s THEN NULL
			            ELSE destination IN (%[4]s) AND sector IN (%[6]s) AND week_start + INTERVAL 6 DAY >= DATE '%[7]s' END,
			       CASE WHEN destination = %[2]s OR sector = %[2]s THEN NULL
			            ELSE destination IN (%[5]s) AND sector NOT IN (%[8]s) END
			FROM d GROUP BY ALL`,
			runID, unknown, dest, destroyed, eliminated, sqlList(warehouse.ESPRBanSectors),
			warehouse.ESPRDestructionBanFrom.Format("2006-01-02"), sqlList(warehouse.AGECExemptSectors))},
		{"write table definitions", fmt.Sprintf(`INSERT INTO kpi_table_definitions VALUES ('csr_discarded', %s, %s, %s, %s)`,
			sqlList([]string{discardedDefEN}), sqlList([]string{discardedDefFR}), sqlList([]string{discardedUnit}), sqlList([]string{discardedSource}))},
	}
}
