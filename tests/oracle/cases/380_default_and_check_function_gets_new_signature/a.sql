-- A default and a check call bump() by its unqualified name; bump(integer) gives way to
-- bump(bigint), which the same calls then resolve to. The server refuses to drop the old
-- overload while they hold it: they go first and come back once the new one exists.
CREATE FUNCTION bump(n integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN n + 1;
CREATE TABLE counters (
  id integer PRIMARY KEY,
  hits integer NOT NULL DEFAULT bump(0),
  CONSTRAINT hits_small CHECK (bump(hits) < 1000)
);
