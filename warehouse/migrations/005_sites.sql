-- Sites: returns warehouses, stores and sellers' premises named by return_lines.site.
CREATE TABLE sites (
    site        VARCHAR NOT NULL,   -- natural key, as return_lines.site names it
    name        VARCHAR,
    city        VARCHAR,
    region      VARCHAR,            -- state, region or department code
    postcode    VARCHAR,            -- text: leading zeros kept
    country     VARCHAR,            -- ISO 3166-1 alpha-2
    run_id      BIGINT NOT NULL,
    source_line BIGINT
);
