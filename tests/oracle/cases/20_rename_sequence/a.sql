CREATE SEQUENCE order_numbers START 500;
CREATE TABLE orders (id integer PRIMARY KEY, number bigint NOT NULL DEFAULT nextval('order_numbers'));
