-- A column renamed under a UNION (in its second branch), a LATERAL sub-query, an alias with
-- column names and a CTE: each reference resolves as the server resolved it.
CREATE TABLE shop_items (id integer PRIMARY KEY, name text);
CREATE TABLE stock_items (id integer PRIMARY KEY, name text, shop_id integer);
CREATE VIEW all_names AS
  SELECT name FROM shop_items
  UNION
  SELECT name FROM stock_items;
CREATE VIEW shop_stock AS
  SELECT s.id, latest.label
  FROM shop_items s,
       LATERAL (SELECT st.name AS label FROM stock_items st WHERE st.shop_id = s.id LIMIT 1) latest;
CREATE VIEW renamed_columns AS SELECT x.item_name FROM stock_items AS x(item_id, item_name);
CREATE VIEW named_stock AS
  WITH named AS (SELECT id, name FROM stock_items WHERE name IS NOT NULL)
  SELECT named.id, named.name FROM named;
