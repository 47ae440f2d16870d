CREATE SCHEMA archive;
CREATE TABLE products (id integer PRIMARY KEY, name text);
CREATE TABLE archive.items (id integer PRIMARY KEY, name text);
CREATE VIEW all_items AS
  SELECT products.id, products.name FROM products
  UNION ALL
  SELECT old.id, old.name FROM archive.items old;
CREATE VIEW archived_names AS SELECT archive.items.name FROM archive.items;
CREATE VIEW item_names AS
  WITH items AS (SELECT name FROM archive.items) SELECT name FROM items;
