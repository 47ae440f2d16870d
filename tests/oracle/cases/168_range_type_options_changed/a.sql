CREATE TYPE span AS RANGE (SUBTYPE = integer);
CREATE TYPE words AS RANGE (SUBTYPE = text);
CREATE TYPE heights AS RANGE (SUBTYPE = double precision);
