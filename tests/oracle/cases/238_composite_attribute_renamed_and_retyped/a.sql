CREATE TYPE reading AS (at timestamptz, val int);
CREATE TABLE log (id int PRIMARY KEY, r reading);
