CREATE TABLE items (
  id integer PRIMARY KEY,
  name text NOT NULL,
  archived boolean NOT NULL DEFAULT false
);

CREATE TABLE frozen (id integer PRIMARY KEY, note text);

CREATE VIEW active_items AS SELECT id, name FROM items WHERE NOT archived;
