CREATE SCHEMA calc;
CREATE TYPE calc.pair AS (a integer, b integer);
CREATE TYPE calc.segment AS (start calc.pair, finish calc.pair);
CREATE FUNCTION calc.length_of(s calc.segment) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;
