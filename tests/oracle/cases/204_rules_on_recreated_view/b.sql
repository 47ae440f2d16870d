CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2));
CREATE TABLE orders (id integer PRIMARY KEY, item_id integer NOT NULL);

-- The view changes, so it is dropped and created: its rule comes back after it.
CREATE VIEW item_names AS SELECT id, name, price FROM items;

CREATE RULE item_names_insert AS ON INSERT TO item_names
  DO INSTEAD INSERT INTO items (id, name) VALUES (new.id, new.name);
COMMENT ON RULE item_names_insert ON item_names IS 'adds an item';

CREATE RULE orders_touch AS ON INSERT TO orders
  DO ALSO UPDATE item_names SET name = name WHERE id = new.item_id;
