-- Hostile strings in data: they must show as text and run nothing.
UPDATE products SET name = '<script>alert(1)</script>' WHERE sku = 'SKU-04';
UPDATE products SET name = '"><img src=x onerror=alert(1)>' WHERE sku = 'SKU-01';
UPDATE return_lines SET reason_text = '<script>alert(1)</script> broke' WHERE sku = 'SKU-04';
UPDATE return_lines SET reason_text = '"><img src=x onerror=alert(1)> wrong size' WHERE sku = 'SKU-01';
UPDATE return_lines SET site = '<img src=x onerror=alert(2)>' WHERE sku = 'SKU-03';
UPDATE kpi_claims_open SET carrier = '<script>alert(1)</script>' WHERE claim_id = 'CLM-9';
UPDATE kpi_claims_recurring_claims SET claim_id = '"><img src=x onerror=alert(1)>' WHERE claim_id = 'CLM-5';
UPDATE kpi_snapshots SET scope_value = '<script>alert(1)</script>' WHERE scope = 'carrier' AND scope_value = 'DHL';
