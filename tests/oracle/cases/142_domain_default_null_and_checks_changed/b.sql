CREATE DOMAIN email AS text NOT NULL
  CHECK (VALUE ~ '^[^@]+@[^@]+$')
  CONSTRAINT email_length CHECK (length(VALUE) <= 254);
CREATE DOMAIN score AS numeric(5, 2) DEFAULT 0 CONSTRAINT score_range CHECK (VALUE BETWEEN 0 AND 100);
COMMENT ON DOMAIN score IS 'a percentage';
CREATE TABLE people (id integer PRIMARY KEY, address email, result score);
