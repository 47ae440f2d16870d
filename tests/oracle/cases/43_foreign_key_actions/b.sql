CREATE TABLE authors (id integer PRIMARY KEY);
CREATE TABLE books (
  id integer PRIMARY KEY,
  author_id integer REFERENCES authors ON DELETE SET NULL ON UPDATE CASCADE,
  editor_id integer,
  CONSTRAINT books_editor_fk FOREIGN KEY (editor_id) REFERENCES authors (id) DEFERRABLE INITIALLY DEFERRED
);
