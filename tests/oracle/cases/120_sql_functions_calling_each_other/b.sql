-- SQL bodies are checked when created: each callee must exist first, though the order of
-- the names puts the callers first (a_ calls m_ and z_, b_ calls y_), and a function that
-- only calls functions reading a table comes after the table too.
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  amount numeric(12, 2) NOT NULL,
  tax numeric(12, 2) NOT NULL DEFAULT 0
);
CREATE FUNCTION billing.m_total() RETURNS numeric
  LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM billing.invoices $$;
CREATE FUNCTION billing.z_tax_total() RETURNS numeric
  LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(tax), 0) FROM billing.invoices $$;
CREATE FUNCTION billing.a_total_with_tax() RETURNS numeric
  LANGUAGE sql STABLE AS $$ SELECT billing.m_total() + billing.z_tax_total() $$;
CREATE FUNCTION billing.y_twice(x numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$ SELECT x * 2 $$;
CREATE FUNCTION billing.b_double(x numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$ SELECT billing.y_twice(x) $$;
CREATE VIEW billing.summary AS SELECT billing.a_total_with_tax() AS total, billing.b_double(1) AS two;
