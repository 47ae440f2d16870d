CREATE DOMAIN email AS text DEFAULT 'nobody@example.com' CHECK (VALUE ~ '@');
CREATE DOMAIN score AS numeric(5, 2) CONSTRAINT score_range CHECK (VALUE >= 0);
CREATE TABLE people (id integer PRIMARY KEY, address email, result score);
