-- Case 380 backwards: bump(bigint) gives way to bump(integer).
CREATE FUNCTION bump(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE RETURN n + 1;
CREATE TABLE counters (
  id integer PRIMARY KEY,
  hits integer NOT NULL DEFAULT bump(0),
  CONSTRAINT hits_small CHECK (bump(hits) < 1000)
);
