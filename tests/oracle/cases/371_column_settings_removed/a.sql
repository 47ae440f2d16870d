CREATE TABLE documents (
  id integer PRIMARY KEY,
  slug text NOT NULL,
  body text COMPRESSION lz4,
  attachment bytea,
  score numeric,
  tags text[],
  added text COMPRESSION pglz
);
ALTER TABLE ONLY documents ALTER COLUMN id SET STATISTICS 1000;
ALTER TABLE ONLY documents ALTER COLUMN slug SET STATISTICS 0;
ALTER TABLE ONLY documents ALTER COLUMN attachment SET STORAGE EXTERNAL;
ALTER TABLE ONLY documents ALTER COLUMN score SET STORAGE EXTENDED;
ALTER TABLE ONLY documents ALTER COLUMN tags SET STORAGE MAIN;
ALTER TABLE ONLY documents ALTER COLUMN score SET (n_distinct = -0.25, n_distinct_inherited = 40);
ALTER TABLE ONLY documents ALTER COLUMN added SET STATISTICS 250;
-- the type's own mode: no setting
ALTER TABLE ONLY documents ALTER COLUMN body SET STORAGE EXTENDED;
