CREATE TABLE accounts (id integer PRIMARY KEY);

-- The body changes: CREATE OR REPLACE, the event triggers stay.
CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'schema change: %', tg_tag;
END
$$;

CREATE FUNCTION note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'dropped by %', tg_tag;
END
$$;

-- Other tags: dropped and created; disabled, its comment changed.
CREATE EVENT TRIGGER note_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'DROP TABLE', 'CREATE INDEX')
  EXECUTE FUNCTION note_ddl();
ALTER EVENT TRIGGER note_ddl DISABLE;
COMMENT ON EVENT TRIGGER note_ddl IS 'schema changes were noted';

-- Enabled again; another comment.
CREATE EVENT TRIGGER note_drop ON sql_drop EXECUTE PROCEDURE note_drop();
COMMENT ON EVENT TRIGGER note_drop IS 'drops are noted';

-- Another event and function.
CREATE EVENT TRIGGER note_rewrite ON ddl_command_start EXECUTE FUNCTION note_ddl();
ALTER EVENT TRIGGER note_rewrite ENABLE REPLICA;
