CREATE TABLE t (id integer PRIMARY KEY, amount_cents bigint DEFAULT 0);
