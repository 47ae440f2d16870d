CREATE SCHEMA shop;
CREATE SCHEMA archive;
CREATE TABLE shop.items (id integer PRIMARY KEY, name text NOT NULL, price numeric);
CREATE TABLE archive.items (id integer PRIMARY KEY, name text NOT NULL, archived_at timestamptz);
CREATE INDEX items_name_idx ON shop.items (name);
CREATE INDEX items_name_idx ON archive.items (name);
