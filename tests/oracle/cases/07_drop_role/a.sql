CREATE ROLE r07_gone;
CREATE TABLE notes (id integer PRIMARY KEY, body text);
