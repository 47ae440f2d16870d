CREATE TABLE documents (id integer PRIMARY KEY, title text NOT NULL, body text, search tsvector);
