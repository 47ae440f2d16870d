CREATE TABLE t (
  id integer PRIMARY KEY,
  a timestamptz DEFAULT (now() + interval '1 hour'),
  b text DEFAULT ('x' || 'y'),
  c numeric DEFAULT -1.5,
  d date DEFAULT CURRENT_DATE,
  e uuid,
  f interval DEFAULT '2 days'::interval
);
