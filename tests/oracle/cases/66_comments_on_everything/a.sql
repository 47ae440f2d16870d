CREATE SCHEMA app;
CREATE TYPE app.kind AS ENUM ('a', 'b');
CREATE SEQUENCE app.numbers;
CREATE TABLE app.things (id integer PRIMARY KEY, kind app.kind, label text, CONSTRAINT things_label_check CHECK (label <> ''));
CREATE INDEX things_label_idx ON app.things (label);
CREATE VIEW app.thing_labels AS SELECT label FROM app.things;
CREATE MATERIALIZED VIEW app.thing_kinds AS SELECT DISTINCT kind FROM app.things;
ALTER TABLE app.things ENABLE ROW LEVEL SECURITY;
CREATE POLICY things_read ON app.things FOR SELECT USING (true);
