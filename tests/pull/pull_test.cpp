// pull as a library: the files it writes parse back to the schema the database was built
// from, the baseline is generate's first migration of them and is recorded as applied, and
// it refuses to overwrite or to start on top of existing history.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>

#include "pull/pull_fixtures.h"
#include "sleet/ddl.h"
#include "sleet/error.h"
#include "sleet/generate.h"
#include "sleet/migrate.h"
#include "sleet/pull.h"
#include "sleet/rename_resolvers.h"
#include "support/catalog_fingerprint.h"
#include "support/realworld_files.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

struct Loaded {
  std::string database;
  Schema original;
};

Loaded load(const std::string& sql, const std::string& file_name) {
  Loaded loaded{test_cluster().fresh_database("pull"), parse_schema_sql(sql, file_name)};
  test_cluster().execute(sql, loaded.database);
  return loaded;
}

PullOptions options_in(const TemporaryDirectory& dir, const Schema& original,
                       PullSplit split = PullSplit::Schemas) {
  PullOptions options;
  options.inspect.schema_filter = schemas_of(original);
  options.schema_directory = dir.path() / "schema";
  options.out = dir.path() / "drizzle";
  options.split = split;
  return options;
}

std::vector<fs::path> paths_of(const PullPlan& plan) {
  std::vector<fs::path> paths;
  for (const auto& file : plan.files) paths.push_back(file.path);
  return paths;
}

// The migration generate would write next for the pulled files in the pulled folder.
PreparedMigration generate_after_pull(const PullPlan& plan) {
  GenerateOptions generate;
  generate.out = plan.options.out;
  generate.schema_files = paths_of(plan);
  NoRenames resolver;
  return prepare_migration(generate, resolver);
}

// Everything below `directory`, relative, sorted: to prove nothing was written.
std::vector<std::string> listing(const fs::path& directory) {
  std::vector<std::string> out;
  if (!fs::exists(directory)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    out.push_back(entry.path().lexically_relative(directory).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Pulls `sql` with `split` and checks the promises: pull → export → parse gives the original
// model, generate then has nothing to do, migrate applies nothing, status shows the baseline.
void check_pull(const std::string& sql, const std::string& file_name, PullSplit split,
                bool require_offline) {
  Loaded loaded = load(sql, file_name);
  TemporaryDirectory dir;
  db::Connection connection = test_cluster().connect(loaded.database);
  PullPlan plan = plan_pull(connection, options_in(dir, loaded.original, split));
  EXPECT_TRUE(listing(dir.path()).empty()) << "plan_pull wrote something";
  ASSERT_TRUE(write_pull(connection, plan));

  // pull → export → parse.
  Schema pulled = parse_schema_files(paths_of(plan));
  Schema exported = parse_schema_sql(ddl::create_script(pulled), "exported.sql");
  bool offline_enough = false;
  EXPECT_EQ(pulled_difference(connection, loaded.original, exported, &offline_enough), "");
  if (require_offline) EXPECT_TRUE(offline_enough);
  // Recorded, not required: real-world spellings that need the server.
  if (!offline_enough) std::cout << file_name << ": compared through the server\n";

  // The baseline is what generate writes first for these files, and nothing follows it.
  PreparedMigration next = generate_after_pull(plan);
  EXPECT_TRUE(next.no_changes()) << next.sql_text;
  EXPECT_EQ(next.from, pulled);

  MigrationFolder folder = MigrationFolder::open(plan.options.out);
  ASSERT_EQ(folder.migrations().size(), 1u);
  EXPECT_EQ(folder.migrations()[0].entry.tag, "0000_baseline");
  EXPECT_EQ(folder.migrations()[0].text, plan.baseline.sql_text);
  MigrationReport report = migrate(connection, folder);
  EXPECT_TRUE(report.applied.empty());
  EXPECT_EQ(report.already_applied, 1u);
  StatusReport status = migration_status(connection, folder);
  ASSERT_EQ(status.migrations.size(), 1u);
  EXPECT_EQ(status.migrations[0].state, MigrationState::Applied);
  EXPECT_FALSE(status.needs_attention());

  // The baseline really creates the schema: applied to an empty database it gives the same
  // model as the original.
  std::string empty = test_cluster().fresh_database("pull_replay");
  db::Connection replay = test_cluster().connect(empty);
  MigrationReport replayed = migrate(replay, folder);
  EXPECT_EQ(replayed.applied.size(), 1u);
  InspectOptions inspect;
  inspect.schema_filter = schemas_of(loaded.original);
  EXPECT_EQ(inspect_database(replay, inspect), inspect_database(connection, inspect));
}

TEST(Pull, RichSchemaOneFilePerSchema) {
  check_pull(kPullRichSchema, "rich.sql", PullSplit::Schemas, true);
}

TEST(Pull, RichSchemaOneFilePerTable) {
  check_pull(kPullRichSchema, "rich.sql", PullSplit::Tables, true);
}

class PullRealWorld : public ::testing::TestWithParam<const char*> {};

TEST_P(PullRealWorld, RoundTripsAndBaselines) {
  fs::path file = realworld_file(GetParam());
  check_pull(read_file(file), file.string(), PullSplit::Schemas, false);
}

TEST_P(PullRealWorld, RoundTripsOneFilePerTable) {
  fs::path file = realworld_file(GetParam());
  check_pull(read_file(file), file.string(), PullSplit::Tables, false);
}

INSTANTIATE_TEST_SUITE_P(Files, PullRealWorld,
                         ::testing::Values("ejabberd-pg.sql", "mediawiki-tables-generated.sql",
                                           "gammu-smsd-pgsql.schema.sql",
                                           "icinga2-ido-pgsql.schema.sql", "davical.schema.sql",
                                           "ulogd2-pgsql-flat.schema.sql",
                                           "graphile-worker-000001.schema.sql"));

TEST(PullFiles, OneFilePerSchemaOrPerTableWithSafeNames) {
  Schema schema = parse_schema_sql(kPullRichSchema, "rich.sql");
  std::vector<std::string> by_schema;
  for (const auto& file : render_pulled_schema(schema, PullSplit::Schemas)) {
    by_schema.push_back(file.path.string());
  }
  EXPECT_EQ(by_schema, (std::vector<std::string>{"Billing.sql", "app.sql", "public.sql"}));

  std::vector<std::string> by_table;
  for (const auto& file : render_pulled_schema(schema, PullSplit::Tables)) {
    by_table.push_back(file.path.string());
  }
  EXPECT_EQ(by_table, (std::vector<std::string>{
                          "Billing.sql", "Billing/Invoices.sql", "app.sql",
                          "app/account_totals.sql", "app/accounts.sql", "app/active_accounts.sql",
                          "app/events.sql", "app/happy_names.sql", "app/members.sql", "public.sql",
                          "public/_.hidden.sql", "public/events.sql", "public/odd_name.sql"}));
}

TEST(PullFiles, NamesThatCollideOnDiskGetSuffixes) {
  Schema schema = parse_schema_sql(
      "CREATE TABLE \"a/b\" (id int); CREATE TABLE a_b (id int); CREATE TABLE \"A_B\" (id int);",
      "names.sql");
  std::vector<std::string> paths;
  for (const auto& file : render_pulled_schema(schema, PullSplit::Tables)) {
    paths.push_back(file.path.string());
  }
  // Sorted by table name: "A_B" < "a/b" < "a_b".
  EXPECT_EQ(paths,
            (std::vector<std::string>{"public/A_B.sql", "public/a_b_2.sql", "public/a_b_3.sql"}));
  EXPECT_TRUE(render_pulled_schema(Schema{}, PullSplit::Schemas).empty());
}

TEST(PullFiles, DirectoryFromTheSchemaSetting) {
  Target target;
  target.name = "app";
  target.config_file = "/p/sleet.toml";
  EXPECT_FALSE(pull_directory_of(target, PullSplit::Schemas));
  target.schema = {"/p/schema/*.sql"};
  EXPECT_EQ(pull_directory_of(target, PullSplit::Schemas), fs::path("/p/schema"));
  EXPECT_THROW(pull_directory_of(target, PullSplit::Tables), Error);  // misses subfolders
  target.schema = {"/p/db/**/*.sql"};
  EXPECT_EQ(pull_directory_of(target, PullSplit::Tables), fs::path("/p/db"));
  target.schema = {"/p/schema"};
  EXPECT_EQ(pull_directory_of(target, PullSplit::Tables), fs::path("/p/schema"));
  for (auto patterns : std::vector<std::vector<std::string>>{
           {"/p/schema.sql"}, {"/p/a/*.sql", "/p/b/*.sql"}, {"/p/*/x.sql"}}) {
    target.schema = patterns;
    try {
      pull_directory_of(target, PullSplit::Schemas);
      ADD_FAILURE() << patterns.front() << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Usage);
      EXPECT_EQ(e.where(), "/p/sleet.toml");
    }
  }
  EXPECT_THROW(parse_pull_split("rows"), Error);
}

constexpr const char* kSmallSchema = "CREATE TABLE items (id int PRIMARY KEY, name text);";

ErrorKind error_kind_of(const std::function<void()>& action, std::string* message) {
  try {
    action();
  } catch (const Error& e) {
    *message = e.describe();
    return e.kind();
  }
  *message = "no error";
  return ErrorKind::Failure;
}

bool tracking_table_exists(const std::string& database) {
  return test_cluster()
             .execute("select to_regclass('drizzle.__drizzle_migrations') is not null", database)
             .value(0, 0) == "t";
}

TEST(PullRefuses, ExistingFilesWithoutForceAndWritesNothing) {
  Loaded loaded = load(kSmallSchema, "small.sql");
  TemporaryDirectory dir;
  dir.write("schema/public.sql", "-- mine\n");
  db::Connection connection = test_cluster().connect(loaded.database);
  PullOptions options = options_in(dir, loaded.original);
  std::string message;
  EXPECT_EQ(error_kind_of([&] { plan_pull(connection, options); }, &message), ErrorKind::Usage);
  EXPECT_NE(message.find("1 schema file exists already: public.sql"), std::string::npos) << message;
  EXPECT_NE(message.find("--force"), std::string::npos) << message;
  EXPECT_EQ(read_file(dir.path() / "schema/public.sql"), "-- mine\n");
  EXPECT_EQ(listing(dir.path()), (std::vector<std::string>{"schema", "schema/public.sql"}));
  EXPECT_FALSE(tracking_table_exists(loaded.database));

  options.force = true;
  PullPlan plan = plan_pull(connection, options);
  EXPECT_EQ(plan.overwritten, (std::vector<fs::path>{dir.path() / "schema/public.sql"}));
  ASSERT_TRUE(write_pull(connection, plan));
  EXPECT_NE(read_file(dir.path() / "schema/public.sql").find("CREATE TABLE \"public\".\"items\""),
            std::string::npos);
  EXPECT_TRUE(tracking_table_exists(loaded.database));
}

TEST(PullRefuses, OtherSchemaFilesExistingMigrationsOrTrackingRows) {
  Loaded loaded = load(kSmallSchema, "small.sql");
  db::Connection connection = test_cluster().connect(loaded.database);
  std::string message;
  {
    TemporaryDirectory dir;
    dir.write("schema/old.sql", "CREATE TABLE old (id int);\n");
    PullOptions options = options_in(dir, loaded.original);
    options.force = true;  // --force replaces pull's own files only
    EXPECT_EQ(error_kind_of([&] { plan_pull(connection, options); }, &message), ErrorKind::Usage);
    EXPECT_NE(message.find("old.sql"), std::string::npos) << message;
  }
  {
    TemporaryDirectory dir;
    dir.write("drizzle/0000_init.sql", "CREATE TABLE x (id int);");
    EXPECT_EQ(
        error_kind_of([&] { plan_pull(connection, options_in(dir, loaded.original)); }, &message),
        ErrorKind::Usage);
    EXPECT_NE(message.find("the migration folder is not empty (0000_init.sql)"), std::string::npos)
        << message;
    EXPECT_FALSE(fs::exists(dir.path() / "schema"));
  }
  {
    TemporaryDirectory dir;
    ASSERT_TRUE(write_pull(connection, plan_pull(connection, options_in(dir, loaded.original))));
    TemporaryDirectory again;
    EXPECT_EQ(
        error_kind_of([&] { plan_pull(connection, options_in(again, loaded.original)); }, &message),
        ErrorKind::Usage);
    EXPECT_NE(message.find("already records 1 applied migration"), std::string::npos) << message;
    EXPECT_TRUE(listing(again.path()).empty());
  }
}

TEST(PullRefuses, SchemaFilterMatchingNothingOrNothingToPull) {
  Loaded loaded = load(kSmallSchema, "small.sql");
  db::Connection connection = test_cluster().connect(loaded.database);
  TemporaryDirectory dir;
  PullOptions options = options_in(dir, loaded.original);
  options.inspect.schema_filter = {"nope*"};
  std::string message;
  EXPECT_EQ(error_kind_of([&] { plan_pull(connection, options); }, &message), ErrorKind::Usage);
  EXPECT_NE(message.find("schema_filter [nope*] matches no schema"), std::string::npos) << message;
  EXPECT_NE(message.find("public"), std::string::npos) << message;  // what there is

  options.inspect.schema_filter = {"public"};
  options.inspect.tables_filter = {"nothing_*"};
  EXPECT_EQ(error_kind_of([&] { plan_pull(connection, options); }, &message), ErrorKind::Usage);
  EXPECT_NE(message.find("nothing to pull"), std::string::npos) << message;
  EXPECT_TRUE(listing(dir.path()).empty());
  EXPECT_FALSE(tracking_table_exists(loaded.database));
}

// Casts that give a default's array its type survive the pull: without them the baseline
// does not apply (ARRAY[] has no type) or gives the column a default it refuses (a text[]).
TEST(PullDefaults, ArrayCastsTheValueNeedsAreKept) {
  constexpr const char* sql = R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE posts (
  id int PRIMARY KEY,
  tags text[] NOT NULL DEFAULT ARRAY[]::text[],
  scores integer[] DEFAULT '{}'::integer[],
  meta jsonb DEFAULT '{}'::jsonb,
  codes varchar(3)[] DEFAULT ARRAY[]::varchar(3)[],
  moods mood[] DEFAULT ARRAY['ok']::mood[],
  days date[] DEFAULT ARRAY['2020-01-01']::date[]
);)sql";
  Loaded loaded = load(sql, "arrays.sql");
  TemporaryDirectory dir;
  db::Connection connection = test_cluster().connect(loaded.database);
  PullPlan plan = plan_pull(connection, options_in(dir, loaded.original));
  ASSERT_TRUE(write_pull(connection, plan));
  std::string file = read_file(dir.path() / "schema/public.sql");
  EXPECT_NE(file.find("DEFAULT ARRAY[]::text[]"), std::string::npos) << file;

  // The baseline applied to an empty database builds the same catalog.
  std::string fresh = test_cluster().fresh_database("pull_arrays");
  db::Connection replay = test_cluster().connect(fresh);
  EXPECT_EQ(migrate(replay, MigrationFolder::open(plan.options.out)).applied.size(), 1u);
  std::vector<std::string> expected = catalog_lines(test_cluster(), loaded.database);
  std::vector<std::string> actual = catalog_lines(test_cluster(), fresh);
  EXPECT_EQ(expected, actual) << catalog_difference(expected, actual);

  // And the files still compare equal to the database they came from.
  PreparedMigration next = generate_after_pull(plan);
  EXPECT_TRUE(next.no_changes()) << next.sql_text;
  EXPECT_EQ(inspect_database(replay, plan.options.inspect), plan.schema);
}

// What the model has no place for is listed, per object, instead of silently left out.
TEST(PullNotPulled, FunctionsTriggersAndStorageOptionsOfThePulledSchemas) {
  std::string database = test_cluster().fresh_database("pull_not_pulled");
  test_cluster().execute(R"sql(
CREATE EXTENSION IF NOT EXISTS citext;  -- its functions belong to the extension
CREATE SCHEMA other;
CREATE FUNCTION other.elsewhere() RETURNS int LANGUAGE sql AS 'select 1';
CREATE TABLE other.big (id int) WITH (fillfactor = 50);
CREATE TABLE users (id int PRIMARY KEY, updated_at timestamptz);
CREATE TABLE events (id int, user_id int REFERENCES users (id), body text)
  WITH (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false);
CREATE TABLE plain (id int);
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE PROCEDURE cleanup(days int) LANGUAGE sql AS 'select 1';
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER other_touch BEFORE UPDATE ON other.big FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
)sql",
                         database);
  TemporaryDirectory dir;
  db::Connection connection = test_cluster().connect(database);
  PullOptions options;
  options.inspect.schema_filter = {"public"};
  options.schema_directory = dir.path() / "schema";
  options.out = dir.path() / "drizzle";
  PullPlan plan = plan_pull(connection, options);
  std::vector<std::string> described;
  for (const NotPulled& item : plan.not_pulled) described.push_back(item.describe());
  EXPECT_EQ(described,
            (std::vector<std::string>{
                "storage options (toast.autovacuum_enabled=false) of public.events (TOAST "
                "storage parameters are not modelled yet)"}));
  // The table's own parameters are pulled.
  EXPECT_EQ(
      plan.schema.tables.at({"public", "events"}).with,
      (std::map<std::string, std::string>{{"autovacuum_enabled", "false"}, {"fillfactor", "70"}}));

  // The function, the procedure and the trigger on a pulled table are pulled.
  EXPECT_TRUE(plan.schema.functions.contains({"public", "touch_updated_at()"}));
  EXPECT_TRUE(plan.schema.functions.contains({"public", "cleanup(integer)"}));
  EXPECT_TRUE(plan.schema.tables.at({"public", "users"}).triggers.contains("users_touch"));

  // tables_filter narrows the options to the tables pulled.
  options.inspect.tables_filter = {"plain"};
  EXPECT_TRUE(plan_pull(connection, options).not_pulled.empty());
}

// A dry run writes and records nothing, so the refusals that protect files and history
// become notes; the plan is still made.
TEST(PullManaged, DryRunOnAManagedDatabaseSaysWhatARealRunWouldRefuse) {
  Loaded loaded = load(kSmallSchema, "small.sql");
  db::Connection connection = test_cluster().connect(loaded.database);
  TemporaryDirectory dir;
  ASSERT_TRUE(write_pull(connection, plan_pull(connection, options_in(dir, loaded.original))));
  std::vector<std::string> before = listing(dir.path());

  PullOptions options = options_in(dir, loaded.original);
  options.dry_run = true;
  PullPlan plan = plan_pull(connection, options);
  EXPECT_EQ(plan.baseline.tag, "0000_baseline");
  EXPECT_EQ(plan.baseline.sql_file, dir.path() / "drizzle/0000_baseline.sql");
  EXPECT_EQ(plan.baseline.previous_snapshot, std::nullopt);
  ASSERT_EQ(plan.would_refuse.size(), 3u);
  EXPECT_NE(plan.would_refuse[0].find("the migration folder is not empty"), std::string::npos);
  EXPECT_NE(plan.would_refuse[1].find("already records 1 applied migration"), std::string::npos);
  EXPECT_NE(plan.would_refuse[2].find("1 schema file exists already"), std::string::npos);
  EXPECT_THROW(write_pull(connection, plan), Error);
  EXPECT_EQ(listing(dir.path()), before);
  EXPECT_EQ(tracking_rows(connection, options.tracking).size(), 1u);
}

// Into another folder, on a database whose history has rows: the files and the baseline are
// written (for new databases), the baseline is not recorded among the other folder's rows.
TEST(PullManaged, AnotherOutWritesTheBaselineButDoesNotRecordIt) {
  Loaded loaded = load(kSmallSchema, "small.sql");
  db::Connection connection = test_cluster().connect(loaded.database);
  TemporaryDirectory first;
  ASSERT_TRUE(write_pull(connection, plan_pull(connection, options_in(first, loaded.original))));

  TemporaryDirectory dir;
  PullOptions options = options_in(dir, loaded.original);
  std::string message;
  EXPECT_EQ(error_kind_of([&] { plan_pull(connection, options); }, &message), ErrorKind::Usage);
  options.explicit_out = true;
  PullPlan plan = plan_pull(connection, options);
  EXPECT_NE(plan.not_recorded.find("already records 1 applied migration"), std::string::npos)
      << plan.not_recorded;
  EXPECT_FALSE(write_pull(connection, plan));
  EXPECT_TRUE(fs::exists(dir.path() / "drizzle/0000_baseline.sql"));
  EXPECT_TRUE(fs::exists(dir.path() / "schema/public.sql"));
  std::vector<TrackingRow> rows = tracking_rows(connection, options.tracking);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].hash, MigrationFolder::open(first.path() / "drizzle").migrations()[0].hash);

  // The new folder creates the schema in an empty database.
  std::string fresh = test_cluster().fresh_database("pull_out");
  db::Connection replay = test_cluster().connect(fresh);
  EXPECT_EQ(migrate(replay, MigrationFolder::open(dir.path() / "drizzle")).applied.size(), 1u);
  EXPECT_EQ(inspect_database(replay, options.inspect), plan.schema);
}

TEST(RecordAsApplied, WritesMigratesRowsOnceAndMatchesByHash) {
  std::string database = test_cluster().fresh_database("baseline");
  TemporaryDirectory dir;
  MigrationFolder folder = MigrationFolder::open_or_create(dir.path() / "drizzle");
  NewMigration first;
  first.name = "baseline";
  first.statements = {"CREATE TABLE t (id int)"};
  first.when = 1700000000000;
  folder.append(first);
  db::Connection connection = test_cluster().connect(database);
  MigrateOptions options;
  options.migrations_schema = "tracking";
  EXPECT_TRUE(tracking_rows(connection, options).empty());  // no table yet: no rows
  EXPECT_TRUE(record_as_applied(connection, folder, "0000_baseline", options));
  EXPECT_FALSE(record_as_applied(connection, folder, "0000_baseline", options));
  std::vector<TrackingRow> rows = tracking_rows(connection, options);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].hash, folder.migrations()[0].hash);
  EXPECT_EQ(rows[0].created_at, 1700000000000);
  auto history =
      test_cluster().execute("select tag, mode from tracking.__sleet_migrations_history", database);
  ASSERT_EQ(history.rows(), 1);
  EXPECT_EQ(history.value(0, 0), "0000_baseline");
  EXPECT_EQ(history.value(0, 1), "baseline");
  // Nothing ran: the table the migration creates does not exist.
  EXPECT_EQ(test_cluster().execute("select to_regclass('public.t') is null", database).value(0, 0),
            "t");
  EXPECT_EQ(migration_status(connection, folder, options).migrations[0].state,
            MigrationState::Applied);
  EXPECT_THROW(record_as_applied(connection, folder, "0001_missing", options), Error);
}

}  // namespace
}  // namespace sleet::testing
