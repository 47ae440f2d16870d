CREATE TABLE measurements (
  station integer NOT NULL,
  taken_on date NOT NULL,
  reading numeric
) PARTITION BY RANGE (taken_on);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX measurements_station ON measurements (station);
