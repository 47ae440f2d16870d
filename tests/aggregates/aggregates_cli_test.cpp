// tests/aggregates: CREATE AGGREGATE across the commands with the real binary (a program of its
// own, apart from tests/cli, so that it builds quickly). A schema of aggregates loaded with
// psql that push leaves alone and that pg_dump writes back as the same schema, both ways; an
// aggregate generated, migrated, computing, changed in place and by hand (drift); a database
// of aggregates pulled, the files building the same aggregates again.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/postgres_clients.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// The analytics classics (first and last over anyelement), an array_agg of our own over
// anycompatible, an overload pair, one in the old syntax with no arguments, one with a final
// function, a combine function and the moving-aggregate mode.
constexpr const char* kAggregates = R"sql(
CREATE SCHEMA stats;
CREATE FUNCTION stats.keep_first(anyelement, anyelement) RETURNS anyelement
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1 $$;
CREATE FUNCTION stats.keep_last(anyelement, anyelement) RETURNS anyelement
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $2 $$;
CREATE AGGREGATE stats.first(anyelement) (SFUNC = stats.keep_first, STYPE = anyelement,
  PARALLEL = SAFE);
CREATE AGGREGATE stats.last(anyelement) (SFUNC = stats.keep_last, STYPE = anyelement,
  PARALLEL = SAFE);
CREATE AGGREGATE stats.collect(anycompatible) (
  SFUNC = array_append, STYPE = anycompatiblearray, INITCOND = '{}');
CREATE FUNCTION longer(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN length(b) > coalesce(length(a), -1) THEN b ELSE a END $$;
CREATE FUNCTION longer(a integer[], b integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN cardinality(b) > coalesce(cardinality(a), -1) THEN b ELSE a END $$;
CREATE AGGREGATE longest(text) (SFUNC = longer, STYPE = text);
CREATE AGGREGATE longest(integer[]) (SFUNC = longer, STYPE = integer[]);
CREATE FUNCTION count_one(bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + 1 $$;
CREATE AGGREGATE row_count (BASETYPE = ANY, SFUNC = count_one, STYPE = int8, INITCOND = 0);
CREATE FUNCTION stats.mean_add(state numeric[], value numeric) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ARRAY[state[1] + 1, state[2] + value] $$;
CREATE FUNCTION stats.mean_remove(state numeric[], value numeric) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ARRAY[state[1] - 1, state[2] - value] $$;
CREATE FUNCTION stats.mean_combine(a numeric[], b numeric[]) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ARRAY[a[1] + b[1], a[2] + b[2]] $$;
CREATE FUNCTION stats.mean_final(state numeric[]) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN state[1] = 0 THEN NULL ELSE state[2] / state[1] END $$;
CREATE AGGREGATE stats.mean(value numeric) (
  SFUNC = stats.mean_add, STYPE = numeric[], FINALFUNC = stats.mean_final,
  COMBINEFUNC = stats.mean_combine, INITCOND = '{0,0}',
  MSFUNC = stats.mean_add, MINVFUNC = stats.mean_remove, MSTYPE = numeric[],
  MFINALFUNC = stats.mean_final, MINITCOND = '{0,0}', PARALLEL = SAFE);
)sql";

// A grant on one of them, and a view using them all.
constexpr const char* kUses = R"sql(
CREATE ROLE aggregate_reader;
REVOKE ALL ON FUNCTION stats.mean(numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stats.mean(numeric) TO aggregate_reader;
CREATE TABLE readings (id integer PRIMARY KEY, value numeric NOT NULL, taken date NOT NULL);
CREATE VIEW reading_summary AS
  SELECT stats.first(value ORDER BY taken) AS first_value,
         stats.last(value ORDER BY taken) AS last_value, stats.mean(value) AS mean_value,
         stats.collect(id) AS ids, row_count(*) AS readings
  FROM readings;
)sql";

constexpr const char* kRows =
    "INSERT INTO readings VALUES (1, 10, '2026-01-03'), (2, 20, '2026-01-01'), "
    "(3, 60, '2026-01-02')";

// What the view computes over kRows: first and last by date, the mean, the ids, the count.
constexpr const char* kSummary = "20|10|30.0000000000000000|{1,2,3}|3";

std::string summary(const std::string& database) {
  auto result = test_cluster().execute(
      "select first_value || '|' || last_value || '|' || mean_value || '|' || "
      "(select array_agg(i order by i) from unnest(ids) i)::text || '|' || readings "
      "from reading_summary",
      database);
  return std::string(result.value(0, 0));
}

TEST(CliAggregates, PsqlLoadedSchemaPushesNothingAndPgDumpWritesTheSameSchema) {
  auto& cluster = test_cluster();
  cluster.execute("DROP ROLE IF EXISTS aggregate_reader");
  std::string database = cluster.fresh_database("aggregates_psql");
  TemporaryDirectory dir;
  auto load = [&](const std::string& name, const std::string& sql) {
    write_schema_project(dir, name, sql);
    dir.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n"
                                        "schema_filter = [\"public\", \"stats\"]\n",
                                        cluster.url(name)));
    auto [loaded, load_said] =
        shell(fmt::format("{} -X -q -v ON_ERROR_STOP=1 -f '{}'", client("psql", name),
                          (dir.path() / "schema/app.sql").string()));
    ASSERT_EQ(loaded, 0) << load_said;
  };
  load(database, std::string(kAggregates) + kUses);
  cluster.execute(kRows, database);
  EXPECT_EQ(summary(database), kSummary);
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;
  cluster.execute("DROP DATABASE " + database);
  cluster.execute("DROP ROLE aggregate_reader");

  // pg_dump's spelling of the aggregates reads back as the files' (a view's body compared
  // offline is another matter: docs/commands/diff.md).
  std::string dumped_database = cluster.fresh_database("aggregates_dump");
  load(dumped_database, kAggregates);
  auto [dumped, dump] = shell(client("pg_dump", dumped_database) + " --schema-only --no-owner");
  ASSERT_EQ(dumped, 0) << dump;
  EXPECT_TRUE(contains(dump, "CREATE AGGREGATE stats.mean(value numeric)")) << dump;
  EXPECT_TRUE(contains(dump, "CREATE AGGREGATE public.row_count(*)")) << dump;
  dir.write("dump.sql", dump);
  for (const char* command :
       {"diff --from dump.sql --to schema/app.sql", "diff --from schema/app.sql --to dump.sql"}) {
    auto compared = run_sleet(command, dir.path(), "NO_COLOR=1");
    EXPECT_EQ(compared.exit_code, 0) << command << "\n" << compared.out << compared.err;
    EXPECT_TRUE(compared.out.empty()) << command << "\n" << compared.out;
    EXPECT_TRUE(contains(compared.err, "No differences")) << command << "\n" << compared.err;
  }
}

constexpr const char* kTotal = R"sql(
CREATE TABLE scores (id integer PRIMARY KEY, points integer NOT NULL);
CREATE FUNCTION add_points(total bigint, points integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT total + points $$;
CREATE AGGREGATE total_points(integer) (SFUNC = add_points, STYPE = bigint, INITCOND = '0');
CREATE VIEW score_total AS SELECT total_points(points) AS total FROM scores;
)sql";

TEST(CliAggregates, GeneratedMigratedReplacedInPlaceAndDriftFound) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("aggregates_generate");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kTotal);
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t function = sql.find("CREATE FUNCTION \"public\".\"add_points\"");
  std::size_t aggregate = sql.find("CREATE AGGREGATE \"public\".\"total_points\"(integer)");
  std::size_t view = sql.find("CREATE VIEW \"public\".\"score_total\"");
  ASSERT_NE(aggregate, std::string::npos) << sql;
  EXPECT_LT(function, aggregate) << sql;
  EXPECT_LT(aggregate, view) << sql;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute("INSERT INTO scores VALUES (1, 10), (2, 32)", database);
  EXPECT_EQ(cluster.execute("select total from score_total", database).value(0, 0), "42");
  expect_nothing_to_do(dir);

  // A new INITCOND: replaced in place, the view left alone.
  std::string changed = kTotal;
  changed.replace(changed.find("INITCOND = '0'"), 14, "INITCOND = '100'");
  dir.write("schema/app.sql", changed);
  auto replaced = run_sleet("generate --name bonus", dir.path());
  ASSERT_EQ(replaced.exit_code, 0) << replaced.out << replaced.err;
  std::string second = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(contains(second, "CREATE OR REPLACE AGGREGATE \"public\".\"total_points\"(integer)"))
      << second;
  EXPECT_FALSE(contains(second, "DROP")) << second;
  EXPECT_FALSE(contains(second, "VIEW")) << second;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  EXPECT_EQ(cluster.execute("select total from score_total", database).value(0, 0), "142");
  expect_nothing_to_do(dir);

  // Changed by hand: drift, which push puts right.
  cluster.execute(
      "CREATE OR REPLACE AGGREGATE total_points(integer) (SFUNC = add_points, STYPE = bigint, "
      "INITCOND = '7')",
      database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out, "AGGREGATE \"public\".\"total_points\"(integer)"))
      << drifted.out;
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  EXPECT_EQ(cluster.execute("select total from score_total", database).value(0, 0), "142");
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
}

TEST(CliAggregates, PullWritesAggregatesAfterTheirFunctionsAndTheyBuildAgain) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("aggregates_pull");
  cluster.execute("DROP ROLE IF EXISTS aggregate_reader");
  cluster.execute(std::string(kAggregates) + kUses, database);
  TemporaryDirectory dir;
  auto toml = [&](const std::string& name) {
    dir.write("sleet.toml", fmt::format("schema = \"schema\"\nurl = \"{}\"\n"
                                        "schema_filter = [\"public\", \"stats\"]\n",
                                        cluster.url(name)));
  };
  toml(database);
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string stats = read_file(dir.path() / "schema/stats.sql");
  std::size_t function = stats.find("CREATE FUNCTION \"stats\".\"mean_final\"");
  std::size_t aggregate = stats.find("CREATE AGGREGATE \"stats\".\"mean\"(\"value\" numeric)");
  ASSERT_NE(aggregate, std::string::npos) << stats;
  EXPECT_LT(function, aggregate) << stats;
  EXPECT_TRUE(contains(read_file(dir.path() / "schema/public.sql"),
                       "CREATE AGGREGATE \"public\".\"row_count\"(*)"));
  expect_pulled_project_settled(dir, pulled);

  // The pulled files build the same aggregates in an empty database (and create the role).
  cluster.execute("DROP DATABASE " + database);
  cluster.execute("DROP ROLE aggregate_reader");
  std::string rebuilt = cluster.fresh_database("aggregates_pull_rebuilt");
  toml(rebuilt);
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute(kRows, rebuilt);
  EXPECT_EQ(summary(rebuilt), kSummary);
  cluster.execute("DROP DATABASE " + rebuilt);
  cluster.execute("DROP ROLE aggregate_reader");
}

}  // namespace
}  // namespace sleet::testing
