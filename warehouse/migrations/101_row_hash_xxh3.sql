-- row_hash is now xxh3 of a row's canonical values, computed by the loader
-- (etl/rowhash.go), no longer DuckDB's hash(): DuckDB's string hash misses a
-- change of two characters eight places apart by the same bits, so a changed
-- row could pass for unchanged. Hashes written the old way cannot be compared
-- with the new ones: they are cleared, and a row without a hash is compared
-- field by field on its next re-load, which then stores its new hash.
UPDATE products     SET row_hash = NULL;
UPDATE sites        SET row_hash = NULL;
UPDATE order_lines  SET row_hash = NULL;
UPDATE return_lines SET row_hash = NULL;
UPDATE claims       SET row_hash = NULL;
