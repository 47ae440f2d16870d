CREATE TYPE reading AS (at timestamptz, value bigint);
CREATE TABLE log (id int PRIMARY KEY, r reading);
