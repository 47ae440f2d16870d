CREATE TABLE keep (id integer PRIMARY KEY, legacy_id integer);
