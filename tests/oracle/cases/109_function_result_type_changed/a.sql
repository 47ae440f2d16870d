CREATE TABLE counters (name text PRIMARY KEY, n integer NOT NULL DEFAULT 0);
CREATE FUNCTION counter(wanted text) RETURNS integer LANGUAGE sql STABLE
  AS $$ SELECT n FROM counters WHERE name = wanted $$;
CREATE FUNCTION bump(wanted text, by integer) RETURNS void LANGUAGE plpgsql
  AS $$ BEGIN UPDATE counters SET n = n + by WHERE name = wanted; END $$;
