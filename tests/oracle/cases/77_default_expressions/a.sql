CREATE TABLE t (
  id integer PRIMARY KEY,
  a timestamptz DEFAULT now(),
  b text DEFAULT 'x',
  c numeric DEFAULT 0,
  d date DEFAULT CURRENT_DATE,
  e uuid DEFAULT gen_random_uuid(),
  f interval DEFAULT '1 day'
);
