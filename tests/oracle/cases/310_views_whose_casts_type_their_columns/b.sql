-- A cast at the top of a view's select list gives the view's column its type: 'ok'::mood a
-- mood column, 'x'::varchar a varchar one. Below the top it is only a comparison's label.
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE people (
  id integer PRIMARY KEY,
  name varchar(40) NOT NULL,
  feeling mood NOT NULL DEFAULT 'ok'
);
CREATE VIEW default_moods AS
  SELECT id, 'ok'::mood AS expected, 'x'::varchar AS tag, name::text AS label, 'plain' AS note,
         -1 AS minus_one, 1.5 AS half
  FROM people WHERE feeling = 'ok'::mood AND name <> 'nobody';
CREATE VIEW all_moods AS
  SELECT 'ok'::mood AS feeling UNION ALL SELECT 'sad'::mood;
CREATE VIEW nested_mood AS
  SELECT s.feeling, s.tag FROM (SELECT 'sad'::mood AS feeling, 'y'::varchar(5) AS tag) s;
CREATE MATERIALIZED VIEW mood_counts AS
  SELECT feeling, 'counted'::varchar AS kind, count(*) AS total FROM people GROUP BY feeling;
