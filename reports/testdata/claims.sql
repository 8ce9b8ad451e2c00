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
