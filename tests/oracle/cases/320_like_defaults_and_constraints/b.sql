-- LIKE copies columns with NOT NULL and collation always; defaults (a serial column's too: the
-- copy calls the source's sequence) and CHECK constraints (their names kept) when asked.
CREATE TABLE orders (
  id serial PRIMARY KEY,
  code varchar(20) COLLATE "C" NOT NULL,
  status text NOT NULL DEFAULT 'new',
  total numeric(10,2) DEFAULT 0 CHECK (total >= 0),
  placed_at timestamptz DEFAULT now(),
  CONSTRAINT orders_code_check CHECK (length(code) > 2)
);
CREATE TABLE archived_orders (LIKE orders INCLUDING DEFAULTS INCLUDING CONSTRAINTS, archived_at timestamptz);
CREATE TABLE order_drafts (note text, LIKE orders);
CREATE TABLE order_imports (LIKE orders INCLUDING CONSTRAINTS, CHECK (status <> ''));
