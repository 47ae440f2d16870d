CREATE TABLE counters (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0);
CREATE FUNCTION bump(c counters) RETURNS integer LANGUAGE sql AS $$ SELECT c.n + 1 $$;
COMMENT ON FUNCTION bump(counters) IS 'The next value';
CREATE FUNCTION check_n() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.n < 0 THEN RAISE EXCEPTION 'negative'; END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION check_n() IS 'Refuses negative counters';
CREATE TRIGGER counters_check BEFORE INSERT OR UPDATE ON counters
  FOR EACH ROW EXECUTE FUNCTION check_n();
COMMENT ON TRIGGER counters_check ON counters IS 'No negative counters';
