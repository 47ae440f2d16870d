CREATE TABLE measurements (
  station integer NOT NULL,
  taken_on date NOT NULL,
  reading numeric
) PARTITION BY RANGE (taken_on);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (station);
CREATE TABLE measurements_2025_north PARTITION OF measurements_2025 FOR VALUES IN (1, 2, 3);
CREATE TABLE measurements_2025_south PARTITION OF measurements_2025 FOR VALUES IN (4, 5);
CREATE TABLE measurements_2025_rest PARTITION OF measurements_2025 DEFAULT;
CREATE INDEX measurements_station ON measurements (station);
CREATE INDEX measurements_2025_north_reading ON measurements_2025_north (reading);
