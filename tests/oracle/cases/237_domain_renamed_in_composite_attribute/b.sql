CREATE DOMAIN amount_cents AS bigint CHECK (VALUE >= 0) DEFAULT 0;
CREATE TYPE money_pair AS (amount amount_cents, fee amount_cents);
CREATE TABLE payments (id int PRIMARY KEY, pair money_pair, total amount_cents NOT NULL);
