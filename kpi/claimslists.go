package kpi

import "fmt"

// claimsListSteps write the claims manager's lists: kpi_claims_open (claims
// opened before the end of the last complete week and not closed by then,
// oldest first by age) and kpi_claims_recurring_claims (the claims of the
// look-back window behind each recurring cause; run after
// kpi_claims_recurring is written). A claim counts as open when closed_ts is
// empty or after the end of the week, whatever its status says.
func claimsListSteps(runID int64, opts Options) []struct{ what, q string } {
	return []struct{ what, q string }{
		{"clear open claims", `DELETE FROM kpi_claims_open`},
		{"clear recurring claim lists", `DELETE FROM kpi_claims_recurring_claims`},
		{"write open claims", fmt.Sprintf(`INSERT INTO kpi_claims_open
			SELECT %d, $last + INTERVAL 7 DAY, claim_id, NULLIF(trim(sku), ''), NULLIF(trim(carrier), ''), lower(type), subtype, opened_ts,
			       date_diff('second', opened_ts, $last + INTERVAL 7 DAY) / 86400.0, amount
			FROM claims
			WHERE replaced_by IS NULL AND opened_ts < $last + INTERVAL 7 DAY AND (closed_ts IS NULL OR closed_ts >= $last + INTERVAL 7 DAY)`, runID)},
		{"write recurring claim lists", fmt.Sprintf(`INSERT INTO kpi_claims_recurring_claims
			WITH c AS (SELECT * FROM claims WHERE replaced_by IS NULL AND opened_ts >= $last + INTERVAL 7 DAY - INTERVAL %[2]d DAY AND opened_ts < $last + INTERVAL 7 DAY)
			SELECT %[1]d, r.key_type, r.key, c.claim_id, c.opened_ts, c.closed_ts, lower(c.type), c.subtype, lower(c.resolution), c.amount
			FROM kpi_claims_recurring r
			JOIN c ON (r.key_type = 'sku' AND trim(c.sku) = r.key) OR (r.key_type = 'carrier' AND trim(c.carrier) = r.key)
			WHERE r.run_id = %[1]d`, runID, 7*opts.RecurringWeeks)},
	}
}
