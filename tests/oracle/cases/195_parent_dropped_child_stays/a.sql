CREATE TABLE documents (
  id integer NOT NULL,
  title text DEFAULT 'untitled' NOT NULL,
  CONSTRAINT documents_title_length CHECK (length(title) <= 200)
);
CREATE TABLE invoices (
  total numeric NOT NULL
) INHERITS (documents);
