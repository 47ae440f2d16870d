-- The copy holds what the files give its source, ALTER TABLE, CREATE INDEX and COMMENT
-- statements included; a LIKE of a LIKE table; statements about a copy apply to the copy. (The
-- files are read as a whole: sleet makes a copy after every statement about its source wherever
-- it stands; psql runs them in file order, so this file puts them first.)
CREATE SCHEMA shop;
SET search_path = shop;
CREATE TABLE items (id integer, name text);
ALTER TABLE items ADD COLUMN sku text NOT NULL DEFAULT 'none';
ALTER TABLE items ALTER COLUMN name SET NOT NULL;
ALTER TABLE items ALTER COLUMN name SET DEFAULT 'unnamed';
ALTER TABLE items ADD PRIMARY KEY (id);
ALTER TABLE items ADD CONSTRAINT items_sku_check CHECK (sku <> '');
CREATE INDEX ON items (sku);
COMMENT ON COLUMN items.sku IS 'stock keeping unit';
CREATE TABLE item_copies (LIKE items INCLUDING ALL);
ALTER TABLE item_copies ADD COLUMN source text;
CREATE INDEX ON item_copies (name);
COMMENT ON TABLE item_copies IS 'a copy';
COMMENT ON COLUMN item_copies.source IS 'where it came from';
CREATE TABLE item_copies_of_copies (LIKE item_copies INCLUDING ALL, copied_at date);
RESET search_path;
CREATE TABLE public.item_refs (item integer REFERENCES shop.item_copies (id));
