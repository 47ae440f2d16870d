-- retyped columns: the server resets storage and compression to the new type's, so the plan
-- sets the ones the target keeps again; the statistics target stays
CREATE TABLE notes (
  id integer PRIMARY KEY,
  title varchar(200) COMPRESSION lz4,
  body varchar(5000),
  rank bigint
);
ALTER TABLE notes ALTER COLUMN title SET STORAGE EXTERNAL;
ALTER TABLE notes ALTER COLUMN body SET STATISTICS 300;
ALTER TABLE notes ALTER COLUMN rank SET STATISTICS 50;
