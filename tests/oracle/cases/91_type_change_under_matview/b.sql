CREATE TABLE readings (id integer PRIMARY KEY, value double precision NOT NULL);
CREATE MATERIALIZED VIEW reading_stats AS SELECT avg(value) AS mean FROM readings;
