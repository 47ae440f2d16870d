-- The parent goes, its child stays with the columns it inherited (NO INHERIT before the DROP).
CREATE TABLE invoices (
  id integer NOT NULL,
  title text DEFAULT 'untitled' NOT NULL,
  total numeric NOT NULL
);
