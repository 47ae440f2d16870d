CREATE TABLE items (
  id integer PRIMARY KEY,
  name text NOT NULL,
  archived boolean NOT NULL DEFAULT false
);

CREATE TABLE frozen (id integer PRIMARY KEY, note text);

-- Created by the same migration as the rules that write into it.
CREATE TABLE item_log (item_id integer NOT NULL, action text NOT NULL);

CREATE VIEW active_items AS SELECT id, name FROM items WHERE NOT archived;

CREATE RULE frozen_no_insert AS ON INSERT TO frozen DO INSTEAD NOTHING;
COMMENT ON RULE frozen_no_insert ON frozen IS 'frozen rows are loaded by hand';

CREATE RULE items_log_delete AS ON DELETE TO items
  DO ALSO INSERT INTO item_log (item_id, action) VALUES (old.id, 'delete');

-- An updatable view through rules.
CREATE RULE active_items_insert AS ON INSERT TO active_items
  DO INSTEAD INSERT INTO items (id, name) VALUES (new.id, new.name);
CREATE RULE active_items_update AS ON UPDATE TO active_items
  DO INSTEAD UPDATE items SET name = new.name WHERE id = old.id;
CREATE RULE active_items_delete AS ON DELETE TO active_items DO INSTEAD (
  UPDATE items SET archived = true WHERE id = old.id;
  INSERT INTO item_log (item_id, action) VALUES (old.id, 'archive')
);
