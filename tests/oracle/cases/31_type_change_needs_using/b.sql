CREATE TABLE items (id integer PRIMARY KEY, quantity integer NOT NULL DEFAULT 1, price numeric(10,2), flag boolean);
