-- One run lifecycle for load, forecast and KPI runs (warehouse/runs.go): a run
-- is written 'running' when it starts and set to 'ok' or 'failed' when it ends;
-- a run still 'running' when a writer opens the file was left by a process that
-- died (the file lock admits one writer), and is marked 'failed' then.
ALTER TABLE forecast_runs ADD COLUMN message VARCHAR;
ALTER TABLE forecast_runs ADD COLUMN finished_at TIMESTAMP;
ALTER TABLE kpi_runs ADD COLUMN finished_at TIMESTAMP;

-- The latest good run of each kind: the newest run whose status is 'ok'
-- (warehouse.LatestGoodRun applies the same rule). run_id is NULL when none.
CREATE VIEW v_latest_runs AS
SELECT 'load' AS kind, max(run_id) AS run_id FROM load_runs WHERE status = 'ok'
UNION ALL
SELECT 'forecast', max(run_id) FROM forecast_runs WHERE status = 'ok'
UNION ALL
SELECT 'kpi', max(run_id) FROM kpi_runs WHERE status = 'ok';
