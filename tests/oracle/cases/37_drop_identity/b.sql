CREATE TABLE events (id bigint PRIMARY KEY, seq integer, name text);
