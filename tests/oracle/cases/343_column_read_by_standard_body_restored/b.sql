CREATE TABLE items (id int PRIMARY KEY, price int NOT NULL, note text, weight int);
CREATE FUNCTION item_price(item int) RETURNS int LANGUAGE sql STABLE
  RETURN (SELECT price FROM items WHERE id = item);
CREATE FUNCTION item_note(item int) RETURNS text LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT note FROM items WHERE id = item;
END;
CREATE FUNCTION doubled_price(item int) RETURNS int LANGUAGE sql STABLE
  RETURN item_price(item) * 2;
CREATE VIEW priced AS SELECT id, doubled_price(id) AS doubled FROM items;
