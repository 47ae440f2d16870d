-- Every aggregate of 418 dropped with the view reading them, before their support functions.
CREATE SCHEMA stats;
CREATE FUNCTION stats.keep_first(anyelement, anyelement) RETURNS anyelement
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1 $$;
CREATE FUNCTION stats.keep_last(anyelement, anyelement) RETURNS anyelement
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $2 $$;
CREATE AGGREGATE stats.first(anyelement) (SFUNC = stats.keep_first, STYPE = anyelement, PARALLEL = SAFE);
CREATE AGGREGATE stats.last(anyelement) (SFUNC = stats.keep_last, STYPE = anyelement, PARALLEL = SAFE);
CREATE AGGREGATE stats.collect(anycompatible) (
  SFUNC = array_append, STYPE = anycompatiblearray, INITCOND = '{}'
);
CREATE FUNCTION count_one(bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + 1 $$;
CREATE AGGREGATE row_count (BASETYPE = ANY, SFUNC = count_one, STYPE = int8, INITCOND = 0);
CREATE FUNCTION stats.mean_final(state numeric[], value numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN state[1] = 0 THEN NULL ELSE state[2] / state[1] END $$;
CREATE FUNCTION stats.mean_add(state numeric[], value numeric) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ARRAY[state[1] + 1, state[2] + value] $$;
CREATE FUNCTION stats.mean_remove(state numeric[], value numeric) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ARRAY[state[1] - 1, state[2] - value] $$;
CREATE FUNCTION stats.mean_combine(a numeric[], b numeric[]) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ARRAY[a[1] + b[1], a[2] + b[2]] $$;
CREATE AGGREGATE stats.mean(value numeric) (
  SFUNC = stats.mean_add,
  STYPE = numeric[],
  SSPACE = 64,
  FINALFUNC = stats.mean_final,
  FINALFUNC_EXTRA,
  FINALFUNC_MODIFY = SHAREABLE,
  COMBINEFUNC = stats.mean_combine,
  INITCOND = '{0,0}',
  MSFUNC = stats.mean_add,
  MINVFUNC = stats.mean_remove,
  MSTYPE = numeric[],
  MFINALFUNC = stats.mean_final,
  MFINALFUNC_EXTRA,
  MINITCOND = '{0,0}',
  PARALLEL = RESTRICTED
);
CREATE TABLE readings (id integer PRIMARY KEY, value numeric NOT NULL, taken date NOT NULL);
CREATE VIEW reading_summary AS
  SELECT stats.first(value ORDER BY taken) AS first_value, stats.last(value ORDER BY taken) AS last_value,
         stats.mean(value) AS mean_value, stats.collect(id) AS ids, row_count(*) AS readings
  FROM readings;
