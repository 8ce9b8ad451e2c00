-- The claims manager's lists (kpi writes them with each run, reports read them):
-- claims still open at the end of the last complete week, with their age, and
-- the claims behind each recurring cause of kpi_claims_recurring.
CREATE TABLE kpi_claims_open (
    run_id     BIGINT NOT NULL,
    as_of      TIMESTAMP NOT NULL,    -- end of the last complete week (Monday 00:00 after it)
    claim_id   VARCHAR NOT NULL,
    sku        VARCHAR,
    carrier    VARCHAR,
    type       VARCHAR,
    subtype    VARCHAR,
    opened_ts  TIMESTAMP NOT NULL,
    age_days   DOUBLE NOT NULL,       -- days from opening to as_of
    amount     DOUBLE                 -- EUR
);

CREATE TABLE kpi_claims_recurring_claims (
    run_id     BIGINT NOT NULL,
    key_type   VARCHAR NOT NULL,      -- sku, carrier (as in kpi_claims_recurring)
    key        VARCHAR NOT NULL,
    claim_id   VARCHAR NOT NULL,
    opened_ts  TIMESTAMP NOT NULL,
    closed_ts  TIMESTAMP,
    type       VARCHAR,
    subtype    VARCHAR,
    resolution VARCHAR,
    amount     DOUBLE                 -- EUR
);
