CREATE TABLE docs (id integer PRIMARY KEY, body jsonb, code text, tags text[]);
CREATE INDEX docs_body_idx ON docs USING gin (body);
CREATE INDEX docs_code_idx ON docs (code);
CREATE INDEX docs_tags_idx ON docs USING gin (tags);
