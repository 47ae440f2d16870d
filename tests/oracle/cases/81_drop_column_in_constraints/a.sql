CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE kids (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES parents,
  a integer,
  b integer,
  CONSTRAINT kids_a_b_key UNIQUE (a, b),
  CONSTRAINT kids_a_pos CHECK (a > 0)
);
CREATE INDEX kids_b_idx ON kids (b) WHERE a IS NOT NULL;
