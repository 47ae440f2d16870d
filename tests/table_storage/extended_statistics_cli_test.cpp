// tests/table_storage: extended statistics (CREATE STATISTICS, ALTER STATISTICS ... SET
// STATISTICS, COMMENT ON STATISTICS) through the commands with the real binary: generated and
// migrated, drift found and repaired, a changed target altered in place and changed kinds made
// again, a psql-loaded schema that push leaves alone and that pg_dump writes back as the same
// schema, pulled; what the server would refuse refused at file:line:col.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/postgres_clients.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE SCHEMA planner;

CREATE TABLE orders (
  id integer PRIMARY KEY,
  city text NOT NULL,
  zip text NOT NULL,
  country text NOT NULL,
  total numeric(10, 2)
);

CREATE STATISTICS orders_place ON zip, city FROM orders;
CREATE STATISTICS planner.orders_country_zip (dependencies) ON country, zip FROM orders;
ALTER STATISTICS planner.orders_country_zip SET STATISTICS 500;
COMMENT ON STATISTICS planner.orders_country_zip IS 'zip codes imply the country';
CREATE STATISTICS orders_city_country (ndistinct, mcv) ON city, (upper(country)) FROM orders;
CREATE STATISTICS orders_lower_city ON (lower(city)) FROM orders;
)sql";

// The target of one changed (altered in place), the kinds of another (made again), one dropped.
constexpr const char* kEvolved = R"sql(
CREATE SCHEMA planner;

CREATE TABLE orders (
  id integer PRIMARY KEY,
  city text NOT NULL,
  zip text NOT NULL,
  country text NOT NULL,
  total numeric(10, 2)
);

CREATE STATISTICS orders_place (ndistinct) ON zip, city FROM orders;
CREATE STATISTICS planner.orders_country_zip (dependencies) ON country, zip FROM orders;
ALTER STATISTICS planner.orders_country_zip SET STATISTICS 50;
COMMENT ON STATISTICS planner.orders_country_zip IS 'zip codes imply the country';
CREATE STATISTICS orders_city_country (ndistinct, mcv) ON city, (upper(country)) FROM orders;
)sql";

std::string value(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

// Every statistics object of the database: schema.name, kinds, what it is on, target, comment.
std::string statistics_in(const std::string& database) {
  return value(
      "select coalesce(string_agg(format('%s.%s %s (%s) %s %s', n.nspname, s.stxname, "
      "s.stxkind::text, pg_get_statisticsobjdef_columns(s.oid), s.stxstattarget, "
      "coalesce(obj_description(s.oid, 'pg_statistic_ext'), '-')), E'\\n' order by s.stxname), "
      "'') from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace",
      database);
}

TEST(CliExtendedStatistics, GeneratedMigratedDriftRepairedAndEvolved) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("extended_statistics");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t created = sql.find(
      "CREATE STATISTICS \"planner\".\"orders_country_zip\" (dependencies) ON \"zip\", "
      "\"country\" FROM \"public\".\"orders\";");
  ASSERT_NE(created, std::string::npos) << sql;
  EXPECT_LT(sql.find("CREATE TABLE \"public\".\"orders\""), created) << sql;
  EXPECT_TRUE(
      contains(sql, "ALTER STATISTICS \"planner\".\"orders_country_zip\" SET STATISTICS 500;"))
      << sql;
  EXPECT_TRUE(contains(sql, "CREATE STATISTICS \"public\".\"orders_place\" ON \"city\", \"zip\""))
      << sql;
  EXPECT_TRUE(contains(sql, "ON (lower(city)) FROM")) << sql;
  std::string snapshot = read_file(dir.path() / "drizzle/meta/0000_snapshot.json");
  EXPECT_TRUE(contains(snapshot, "\"planner.orders_country_zip\"")) << snapshot;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_EQ(statistics_in(database),
            "public.orders_city_country {d,m,e} (city, upper(country)) -1 -\n"
            "planner.orders_country_zip {f} (zip, country) 500 zip codes imply the country\n"
            "public.orders_lower_city {e} (lower(city)) -1 -\n"
            "public.orders_place {d,f,m} (city, zip) -1 -");
  cluster.execute(
      "INSERT INTO orders VALUES (1, 'Lyon', '69001', 'FR', 10), (2, 'Oslo', '0150', "
      "'NO', NULL)",
      database);
  expect_nothing_to_do(dir);

  // Changed by hand: drift, which push --force repairs.
  cluster.execute(
      "ALTER STATISTICS planner.orders_country_zip SET STATISTICS 5; DROP STATISTICS "
      "orders_lower_city",
      database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  // Said as SQL from the snapshot to the database.
  EXPECT_TRUE(contains(drifted.out,
                       "ALTER STATISTICS \"planner\".\"orders_country_zip\" SET STATISTICS 5;"))
      << drifted.out;
  EXPECT_TRUE(contains(drifted.out, "DROP STATISTICS \"public\".\"orders_lower_city\";"))
      << drifted.out;
  auto forced = run_sleet("push --force", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_TRUE(contains(statistics_in(database), "orders_country_zip {f} (zip, country) 500"));
  EXPECT_TRUE(contains(statistics_in(database), "public.orders_lower_city"));
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  write_schema_project(dir, database, kEvolved);
  auto evolved = run_sleet("generate --name evolve", dir.path());
  ASSERT_EQ(evolved.exit_code, 0) << evolved.out << evolved.err;
  std::string second = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(
      contains(second, "ALTER STATISTICS \"planner\".\"orders_country_zip\" SET STATISTICS 50;"))
      << second;
  EXPECT_FALSE(contains(second, "DROP STATISTICS \"planner\".\"orders_country_zip\"")) << second;
  EXPECT_TRUE(contains(second, "DROP STATISTICS \"public\".\"orders_place\";")) << second;
  EXPECT_TRUE(contains(second, "CREATE STATISTICS \"public\".\"orders_place\" (ndistinct)"))
      << second;
  EXPECT_TRUE(contains(second, "DROP STATISTICS \"public\".\"orders_lower_city\";")) << second;
  EXPECT_FALSE(contains(second, "orders_city_country")) << second;
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(value("select count(*) from orders", database), "2");
  EXPECT_EQ(statistics_in(database),
            "public.orders_city_country {d,m,e} (city, upper(country)) -1 -\n"
            "planner.orders_country_zip {f} (zip, country) 50 zip codes imply the country\n"
            "public.orders_place {d} (city, zip) -1 -");
  expect_nothing_to_do(dir);
}

// A team adopting sleet from a database loaded with psql: push finds nothing to do, pg_dump's
// file (CREATE STATISTICS, ALTER STATISTICS, COMMENT ON STATISTICS) is the same schema as the
// files both ways, and pull writes the statistics back after their table.
TEST(CliExtendedStatistics, PsqlLoadPgDumpAndPullAgree) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("extended_statistics_dump");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);
  auto [loaded, load_said] = load_with_psql(database, kSchema);
  ASSERT_EQ(loaded, 0) << load_said;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;

  auto [dumped, dump] = shell(client("pg_dump", database) + " --schema-only --no-owner");
  ASSERT_EQ(dumped, 0) << dump;
  EXPECT_TRUE(contains(dump,
                       "CREATE STATISTICS planner.orders_country_zip (dependencies) ON zip, "
                       "country FROM public.orders;"))
      << dump;
  EXPECT_TRUE(contains(dump, "ALTER STATISTICS planner.orders_country_zip SET STATISTICS 500;"))
      << dump;
  dir.write("dump.sql", dump);
  for (const char* direction :
       {"--from dump.sql --to schema/app.sql", "--from schema/app.sql --to dump.sql"}) {
    auto compared = run_sleet(fmt::format("diff {}", direction), dir.path(), "NO_COLOR=1");
    EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
    EXPECT_TRUE(compared.out.empty()) << direction << "\n" << compared.out;
    EXPECT_TRUE(contains(compared.err, "No differences")) << compared.err;
  }

  TemporaryDirectory pulled_dir;
  pulled_dir.write("sleet.toml",
                   fmt::format("schema = \"schema\"\nurl = \"{}\"\n", cluster.url(database)));
  auto pulled = run_sleet("pull", pulled_dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string written;
  for (const auto& entry : fs::recursive_directory_iterator(pulled_dir.path() / "schema"))
    if (entry.is_regular_file()) written += read_file(entry.path());
  std::size_t statistics = written.find(
      "CREATE STATISTICS \"planner\".\"orders_country_zip\" (dependencies) ON \"zip\", "
      "\"country\" FROM \"public\".\"orders\";");
  ASSERT_NE(statistics, std::string::npos) << written;
  EXPECT_LT(written.find("CREATE TABLE \"public\".\"orders\""), statistics) << written;
  EXPECT_TRUE(
      contains(written, "ALTER STATISTICS \"planner\".\"orders_country_zip\" SET STATISTICS 500;"))
      << written;
  EXPECT_TRUE(contains(written,
                       "COMMENT ON STATISTICS \"planner\".\"orders_country_zip\" IS "
                       "'zip codes imply the country';"))
      << written;
  EXPECT_TRUE(contains(written, "ON (lower(city)) FROM \"public\".\"orders\";")) << written;
  expect_pulled_project_settled(pulled_dir, pulled);
}

// What the server would refuse is refused in the schema file, at the statement, saying what to
// do; CREATE STATISTICS itself (once "not supported yet") is accepted.
TEST(CliExtendedStatistics, RefusedAtTheStatement) {
  TemporaryDirectory dir;
  dir.write("ok.sql",
            "create table t (a int, b text);\n"
            "create statistics t_ab (dependencies) on a, b from t;\n");
  auto exported = run_sleet("export --schema ok.sql", dir.path());
  EXPECT_EQ(exported.exit_code, 0) << exported.out << exported.err;
  EXPECT_TRUE(contains(exported.out,
                       "CREATE STATISTICS \"public\".\"t_ab\" (dependencies) ON \"a\", \"b\" FROM "
                       "\"public\".\"t\";"))
      << exported.out;

  struct Refused {
    const char* sql;
    const char* said;
  };
  for (const Refused& refused : {
           Refused{"create table t (a int, b text);\n"
                   "create statistics s on a, b from missing;\n",
                   "bad.sql:2:34: table public.missing does not exist"},
           Refused{"create table t (a int, b text);\n"
                   "create statistics s on a from t;\n",
                   "bad.sql:2:1: statistics public.s names one column"},
           Refused{"create table t (a int, b text);\n"
                   "create statistics s on a, c from t;\n",
                   "bad.sql:2:1: statistics public.s: table public.t has no column c"},
           Refused{"create table t (a int, b text);\n"
                   "create statistics s (histogram) on a, b from t;\n",
                   "bad.sql:2:1: statistics public.s asks for the unknown kind histogram"},
           Refused{"create table t (a int, b text);\n"
                   "create statistics s (mcv) on (a + 1) from t;\n",
                   "bad.sql:2:1: statistics public.s on a single expression takes no kinds"},
           Refused{"create table t (a int, b text);\n"
                   "create statistics s on a, b from t;\n"
                   "create statistics s on b, a from t;\n",
                   "bad.sql:3:1: statistics public.s is defined twice"},
           Refused{"create table t (a int, b text);\n"
                   "alter statistics s set statistics 10;\n",
                   "bad.sql:2:1: statistics public.s does not exist"},
       }) {
    dir.write("bad.sql", refused.sql);
    auto result = run_sleet("export --schema bad.sql", dir.path());
    EXPECT_NE(result.exit_code, 0) << refused.sql;
    EXPECT_TRUE(contains(result.err, refused.said)) << refused.sql << "\n" << result.err;
  }
}

}  // namespace
}  // namespace sleet::testing
