-- public.items is renamed; archive.items, of the same name in another schema, is not, and the
-- references to it (qualified, and through an alias) stay as they are.
CREATE SCHEMA archive;
CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE archive.items (id integer PRIMARY KEY, name text);
CREATE VIEW all_items AS
  SELECT items.id, items.name FROM items
  UNION ALL
  SELECT old.id, old.name FROM archive.items old;
CREATE VIEW archived_names AS SELECT archive.items.name FROM archive.items;
CREATE VIEW item_names AS
  WITH items AS (SELECT name FROM archive.items) SELECT name FROM items;
