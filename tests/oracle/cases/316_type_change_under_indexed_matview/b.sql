-- A column the materialized view reads changes type: the plan drops the view and the
-- materialized view and creates them again, with the materialized view's indexes.
CREATE TABLE readings (id integer PRIMARY KEY, sensor text NOT NULL, value double precision NOT NULL);
CREATE MATERIALIZED VIEW sensor_stats AS
  SELECT sensor, avg(value) AS mean FROM readings GROUP BY sensor;
CREATE UNIQUE INDEX sensor_stats_sensor ON sensor_stats (sensor);
COMMENT ON INDEX sensor_stats_sensor IS 'one row per sensor';
CREATE VIEW hot_sensors AS SELECT sensor FROM sensor_stats WHERE mean > 30;
