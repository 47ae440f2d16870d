// tests/composite_types: composite and range types across the commands with the real binary (a
// program of its own, apart from tests/cli, so that it builds quickly). A composite-typed
// column with rows generated, migrated, checked for drift and pushed; an attribute type the
// server cannot change while a column uses the type, recreated with the rows converted; an
// attribute added and one dropped in place; a change the plan cannot convert refused; pull
// writes composite and range types back and generate agrees.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TYPE address AS (street text, city text COLLATE "C", zip integer);
COMMENT ON TYPE address IS 'a postal address';
COMMENT ON COLUMN address.zip IS 'postal code';
CREATE TABLE customers (
  id integer PRIMARY KEY,
  home address,
  previous address[]
);
)sql";

std::string value(const std::string& database, const std::string& query) {
  return std::string(test_cluster().execute(query, database).value(0, 0));
}

TEST(CliCompositeTypes, ColumnsMigratedCheckedAndRetypedKeepingTheRows) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("composite");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t type = sql.find(
      "CREATE TYPE \"public\".\"address\" AS (\"street\" text, \"city\" text COLLATE \"C\", "
      "\"zip\" integer)");
  std::size_t table = sql.find("CREATE TABLE \"public\".\"customers\"");
  ASSERT_NE(type, std::string::npos) << sql;
  ASSERT_NE(table, std::string::npos) << sql;
  EXPECT_LT(type, table) << sql;
  EXPECT_TRUE(contains(sql, "COMMENT ON COLUMN \"public\".\"address\".\"zip\" IS 'postal code'"))
      << sql;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute(
      "INSERT INTO customers VALUES (1, ROW('Main St 1', 'Oslo', 150), "
      "ARRAY[ROW('Old St 2', 'Bergen', 5000)::address]), (2, NULL, NULL), "
      "(3, ROW(NULL, NULL, NULL), '{}')",
      database);

  // Nothing to do or report: the catalog's types equal the declared ones.
  expect_nothing_to_do(dir);

  // An attribute added by hand is drift; push takes it away again.
  cluster.execute("ALTER TYPE address ADD ATTRIBUTE country text", database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out, "ALTER TYPE \"public\".\"address\" ADD ATTRIBUTE \"country\""))
      << drifted.out;
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // zip becomes bigint: the server refuses ALTER ATTRIBUTE TYPE while customers uses the type,
  // so the type is recreated and both columns converted, their values kept.
  std::string wider = kSchema;
  wider.replace(wider.find("zip integer"), 11, "zip bigint");
  dir.write("schema/app.sql", wider);
  auto retyped = run_sleet("generate --name wider_zip", dir.path());
  ASSERT_EQ(retyped.exit_code, 0) << retyped.out << retyped.err;
  std::string retype = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(contains(retype, "ALTER TYPE \"public\".\"address\" RENAME TO \"address_old\""))
      << retype;
  EXPECT_TRUE(contains(retype,
                       "ALTER TABLE \"public\".\"customers\" ALTER COLUMN \"home\" SET "
                       "DATA TYPE \"public\".\"address\" USING CASE WHEN"))
      << retype;
  EXPECT_TRUE(contains(retype, "DROP TYPE \"public\".\"address_old\"")) << retype;
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(value(database, "SELECT (home).zip + 1 FROM customers WHERE id = 1"), "151");
  EXPECT_EQ(value(database, "SELECT (home).city FROM customers WHERE id = 1"), "Oslo");
  EXPECT_EQ(value(database, "SELECT (previous[1]).city FROM customers WHERE id = 1"), "Bergen");
  EXPECT_EQ(value(database,
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                  "attrelid = 'address'::regclass AND attname = 'zip'"),
            "bigint");
  EXPECT_EQ(value(database, "SELECT count(*) FROM customers WHERE home IS NULL AND id = 2"), "1");
  // A value whose attributes are all NULL is kept as such, not turned into NULL.
  EXPECT_EQ(value(database, "SELECT num_nonnulls(home) FROM customers WHERE id = 3"), "1");
  EXPECT_EQ(value(database, "SELECT cardinality(previous) FROM customers WHERE id = 3"), "0");
  // The comments came along with the new type.
  EXPECT_EQ(value(database, "SELECT col_description('address'::regclass, 3)"), "postal code");
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // street dropped and country added: both in place, the other attributes keep their values.
  std::string moved = wider;
  moved.replace(moved.find("street text, "), 13, "");
  moved.replace(moved.find("zip bigint"), 10, "zip bigint, country text");
  dir.write("schema/app.sql", moved);
  // Asked whether country is street renamed: no, a new attribute.
  auto altered = run_sleet(
      "generate --name country --rename create:attribute:public.address.country", dir.path());
  ASSERT_EQ(altered.exit_code, 0) << altered.out << altered.err;
  std::string alter = read_file(migration_files(dir).at(2));
  EXPECT_TRUE(contains(alter, "ALTER TYPE \"public\".\"address\" DROP ATTRIBUTE \"street\""))
      << alter;
  EXPECT_TRUE(contains(alter, "ALTER TYPE \"public\".\"address\" ADD ATTRIBUTE \"country\" text"))
      << alter;
  EXPECT_FALSE(contains(alter, "RENAME TO")) << alter;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  EXPECT_EQ(value(database, "SELECT (home).city || (home).zip FROM customers WHERE id = 1"),
            "Oslo150");
  auto pushed_again = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_TRUE(contains(pushed_again.out, "No changes")) << pushed_again.out << pushed_again.err;
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // A function over the type would keep the old one alive: a recreation is refused, saying why.
  std::string with_function = moved +
                              "CREATE FUNCTION city_of(a address) RETURNS text LANGUAGE sql AS "
                              "$$ SELECT (a).city $$;\n";
  dir.write("schema/app.sql", with_function);
  ASSERT_EQ(run_sleet("generate --name city_of", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  std::string narrower = with_function;
  narrower.replace(narrower.find("zip bigint"), 10, "zip numeric");
  dir.write("schema/app.sql", narrower);
  auto refused = run_sleet("generate --name numeric_zip", dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.err,
                       "composite type public.address changes in a way PostgreSQL "
                       "cannot apply in place, and function "
                       "public.city_of(public.address)"))
      << refused.err;
}

// What pull must write: composite types nested, over domains and enums, in arrays and under a
// domain, with comments; range types with their options and multirange types; functions
// taking and returning them.
constexpr const char* kPulled = R"sql(
CREATE SCHEMA geo;
CREATE TYPE geo.kind AS ENUM ('home', 'work');
CREATE DOMAIN geo.city_name AS text CHECK (VALUE <> '');
CREATE TYPE geo.point2 AS (x double precision, y double precision);
CREATE TYPE geo.address AS (street text, city geo.city_name, kind geo.kind, at geo.point2,
                            tags text[], note varchar(20) COLLATE "C");
COMMENT ON TYPE geo.address IS 'a postal address';
COMMENT ON COLUMN geo.address.street IS 'street and number';
CREATE DOMAIN geo.home_address AS geo.address;
CREATE TYPE geo.floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi);
CREATE TYPE textrange AS RANGE (SUBTYPE = text, COLLATION = "C", MULTIRANGE_TYPE_NAME = textranges);
COMMENT ON TYPE textrange IS 'ranges of words';
CREATE TABLE geo.people (
  id integer PRIMARY KEY,
  home geo.address,
  previous geo.address[],
  registered geo.home_address,
  heights geo.floatrange,
  spans geo.floatmultirange,
  names textranges
);
CREATE FUNCTION geo.city_of(a geo.address) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT (a).city $$;
CREATE FUNCTION geo.origin() RETURNS geo.point2 LANGUAGE sql IMMUTABLE
  AS $$ SELECT ROW(0, 0)::geo.point2 $$;
)sql";

TEST(CliCompositeTypes, PullWritesCompositeAndRangeTypesAndGenerateAgrees) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_composite");
  cluster.execute(kPulled, database);
  TemporaryDirectory dir;
  auto configure = [&](const std::string& url) {
    dir.write("sleet.toml",
              fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"public\", "
                          "\"geo\"]\n",
                          url));
  };
  configure(cluster.url(database));
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string geo = read_file(dir.path() / "schema/geo.sql");
  EXPECT_TRUE(contains(geo, "CREATE DOMAIN \"geo\".\"home_address\" AS \"geo\".\"address\""))
      << geo;
  EXPECT_TRUE(contains(geo,
                       "CREATE TYPE \"geo\".\"floatrange\" AS RANGE (SUBTYPE = double "
                       "precision, SUBTYPE_DIFF = \"float8mi\")"))
      << geo;
  EXPECT_TRUE(contains(geo,
                       "COMMENT ON COLUMN \"geo\".\"address\".\"street\" IS 'street and "
                       "number'"))
      << geo;
  expect_pulled_project_settled(dir, pulled);

  // The pulled files build the same types in an empty database, where they hold values.
  std::string rebuilt = cluster.fresh_database("pull_composite_rebuilt");
  configure(cluster.url(rebuilt));
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute(
      "INSERT INTO geo.people (id, home, heights, names) VALUES (1, "
      "ROW('Main St', 'Oslo', 'home', ROW(1, 2), '{a}', 'n')::geo.address, '[1.5,2.5)', "
      "'{[a,c)}')",
      rebuilt);
  EXPECT_EQ(value(rebuilt, "SELECT geo.city_of(home) FROM geo.people"), "Oslo");
  EXPECT_EQ(value(rebuilt,
                  "SELECT c.collname FROM pg_range r JOIN pg_collation c ON c.oid = "
                  "r.rngcollation WHERE r.rngtypid = 'textrange'::regtype"),
            "C");
  // The domain under the composite attribute still checks its values.
  EXPECT_THROW(cluster.execute("INSERT INTO geo.people (id, registered) VALUES (2, ROW('x', '', "
                               "'home', NULL, NULL, NULL)::geo.address)",
                               rebuilt),
               std::exception);
  cluster.drop_database(rebuilt);
  cluster.drop_database(database);
}

}  // namespace
}  // namespace sleet::testing
