// A live database as a schema source: `sleet diff` with postgres:// URLs (database → files,
// files → database, database → database) and drift in `sleet status` (the database's schema
// against the latest snapshot). Not `sleet check`'s offline drift: see cli_check_drift_test.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A schema with what catalogs print differently from hand-written DDL: defaults calling
// functions, a timestamp literal, a check, an enum, a foreign key, an index, quoted
// identifiers, a second schema, a generated column and a SELECT * view (the last two need the
// server to normalise them).
constexpr const char* kSchema = R"sql(
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  mood mood DEFAULT 'happy',
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (length(email) > 3)
);
CREATE TABLE "Order Items" (
  "Id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "userId" int NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  qty int NOT NULL DEFAULT 1
);
CREATE INDEX "Order Items_user" ON "Order Items" ("userId");
CREATE SCHEMA auth;
CREATE TABLE auth.sessions (
  token text PRIMARY KEY,
  expires_at timestamp NOT NULL DEFAULT '2030-01-01 00:00',
  slug text GENERATED ALWAYS AS (lower(token)) STORED
);
CREATE VIEW auth.live_sessions AS SELECT * FROM auth.sessions WHERE expires_at > now();
COMMENT ON TABLE users IS 'people who sign in';
)sql";

// A project whose sleet.toml points at `database`, with kSchema generated as 0000_init.
std::string write_project(const TemporaryDirectory& dir, const std::string& database) {
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", test_cluster().url(database)));
  dir.write("schema/app.sql", kSchema);
  auto generated = run_sleet("generate --name init", dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  return test_cluster().url(database);
}

TEST(CliDiffDatabase, FilesToMigratedDatabaseHasNoDifferences) {
  std::string database = test_cluster().fresh_database("diff_migrated");
  TemporaryDirectory dir;
  std::string url = write_project(dir, database);
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;

  for (const char* declared : {"schema", "drizzle"}) {
    auto result = run_sleet(fmt::format("diff --from {} --to '{}'", declared, url), dir.path());
    ASSERT_EQ(result.exit_code, 0) << declared << ": " << result.err;
    EXPECT_EQ(result.out, "") << declared;
    EXPECT_NE(result.err.find("No differences"), std::string::npos) << result.err;
    auto back = run_sleet(fmt::format("diff --from '{}' --to {}", url, declared), dir.path());
    ASSERT_EQ(back.exit_code, 0) << declared << ": " << back.err;
    EXPECT_EQ(back.out, "") << declared;
    EXPECT_NE(back.err.find("No differences"), std::string::npos) << back.err;
  }
}

TEST(CliDiffDatabase, HandMadeChangeShowsInBothDirections) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("diff_hand");
  TemporaryDirectory dir;
  dir.write("schema.sql", kSchema);
  cluster.execute(kSchema, database);
  cluster.execute("ALTER TABLE \"Order Items\" ADD COLUMN \"Note\" text", database);
  std::string url = cluster.url(database);

  auto from_database =
      run_sleet(fmt::format("--verbose diff --from '{}' --to schema.sql", url), dir.path());
  ASSERT_EQ(from_database.exit_code, 0) << from_database.err;
  EXPECT_EQ(from_database.out, "ALTER TABLE \"public\".\"Order Items\" DROP COLUMN \"Note\";\n");
  EXPECT_TRUE(contains(from_database.err, "--from: database postgres@")) << from_database.err;
  EXPECT_FALSE(contains(from_database.err + from_database.out, cluster.password()));

  auto to_database = run_sleet(fmt::format("diff --from schema.sql --to '{}'", url), dir.path());
  ASSERT_EQ(to_database.exit_code, 0) << to_database.err;
  EXPECT_EQ(to_database.out, "ALTER TABLE \"public\".\"Order Items\" ADD COLUMN \"Note\" text;\n");

  auto json = run_sleet(fmt::format("--json diff --from schema.sql --to '{}'", url), dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto statements = nlohmann::json::parse(json.out)["targets"][0]["statements"];
  ASSERT_EQ(statements.size(), 1u) << json.out;
  EXPECT_EQ(statements[0]["object"], "public.Order Items");
}

TEST(CliDiffDatabase, SchemaFilterLimitsWhatIsCompared) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("diff_filter");
  TemporaryDirectory dir;
  dir.write("schema.sql", kSchema);
  cluster.execute(kSchema, database);
  cluster.execute("ALTER TABLE auth.sessions ADD COLUMN ip inet; DROP TABLE \"Order Items\"",
                  database);
  std::string url = cluster.url(database);

  auto everything = run_sleet(fmt::format("diff --from '{}' --to schema.sql", url), dir.path());
  ASSERT_EQ(everything.exit_code, 0) << everything.err;
  EXPECT_TRUE(contains(everything.out, "CREATE TABLE \"public\".\"Order Items\""))
      << everything.out;
  EXPECT_TRUE(contains(everything.out, "DROP COLUMN \"ip\"")) << everything.out;

  auto auth_only = run_sleet(
      fmt::format("diff --from '{}' --to schema.sql --schema-filter auth", url), dir.path());
  ASSERT_EQ(auth_only.exit_code, 0) << auth_only.err;
  EXPECT_TRUE(contains(auth_only.out, "ALTER TABLE \"auth\".\"sessions\" DROP COLUMN \"ip\";"))
      << auth_only.out;
  EXPECT_FALSE(contains(auth_only.out, "public")) << auth_only.out;
}

TEST(CliDiffDatabase, DatabaseToDatabaseReadsEverySchemaOfBoth) {
  auto& cluster = test_cluster();
  // One migrated by sleet (it holds the tracking schema), one built by hand.
  std::string migrated = cluster.fresh_database("diff_db_a");
  std::string by_hand = cluster.fresh_database("diff_db_b");
  TemporaryDirectory dir;
  write_project(dir, migrated);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute(kSchema, by_hand);
  std::string a = cluster.url(migrated);
  std::string b = cluster.url(by_hand);

  auto same = run_sleet(fmt::format("diff --from '{}' --to '{}'", a, b), dir.path());
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out, "");
  EXPECT_NE(same.err.find("No differences"), std::string::npos) << same.err;

  cluster.execute(
      "CREATE SCHEMA \"Billing\"; CREATE TABLE \"Billing\".\"Invoice\" (id int PRIMARY KEY);"
      "ALTER TABLE users ADD COLUMN nickname varchar(40)",
      by_hand);
  auto added = run_sleet(fmt::format("diff --from '{}' --to '{}'", a, b), dir.path());
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_TRUE(contains(added.out, "CREATE SCHEMA \"Billing\";")) << added.out;
  EXPECT_TRUE(contains(added.out, "CREATE TABLE \"Billing\".\"Invoice\"")) << added.out;
  EXPECT_TRUE(contains(added.out, "ADD COLUMN \"nickname\" character varying(40);")) << added.out;
  EXPECT_FALSE(contains(added.out, "drizzle")) << added.out;
  EXPECT_FALSE(contains(added.out + added.err, cluster.password()));

  auto removed = run_sleet(fmt::format("diff --from '{}' --to '{}'", b, a), dir.path());
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_TRUE(contains(removed.out, "DROP TABLE \"Billing\".\"Invoice\"")) << removed.out;
  EXPECT_TRUE(contains(removed.out, "DROP SCHEMA \"Billing\"")) << removed.out;
  EXPECT_TRUE(contains(removed.out, "DROP COLUMN \"nickname\"")) << removed.out;
}

TEST(CliDiffDatabase, BadUrlAndUnreachableServerNeverShowThePassword) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  dir.write("schema.sql", kSchema);
  const std::string secret = "Sekr1tPassw0rd";

  auto malformed = run_sleet(
      fmt::format("diff --from 'postgres://postgres:{}@127.0.0.1:notaport/x' --to schema.sql",
                  secret),
      dir.path());
  EXPECT_EQ(malformed.exit_code, 2) << malformed.err;
  EXPECT_TRUE(contains(malformed.err, "--from is not a valid database URL")) << malformed.err;
  EXPECT_FALSE(contains(malformed.out + malformed.err, secret)) << malformed.err;

  auto typo = run_sleet(
      fmt::format("diff --from 'postgress://postgres:{}@127.0.0.1/x' --to schema.sql", secret),
      dir.path());
  EXPECT_EQ(typo.exit_code, 2) << typo.err;
  EXPECT_TRUE(contains(typo.err, "--from is a postgress:// URL")) << typo.err;
  EXPECT_FALSE(contains(typo.out + typo.err, secret)) << typo.err;

  auto unreachable = run_sleet(
      fmt::format("diff --from schema.sql --to 'postgresql://postgres:{}@127.0.0.1:1/x'", secret),
      dir.path());
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.err;
  EXPECT_TRUE(contains(unreachable.err, "--to")) << unreachable.err;
  EXPECT_TRUE(contains(unreachable.err, "127.0.0.1")) << unreachable.err;
  EXPECT_FALSE(contains(unreachable.out + unreachable.err, secret)) << unreachable.err;
  EXPECT_TRUE(unreachable.out.empty()) << unreachable.out;

  auto wrong_password = run_sleet(
      fmt::format("diff --from 'postgres://postgres:{}@127.0.0.1:{}/postgres' --to schema.sql",
                  secret, cluster.port()),
      dir.path());
  EXPECT_EQ(wrong_password.exit_code, 3) << wrong_password.err;
  EXPECT_FALSE(contains(wrong_password.out + wrong_password.err, secret)) << wrong_password.err;
}

TEST(CliStatusDrift, HandMadeColumnIsDriftUntilReverted) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("status_drift");
  TemporaryDirectory dir;
  write_project(dir, database);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);

  auto clean = run_sleet("status", dir.path());
  ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_TRUE(contains(clean.out, "no drift: the database matches meta/0000_snapshot.json"))
      << clean.out;

  cluster.execute("ALTER TABLE \"Order Items\" ADD COLUMN \"giftNote\" text", database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out, "DRIFT: the database differs from meta/0000_snapshot.json"))
      << drifted.out;
  EXPECT_TRUE(contains(drifted.out,
                       "    ALTER TABLE \"public\".\"Order Items\" ADD COLUMN \"giftNote\" text;"))
      << drifted.out;
  EXPECT_TRUE(contains(drifted.err, "the database schema drifted from the migrations"))
      << drifted.err;
  EXPECT_TRUE(contains(drifted.err, "sleet generate")) << drifted.err;
  EXPECT_FALSE(contains(drifted.out + drifted.err, cluster.password()));

  auto json = run_sleet("--json status", dir.path());
  EXPECT_EQ(json.exit_code, 1) << json.err;
  auto drift = nlohmann::json::parse(json.out)["targets"][0]["drift"];
  EXPECT_EQ(drift["checked"], true) << json.out;
  EXPECT_EQ(drift["found"], true) << json.out;
  ASSERT_EQ(drift["statements"].size(), 1u) << json.out;
  EXPECT_EQ(drift["statements"][0]["kind"], "add column") << json.out;

  auto skipped = run_sleet("status --no-drift", dir.path());
  EXPECT_EQ(skipped.exit_code, 0) << skipped.out << skipped.err;
  EXPECT_FALSE(contains(skipped.out, "DRIFT")) << skipped.out;
  EXPECT_FALSE(contains(skipped.out, "no drift")) << skipped.out;

  cluster.execute("ALTER TABLE \"Order Items\" DROP COLUMN \"giftNote\"", database);
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
}

// ALTER TABLE ... RENAME keeps the primary key's name (the server's a_pkey stays on b). The
// snapshot writes a default-named key without its name, so the migration that renames the table
// renames its key too: then the database holds what a fresh load of the files holds, and
// status and push both find nothing to do.
TEST(CliStatusDrift, PrimaryKeyFollowsAGeneratedTableRename) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pkey_rename");
  cluster.execute("CREATE TABLE a (id int PRIMARY KEY); ALTER TABLE a RENAME TO b;", database);
  EXPECT_EQ(cluster.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'b'::regclass",
                            database)
                .value(0, 0),
            "a_pkey");
  cluster.execute("DROP TABLE b", database);

  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", cluster.url(database)));
  dir.write("schema/app.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
  ASSERT_EQ(run_sleet("generate --name one", dir.path()).exit_code, 0);
  dir.write("schema/app.sql", "CREATE TABLE b (id int PRIMARY KEY);\n");
  auto renamed = run_sleet("generate --name two --rename table:public.a=public.b", dir.path());
  ASSERT_EQ(renamed.exit_code, 0) << renamed.err;
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_EQ(cluster.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'b'::regclass",
                            database)
                .value(0, 0),
            "b_pkey");

  auto status = run_sleet("status", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_TRUE(contains(status.out, "no drift: the database matches meta/0001_snapshot.json"))
      << status.out;
  auto pushed = run_sleet("push", dir.path());
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out + pushed.err, "No changes")) << pushed.out << pushed.err;
  EXPECT_EQ(run_sleet("generate --name three", dir.path()).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle/0002_three.sql"));
}

TEST(CliStatusDrift, PendingMigrationsLeaveDriftUnchecked) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("status_pending");
  TemporaryDirectory dir;
  write_project(dir, database);

  auto pending = run_sleet("status", dir.path());
  EXPECT_EQ(pending.exit_code, 1);
  EXPECT_TRUE(contains(pending.out, "drift not checked: 1 migration is pending")) << pending.out;
  EXPECT_TRUE(contains(pending.err, "migrations need attention")) << pending.err;
  EXPECT_FALSE(contains(pending.err, "drift:")) << pending.err;

  auto json = run_sleet("--json status", dir.path());
  auto drift = nlohmann::json::parse(json.out)["targets"][0]["drift"];
  EXPECT_EQ(drift["checked"], false) << json.out;
  EXPECT_EQ(drift["reason"], "1 migration is pending") << json.out;
}

}  // namespace
}  // namespace sleet::testing
