CREATE TABLE items (id integer PRIMARY KEY, price integer NOT NULL, doubled integer GENERATED ALWAYS AS (price * 2) STORED);
