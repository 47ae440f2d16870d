CREATE TABLE accounts (id integer NOT NULL, email text, region text);
CREATE TABLE orders (id integer PRIMARY KEY, account_id integer, amount numeric, note text);
CREATE INDEX orders_note_idx ON orders (note);
