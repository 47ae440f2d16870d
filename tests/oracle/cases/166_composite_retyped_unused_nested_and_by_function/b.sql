CREATE SCHEMA calc;
CREATE TYPE calc.pair AS (a bigint, b numeric);
CREATE TYPE calc.segment AS (start calc.pair, finish calc.pair, label text);
CREATE FUNCTION calc.length_of(s calc.segment) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;
