-- What the explorers of retour serve read beyond the packs' tables:
-- the CO2 of the units processed per week, SKU and disposition (kpi writes it
-- with carbon_facts, from the same fact rows, so the SKU figures add up to
-- carbon_facts), and return comments with their SKU (a SKU's comment
-- examples in the reasons explorer).
CREATE TABLE kpi_carbon_sku (
    run_id                BIGINT NOT NULL,
    week_start            DATE NOT NULL,
    iso_week              VARCHAR NOT NULL,
    sku                   VARCHAR NOT NULL,
    disposition           VARCHAR,
    units                 BIGINT NOT NULL,
    transport_kgco2e      DOUBLE NOT NULL,  -- inventory: return transport
    processing_kgco2e     DOUBLE NOT NULL,  -- inventory: processing
    end_of_life_kgco2e    DOUBLE NOT NULL,  -- inventory: destroyed goods
    avoided_kgco2e        DOUBLE NOT NULL   -- avoided, reported separately
);

CREATE OR REPLACE VIEW return_comments AS
SELECT week_start, COALESCE(reason_code, 'other') AS reason, reason_text, sku
FROM v_return_lines
WHERE NULLIF(trim(reason_text), '') IS NOT NULL AND return_ts IS NOT NULL;
