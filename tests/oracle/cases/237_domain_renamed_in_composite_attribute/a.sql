CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0) DEFAULT 0;
CREATE TYPE money_pair AS (amount cents, fee cents);
CREATE TABLE payments (id int PRIMARY KEY, pair money_pair, total cents NOT NULL);
