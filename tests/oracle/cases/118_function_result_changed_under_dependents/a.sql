CREATE FUNCTION score(n integer) RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$ SELECT n * 2 $$;
CREATE TABLE entries (
  id serial PRIMARY KEY,
  points integer NOT NULL DEFAULT score(1),
  owner text NOT NULL,
  CONSTRAINT entries_score_positive CHECK (score(points) >= 0)
);
CREATE INDEX entries_by_score ON entries (score(points));
CREATE INDEX entries_high ON entries (id) WHERE score(points) > 100;
ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY entries_scored ON entries FOR SELECT TO app_user USING (score(points) > 0);
CREATE VIEW entry_scores AS SELECT id, score(points) AS score FROM entries;
CREATE VIEW top_entries AS SELECT id FROM entry_scores WHERE score > 10;
CREATE FUNCTION note_high() RETURNS trigger
  LANGUAGE plpgsql AS $$ BEGIN NEW.owner = upper(NEW.owner); RETURN NEW; END $$;
CREATE TRIGGER entries_high_owner BEFORE INSERT ON entries
  FOR EACH ROW WHEN (score(NEW.points) > 100) EXECUTE FUNCTION note_high();
