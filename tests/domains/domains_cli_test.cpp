// tests/domains: domains across the commands with the real binary (a program of its own, apart
// from tests/cli, so that it builds quickly). A domain-typed column with rows generated,
// migrated, pushed and checked for drift; a changed domain constraint migrated in place; a
// base type change of a used domain refused; pull writes domains back and generate agrees.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE DOMAIN email AS text CHECK (VALUE ~ '@');
CREATE DOMAIN quantity AS integer DEFAULT 1 NOT NULL CONSTRAINT quantity_positive CHECK (VALUE > 0);
CREATE TABLE orders (
  id serial PRIMARY KEY,
  address email NOT NULL,
  amount quantity
);
)sql";

// Whether the server accepts the row (the domain's checks allow it).
bool accepts(const std::string& database, const std::string& address) {
  try {
    test_cluster().execute(fmt::format("INSERT INTO orders (address) VALUES ('{}')", address),
                           database);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

TEST(CliDomains, DomainColumnsMigratedPushedAndTheirCheckChanged) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("domains");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t domain = sql.find("CREATE DOMAIN \"public\".\"email\" AS text");
  std::size_t table = sql.find("CREATE TABLE \"public\".\"orders\"");
  ASSERT_NE(domain, std::string::npos) << sql;
  ASSERT_NE(table, std::string::npos) << sql;
  EXPECT_LT(domain, table) << sql;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO orders (address) VALUES ('a@example.com'), ('b@c@example.com')",
                  database);
  // The domain's default and checks hold in the table.
  EXPECT_EQ(cluster.execute("select sum(amount) from orders", database).value(0, 0), "2");
  EXPECT_FALSE(accepts(database, "no-at-sign"));

  // Nothing to do or report: the catalog's domains equal the declared ones.
  expect_nothing_to_do(dir);

  // A check dropped by hand is drift; push puts it back.
  cluster.execute("ALTER DOMAIN quantity DROP CONSTRAINT quantity_positive", database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  // Said as SQL from the snapshot to the database.
  EXPECT_TRUE(contains(drifted.out,
                       "ALTER DOMAIN \"public\".\"quantity\" DROP CONSTRAINT "
                       "\"quantity_positive\""))
      << drifted.out;
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // The check changed in the files, and a second one added: altered in place, rows kept. The
  // stricter check accepts the rows but 'b@c@example.com', which is removed first.
  cluster.execute("DELETE FROM orders WHERE address = 'b@c@example.com'", database);
  std::string changed = kSchema;
  changed.replace(changed.find("CHECK (VALUE ~ '@')"), 19,
                  "CHECK (VALUE ~ '^[^@]+@[^@]+$') CONSTRAINT email_length CHECK "
                  "(length(VALUE) < 100)");
  dir.write("schema/app.sql", changed);
  auto altered = run_sleet("generate --name stricter_email", dir.path());
  ASSERT_EQ(altered.exit_code, 0) << altered.out << altered.err;
  std::string alter = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(contains(alter, "ALTER DOMAIN \"public\".\"email\" DROP CONSTRAINT \"email_check\""))
      << alter;
  EXPECT_TRUE(contains(alter, "ALTER DOMAIN \"public\".\"email\" ADD CONSTRAINT \"email_check\""))
      << alter;
  EXPECT_TRUE(contains(alter, "ADD CONSTRAINT \"email_length\" CHECK")) << alter;
  EXPECT_FALSE(contains(alter, "DROP DOMAIN")) << alter;
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(cluster.execute("select count(*) from orders", database).value(0, 0), "1");
  EXPECT_FALSE(accepts(database, "b@c@example.com"));
  EXPECT_TRUE(accepts(database, "d@example.com"));
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
  auto pushed_again = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_TRUE(contains(pushed_again.out, "No changes")) << pushed_again.out << pushed_again.err;

  // The base type of a domain a column uses cannot change in place: refused, saying why.
  std::string retyped = changed;
  retyped.replace(retyped.find("quantity AS integer"), 19, "quantity AS bigint");
  dir.write("schema/app.sql", retyped);
  auto refused = run_sleet("generate --name retype", dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.err,
                       "domain public.quantity changes from integer to bigint, and "
                       "column public.orders.amount uses it"))
      << refused.err;
  EXPECT_EQ(migration_files(dir).size(), 2u);
}

// What pull must write: domains over enums, arrays and other domains, in a schema, with
// collations, defaults, NOT NULL, named and unnamed checks and comments.
constexpr const char* kPulled = R"sql(
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE DOMAIN billing.main_currency AS billing.currency DEFAULT 'EUR' NOT NULL;
CREATE DOMAIN billing.amount AS numeric(12, 2) CONSTRAINT amount_not_zero CHECK (VALUE <> 0);
CREATE DOMAIN billing.small_amount AS billing.amount CHECK (VALUE BETWEEN -100 AND 100);
CREATE DOMAIN billing.codes AS text[] CHECK (cardinality(VALUE) < 5);
CREATE DOMAIN code AS varchar(8) COLLATE "C" CHECK (VALUE ~ '^[A-Z]+$');
COMMENT ON DOMAIN billing.amount IS 'never zero';
CREATE TABLE billing.invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  currency billing.main_currency,
  total billing.amount NOT NULL,
  tip billing.small_amount,
  tags billing.codes,
  code code
);
)sql";

TEST(CliDomains, PullWritesDomainsAndGenerateAgrees) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_domains");
  cluster.execute(kPulled, database);
  cluster.execute("INSERT INTO billing.invoices (total, code) VALUES (10, 'AB')", database);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"public\", "
                        "\"billing\"]\n",
                        cluster.url(database)));
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string billing = read_file(dir.path() / "schema/billing.sql");
  EXPECT_TRUE(contains(billing,
                       "CREATE DOMAIN \"billing\".\"small_amount\" AS "
                       "\"billing\".\"amount\""))
      << billing;
  EXPECT_TRUE(contains(billing, "COMMENT ON DOMAIN \"billing\".\"amount\" IS 'never zero'"))
      << billing;
  expect_pulled_project_settled(dir, pulled);

  // The pulled files build the same domains in an empty database.
  std::string rebuilt = cluster.fresh_database("pull_domains_rebuilt");
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"public\", "
                        "\"billing\"]\n",
                        cluster.url(rebuilt)));
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO billing.invoices (total, code) VALUES (10, 'AB')", rebuilt);
  EXPECT_EQ(cluster.execute("select currency from billing.invoices", rebuilt).value(0, 0), "EUR");
  EXPECT_THROW(
      cluster.execute("INSERT INTO billing.invoices (total, code) VALUES (0, 'AB')", rebuilt),
      std::exception);
}

// A domain over a domain reads VALUE as the inner domain: the server stores a check on it with
// a cast to the base type (`(VALUE)::integer < 1000`), which must compare equal to the
// declared `VALUE < 1000`, or push would alter the check on every run.
TEST(CliDomains, ACheckOnADomainOverADomainIsNoChangeOnceApplied) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("domain_chain");
  const std::string schema =
      "CREATE DOMAIN quantity AS integer CHECK (VALUE > 0);\n"
      "CREATE DOMAIN small_quantity AS quantity CONSTRAINT below_1000 CHECK (VALUE < 1000);\n"
      "CREATE TABLE items (id integer PRIMARY KEY, n small_quantity);\n";
  cluster.execute(schema, database);
  std::string stored(cluster
                         .execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                  "WHERE conname = 'below_1000'",
                                  database)
                         .value(0, 0));
  EXPECT_TRUE(contains(stored, "(VALUE)::integer < 1000")) << stored;
  TemporaryDirectory dir;
  write_schema_project(dir, database, schema);
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;
}

// export's script creates a function a domain's check or default calls before the domain, so
// psql loads it into an empty database; the domain then holds in a table, and push finds the
// database equal to the files.
TEST(CliDomains, ExportedScriptWithADomainCallingAFunctionLoadsWithPsql) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("domain_export");
  const std::string schema =
      "CREATE DOMAIN even AS integer CONSTRAINT even_check CHECK (is_even(VALUE));\n"
      "CREATE DOMAIN label AS text DEFAULT default_label() NOT NULL;\n"
      "CREATE TABLE items (id integer PRIMARY KEY, n even, l label);\n"
      "CREATE FUNCTION is_even(v integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT v "
      "% 2 = 0 $$;\n"
      "CREATE FUNCTION default_label() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN "
      "'none'; END $$;\n";
  TemporaryDirectory dir;
  write_schema_project(dir, database, schema);
  auto exported = run_sleet("export", dir.path());
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_LT(exported.out.find("CREATE FUNCTION \"public\".\"is_even\""),
            exported.out.find("CREATE DOMAIN \"public\".\"even\""))
      << exported.out;
  auto [loaded, said] = load_with_psql(database, exported.out);
  ASSERT_EQ(loaded, 0) << said << exported.out;
  cluster.execute("INSERT INTO items (id, n) VALUES (1, 2)", database);
  EXPECT_EQ(cluster.execute("SELECT l FROM items WHERE id = 1", database).value(0, 0), "none");
  EXPECT_THROW(cluster.execute("INSERT INTO items (id, n) VALUES (2, 3)", database),
               std::exception);
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;
}

}  // namespace
}  // namespace sleet::testing
