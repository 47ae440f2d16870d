-- expect: none
CREATE TABLE import_batch (id bigint PRIMARY KEY, raw text);
ALTER TABLE import_batch SET UNLOGGED;
