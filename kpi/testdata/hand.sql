-- A hand-made dataset: 3 products, 3 ISO weeks (2026-W10 Mon 03-02 .. 2026-W12 Sun 03-22),
-- 7 return lines, 4 claims. Every expected KPI value in compute_test.go is worked out by
-- hand from these rows; the comments there show the arithmetic.
INSERT INTO products (sku, name, category, sector, weight_kg, material, pcf_kgco2e, run_id) VALUES
 ('J1', 'Jean slim', 'jeans', 'fashion', 0.65, 'cotton', NULL, 1),
 ('P1', 'Smartphone', 'smartphone', 'high_tech', 0.38, 'electronics', NULL, 1),
 ('R1', 'Riz', 'rice', 'food', 2.0, 'cereal', NULL, 1);

INSERT INTO order_lines (order_id, line_id, order_ts, ship_ts, channel, sku, qty, run_id) VALUES
 ('O1', '1', '2026-03-02 09:00', '2026-03-03 09:00', 'web', 'J1', 10, 1),
 ('O2', '1', '2026-03-08 09:00', '2026-03-09 09:00', 'app', 'P1', 5, 1),
 ('O3', '1', '2026-03-02 09:00', '2026-03-05 09:00', 'web', 'R1', 5, 1),
 ('O4', '1', '2026-03-09 09:00', '2026-03-10 09:00', 'web', 'J1', 10, 1),
 ('O5', '1', '2026-03-09 09:00', '2026-03-11 09:00', 'app', 'P1', 5, 1),
 ('O6', '1', '2026-03-16 09:00', '2026-03-17 09:00', 'web', 'J1', 20, 1),
 ('O7', '1', '2026-03-21 09:00', '2026-03-22 10:00', 'web', 'R1', 5, 1);

INSERT INTO return_lines (return_id, order_id, line_id, sku, qty, requested_ts, received_ts, inspected_ts, processed_ts,
  reason_code, disposition, refurbish_outcome, refund_amount, resale_value, processing_cost, transport_cost,
  transport_mode, transport_km, carrier, site, csat_score, run_id) VALUES
 ('R1', 'O1', '1', 'J1', 2, '2026-03-06 10:00', '2026-03-09 10:00', '2026-03-10 10:00', '2026-03-11 10:00',
  'size_too_small', 'restock', NULL, 100, 80, 3, 5, 'parcel_home', 200, 'C1', 'S1', 5, 1),
 ('R2', 'O1', '1', 'J1', 1, '2026-03-06 10:00', '2026-03-10 08:00', NULL, '2026-03-14 08:00',
  'defective', 'destroy', NULL, 50, NULL, 2, 5, 'parcel_home', 100, 'C2', 'S1', 2, 1),
 ('R3', 'O2', '1', 'P1', 1, '2026-03-08 10:00', '2026-03-12 12:00', '2026-03-13 12:00', '2026-03-17 12:00',
  'defective', 'refurbish', 'success', 500, 400, 20, 10, 'van_diesel', 50, 'C1', 'S2', 4, 1),
 ('R4', 'O5', '1', 'P1', 1, '2026-03-14 10:00', '2026-03-18 09:00', NULL, '2026-03-19 09:00',
  'wrong_item', 'refurbish', 'failed', 500, NULL, 30, 10, 'van_diesel', 50, 'C1', 'S2', NULL, 1),
 ('R5', 'O4', '1', 'J1', 1, '2026-03-17 10:00', '2026-03-20 12:00', NULL, NULL,
  'size_too_large', NULL, NULL, NULL, NULL, NULL, NULL, 'parcel_home', 150, 'C1', 'S1', NULL, 1),
 ('R6', 'O3', '1', 'R1', 2, '2026-03-10 10:00', '2026-03-13 08:00', NULL, '2026-03-21 08:00',
  'damaged_in_transit', 'donate', NULL, 10, NULL, 1, 4, 'parcel_pickup', 30, 'C2', 'S1', 3, 1),
 ('R7', 'O6', '1', 'J1', 1, '2026-03-18 10:00', '2026-03-19 10:00', NULL, NULL,
  'changed_mind', NULL, NULL, NULL, NULL, NULL, NULL, 'parcel_home', 100, 'C1', 'S1', NULL, 1);

INSERT INTO claims (claim_id, order_id, sku, carrier, opened_ts, closed_ts, type, subtype, resolution, amount, status, run_id) VALUES
 ('CL1', 'O1', 'J1', 'C1', '2026-03-03 10:00', '2026-03-05 10:00', 'quality', 'defect', 'refund', 50, 'closed', 1),
 ('CL2', 'O4', 'J1', 'C1', '2026-03-10 10:00', '2026-03-16 10:00', 'quality', 'defect', 'replacement', 30, 'closed', 1),
 ('CL3', 'O5', 'P1', 'C2', '2026-03-11 10:00', NULL, 'transport', 'damaged', NULL, 100, 'open', 1),
 ('CL4', 'O6', 'J1', 'C1', '2026-03-18 10:00', '2026-03-20 10:00', 'commercial', 'price', 'credit_note', 20, 'closed', 1);

-- Delivery figures (operations KPIs): delivery, promise, country, shipping cost per line,
-- and unit costs. FR target 4 d, IT 6 d, ZZ falls to "*" 7 d (warehouse.DefaultDeliveryTargetDays).
UPDATE products SET unit_cost = 20 WHERE sku = 'J1';
UPDATE products SET unit_cost = 300 WHERE sku = 'P1';
UPDATE order_lines SET delivered_ts = '2026-03-05 09:00', country = 'FR', shipping_cost = 12 WHERE order_id = 'O1';
UPDATE order_lines SET delivered_ts = '2026-03-11 21:00', country = 'DE', shipping_cost = 10, promised_ts = '2026-03-11 12:00' WHERE order_id = 'O2';
UPDATE order_lines SET delivered_ts = '2026-03-06 09:00', country = 'IT', shipping_cost = 20 WHERE order_id = 'O3';
UPDATE order_lines SET delivered_ts = '2026-03-13 09:00', country = 'ZZ' WHERE order_id = 'O4';
UPDATE order_lines SET delivered_ts = '2026-03-13 21:00', country = 'FR', shipping_cost = 7.5, promised_ts = '2026-03-12 09:00' WHERE order_id = 'O5';
UPDATE order_lines SET country = 'FR', shipping_cost = 30, promised_ts = '2026-03-20 09:00' WHERE order_id = 'O6';
UPDATE order_lines SET country = 'FR', shipping_cost = 5 WHERE order_id = 'O7';
