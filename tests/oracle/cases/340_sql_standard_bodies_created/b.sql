-- SQL-standard bodies: the server checks them when they are created, so each comes after the
-- table and the functions it reads, whatever their names (a_paid_total after z_is_paid).
CREATE TABLE orders (id int PRIMARY KEY, amount numeric NOT NULL, state text NOT NULL);
CREATE FUNCTION z_is_paid(s text) RETURNS boolean LANGUAGE sql IMMUTABLE
  RETURN s = 'paid';
CREATE FUNCTION a_paid_total() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT coalesce(sum(amount), 0) FROM orders WHERE z_is_paid(state);
END;
CREATE FUNCTION add_one(integer) RETURNS integer IMMUTABLE PARALLEL SAFE RETURN $1 + 1;
CREATE PROCEDURE pay(order_id int)
BEGIN ATOMIC
  UPDATE orders SET state = 'paid' WHERE id = order_id;
  INSERT INTO orders (id, amount, state) SELECT order_id + 1000, 0, 'fee' WHERE order_id < 0;
END;
CREATE FUNCTION nothing() RETURNS void LANGUAGE sql BEGIN ATOMIC END;
CREATE VIEW paid AS SELECT id, amount FROM orders WHERE z_is_paid(state);
