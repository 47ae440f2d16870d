// tests/functions: functions, procedures and triggers across the commands (a program of its
// own, apart from tests/cli, so that it builds quickly).
// Functions and triggers end to end with the real binary: an updated_at trigger declared in a
// schema file, generated, migrated and firing; push and status then find nothing; a body
// changed in the files is replaced in place, one changed by hand is drift; a trigger moved to
// a renamed function on a table with rows; pull writes them and generate agrees.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTable = R"sql(
CREATE TABLE users (
  id serial PRIMARY KEY,
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
)sql";

constexpr const char* kTrigger = R"sql(
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$;

CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
)sql";

// Sets the row's updated_at in the past, updates its name, and says whether the trigger
// moved updated_at forward.
bool trigger_fires(const std::string& database) {
  auto& cluster = test_cluster();
  cluster.execute(
      "ALTER TABLE users DISABLE TRIGGER USER; "
      "UPDATE users SET updated_at = '2000-01-01'; "
      "ALTER TABLE users ENABLE TRIGGER USER; "
      "UPDATE users SET name = name || '!'",
      database);
  return cluster.execute("select bool_and(updated_at > '2001-01-01') from users", database)
             .value(0, 0) == std::string_view("t");
}

TEST(CliFunctions, UpdatedAtTriggerGeneratedMigratedAndFiring) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("updated_at");
  TemporaryDirectory dir;
  write_schema_project(dir, database, std::string(kTable) + kTrigger);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t function = sql.find("CREATE FUNCTION \"public\".\"set_updated_at\"()");
  std::size_t trigger = sql.find("CREATE TRIGGER \"users_updated_at\" BEFORE UPDATE ON");
  ASSERT_NE(function, std::string::npos) << sql;
  ASSERT_NE(trigger, std::string::npos) << sql;
  EXPECT_LT(function, trigger) << sql;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO users (name) VALUES ('ada'), ('grace')", database);
  EXPECT_TRUE(trigger_fires(database));

  // Nothing to do or report: the catalog's function and trigger equal the declared ones.
  expect_nothing_to_do(dir);

  // A body changed by hand is drift, and putting it back ends it.
  cluster.execute(
      "CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql "
      "AS $$ BEGIN RETURN NEW; END $$",
      database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out, "CREATE OR REPLACE FUNCTION \"public\".\"set_updated_at\"()"))
      << drifted.out;
  EXPECT_FALSE(trigger_fires(database));
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  EXPECT_TRUE(trigger_fires(database));
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // A body changed in the files: replaced in place, the trigger left alone.
  std::string changed = std::string(kTable) + kTrigger;
  changed.replace(changed.find("NEW.updated_at = now();"), 23,
                  "NEW.updated_at = clock_timestamp();");
  dir.write("schema/app.sql", changed);
  auto replaced = run_sleet("generate --name body", dir.path());
  ASSERT_EQ(replaced.exit_code, 0) << replaced.out << replaced.err;
  std::string body = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(contains(body, "CREATE OR REPLACE FUNCTION \"public\".\"set_updated_at\"()")) << body;
  EXPECT_TRUE(contains(body, "clock_timestamp()")) << body;
  EXPECT_FALSE(contains(body, "DROP")) << body;
  EXPECT_FALSE(contains(body, "TRIGGER")) << body;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  EXPECT_TRUE(trigger_fires(database));
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
}

TEST(CliFunctions, TriggerMovedToRenamedFunctionOnTableWithRows) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("trigger_moved");
  TemporaryDirectory dir;
  write_schema_project(dir, database, std::string(kTable) + kTrigger);
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute("INSERT INTO users (name) VALUES ('ada'), ('grace')", database);

  // The function renamed (another signature) and the trigger now on the update of one column.
  std::string renamed = std::string(kTable) + kTrigger;
  for (std::size_t at; (at = renamed.find("set_updated_at")) != std::string::npos;)
    renamed.replace(at, 14, "touch_updated_at");
  renamed.replace(renamed.find("BEFORE UPDATE ON"), 16, "BEFORE UPDATE OF name ON");
  dir.write("schema/app.sql", renamed);
  auto generated = run_sleet("generate --name rename", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(1));
  std::size_t drop_trigger = sql.find("DROP TRIGGER \"users_updated_at\"");
  std::size_t create_function = sql.find("CREATE FUNCTION \"public\".\"touch_updated_at\"()");
  std::size_t create_trigger = sql.find("CREATE TRIGGER \"users_updated_at\"");
  std::size_t drop_function = sql.find("DROP FUNCTION \"public\".\"set_updated_at\"()");
  ASSERT_NE(drop_trigger, std::string::npos) << sql;
  ASSERT_NE(create_function, std::string::npos) << sql;
  ASSERT_NE(create_trigger, std::string::npos) << sql;
  ASSERT_NE(drop_function, std::string::npos) << sql;
  EXPECT_LT(drop_trigger, drop_function) << sql;
  EXPECT_LT(create_function, create_trigger) << sql;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_EQ(cluster.execute("select count(*) from users", database).value(0, 0), "2");
  EXPECT_TRUE(trigger_fires(database));
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
}

// What pull must write: overloads, defaults, RETURNS TABLE and SETOF, attributes, SET,
// procedures, triggers with WHEN, columns, arguments, statement level and constraint triggers.
constexpr const char* kPulled = R"sql(
CREATE SCHEMA billing;
CREATE TYPE billing.state AS ENUM ('open', 'paid');
CREATE TABLE billing.invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  state billing.state NOT NULL DEFAULT 'open',
  amount numeric(12,2) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE billing.audit (at timestamptz NOT NULL DEFAULT now(), what text NOT NULL);
CREATE FUNCTION billing.total(state billing.state DEFAULT 'open') RETURNS numeric
  LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM billing.invoices
                             WHERE invoices.state = total.state $$;
CREATE FUNCTION billing.total(lo numeric, hi numeric DEFAULT 1000) RETURNS SETOF bigint
  LANGUAGE sql STABLE STRICT AS 'SELECT id FROM billing.invoices WHERE amount BETWEEN lo AND hi';
CREATE FUNCTION billing.summary() RETURNS TABLE(state billing.state, n bigint)
  LANGUAGE sql AS $$ SELECT state, count(*) FROM billing.invoices GROUP BY 1 $$;
CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = billing, pg_temp AS $fn$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $fn$;
CREATE FUNCTION billing.log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO billing.audit (what) VALUES (TG_ARGV[0] || ' ' || TG_OP);
  RETURN NULL;
END $$;
CREATE PROCEDURE billing.close_all(IN upto numeric) LANGUAGE plpgsql AS $$
BEGIN
  UPDATE billing.invoices SET state = 'paid' WHERE amount <= upto;
END $$;
CREATE FUNCTION add_one(integer) RETURNS integer IMMUTABLE PARALLEL SAFE
  LANGUAGE sql RETURN $1 + 1;
CREATE TRIGGER touch BEFORE UPDATE OF state, amount ON billing.invoices
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION billing.touch();
CREATE TRIGGER audit_rows AFTER INSERT OR DELETE ON billing.invoices
  FOR EACH STATEMENT EXECUTE FUNCTION billing.log('invoices');
CREATE CONSTRAINT TRIGGER audit_paid AFTER UPDATE ON billing.invoices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.state = 'paid')
  EXECUTE FUNCTION billing.log('paid');
COMMENT ON FUNCTION billing.total(billing.state) IS 'Sum of the invoices in a state';
COMMENT ON PROCEDURE billing.close_all(numeric) IS 'Marks small invoices paid';
COMMENT ON TRIGGER touch ON billing.invoices IS 'Keeps updated_at';
)sql";

TEST(CliFunctions, PullWritesFunctionsAndTriggersAndGenerateAgrees) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_functions");
  cluster.execute(kPulled, database);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"public\", "
                        "\"billing\"]\n",
                        cluster.url(database)));
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string written = read_file(dir.path() / "schema/billing.sql");
  EXPECT_TRUE(contains(written, "CREATE TRIGGER \"touch\"")) << written;
  EXPECT_TRUE(contains(written, "CREATE PROCEDURE \"billing\".\"close_all\"")) << written;
  // Comments on functions, procedures and triggers are pulled with them.
  EXPECT_TRUE(contains(written,
                       "COMMENT ON FUNCTION \"billing\".\"total\"(\"billing\".\"state\") "
                       "IS 'Sum of the invoices in a state'"))
      << written;
  EXPECT_TRUE(contains(written,
                       "COMMENT ON PROCEDURE \"billing\".\"close_all\"(numeric) IS "
                       "'Marks small invoices paid'"))
      << written;
  EXPECT_TRUE(contains(written,
                       "COMMENT ON TRIGGER \"touch\" ON \"billing\".\"invoices\" IS "
                       "'Keeps updated_at'"))
      << written;
  // The SQL-standard body is pulled too: nothing is left out.
  std::string said = pulled.out + pulled.err;
  EXPECT_FALSE(contains(said, "not pulled")) << said;
  EXPECT_TRUE(contains(read_file(dir.path() / "schema/public.sql"), "RETURN $1 + 1"));
  EXPECT_FALSE(contains(said, "billing.touch")) << said;
  EXPECT_FALSE(contains(said, "trigger touch")) << said;

  auto generated = run_sleet("generate", dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  EXPECT_TRUE(contains(generated.out, "No schema changes")) << generated.out << generated.err;
  auto status = run_sleet("status", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;

  // The pulled files build the same functions and triggers in an empty database.
  std::string rebuilt = cluster.fresh_database("pull_functions_rebuilt");
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"public\", "
                        "\"billing\"]\n",
                        cluster.url(rebuilt)));
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO billing.invoices (amount) VALUES (10), (20)", rebuilt);
  EXPECT_EQ(cluster.execute("select count(*) from billing.audit", rebuilt).value(0, 0), "1");
  EXPECT_EQ(cluster.execute("select billing.total()", rebuilt).value(0, 0), "30.00");
  auto comments = cluster.execute(
      "select obj_description('billing.total(billing.state)'::regprocedure), "
      "obj_description('billing.close_all(numeric)'::regprocedure), "
      "(select obj_description(oid, 'pg_trigger') from pg_trigger "
      " where tgname = 'touch')",
      rebuilt);
  EXPECT_EQ(comments.value(0, 0), "Sum of the invoices in a state");
  EXPECT_EQ(comments.value(0, 1), "Marks small invoices paid");
  EXPECT_EQ(comments.value(0, 2), "Keeps updated_at");
}

}  // namespace
}  // namespace sleet::testing
