CREATE TABLE counters (name text PRIMARY KEY, n integer NOT NULL DEFAULT 0);
CREATE FUNCTION counter(wanted text) RETURNS bigint LANGUAGE sql STABLE
  AS $$ SELECT n::bigint FROM counters WHERE name = wanted $$;
CREATE FUNCTION bump(wanted text, step integer) RETURNS void LANGUAGE plpgsql
  AS $$ BEGIN UPDATE counters SET n = n + step WHERE name = wanted; END $$;
CREATE FUNCTION bump(wanted text) RETURNS void LANGUAGE sql
  AS $$ SELECT bump(wanted, 1) $$;
