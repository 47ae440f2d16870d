CREATE SCHEMA shop;
CREATE SCHEMA archive;
CREATE TABLE shop.items (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL DEFAULT 0, sku text);
CREATE TABLE archive.items (id integer PRIMARY KEY, name text, archived_at timestamptz NOT NULL DEFAULT now(), shop_item_id integer REFERENCES shop.items);
CREATE INDEX items_name_idx ON shop.items (name, sku);
CREATE INDEX items_name_idx ON archive.items (lower(name));
