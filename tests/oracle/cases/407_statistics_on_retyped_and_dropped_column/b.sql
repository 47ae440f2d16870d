CREATE TABLE readings (
  id integer PRIMARY KEY,
  sensor bigint NOT NULL,
  site integer NOT NULL,
  value numeric
);

-- its column retyped: kept, with its target
CREATE STATISTICS readings_sensor_site (dependencies) ON sensor, site FROM readings;
ALTER STATISTICS readings_sensor_site SET STATISTICS 300;
-- its column dropped: made again on what is left
CREATE STATISTICS readings_site_legacy ON site, value FROM readings;
CREATE STATISTICS readings_site_value ON site, (value * 2) FROM readings;
