-- Claims with their weeks and normalised keys (docs/data-contract.md, "Views").
-- A claim's week is the ISO week it was opened; it closes in the week of
-- closed_ts. type and resolution are lower-case; "not given" is 'unknown'.
CREATE VIEW v_claims AS
SELECT c.* EXCLUDE (type, resolution, carrier),
       COALESCE(NULLIF(lower(trim(c.type)), ''), 'unknown')       AS type,
       COALESCE(NULLIF(lower(trim(c.resolution)), ''), 'unknown') AS resolution,
       COALESCE(NULLIF(trim(c.carrier), ''), 'unknown')           AS carrier,
       CAST(date_trunc('week', c.opened_ts) AS DATE)              AS open_week,
       strftime(c.opened_ts, '%G-W%V')                            AS open_iso_week,
       CAST(date_trunc('week', c.closed_ts) AS DATE)              AS close_week,
       CASE WHEN c.closed_ts >= c.opened_ts
            THEN date_diff('second', c.opened_ts, c.closed_ts) / 86400.0 END AS days_to_close
FROM claims c;
