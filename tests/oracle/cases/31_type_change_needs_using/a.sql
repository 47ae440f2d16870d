CREATE TABLE items (id integer PRIMARY KEY, quantity text NOT NULL DEFAULT '1', price text, flag integer);
