CREATE TYPE span AS RANGE (SUBTYPE = bigint, MULTIRANGE_TYPE_NAME = spans);
CREATE TYPE words AS RANGE (SUBTYPE = text, COLLATION = "C", SUBTYPE_OPCLASS = text_pattern_ops);
CREATE TYPE heights AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi);
COMMENT ON TYPE heights IS 'in metres';
