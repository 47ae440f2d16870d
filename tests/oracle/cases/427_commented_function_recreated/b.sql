CREATE TABLE counters (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0);
-- The result type changes: dropped and created again, its comment written again.
CREATE FUNCTION bump(c counters) RETURNS bigint LANGUAGE sql AS $$ SELECT c.n::bigint + 1 $$;
COMMENT ON FUNCTION bump(counters) IS 'The next value';
-- Replaced in place (CREATE OR REPLACE): the server keeps the comment.
CREATE FUNCTION check_n() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF NEW.n < 0 THEN RAISE EXCEPTION 'negative counter %', NEW.id; END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION check_n() IS 'Refuses negative counters';
-- The trigger's events change: dropped and created again, its comment written again.
CREATE TRIGGER counters_check BEFORE INSERT OR UPDATE OF n ON counters
  FOR EACH ROW EXECUTE FUNCTION check_n();
COMMENT ON TRIGGER counters_check ON counters IS 'No negative counters';
