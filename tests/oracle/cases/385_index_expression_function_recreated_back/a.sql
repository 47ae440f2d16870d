-- Case 384 backwards.
CREATE FUNCTION bucket(n integer) RETURNS bigint LANGUAGE sql IMMUTABLE RETURN n / 10;
CREATE TABLE readings (id integer PRIMARY KEY, value integer NOT NULL);
CREATE INDEX readings_bucket_idx ON readings (bucket(value));
CREATE INDEX readings_low_idx ON readings (id) WHERE bucket(value) < 5;
