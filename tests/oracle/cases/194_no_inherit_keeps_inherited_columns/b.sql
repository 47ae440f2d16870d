-- invoices stops inheriting: the columns and the check it inherited become its own, rows kept.
CREATE TABLE documents (
  id integer NOT NULL,
  title text DEFAULT 'untitled' NOT NULL,
  CONSTRAINT documents_title_length CHECK (length(title) <= 200)
);
CREATE TABLE invoices (
  id integer NOT NULL,
  title text DEFAULT 'untitled' NOT NULL,
  total numeric NOT NULL,
  CONSTRAINT documents_title_length CHECK (length(title) <= 200)
);
