CREATE TABLE notes (
  id integer PRIMARY KEY,
  title text COMPRESSION lz4,
  body text,
  rank integer
);
ALTER TABLE notes ALTER COLUMN title SET STORAGE EXTERNAL;
ALTER TABLE notes ALTER COLUMN body SET STATISTICS 300;
