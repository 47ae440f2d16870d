CREATE SCHEMA metrics;
CREATE TYPE metrics.floatrange AS RANGE (subtype = float8);
CREATE TABLE readings (id int PRIMARY KEY, span metrics.floatrange, spans metrics.floatmultirange);
