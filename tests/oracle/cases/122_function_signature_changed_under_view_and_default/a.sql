CREATE FUNCTION label(n integer) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT 'item-' || n $$;
CREATE TABLE items (
  id serial PRIMARY KEY,
  code text NOT NULL DEFAULT label(0),
  CONSTRAINT items_code_labelled CHECK (code <> label(-1))
);
CREATE VIEW item_labels AS SELECT id, label(id) AS label FROM items;
