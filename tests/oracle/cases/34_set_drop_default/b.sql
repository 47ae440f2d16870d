CREATE TABLE t (id integer PRIMARY KEY, a integer DEFAULT 2, b text DEFAULT 'x', c timestamptz, d boolean DEFAULT false);
