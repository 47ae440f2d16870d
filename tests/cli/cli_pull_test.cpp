// `sleet pull` as a user runs it: the database's schema becomes schema files and a baseline
// that generate, migrate and status carry on from; bad input writes nothing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pull/pull_fixtures.h"
#include "support/realworld_files.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> listing(const fs::path& directory) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    out.push_back(entry.path().lexically_relative(directory).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "\"" : ", \"") + item + "\"";
  return "[" + out + "]";
}

struct Project {
  std::string database;
  Schema original;
  TemporaryDirectory dir;
};

// A database built from `sql` and a project whose sleet.toml points at it.
void set_up(Project& project, const std::string& sql, const std::string& file_name,
            const std::string& schema_setting = "schema = \"schema\"\n") {
  project.database = test_cluster().fresh_database("cli_pull");
  project.original = parse_schema_sql(sql, file_name);
  test_cluster().execute(sql, project.database);
  project.dir.write("sleet.toml", fmt::format("{}url = \"{}\"\nschema_filter = {}\n",
                                              schema_setting, test_cluster().url(project.database),
                                              quoted_list(schemas_of(project.original))));
}

class CliPull : public ::testing::TestWithParam<const char*> {};

TEST_P(CliPull, BaselineThatGenerateMigrateAndStatusAgreeWith) {
  std::string name = GetParam();
  std::string sql = name == "rich" ? kPullRichSchema : read_file(realworld_file(name));
  Project project;
  set_up(project, sql, name);

  auto pulled = run_sleet("pull", project.dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  EXPECT_NE(pulled.out.find("wrote schema/public.sql"), std::string::npos) << pulled.out;
  EXPECT_NE(pulled.out.find("wrote baseline drizzle/0000_baseline.sql"), std::string::npos)
      << pulled.out;
  EXPECT_NE(pulled.out.find("recorded 0000_baseline as applied in"), std::string::npos)
      << pulled.out;

  // pull → export → parse gives the schema the database was built from.
  auto exported = run_sleet("export", project.dir.path());
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  db::Connection connection = test_cluster().connect(project.database);
  EXPECT_EQ(pulled_difference(connection, project.original,
                              parse_schema_sql(exported.out, "exported.sql")),
            "");

  auto generated = run_sleet("generate", project.dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;

  auto migrated = run_sleet("migrate", project.dir.path());
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("nothing to apply (1 migration already applied)"), std::string::npos)
      << migrated.out;

  auto status = run_sleet("status --json", project.dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  auto json = nlohmann::json::parse(status.out)["targets"];
  ASSERT_EQ(json[0]["status"]["migrations"].size(), 1u) << status.out;
  EXPECT_EQ(json[0]["status"]["migrations"][0]["tag"], "0000_baseline");
  EXPECT_EQ(json[0]["status"]["migrations"][0]["state"], "applied");
  // The database matches the baseline's snapshot: status finds no drift.
  EXPECT_EQ(json[0]["drift"]["checked"], true) << status.out;
  EXPECT_EQ(json[0]["drift"]["found"], false) << status.out;
}

INSTANTIATE_TEST_SUITE_P(Schemas, CliPull,
                         ::testing::Values("rich", "ejabberd-pg.sql",
                                           "mediawiki-tables-generated.sql"),
                         [](const auto& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find_first_of(".-"));
                         });

TEST(CliPullSplit, OneFilePerTableThenGenerateContinues) {
  Project project;
  set_up(project, kPullRichSchema, "rich.sql", "schema = \"db/**/*.sql\"\n");
  auto pulled = run_sleet("pull --split tables --name start", project.dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  EXPECT_NE(pulled.out.find("wrote db/app/accounts.sql"), std::string::npos) << pulled.out;
  EXPECT_NE(pulled.out.find("wrote db/app.sql"), std::string::npos) << pulled.out;
  EXPECT_TRUE(fs::exists(project.dir.path() / "drizzle/0000_start.sql"));
  EXPECT_NE(run_sleet("generate", project.dir.path()).out.find("No schema changes"),
            std::string::npos);

  // The history continues from the baseline: a change becomes the next migration.
  project.dir.write("db/public/extra.sql", "CREATE TABLE extra (id int PRIMARY KEY);\n");
  auto next = run_sleet("generate --name extra", project.dir.path());
  ASSERT_EQ(next.exit_code, 0) << next.err;
  std::string extra = read_file(project.dir.path() / "drizzle/0001_extra.sql");
  EXPECT_TRUE(extra.starts_with("CREATE TABLE \"public\".\"extra\"")) << extra;
  EXPECT_EQ(extra.find("statement-breakpoint"), std::string::npos) << extra;  // nothing else
  auto migrated = run_sleet("migrate", project.dir.path());
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("applied 1 migration"), std::string::npos) << migrated.out;
}

TEST(CliPullAll, EachTargetIntoItsOwnFoldersAndTrackingTable) {
  std::string auth = test_cluster().fresh_database("cli_pull_auth");
  std::string users = test_cluster().fresh_database("cli_pull_users");
  test_cluster().execute("CREATE SCHEMA auth; CREATE TABLE auth.sessions (id int PRIMARY KEY);",
                         auth);
  test_cluster().execute("CREATE TABLE accounts (id int PRIMARY KEY);", users);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("[targets.auth]\nurl = \"{}\"\nschema = \"auth/schema\"\n"
                        "out = \"auth/drizzle\"\nschema_filter = [\"auth\"]\n"
                        "[targets.auth.migrations]\ntable = \"__auth_migrations\"\n"
                        "[targets.users]\nurl = \"{}\"\nschema = \"users/schema/*.sql\"\n"
                        "out = \"users/drizzle\"\n",
                        test_cluster().url(auth), test_cluster().url(users)));
  auto pulled = run_sleet("pull --all", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  EXPECT_TRUE(fs::exists(dir.path() / "auth/schema/auth.sql"));
  EXPECT_TRUE(fs::exists(dir.path() / "users/schema/public.sql"));
  EXPECT_EQ(
      test_cluster().execute("select count(*) from drizzle.__auth_migrations", auth).value(0, 0),
      "1");
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from drizzle.__drizzle_migrations", users)
                .value(0, 0),
            "1");
  auto generated = run_sleet("generate --all", dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_EQ(generated.out,
            "auth: No schema changes, nothing to migrate\n"
            "users: No schema changes, nothing to migrate\n");
}

TEST(CliPullRefuses, ExistingFilesUnlessForced) {
  Project project;
  set_up(project, "CREATE TABLE items (id int PRIMARY KEY);", "small.sql");
  project.dir.write("schema/public.sql", "-- mine\n");
  auto refused = run_sleet("pull", project.dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("exists already: public.sql"), std::string::npos) << refused.err;
  EXPECT_EQ(read_file(project.dir.path() / "schema/public.sql"), "-- mine\n");
  EXPECT_EQ(listing(project.dir.path()),
            (std::vector<std::string>{"schema", "schema/public.sql", "sleet.toml"}));
  EXPECT_EQ(
      test_cluster()
          .execute("select to_regclass('drizzle.__drizzle_migrations') is null", project.database)
          .value(0, 0),
      "t");

  auto forced = run_sleet("pull --force", project.dir.path());
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("replaced schema/public.sql"), std::string::npos) << forced.out;
  EXPECT_NE(read_file(project.dir.path() / "schema/public.sql").find("\"items\""),
            std::string::npos);

  // A second pull finds the baseline: nothing to start again on top of.
  auto again = run_sleet("pull --force", project.dir.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("the migration folder is not empty"), std::string::npos) << again.err;
}

TEST(CliPullRefuses, SchemaFilterMatchingNothing) {
  std::string database = test_cluster().fresh_database("cli_pull_filter");
  test_cluster().execute("CREATE TABLE items (id int);", database);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = "
                                      "[\"billing\"]\n",
                                      test_cluster().url(database)));
  auto result = run_sleet("pull", dir.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("schema_filter [billing] matches no schema in the database"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(listing(dir.path()), (std::vector<std::string>{"sleet.toml"}));
}

TEST(CliPullRefuses, UnreachableServer) {
  TemporaryDirectory dir;
  auto result = run_sleet("pull --url postgres://postgres@127.0.0.1:1/nowhere", dir.path());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_TRUE(listing(dir.path()).empty());
}

TEST(CliPullWithoutConfig, WritesSchemaAndDrizzleHere) {
  std::string database = test_cluster().fresh_database("cli_pull_url");
  test_cluster().execute("CREATE TABLE items (id int PRIMARY KEY, name text);", database);
  TemporaryDirectory dir;
  std::string url = test_cluster().url(database);

  auto dry = run_sleet("pull --dry-run --url " + url, dir.path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("-- schema/public.sql (dry run, nothing written)"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("CREATE TABLE \"public\".\"items\""), std::string::npos) << dry.out;
  EXPECT_TRUE(listing(dir.path()).empty());

  auto pulled = run_sleet("pull --json --url " + url, dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  auto json = nlohmann::json::parse(pulled.out)["targets"][0];
  EXPECT_EQ(json["tag"], "0000_baseline");
  EXPECT_EQ(json["recorded"], true);
  EXPECT_EQ(json["files"], nlohmann::json::array({(dir.path() / "schema/public.sql").string()}));
  EXPECT_EQ(listing(dir.path()), (std::vector<std::string>{
                                     "drizzle", "drizzle/0000_baseline.sql", "drizzle/meta",
                                     "drizzle/meta/0000_snapshot.json",
                                     "drizzle/meta/_journal.json", "schema", "schema/public.sql"}));
  auto migrated = run_sleet("migrate --url " + url, dir.path());
  EXPECT_NE(migrated.out.find("nothing to apply"), std::string::npos) << migrated.out;
}

// Real drizzle-kit projects: empty array defaults, which need their cast, pull and generate
// agrees; functions and triggers are pulled, TOAST storage parameters named as not pulled.
TEST(CliPullDrizzleProject, ArrayDefaultsAndWhatIsNotPulled) {
  Project project;
  set_up(project,
         "CREATE TABLE users (id int PRIMARY KEY, tags text[] NOT NULL DEFAULT ARRAY[]::text[], "
         "scores integer[] DEFAULT '{}'::integer[], meta jsonb DEFAULT '{}'::jsonb, "
         "updated_at timestamptz);",
         "users.sql");
  test_cluster().execute(R"sql(
CREATE TABLE events (id int, body text) WITH (toast.autovacuum_enabled = false);
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
)sql",
                         project.database);
  auto pulled = run_sleet("pull", project.dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  // The function and the trigger are pulled, not listed.
  EXPECT_EQ(pulled.err.find("touch_updated_at"), std::string::npos) << pulled.err;
  EXPECT_EQ(pulled.err.find("users_touch"), std::string::npos) << pulled.err;
  EXPECT_NE(
      pulled.err.find(
          "note: not pulled: storage options (toast.autovacuum_enabled=false) of public.events"),
      std::string::npos)
      << pulled.err;
  EXPECT_NE(read_file(project.dir.path() / "schema/public.sql").find("DEFAULT ARRAY[]::text[]"),
            std::string::npos);
  auto generated = run_sleet("generate", project.dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;

  // The baseline creates the schema in an empty database.
  std::string fresh = test_cluster().fresh_database("cli_pull_arrays");
  auto migrated = run_sleet("migrate --url " + test_cluster().url(fresh), project.dir.path());
  EXPECT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;

  auto json = run_sleet("pull --dry-run --json", project.dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto not_pulled = nlohmann::json::parse(json.out)["targets"][0]["not_pulled"];
  ASSERT_EQ(not_pulled.size(), 1u) << json.out;
  EXPECT_EQ(not_pulled[0]["kind"], "storage options");
  EXPECT_EQ(not_pulled[0]["object"], "(toast.autovacuum_enabled=false) of public.events");
}

// On a database sleet manages already: --dry-run shows the files and what a real run would
// refuse; --out into a new folder writes the baseline there without recording it.
TEST(CliPullManaged, DryRunAndAnotherOut) {
  Project project;
  set_up(project, "CREATE TABLE items (id int PRIMARY KEY);", "small.sql");
  ASSERT_EQ(run_sleet("pull", project.dir.path()).exit_code, 0);
  std::vector<std::string> before = listing(project.dir.path());
  auto rows = [&] {
    return test_cluster()
        .execute("select count(*) from drizzle.__drizzle_migrations", project.database)
        .value(0, 0);
  };

  auto dry = run_sleet("pull --dry-run", project.dir.path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("-- schema/public.sql (dry run, nothing written)"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.err.find("without --dry-run, pull would refuse: "), std::string::npos) << dry.err;
  EXPECT_NE(dry.err.find("the migration folder is not empty"), std::string::npos) << dry.err;
  EXPECT_NE(dry.err.find("already records 1 applied migration"), std::string::npos) << dry.err;
  EXPECT_EQ(listing(project.dir.path()), before);
  EXPECT_EQ(rows(), "1");

  auto other = run_sleet("pull --out fresh --schema-dir fresh_schema", project.dir.path());
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.out.find("wrote baseline fresh/0000_baseline.sql"), std::string::npos)
      << other.out;
  EXPECT_NE(other.err.find("warning: 0000_baseline is not recorded as applied in"),
            std::string::npos)
      << other.err;
  EXPECT_TRUE(fs::exists(project.dir.path() / "fresh_schema/public.sql"));
  EXPECT_EQ(rows(), "1");
  auto status = run_sleet("status", project.dir.path());  // the original history is intact
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;

  // The default folder is still refused: its history is the database's.
  auto refused = run_sleet("pull --out drizzle --force", project.dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
}

// Adopting a database right after `sleet init`: the untouched example schema is replaced;
// one the user has edited is kept, and pull refuses as for any other file.
TEST(CliPullAfterInit, ReplacesTheUntouchedExampleOnly) {
  std::string database = test_cluster().fresh_database("cli_pull_init");
  test_cluster().execute("CREATE TABLE items (id int PRIMARY KEY, name text);", database);
  std::string url = test_cluster().url(database);
  TemporaryDirectory edited;
  ASSERT_EQ(run_sleet("init", edited.path()).exit_code, 0);
  edited.write("schema/schema.sql", read_file(edited.path() / "schema/schema.sql") + "-- mine\n");
  auto refused = run_sleet("pull --url " + url, edited.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("schema.sql"), std::string::npos) << refused.err;
  EXPECT_NE(read_file(edited.path() / "schema/schema.sql").find("-- mine"), std::string::npos);

  TemporaryDirectory fresh;
  ASSERT_EQ(run_sleet("init", fresh.path()).exit_code, 0);
  auto pulled = run_sleet("pull --url " + url, fresh.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  EXPECT_NE(pulled.out.find("removed schema/schema.sql (sleet init's example, unchanged)"),
            std::string::npos)
      << pulled.out;
  EXPECT_FALSE(fs::exists(fresh.path() / "schema/schema.sql"));
  EXPECT_TRUE(fs::exists(fresh.path() / "schema/public.sql"));
  auto generated = run_sleet("generate --url " + url, fresh.path());
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;
}

}  // namespace
}  // namespace sleet::testing
