-- expect: require-concurrent-index-creation
CREATE INDEX notes_owner_idx ON notes (owner_id);
CREATE TABLE notes_archive (id bigint PRIMARY KEY, owner_id bigint);
