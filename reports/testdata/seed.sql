-- Hand-made test warehouse: 8 SKUs, 2 sites, 2026-01-05 .. 2026-11-22 (ISO weeks 2026-W02 .. W47),
-- a forecast run (and a failed one that must be ignored) and a KPI run with carbon facts.
-- Values follow simple arithmetic rules so every figure can be checked by hand.

INSERT INTO products (sku, name, category, sector, brand, unit_cost, list_price, weight_kg, material, pcf_kgco2e, run_id) VALUES
 ('SKU-01', 'Slim jeans',         'jeans',      'fashion',   'Acme', 20, 59, 0.8, 'cotton',      NULL, 1),
 ('SKU-02', 'Cotton t-shirt',     't-shirt',    'fashion',   'Acme',  4, 15, 0.2, 'cotton',      NULL, 1),
 ('SKU-03', 'Trail shoes',        'shoes',      'fashion',   'Run',  30, 89, 0.9, 'textile',     NULL, 1),
 ('SKU-04', 'Phone X',            'smartphone', 'high_tech', 'Tel', 300, 699, 0.3, 'electronics', NULL, 1),
 ('SKU-05', 'Laptop 14',          'laptop',     'high_tech', 'Tel', 500, 999, 1.6, 'electronics', 150, 1),
 ('SKU-06', 'Hoodie',             'sweatshirt', 'fashion',   'Acme', 12, 45, 0.6, 'cotton',      NULL, 1),
 ('SKU-07', 'Earbuds',            'audio',      'high_tech', 'Tel',  20, 79, 0.1, 'electronics', NULL, 1),
 ('SKU-08', 'Rain jacket',        'jacket',     'fashion',   'Acme', 25, 99, 0.7, 'polyester',   NULL, 1);

-- One order line per SKU per day, qty 1 + (day mod 3).
INSERT INTO order_lines (order_id, line_id, order_ts, ship_ts, delivered_ts, customer_id, channel, country, sku, qty, unit_price, discount, currency, run_id)
SELECT 'O' || d || '-' || s, '1',
       TIMESTAMP '2026-01-05 09:00:00' + d * INTERVAL 1 DAY,
       TIMESTAMP '2026-01-05 18:00:00' + d * INTERVAL 1 DAY,
       TIMESTAMP '2026-01-07 12:00:00' + d * INTERVAL 1 DAY,
       'C' || ((d * 8 + s) % 97), 'web', 'FR', 'SKU-0' || s, 1 + d % 3, 10.0 * s, 0, 'EUR', 1
FROM range(0, 322) t(d), range(1, 9) u(s);

-- A return for every order line where (d + s) mod 3 = 0 (plus SKU-04 more often from day 250).
INSERT INTO return_lines (return_id, order_id, line_id, sku, qty, requested_ts, received_ts, inspected_ts, processed_ts, reason_code, reason_raw, reason_text, condition_grade, disposition, refurbish_outcome, refund_amount, resale_value, processing_cost, transport_cost, transport_mode, transport_km, carrier, site, csat_score, run_id)
SELECT 'R' || d || '-' || s, 'O' || d || '-' || s, '1', 'SKU-0' || s, 1 + d % 3,
       TIMESTAMP '2026-01-08 10:00:00' + d * INTERVAL 1 DAY,
       TIMESTAMP '2026-01-09 08:00:00' + (d + s % 4) * INTERVAL 1 DAY,
       NULL,
       -- the last days stay unprocessed (backlog); others take 6 h to 9 days
       CASE WHEN d + s % 4 >= 318 THEN NULL
            ELSE TIMESTAMP '2026-01-09 08:00:00' + (d + s % 4) * INTERVAL 1 DAY + ((d * 7 + s * 5) % 36) * INTERVAL 6 HOUR END,
       CASE WHEN s = 4 AND d >= 250 THEN 'defective'
            ELSE ['size_too_small', 'size_too_large', 'not_as_described', 'defective', 'changed_mind', 'damaged_in_transit'][1 + (d + 2 * s) % 6] END,
       NULL,
       ['Too small, size up next time', 'The colour is not as described', 'Arrived damaged, box crushed', 'Changed my mind', NULL, 'Stopped working after two days'][1 + (d + s) % 6],
       ['A', 'B', 'C', 'D'][1 + (d + s) % 4],
       ['restock', 'refurbish', 'resell_secondary', 'recycle', 'restock', 'destroy', 'donate', 'repair'][1 + (d * 3 + s) % 8],
       CASE WHEN (d * 3 + s) % 8 = 1 THEN CASE WHEN d % 4 = 0 THEN 'failed' ELSE 'success' END END,
       10.0 * s, 5.0 * s, 2.0 + s % 3, 4.0 + (d % 5), 'parcel_pickup', 12.5 + s, 'Colissimo',
       CASE WHEN s % 2 = 0 THEN 'LYON' ELSE 'LILLE' END, 1 + (d + s) % 5, 1
FROM range(0, 322) t(d), range(1, 9) u(s)
WHERE (d + s) % 3 = 0 OR (s = 4 AND d >= 250);

INSERT INTO claims (claim_id, order_id, sku, carrier, opened_ts, closed_ts, type, subtype, resolution, amount, status, run_id)
SELECT 'CL' || i, 'O' || (i * 5) || '-' || (1 + i % 8), 'SKU-0' || (1 + i % 8), 'Colissimo',
       TIMESTAMP '2026-01-10 09:00:00' + (i * 7) * INTERVAL 1 DAY,
       CASE WHEN i % 5 = 4 THEN NULL ELSE TIMESTAMP '2026-01-10 09:00:00' + (i * 7 + 3 + i % 6) * INTERVAL 1 DAY END,
       ['commercial', 'financial', 'transport', 'quality'][1 + i % 4],
       ['contract error', 'late payment', 'damaged in transit', 'manufacturing defect'][1 + i % 4],
       CASE WHEN i % 5 = 4 THEN NULL ELSE ['replacement', 'credit_note', 'refund', 'compensation'][1 + i % 4] END,
       25.0 * (1 + i % 4), CASE WHEN i % 5 = 4 THEN 'open' ELSE 'closed' END, 1
FROM range(0, 46) t(i);

-- Forecast run 1 (ok), origin 2026-W47; run 2 failed and must be ignored.
INSERT INTO forecast_runs (run_id, created_at, origin_week, horizon, origins, status, wall_seconds, params) VALUES
 (1, TIMESTAMP '2026-11-23 06:00:00', DATE '2026-11-16', 13, 4, 'ok', 12.5, '{}'),
 (2, TIMESTAMP '2026-11-23 07:00:00', DATE '2026-11-16', 13, 4, 'failed', 1.0, '{}');

INSERT INTO forecasts (run_id, level, key, week_start, iso_week, h, model, mean, lo80, hi80, lo95, hi95)
SELECT 1, lv.level, lv.key, DATE '2026-11-23' + CAST((h - 1) * 7 AS INTEGER), strftime(DATE '2026-11-23' + CAST((h - 1) * 7 AS INTEGER), '%G-W%V'), h,
       lv.model, lv.base + h, lv.base + h - 2 - h * 0.2, lv.base + h + 2 + h * 0.2, lv.base + h - 4 - h * 0.4, lv.base + h + 4 + h * 0.4
FROM (VALUES ('total', 'total', 'ets', 60.0), ('site', 'LYON', 'ets', 30.0), ('site', 'LILLE', 'croston', 28.0),
             ('category', 'jeans', 'ets', 8.0), ('category', 'smartphone', 'ets', 12.0), ('category', 't-shirt', 'naive', 6.0),
             ('sku', 'SKU-01', 'ets', 8.0), ('sku', 'SKU-02', 'naive', 6.0), ('sku', 'SKU-04', 'ets', 12.0), ('sku', 'SKU-07', 'croston', 3.0)) lv(level, key, model, base),
     range(1, 14) t(h);
INSERT INTO forecasts (run_id, level, key, week_start, iso_week, h, model, mean, lo80, hi80, lo95, hi95) VALUES (2, 'total', 'total', DATE '2026-11-23', '2026-W48', 1, 'bad', 999, 0, 0, 0, 0);

INSERT INTO forecast_accuracy (run_id, level, key, model, horizons, wape, mase, bias, coverage80, coverage95, pinball, n, selected) VALUES
 (1, 'total', '*', 'ets', 'all', 0.12, 0.8, 0.01, 0.79, 0.94, 3.1, 52, true),
 (1, 'total', '*', 'naive', 'all', 0.20, 1.0, 0.05, 0.70, 0.90, 4.0, 52, false),
 (1, 'site', '*', 'ets', 'all', 0.15, 0.85, -0.02, 0.81, 0.95, 2.0, 104, true),
 (1, 'site', 'LILLE', 'croston', 'all', 0.18, 0.9, 0.03, 0.77, 0.93, 1.5, 52, true),
 (1, 'category', '*', 'ets', 'all', 0.21, 0.9, 0.0, 0.80, 0.95, 1.0, 156, true),
 (1, 'sku', 'SKU-01', 'ets', 'all', 0.30, 0.95, 0.02, 0.78, 0.92, 0.5, 52, true),
 (1, 'sku', 'SKU-04', 'ets', '1-4', 0.25, 0.9, 0.02, 0.82, 0.96, 0.4, 16, true),
 (1, 'sku', 'SKU-04', 'ets', 'all', 0.28, 0.92, 0.02, 0.80, 0.95, 0.4, 52, true);

INSERT INTO reason_forecasts (run_id, level, key, week_start, iso_week, reason, share, units)
SELECT 1, 'category', c.key, DATE '2026-11-23' + CAST((h - 1) * 7 AS INTEGER), strftime(DATE '2026-11-23' + CAST((h - 1) * 7 AS INTEGER), '%G-W%V'), r.reason, r.share, r.share * (c.base + h)
FROM (VALUES ('jeans', 8.0), ('smartphone', 12.0)) c(key, base),
     (VALUES ('size_too_small', 0.5), ('defective', 0.3), ('changed_mind', 0.2)) r(reason, share),
     range(1, 14) t(h);

INSERT INTO reason_alerts (run_id, level, key, reason, start_week, detected_week, share_usual, share_recent, strength, false_alarm_rate) VALUES
 (1, 'sku', 'SKU-04', 'defective', DATE '2026-09-07', DATE '2026-09-28', 0.17, 0.62, 3.4, 0.001),
 (1, 'category', 'jeans', 'size_too_small', DATE '2026-10-05', DATE '2026-10-26', 0.20, 0.31, 1.2, 0.001);

INSERT INTO workload_forecasts (run_id, site, week_start, iso_week, units, hours_per_unit, hours, hours_lo80, hours_hi80)
SELECT 1, s.site, DATE '2026-11-23' + CAST((h - 1) * 7 AS INTEGER), strftime(DATE '2026-11-23' + CAST((h - 1) * 7 AS INTEGER), '%G-W%V'),
       s.base + h, s.hpu, (s.base + h) * s.hpu, (s.base + h - 3) * s.hpu, (s.base + h + 3) * s.hpu
FROM (VALUES ('LYON', 30.0, 0.5), ('LILLE', 28.0, 0.4)) s(site, base, hpu), range(1, 14) t(h);

-- KPI run 1.
INSERT INTO kpi_runs (run_id, created_at, first_week, last_week, status, wall_seconds) VALUES (1, TIMESTAMP '2026-11-23 06:30:00', DATE '2026-01-05', DATE '2026-11-16', 'ok', 3.2);

INSERT INTO kpi_definitions (kpi_id, name_en, name_fr, definition_en, definition_fr, unit, higher_is_better, audience) VALUES
 ('return_rate', 'Return rate', 'Taux de retour', 'Units returned / units shipped, by return week', 'Unités retournées / unités expédiées, par semaine de retour', '%', false, 'operations'),
 ('processing_hours_mean', 'Mean processing time', 'Délai moyen de traitement', 'Mean hours from receipt at the dock to disposition done', 'Heures moyennes entre réception et destination', 'h', false, 'operations'),
 ('cost_per_unit', 'Cost per processed unit', 'Coût par unité traitée', '(processing + return transport cost) / units processed', '(coût de traitement + transport retour) / unités traitées', 'EUR', false, 'operations'),
 ('claims_open', 'Open claims', 'Litiges ouverts', 'Claims not closed at week end', 'Litiges non clos en fin de semaine', 'n', false, 'claims'),
 ('defect_share', 'Defect share', 'Part des défauts', 'Share of returns for defect', 'Part des retours pour défaut', '%', false, 'marketing'),
 ('destruction_rate', 'Destruction rate', 'Taux de destruction', 'Units destroyed / units processed', 'Unités détruites / unités traitées', '%', false, 'csr');

INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value, numerator, denominator, provisional)
SELECT 1, k.kpi_id, DATE '2026-01-05' + CAST(w * 7 AS INTEGER), strftime(DATE '2026-01-05' + CAST(w * 7 AS INTEGER), '%G-W%V'), 'total', '',
       k.base + (w % 7) * k.step, NULL, NULL, w = 45
FROM (VALUES ('return_rate', 30.0, 0.5), ('processing_hours_mean', 50.0, 2.0), ('cost_per_unit', 14.0, 0.25),
             ('claims_open', 3.0, 1.0), ('defect_share', 17.0, 1.5), ('destruction_rate', 12.0, 0.5)) k(kpi_id, base, step),
     range(0, 46) t(w);

INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value, numerator, denominator, provisional, benchmark_low, benchmark_high, benchmark_status, benchmark_gap, benchmark_source) VALUES
 (1, 'processing_hours_mean', DATE '2026-11-16', '2026-W47', 'sector', 'fashion', 61.0, NULL, NULL, false, 48, 72, 'within', 0, 'reference ranges from the reverse-logistics manager profile, unsourced'),
 (1, 'processing_hours_mean', DATE '2026-11-16', '2026-W47', 'sector', 'high_tech', 101.0, NULL, NULL, false, 72, 96, 'worse', 5, 'reference ranges from the reverse-logistics manager profile, unsourced');

-- What kpi stores per site and per claim type, and the cost split (the
-- operations pack draws these, it never recomputes them).
INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value, numerator, denominator, provisional)
SELECT 1, k.kpi_id, DATE '2026-11-16', '2026-W47', k.scope, k.sv, k.v, NULL, k.d, false FROM (VALUES
 ('processing_time_mean', 'site', 'LILLE', 109.8, 10), ('processing_time_median', 'site', 'LILLE', 120.0, 10),
 ('processing_time_p90', 'site', 'LILLE', 187.2, 10), ('processing_over_sla', 'site', 'LILLE', 70.0, 10),
 ('processing_time_mean', 'site', 'LYON', 99.0, 14), ('processing_time_median', 'site', 'LYON', 93.0, 14),
 ('processing_time_p90', 'site', 'LYON', 178.2, 14), ('processing_over_sla', 'site', 'LYON', 64.3, 14),
 ('processing_time_mean', 'total', '', 103.5, 24), ('processing_time_median', 'total', '', 102.0, 24),
 ('processing_time_p90', 'total', '', 184.2, 24), ('processing_over_sla', 'total', '', 66.7, 24),
 ('backlog_lt24h', 'site', 'LILLE', 2, NULL), ('backlog_3_7d', 'site', 'LILLE', 10, NULL),
 ('backlog_lt24h', 'site', 'LYON', 4, NULL), ('backlog_1_3d', 'site', 'LYON', 3, NULL),
 ('backlog_3_7d', 'site', 'LYON', 7, NULL), ('backlog_gt7d', 'site', 'LYON', 2, NULL),
 ('stage_inspection_median', 'site', 'LILLE', 20.5, 10), ('stage_disposition_median', 'site', 'LILLE', 80.1, 10),
 ('stage_inspection_median', 'total', '', 18.0, 24), ('stage_disposition_median', 'total', '', 77.5, 24),
 ('claims_days_to_close_median', 'type', 'transport', 6.5, 2)) k(kpi_id, scope, sv, v, d);

INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value, numerator, denominator, provisional)
SELECT 1, k.kpi_id, DATE '2026-01-05' + CAST(w * 7 AS INTEGER), strftime(DATE '2026-01-05' + CAST(w * 7 AS INTEGER), '%G-W%V'), k.scope, k.sv,
       k.base + (w % 5) * k.step, NULL, NULL, false
FROM (VALUES ('cost_processing_per_unit', 'total', '', 1.4, 0.05), ('cost_transport_per_unit', 'total', '', 6.2, 0.1),
             ('claims_opened', 'type', 'transport', 1.0, 1.0), ('claims_opened', 'type', 'quality', 0.0, 1.0),
             ('claims_closed', 'type', 'transport', 1.0, 0.0), ('claims_amount', 'type', 'transport', 40.0, 12.5)) k(kpi_id, scope, sv, base, step),
     range(0, 46) t(w);

INSERT INTO carbon_facts (run_id, week_start, iso_week, sector, category, disposition, transport_mode, esrs_route, units, mass_kg, transport_kgco2e, processing_kgco2e, end_of_life_kgco2e, avoided_kgco2e, new_footprint_kgco2e, destroyed_units)
SELECT 1, DATE '2026-01-05' + CAST(w * 7 AS INTEGER), strftime(DATE '2026-01-05' + CAST(w * 7 AS INTEGER), '%G-W%V'), c.sector, c.category, c.disposition, 'parcel_pickup', c.route,
       c.units, c.units * c.kg, c.units * 0.3, c.units * 0.1,
       CASE WHEN c.disposition = 'destroy' THEN c.units * c.kg * 0.5 ELSE 0 END,
       CASE WHEN c.disposition = 'destroy' THEN 0 ELSE c.units * c.pcf * 0.8 END,
       c.units * c.pcf,
       CASE WHEN c.disposition = 'destroy' THEN c.units ELSE 0 END
FROM (VALUES ('fashion', 'jeans', 'restock', 'prepared_for_reuse', 10, 0.8, 23.2),
             ('fashion', 'jeans', 'destroy', 'incinerated', 2, 0.8, 23.2),
             ('high_tech', 'smartphone', 'refurbish', 'prepared_for_reuse', 5, 0.3, 85.1),
             ('high_tech', 'smartphone', 'recycle', 'recycled', 1, 0.3, 85.1)) c(sector, category, disposition, route, units, kg, pcf),
     range(0, 46) t(w);

INSERT INTO carbon_factors (factor_id, item, value, unit, source, year) VALUES
 ('parcel_pickup', '1 kg parcel, pickup point, transport only', 0.286, 'kgCO2e/parcel', 'ADEME Impact CO2', 2024),
 ('pcf_jeans', 'jeans', 23.2, 'kgCO2e/unit', 'ADEME Impact CO2', 2024),
 ('pcf_smartphone', 'smartphone', 85.1, 'kgCO2e/unit', 'ADEME-Arcep', 2022),
 ('landfill_clothing', 'landfill: clothing', 0.497, 'kgCO2e/kg', 'UK Government GHG Conversion Factors for Company Reporting', 2025),
 ('recycling', 'recycling or energy-from-waste (inventory side)', 0.0047, 'kgCO2e/kg', 'UK Government GHG Conversion Factors for Company Reporting', 2025);

-- The claims pack's stored figures (claimspack_test.go works its answers out from them).
-- The claims manager's stored figures for run 1 (on top of seed.sql): week
-- totals for 2026-W47 and 2026-W48, the resolution mix, three open claims as
-- of the end of W48 and one recurring cause with the claims behind it.
INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value, provisional) VALUES
 (1, 'claims_opened', DATE '2026-11-16', '2026-W47', 'total', '', 5, false),
 (1, 'claims_opened', DATE '2026-11-23', '2026-W48', 'total', '', 7, false),
 (1, 'claims_closed', DATE '2026-11-16', '2026-W47', 'total', '', 4, false),
 (1, 'claims_closed', DATE '2026-11-23', '2026-W48', 'total', '', 6, false),
 (1, 'claims_amount', DATE '2026-11-23', '2026-W48', 'total', '', 815.5, false),
 (1, 'claims_days_to_close_median', DATE '2026-11-23', '2026-W48', 'total', '', 4.5, false),
 (1, 'claims_closed', DATE '2026-11-16', '2026-W47', 'resolution', 'refund', 3, false),
 (1, 'claims_closed', DATE '2026-11-16', '2026-W47', 'resolution', 'rejected', 1, false),
 (1, 'claims_closed', DATE '2026-11-23', '2026-W48', 'resolution', 'refund', 2, false),
 (1, 'claims_closed', DATE '2026-11-23', '2026-W48', 'resolution', 'replacement', 4, false);

INSERT INTO kpi_claims_open VALUES
 (1, TIMESTAMP '2026-11-30 00:00', 'CLM-7', 'SKU-01', 'Colissimo', 'transport', 'damaged', TIMESTAMP '2026-11-20 12:00', 9.5, 120),
 (1, TIMESTAMP '2026-11-30 00:00', 'CLM-2', 'SKU-03', 'Colissimo', 'quality', 'defect', TIMESTAMP '2026-10-01 00:00', 60, 80.25),
 (1, TIMESTAMP '2026-11-30 00:00', 'CLM-9', NULL, 'DHL', 'commercial', 'price', TIMESTAMP '2026-11-28 00:00', 2, NULL);

INSERT INTO kpi_claims_recurring VALUES
 (1, 'carrier', 'Colissimo', 3, 5, 260.25, 'transport', 'damaged', TIMESTAMP '2026-09-10 10:00', TIMESTAMP '2026-11-20 12:00', 13);

INSERT INTO kpi_claims_recurring_claims VALUES
 (1, 'carrier', 'Colissimo', 'CLM-5', TIMESTAMP '2026-09-10 10:00', TIMESTAMP '2026-09-15 10:00', 'transport', 'damaged', 'refund', 60),
 (1, 'carrier', 'Colissimo', 'CLM-2', TIMESTAMP '2026-10-01 00:00', NULL, 'quality', 'defect', NULL, 80.25),
 (1, 'carrier', 'Colissimo', 'CLM-7', TIMESTAMP '2026-11-20 12:00', NULL, 'transport', 'damaged', NULL, 120);

-- Discarded unsold goods (kpi's csr_discarded), every week of 2026 to W46:
-- per week 2 jeans destroyed (defective, 0.8 kg, AGEC ban, ESPR ban from
-- W29), 1 smartphone recycled (0.3 kg), 10 jeans restocked, 1 unit of
-- unknown disposition without a known weight.
INSERT INTO csr_discarded
SELECT 1, DATE '2026-01-05' + CAST(w * 7 AS INTEGER), strftime(DATE '2026-01-05' + CAST(w * 7 AS INTEGER), '%G-W%V'),
       c.sector, c.category, c.reason, c.disposition, c.destination, c.units, c.weighed, c.mass,
       c.espr, CASE WHEN c.espr_ban THEN DATE '2026-01-05' + CAST(w * 7 AS INTEGER) + INTERVAL 6 DAY >= DATE '2026-07-19' ELSE c.espr_ban END, c.agec
FROM (VALUES ('fashion', 'jeans', 'defective', 'destroy', 'disposal', 2, 2, 1.6, true, true, true),
             ('high_tech', 'smartphone', 'damaged_in_transit', 'recycle', 'recycling', 1, 1, 0.3, true, false, false),
             ('fashion', 'jeans', 'size_too_small', 'restock', 'not_discarded', 10, 10, 8.0, false, false, false),
             ('high_tech', 'smartphone', 'unknown', 'unknown', 'unknown', 1, 0, NULL, NULL, NULL, NULL)) c(sector, category, reason, disposition, destination, units, weighed, mass, espr, espr_ban, agec),
     range(0, 46) t(w);
INSERT INTO kpi_table_definitions VALUES ('csr_discarded', 'Returned goods counted as unsold goods.', 'Produits retournés comptés comme invendus.', 'units, kg', 'return_lines, products');

-- The returns-operations pack's stored figures for 2026-W47 (returnspack_test.go
-- checks each cell against them): received units, km and cost per site, the
-- stock awaiting processing per site and stage, refurbishment against bands
-- and the carrier scorecard.
INSERT INTO kpi_snapshots (run_id, kpi_id, week_start, iso_week, scope, scope_value, value, numerator, denominator, provisional, benchmark_low, benchmark_high, benchmark_status, benchmark_gap, benchmark_source)
SELECT 1, k.kpi_id, DATE '2026-11-16', '2026-W47', k.scope, k.sv, k.v, NULL, k.d, false, k.lo, k.hi, k.st, NULL, k.src FROM (VALUES
 ('returned_units', 'total', '', 30.0, NULL, NULL, NULL, NULL, NULL),
 ('returned_units', 'site', 'LILLE', 12.0, NULL, NULL, NULL, NULL, NULL),
 ('returned_units', 'site', 'LYON', 18.0, NULL, NULL, NULL, NULL, NULL),
 ('km_per_unit', 'total', '', 41.2, 30.0, NULL, NULL, NULL, NULL),
 ('km_per_unit', 'site', 'LILLE', 35.5, 12.0, NULL, NULL, NULL, NULL),
 ('km_per_unit', 'site', 'LYON', 45.0, 18.0, NULL, NULL, NULL, NULL),
 ('cost_per_unit', 'site', 'LILLE', 8.25, 10.0, NULL, NULL, NULL, NULL),
 ('cost_per_unit', 'site', 'LYON', 7.5, 14.0, NULL, NULL, NULL, NULL),
 ('cost_transport_per_unit', 'site', 'LILLE', 6.5, 10.0, NULL, NULL, NULL, NULL),
 ('cost_transport_per_unit', 'site', 'LYON', 6.0, 14.0, NULL, NULL, NULL, NULL),
 ('cost_processing_per_unit', 'site', 'LILLE', 1.75, 10.0, NULL, NULL, NULL, NULL),
 ('cost_processing_per_unit', 'site', 'LYON', 1.5, 14.0, NULL, NULL, NULL, NULL),
 ('backlog_units', 'total', '', 28.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_value', 'total', '', 1430.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_gt7d', 'total', '', 2.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_units', 'site', 'LILLE', 12.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_value', 'site', 'LILLE', 610.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_units', 'site', 'LYON', 16.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_value', 'site', 'LYON', 820.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_units', 'disposition', 'awaiting_inspection', 9.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_value', 'disposition', 'awaiting_inspection', 450.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_lt24h', 'disposition', 'awaiting_inspection', 6.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_1_3d', 'disposition', 'awaiting_inspection', 3.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_units', 'disposition', 'awaiting_disposition', 19.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_value', 'disposition', 'awaiting_disposition', 980.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_3_7d', 'disposition', 'awaiting_disposition', 17.0, NULL, NULL, NULL, NULL, NULL),
 ('backlog_gt7d', 'disposition', 'awaiting_disposition', 2.0, NULL, NULL, NULL, NULL, NULL),
 ('refurbishment_rate', 'total', '', 62.5, 24.0, NULL, NULL, NULL, NULL),
 ('refurbishment_rate', 'sector', 'fashion', 71.4, 14.0, 60.0, 80.0, 'within', 'Example survey of apparel returns, 2024'),
 ('refurbishment_rate', 'sector', 'high_tech', 50.0, 10.0, 55.0, 75.0, 'worse', 'reference ranges from the reverse-logistics manager profile, unsourced'),
 ('refurbishment_rate', 'category', 'jeans', 71.4, 14.0, 60.0, 80.0, 'within', 'Example survey of apparel returns, 2024'),
 ('refurbishment_success_rate', 'total', '', 80.0, 5.0, NULL, NULL, NULL, NULL),
 ('refurbishment_success_rate', 'sector', 'high_tech', 80.0, 5.0, NULL, NULL, NULL, NULL),
 ('returned_units', 'carrier', 'Colissimo', 20.0, NULL, NULL, NULL, NULL, NULL),
 ('returned_units', 'carrier', 'DHL', 10.0, NULL, NULL, NULL, NULL, NULL),
 ('cost_transport_per_unit', 'carrier', 'Colissimo', 6.1, 16.0, NULL, NULL, NULL, NULL),
 ('cost_transport_per_unit', 'carrier', 'DHL', 6.6, 8.0, NULL, NULL, NULL, NULL),
 ('co2_transport_per_unit', 'carrier', 'Colissimo', 0.31, 16.0, NULL, NULL, NULL, NULL),
 ('co2_transport_per_unit', 'carrier', 'DHL', 0.42, 8.0, NULL, NULL, NULL, NULL),
 ('return_lead_time_days', 'carrier', 'Colissimo', 4.2, 20.0, NULL, NULL, NULL, NULL),
 ('return_lead_time_days', 'carrier', 'DHL', 3.1, 10.0, NULL, NULL, NULL, NULL),
 ('damaged_in_transit_rate', 'carrier', 'Colissimo', 15.0, 20.0, NULL, NULL, NULL, NULL),
 ('damaged_in_transit_rate', 'carrier', 'DHL', 10.0, 10.0, NULL, NULL, NULL, NULL),
 ('claims_per_1000_units', 'carrier', 'Colissimo', 100.0, 20.0, NULL, NULL, NULL, NULL),
 ('claims_per_1000_units', 'carrier', 'DHL', 0.0, 10.0, NULL, NULL, NULL, NULL)
) k(kpi_id, scope, sv, v, d, lo, hi, st, src);
