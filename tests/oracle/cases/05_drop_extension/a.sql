CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE articles (id integer PRIMARY KEY, title text NOT NULL, slug citext);
CREATE INDEX articles_title_trgm ON articles USING gin (title gin_trgm_ops);
