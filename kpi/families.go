package kpi

// A family groups the KPIs computed from the same fact table, keyed by the
// same week: its KPIs' aggregates are evaluated together in one GROUPING SETS
// query per family (see compute.go).
const (
	famFlow         = "flow"          // shipped and returned units by week (return week)
	famCohort       = "cohort"        // shipped and returned units by ship week
	famReceived     = "received"      // units received at the dock by week
	famProcessed    = "processed"     // lines whose disposition was done in the week
	famBacklog      = "backlog"       // units waiting at the end of the week
	famClaimsOpened = "claims_opened" // claims by opening week
	famClaimsClosed = "claims_closed" // claims by closing week
)

type family struct {
	name   string
	fact   string   // SELECT producing the fact rows; must have week_start and the scope columns
	scopes []string // scope columns besides total
	// narrow, when set, is a SELECT giving the same rows as fact with only
	// the columns the family's holistic aggregates (quantiles) read, cheaper
	// to produce; see rollup.go.
	narrow string
}

// The processing times of a processed return line in whole seconds, from the
// warehouse's hour rules (v_return_lines: processing_hours, inspection_hours,
// disposition_hours); lines whose timestamps run backwards get NULL. The fact has them in seconds (for
// quantiles: DuckDB selects among integers about twice as fast as among
// doubles, and dividing the quantile by 3600 gives the quantile of the hours
// to the last bit or so) and in hours (for sums). Shared by the processed
// family's fact and narrow SELECTs.
const (
	secsSQL   = `CAST(round(r.processing_hours * 3600) AS BIGINT)`
	secsRISQL = `CAST(round(r.inspection_hours * 3600) AS BIGINT)`
	secsIPSQL = `CAST(round(r.disposition_hours * 3600) AS BIGINT)`
)

var commonScopes = []string{ScopeSector, ScopeCategory, ScopeSite, ScopeCarrier, ScopeChannel}

// families lists the fact tables. Placeholders: $first, $last (DATE literals
// of the first and last complete week), $default_sla.
var families = append([]family{
	{
		name:   famFlow,
		scopes: []string{ScopeSector, ScopeCategory, ScopeChannel},
		fact: `SELECT week_start, sector, category, channel, shipped, 0 AS returned, 0 AS nonconf FROM k_ship
		       UNION ALL
		       SELECT ret_week, sector, category, channel, 0, qty,
		              CASE WHEN reason_code IN ('defective', 'wrong_item') THEN qty ELSE 0 END
		       FROM k_ret WHERE ret_week IS NOT NULL`,
	},
	{
		name:   famCohort,
		scopes: []string{ScopeSector, ScopeCategory, ScopeChannel},
		fact: `SELECT k.week_start, k.sector, k.category, k.channel, k.shipped, 0 AS ret_obs, 0.0 AS ret_est, c.completion
		       FROM k_ship k JOIN k_compl c USING (sector, week_start)
		       UNION ALL
		       SELECT r.ship_week, r.sector, r.category, r.channel, 0, r.qty, r.qty / GREATEST(c.completion, 1e-9), c.completion
		       FROM k_ret r JOIN k_compl c ON c.sector = r.sector AND c.week_start = r.ship_week
		       WHERE r.ret_week <= $last`,
	},
	{
		name:   famReceived,
		scopes: commonScopes,
		fact: `SELECT recv_week AS week_start, sector, category, site, carrier, channel, qty, reason_code,
		              CASE WHEN transport_km >= 0 THEN transport_km END AS transport_km,
		              CASE WHEN received_ts >= requested_ts THEN date_diff('second', requested_ts, received_ts) / 86400.0 END AS lead_days
		       FROM k_ret WHERE recv_week IS NOT NULL`,
	},
	{
		name:   famProcessed,
		scopes: commonScopes,
		fact: `SELECT week_start, sector, category, site, carrier, channel, sku, qty,
		              secs, secs / 3600.0 AS hours, secs_ri, secs_ri / 3600.0 AS hours_ri, secs_ip, secs_ip / 3600.0 AS hours_ip,
		              sla_hours, disposition, refurbish_outcome, processing_cost, transport_cost, resale_value,
		              refund_amount, csat_score, transport_mode, esrs_route, destroyed,
		              qty * w AS mass_kg,
		              qty * (parcel_kg + w / 1000 * COALESCE(GREATEST(transport_km, 0), 0) * tkm) AS co2_transport,
		              qty * proc_kg AS co2_processing,
		              qty * w * eol_per_kg AS co2_end_of_life,
		              qty * CASE WHEN COALESCE(pcf_eff, 0) <= 0 THEN 0
		                         WHEN per_kg > 0 THEN LEAST(w * per_kg, pcf_eff) - proc_minus
		                         WHEN share > 0 THEN pcf_eff * share - proc_minus
		                         ELSE 0 END AS co2_avoided,
		              qty * COALESCE(pcf_eff, 0) AS new_footprint
		       FROM (SELECT r.proc_week AS week_start, r.sector, r.category, r.site, r.carrier, r.channel, r.sku, r.qty, r.w, r.transport_km,
		                    ` + secsSQL + ` AS secs, ` + secsRISQL + ` AS secs_ri,
		                    ` + secsIPSQL + ` AS secs_ip,
		                    COALESCE(s.sla_hours, $default_sla) AS sla_hours,
		                    r.disposition, r.refurbish_outcome, r.processing_cost, r.transport_cost, r.resale_value,
		                    CASE WHEN r.refund_amount > 0 THEN r.refund_amount END AS refund_amount,
		                    CASE WHEN r.csat_score BETWEEN 1 AND 5 THEN r.csat_score END AS csat_score,
		                    c.mode AS transport_mode, c.route AS esrs_route, c.destroyed,
		                    c.parcel_kg, c.tkm, c.proc_kg, c.eol_per_kg, c.per_kg, c.proc_minus, c.share,
		                    CASE WHEN r.pcf > 0 THEN r.pcf WHEN c.pcf_unit > 0 THEN c.pcf_unit
		                         WHEN c.pcf_per_kg > 0 THEN c.pcf_per_kg * r.w END AS pcf_eff
		             FROM (SELECT *, CASE WHEN weight_kg > 0 THEN weight_kg ELSE $default_weight END AS w FROM k_ret WHERE proc_week IS NOT NULL) r
		             LEFT JOIN k_sla s ON s.sector = r.sector
		             JOIN k_coef c ON c.sector = r.sector AND c.category_key = r.category_key AND c.material_key = r.material_key
		                          AND c.disposition = r.disposition AND c.outcome = r.refurbish_outcome AND c.mode_key = r.mode_key)`,
		// Every processed line has its k_coef row (k_coef is built from the
		// keys of these lines, none NULL), so the join above keeps every line.
		narrow: `SELECT r.proc_week AS week_start, r.sector, r.category, r.site, r.carrier, r.channel,
		                ` + secsSQL + ` AS secs, ` + secsRISQL + ` AS secs_ri, ` + secsIPSQL + ` AS secs_ip
		         FROM k_ret r WHERE r.proc_week IS NOT NULL`,
	},
	{
		name:   famBacklog,
		scopes: []string{ScopeSector, ScopeCategory, ScopeSite, ScopeCarrier, ScopeChannel, ScopeDisposition},
		// disposition is the stage a waiting unit is at: the disposition the
		// source already plans for it (given without processed_ts), else
		// inspected by the end of the week or not. A disposition given with
		// processed_ts was decided later and is not used.
		fact: `SELECT CAST(ws AS DATE) AS week_start, sector, category, site, carrier, channel, qty, qty * unit_cost AS stock_value,
		              CASE WHEN h < 24 THEN 'lt24h' WHEN h < 72 THEN '1_3d' WHEN h < 168 THEN '3_7d' ELSE 'gt7d' END AS bucket,
		              CASE WHEN processed_ts IS NULL AND disposition <> '' THEN disposition
		                   WHEN inspected_ts < ws + INTERVAL 7 DAY THEN 'awaiting_disposition'
		                   ELSE 'awaiting_inspection' END AS disposition
		       FROM (SELECT *, date_diff('second', received_ts, ws + INTERVAL 7 DAY) / 3600.0 AS h
		             FROM (SELECT *, unnest(generate_series(CAST(recv_week AS TIMESTAMP),
		                                  CAST(LEAST(COALESCE(proc_week - 7, $last), $last) AS TIMESTAMP), INTERVAL 7 DAY)) AS ws
		                   FROM k_ret WHERE received_ts IS NOT NULL AND recv_week <= $last
		                         AND (proc_week IS NULL OR proc_week > recv_week))) -- else no week to unnest
		       WHERE processed_ts IS NULL OR processed_ts > ws + INTERVAL 7 DAY`,
	},
	{
		name:   famClaimsOpened,
		scopes: []string{ScopeClaimType, ScopeSector, ScopeCategory, ScopeCarrier},
		fact:   `SELECT open_week AS week_start, type, sector, category, carrier, amount, has_sku, repeat_sku FROM k_claims`,
	},
	{
		name:   famClaimsClosed,
		scopes: []string{ScopeClaimType, ScopeResolution, ScopeSector, ScopeCategory, ScopeCarrier},
		fact:   `SELECT close_week AS week_start, type, resolution, sector, category, carrier, days FROM k_claims WHERE close_week IS NOT NULL`,
	},
}, deliveryFamilies...)
