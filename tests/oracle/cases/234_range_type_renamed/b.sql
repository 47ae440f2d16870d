CREATE TYPE realrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE readings (id int PRIMARY KEY, span realrange, spans realmultirange);
