CREATE TABLE items (id integer PRIMARY KEY, price bigint NOT NULL);
CREATE VIEW cheap_items AS SELECT id, price FROM items WHERE price < 10;
GRANT SELECT ON cheap_items TO app_user;
