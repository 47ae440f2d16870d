CREATE TABLE docs (id integer PRIMARY KEY, body jsonb, code text, tags text[]);
CREATE INDEX docs_body_idx ON docs USING gin (body jsonb_path_ops);
CREATE INDEX docs_code_idx ON docs USING hash (code);
CREATE INDEX docs_tags_idx ON docs USING gin (tags) WITH (fastupdate = off);
CREATE UNIQUE INDEX docs_code_nn_idx ON docs (code) NULLS NOT DISTINCT WITH (fillfactor = 70);
