CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;
REVOKE EXECUTE ON FUNCTION add_one(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION add_one(integer) TO app_user;
