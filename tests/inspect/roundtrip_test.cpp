// A database loaded from schema files X inspects as exactly parse(X): with the offline
// normalisation on both sides where it suffices, and always with the server's.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "inspect/roundtrip.h"
#include "support/realworld_files.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

std::vector<SchemaSource> read_sources(const std::vector<fs::path>& files) {
  std::vector<SchemaSource> sources;
  for (const fs::path& file : files) sources.push_back({file.string(), read_file(file)});
  return sources;
}

struct Outcome {
  std::string offline;  // difference with offline normalisation on both sides
  std::string server;   // difference with the parsed side normalised by the server
};

Outcome compare(const std::vector<SchemaSource>& sources) {
  Schema parsed = parse_schema_sources(sources).schema;
  std::string database = load_database(sources);
  db::Connection connection = test_cluster().connect(database);
  InspectOptions options;
  options.schema_filter = schemas_of(parsed);
  for (const auto& [name, role] : parsed.roles) options.roles.push_back(name);
  Schema inspected = inspect_database(connection, options);

  Schema offline = parsed;
  normalize::normalize_schema(offline);
  // The database holds the declared objects already: the server normalisation must move them
  // aside inside its rolled-back transaction.
  Schema by_server = normalize_with_server(connection, parsed);
  normalize::normalize_schema(by_server);
  EXPECT_EQ(inspect_database(connection, options), inspected) << "the database was changed";
  return Outcome{model_difference(offline, inspected), model_difference(by_server, inspected)};
}

TEST(InspectRoundTrip, BasicExample) {
  fs::path dir = source_dir() / "examples/basic/schema";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  Outcome outcome = compare(read_sources(files));
  EXPECT_EQ(outcome.offline, "");
  EXPECT_EQ(outcome.server, "");
}

}  // namespace
}  // namespace sleet::testing

namespace sleet::testing {
namespace {

// Every feature of the model, written the way people write it.
constexpr const char* kRichSchema = R"sql(
CREATE ROLE inspect_reader NOINHERIT;
CREATE SCHEMA app;
CREATE SCHEMA "Billing";
COMMENT ON SCHEMA app IS 'application tables';
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE app.mood IS 'how it feels';
CREATE TYPE "Billing"."Currency" AS ENUM ('EUR', 'USD');
CREATE SEQUENCE app.ticket_seq AS integer INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000
  START WITH 20 CACHE 3 CYCLE;
COMMENT ON SEQUENCE app.ticket_seq IS 'tickets';
CREATE SEQUENCE app.counter_seq;

CREATE TABLE app.accounts (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 2) PRIMARY KEY,
  code text COLLATE "C" NOT NULL,
  name varchar(80) NOT NULL DEFAULT 'unnamed',
  mood app.mood DEFAULT 'ok',
  moods app.mood[] DEFAULT '{}',
  score numeric(8, 2) DEFAULT 0,
  ratio double precision DEFAULT -1,
  tags text[] NOT NULL DEFAULT '{}',
  flags boolean[][],
  upper_name text GENERATED ALWAYS AS (upper(name)) STORED,
  level int CHECK (level BETWEEN 1 AND 10),
  status varchar(10) CHECK (status IN ('new', 'active', 'closed')),
  kind text CONSTRAINT accounts_kind_check CHECK (kind IN ('a', 'b')) NO INHERIT,
  ticket int DEFAULT nextval('app.ticket_seq'),
  settings jsonb NOT NULL DEFAULT '{"b":1,"a":[true,null]}',
  price numeric(12, 2) DEFAULT '0.00',
  quantity integer DEFAULT '5',
  big_count bigint DEFAULT '7',
  zero numeric DEFAULT '0',
  below integer DEFAULT '-3',
  active boolean DEFAULT 't',
  archived boolean NOT NULL DEFAULT 'false',
  CONSTRAINT accounts_code_key UNIQUE NULLS NOT DISTINCT (code),
  CONSTRAINT accounts_name_len CHECK (char_length(name) > 0 AND level > 0)
);
COMMENT ON TABLE app.accounts IS 'accounts';
COMMENT ON COLUMN app.accounts.code IS 'external code';
COMMENT ON CONSTRAINT accounts_pkey ON app.accounts IS 'the key';
COMMENT ON CONSTRAINT accounts_name_len ON app.accounts IS 'names are not empty';
ALTER SEQUENCE app.counter_seq OWNED BY app.accounts.ticket;

CREATE TABLE app.members (
  account_id bigint NOT NULL,
  account_code text NOT NULL,
  seq serial,
  big bigserial,
  "Order" int,
  "select" text,
  "MixedCase" text,
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, seq),
  CONSTRAINT members_account_fk FOREIGN KEY (account_id) REFERENCES app.accounts (id)
    MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT members_unique UNIQUE (account_code, "Order") DEFERRABLE
);
COMMENT ON COLUMN app.members."MixedCase" IS 'quoted';

CREATE TABLE app.pairs (
  a bigint NOT NULL,
  b int NOT NULL,
  note text,
  UNIQUE (a, b)
);
CREATE TABLE app.pair_refs (
  a bigint,
  b int,
  FOREIGN KEY (a, b) REFERENCES app.pairs (a, b) MATCH FULL
);

CREATE TABLE "Billing"."Invoices" (
  "Id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "Amount" numeric(12, 2) NOT NULL CHECK ("Amount" >= 0),
  currency "Billing"."Currency" NOT NULL DEFAULT 'EUR',
  account_id bigint REFERENCES app.accounts (id) ON DELETE SET NULL,
  issued_on date NOT NULL DEFAULT CURRENT_DATE,
  deleted_at timestamptz
);
ALTER TABLE "Billing"."Invoices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Billing"."Invoices" FORCE ROW LEVEL SECURITY;

-- The same table name in two schemas.
CREATE TABLE app.events (id int PRIMARY KEY, payload jsonb);
CREATE TABLE events (id int PRIMARY KEY, at timestamp(3) NOT NULL DEFAULT now());

CREATE INDEX accounts_name_lower_idx ON app.accounts (lower(name) text_pattern_ops DESC NULLS LAST);
CREATE INDEX accounts_code_idx ON app.accounts (code COLLATE "POSIX" NULLS FIRST) INCLUDE (name)
  WITH (fillfactor = 70) WHERE level > 2;
CREATE UNIQUE INDEX accounts_status_idx ON app.accounts (status) NULLS NOT DISTINCT;
CREATE INDEX accounts_tags_idx ON app.accounts USING gin (tags);
CREATE INDEX invoices_open_idx ON "Billing"."Invoices" (issued_on DESC) WHERE deleted_at IS NULL;
COMMENT ON INDEX app.accounts_code_idx IS 'lookups';

CREATE POLICY invoices_read ON "Billing"."Invoices" AS RESTRICTIVE FOR SELECT
  TO inspect_reader, PUBLIC
  USING (currency = 'EUR' AND "Amount" > 0);
CREATE POLICY invoices_write ON "Billing"."Invoices" FOR INSERT WITH CHECK (deleted_at IS NULL);
CREATE POLICY invoices_all ON "Billing"."Invoices" USING (true);
COMMENT ON POLICY invoices_read ON "Billing"."Invoices" IS 'readers';

CREATE VIEW app.active_accounts WITH (security_barrier) AS
  SELECT id, name, mood FROM app.accounts WHERE status = 'active' AND mood = 'happy';
CREATE VIEW app.checked_accounts AS
  SELECT id, level FROM app.accounts WHERE level > 1 WITH LOCAL CHECK OPTION;
COMMENT ON VIEW app.active_accounts IS 'active';
CREATE MATERIALIZED VIEW app.account_totals WITH (fillfactor = 80) AS
  SELECT mood, count(*)::int AS total, lower(name) FROM app.accounts GROUP BY mood, lower(name)
  WITH NO DATA;
COMMENT ON MATERIALIZED VIEW app.account_totals IS 'totals';
)sql";

// Triggers without WHEN or arguments are built from pg_trigger's columns, the others read back
// from pg_get_triggerdef: both must give what the files declare.
TEST(InspectRoundTrip, TriggersFromTheCatalogsColumnsAsDeclared) {
  Outcome outcome = compare({{"triggers.sql", R"sql(
CREATE SCHEMA audit;
CREATE TABLE "Orders" (id int PRIMARY KEY, "Total" numeric, note text, at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION audit.log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER t_update_of BEFORE UPDATE OF "Total", note ON "Orders"
  FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER t_statement AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Orders"
  FOR EACH STATEMENT EXECUTE FUNCTION audit.log();
CREATE TRIGGER t_transition AFTER UPDATE ON "Orders" REFERENCING OLD TABLE AS before_rows
  NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.log();
CREATE CONSTRAINT TRIGGER t_constraint AFTER INSERT ON "Orders" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit.log();
CREATE TRIGGER t_catalog BEFORE UPDATE ON "Orders"
  FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
CREATE TABLE documents (id int PRIMARY KEY, body text, search tsvector);
CREATE TRIGGER documents_search BEFORE INSERT OR UPDATE ON documents
  FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search, 'pg_catalog.english', body);
CREATE TRIGGER t_when BEFORE UPDATE ON "Orders"
  FOR EACH ROW WHEN (OLD.note IS DISTINCT FROM NEW.note) EXECUTE FUNCTION touch();
CREATE TRIGGER t_arguments AFTER DELETE ON "Orders"
  FOR EACH ROW EXECUTE FUNCTION audit.log('orders', 'it''s');
COMMENT ON TRIGGER t_statement ON "Orders" IS 'every statement';
CREATE TRIGGER documents_when BEFORE UPDATE OF body ON documents
  FOR EACH ROW WHEN (NEW.body <> ') EXECUTE FUNCTION x()' AND OLD.body IS NOT NULL)
  EXECUTE FUNCTION audit.log();
CREATE TRIGGER documents_statement_when AFTER TRUNCATE ON documents
  FOR EACH STATEMENT WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION audit.log();
CREATE TRIGGER documents_when_arguments AFTER INSERT ON documents
  FOR EACH ROW WHEN (NEW.id > 0) EXECUTE FUNCTION audit.log('a', '');
CREATE TRIGGER documents_arguments AFTER UPDATE ON documents
  FOR EACH ROW EXECUTE FUNCTION audit.log('', 'back\slash', 'quote''s', 'ünïcode', '42');
COMMENT ON TRIGGER documents_when ON documents IS 'a condition cut out of the definition';
)sql"}});
  EXPECT_EQ(outcome.offline, "");
  EXPECT_EQ(outcome.server, "");
}

// Functions and procedures with a string body and no SET are built from pg_proc's columns,
// the others read back from pg_get_functiondef: both must give what the files declare.
TEST(InspectRoundTrip, FunctionsFromTheCatalogsColumnsAsDeclared) {
  Outcome outcome = compare({{"functions.sql", R"sql(
CREATE SCHEMA shop;
CREATE TYPE shop.mood AS ENUM ('ok', 'sad');
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TYPE pair AS (a integer, b text);
CREATE TABLE shop.items (id int PRIMARY KEY, name varchar(40), tags text[]);
CREATE FUNCTION plain() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION weigh(a integer, b numeric DEFAULT 1.5, c text DEFAULT 'x'::text,
  d timestamptz DEFAULT now()) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT
  PARALLEL SAFE AS 'SELECT a * b';
CREATE FUNCTION shop.spread(VARIADIC parts integer[]) RETURNS SETOF integer LANGUAGE sql
  STABLE ROWS 20 COST 7 AS $$ SELECT unnest(parts) $$;
CREATE FUNCTION shop.split(IN x int, OUT lo int, INOUT hi int, OUT "Mixed Case" shop.mood)
  LANGUAGE plpgsql SECURITY DEFINER LEAKPROOF AS $$ BEGIN lo := x; END $$;
CREATE FUNCTION shop.listing(min_id int DEFAULT 0)
  RETURNS TABLE (id int, name character varying, tags text[]) LANGUAGE sql PARALLEL RESTRICTED
  AS $$ SELECT id, name, tags FROM shop.items WHERE id >= min_id $$;
CREATE FUNCTION shop.one_column() RETURNS TABLE (n bigint) LANGUAGE sql
  AS $$ SELECT count(*) FROM shop.items $$;
CREATE FUNCTION kinds(p positive, q pair, r shop.items, s shop.mood[], t "char", u bpchar,
  v character(3), w bit varying, x time with time zone, y interval, z jsonb)
  RETURNS pair LANGUAGE sql AS $$ SELECT ROW(1, 'a')::pair $$;
CREATE FUNCTION overloaded(integer) RETURNS integer LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION overloaded(text, integer DEFAULT 2) RETURNS text LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION with_set() RETURNS integer LANGUAGE sql SET search_path = shop, public
  AS $$ SELECT 1 $$;
CREATE FUNCTION standard(a integer) RETURNS integer LANGUAGE sql RETURN a + 1;
CREATE PROCEDURE shop.archive(keep integer, INOUT moved integer DEFAULT NULL)
  LANGUAGE plpgsql AS $$ BEGIN moved := keep; END $$;
CREATE PROCEDURE bare() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION "Quoted Name"("Arg" int) RETURNS int LANGUAGE sql AS $$ SELECT "Arg" $$;
CREATE FUNCTION dollars() RETURNS text LANGUAGE plpgsql AS $body$
BEGIN RETURN $$it's $function$ here$$; END $body$;
COMMENT ON FUNCTION weigh IS 'defaults';
COMMENT ON PROCEDURE shop.archive IS 'a procedure';
)sql"}});
  EXPECT_EQ(outcome.offline, "");
  EXPECT_EQ(outcome.server, "");
}

TEST(InspectRoundTrip, EveryModelFeature) {
  Outcome outcome = compare({SchemaSource{"rich.sql", kRichSchema}});
  EXPECT_EQ(outcome.offline, "");
  EXPECT_EQ(outcome.server, "");
}

// Spellings only the server can normalise: the rules offline cannot know what the catalog
// stores for them. The server normalisation must still make both sides equal.
constexpr const char* kServerOnlySchema = R"sql(
CREATE TABLE things (
  id int PRIMARY KEY,
  starts timestamptz DEFAULT '2020-01-01',
  name text,
  other_id int
);
CREATE INDEX things_name_idx ON things (lower(name) text_ops);
CREATE VIEW everything AS SELECT * FROM things;
CREATE VIEW joined AS SELECT a.id, b.name FROM things a JOIN things b ON b.id = a.other_id;
CREATE VIEW renamed (thing_id) AS SELECT id FROM things;
)sql";

TEST(InspectRoundTrip, ServerNormalisationCoversWhatOfflineCannot) {
  Outcome outcome = compare({SchemaSource{"server_only.sql", kServerOnlySchema}});
  // Each of these spellings differs offline: the literal timestamp, the default operator
  // class of an expression (whose type only the server knows), SELECT *. The join, written
  // with qualified columns, matches without the server.
  EXPECT_EQ(outcome.offline.find("view public.joined"), std::string::npos) << outcome.offline;
  for (const char* differing : {"starts", "things_name_idx", "view public.everything"})
    EXPECT_NE(outcome.offline.find(differing), std::string::npos) << outcome.offline;
  EXPECT_EQ(outcome.server, "");
}

class RealWorld : public ::testing::TestWithParam<const char*> {};

TEST_P(RealWorld, InspectsAsParsed) {
  Outcome outcome = compare(read_sources({realworld_file(GetParam())}));
  EXPECT_EQ(outcome.server, "");
  // Recorded, not required: which real-world spellings need the server.
  if (!outcome.offline.empty()) std::cout << "offline differences:\n" << outcome.offline;
}

INSTANTIATE_TEST_SUITE_P(Files, RealWorld,
                         ::testing::Values("ejabberd-pg.sql", "ejabberd-pg.new.sql",
                                           "mediawiki-tables-generated.sql",
                                           "gammu-smsd-pgsql.schema.sql",
                                           "icinga2-ido-pgsql.schema.sql", "davical.schema.sql",
                                           "ulogd2-pgsql-flat.schema.sql",
                                           "graphile-worker-000001.schema.sql"));

}  // namespace
}  // namespace sleet::testing
