CREATE FUNCTION bump(n integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN n + 1;
CREATE TABLE counters (
  id integer PRIMARY KEY,
  hits integer NOT NULL DEFAULT bump(0),
  CONSTRAINT hits_small CHECK (bump(hits) < 1000)
);
