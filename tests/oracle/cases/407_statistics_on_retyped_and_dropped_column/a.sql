CREATE TABLE readings (
  id integer PRIMARY KEY,
  sensor integer NOT NULL,
  site integer NOT NULL,
  legacy_code text,
  value numeric
);

CREATE STATISTICS readings_sensor_site (dependencies) ON sensor, site FROM readings;
ALTER STATISTICS readings_sensor_site SET STATISTICS 300;
CREATE STATISTICS readings_site_legacy ON site, legacy_code FROM readings;
CREATE STATISTICS readings_site_value ON site, (value * 2) FROM readings;
