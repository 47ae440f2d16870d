CREATE TABLE countries (code text PRIMARY KEY, name text);
INSERT INTO countries SELECT 'c' || g, 'country ' || g FROM generate_series(1, 250) g;
CREATE TABLE events (id bigint PRIMARY KEY, country text, payload text);
INSERT INTO events SELECT g, 'c' || (g % 250 + 1), 'x' FROM generate_series(1, 50000) g;
CREATE INDEX events_country ON events (country);
ANALYZE countries;
ANALYZE events;
