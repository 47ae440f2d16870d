CREATE SCHEMA shop;
CREATE TYPE shop.status AS ENUM ('new', 'shipped');
CREATE TABLE shop.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  status shop.status NOT NULL DEFAULT 'new',
  total numeric(10,2) NOT NULL
);
CREATE TABLE shop.events (at timestamptz NOT NULL DEFAULT now(), what text NOT NULL);
CREATE FUNCTION shop.count_orders(wanted shop.status DEFAULT 'new') RETURNS bigint
  LANGUAGE sql STABLE AS $$ SELECT count(*) FROM shop.orders WHERE status = wanted $$;
CREATE FUNCTION shop.in_range(lo numeric, hi numeric DEFAULT 100) RETURNS SETOF shop.orders
  LANGUAGE sql STABLE STRICT ROWS 50 AS 'SELECT * FROM shop.orders WHERE total BETWEEN lo AND hi';
CREATE FUNCTION shop.stats(OUT orders bigint, OUT revenue numeric) LANGUAGE sql
  AS $$ SELECT count(*), coalesce(sum(total), 0) FROM shop.orders $$;
CREATE FUNCTION shop.by_status() RETURNS TABLE(status shop.status, n bigint) LANGUAGE sql
  AS $$ SELECT status, count(*) FROM shop.orders GROUP BY 1 $$;
CREATE FUNCTION shop.total_of(VARIADIC ids bigint[]) RETURNS numeric LANGUAGE sql
  AS $$ SELECT sum(total) FROM shop.orders WHERE id = ANY (ids) $$;
CREATE FUNCTION shop.twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE LEAKPROOF
  PARALLEL SAFE AS 'SELECT x * 2';
CREATE FUNCTION shop.twice(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE FUNCTION shop.log() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = shop, pg_temp SET work_mem = '8MB' AS $body$
BEGIN
  INSERT INTO events (what) VALUES (TG_ARGV[0] || ':' || TG_OP);
  RETURN NULL;
END
$body$;
CREATE PROCEDURE shop.ship(IN upto numeric, INOUT shipped bigint DEFAULT 0) LANGUAGE plpgsql AS $$
BEGIN
  UPDATE shop.orders SET status = 'shipped' WHERE total <= upto;
  GET DIAGNOSTICS shipped = ROW_COUNT;
END
$$;
CREATE TRIGGER log_rows AFTER INSERT OR UPDATE OR DELETE ON shop.orders
  FOR EACH ROW EXECUTE FUNCTION shop.log('row', 'extra');
CREATE TRIGGER log_truncate AFTER TRUNCATE ON shop.orders
  FOR EACH STATEMENT EXECUTE FUNCTION shop.log('statement');
CREATE TRIGGER log_new AFTER INSERT ON shop.orders REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION shop.log('batch');
CREATE CONSTRAINT TRIGGER log_shipped AFTER UPDATE ON shop.orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'shipped')
  EXECUTE FUNCTION shop.log('shipped');
