// Down scripts as generate writes them and `sleet rollback` as a user runs it: the plan with
// row counts, the refusals (no terminal, data loss, empty or missing down script, drift), and
// drizzle-kit 0.31's migrate and check ignoring the down scripts.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../migrate/drizzle_kit.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kFirst = "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n";
constexpr const char* kSecond =
    "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text);\n"
    "CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES users (id));\n";

// A project on `database` with two generated migrations: 0000_init, 0001_email_posts.
void write_project(const TemporaryDirectory& dir, const std::string& database) {
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", test_cluster().url(database)));
  dir.write("schema/app.sql", kFirst);
  auto first = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  dir.write("schema/app.sql", kSecond);
  auto second = run_sleet("generate --name email_posts", dir.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(contains(second.out, "wrote drizzle/0001_email_posts.down.sql")) << second.out;
}

std::string count(const std::string& database, const std::string& query) {
  return std::string(test_cluster().execute(query, database).value(0, 0));
}

TEST(DownScripts, GenerateWritesTheReverseWithItsDataLossInTheHeader) {
  TemporaryDirectory dir;
  write_project(dir, "unused");
  std::string down = read_file(dir.path() / "drizzle/0001_email_posts.down.sql");
  EXPECT_TRUE(contains(down, "-- Down migration of 0001_email_posts")) << down;
  EXPECT_TRUE(contains(down, "DROP TABLE \"public\".\"posts\"")) << down;
  EXPECT_TRUE(contains(down, "DROP COLUMN \"email\"")) << down;
  EXPECT_TRUE(contains(down, "-- DATA LOSS: 2 statements")) << down;
  // The header comments come before the first statement.
  EXPECT_LT(down.find("-- DATA LOSS"), down.find("ALTER TABLE"));
  // The first migration's reverse drops what it created.
  EXPECT_TRUE(contains(read_file(dir.path() / "drizzle/0000_init.down.sql"),
                       "DROP TABLE \"public\".\"users\""));
  // sleet check does not take a down script for a migration missing from the journal.
  auto check = run_sleet("check", dir.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST(DownScripts, CustomMigrationGetsATemplateThatRollbackRefuses) {
  std::string database = test_cluster().fresh_database("rollback_custom");
  TemporaryDirectory dir;
  write_project(dir, database);
  auto custom = run_sleet("generate --custom --name backfill", dir.path());
  ASSERT_EQ(custom.exit_code, 0) << custom.err;
  std::string down = read_file(dir.path() / "drizzle/0002_backfill.down.sql");
  EXPECT_TRUE(contains(down, "cannot compute its reverse")) << down;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  auto refused = run_sleet("rollback --yes --force", dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_TRUE(contains(refused.err, "the down script of 0002_backfill holds no statement"))
      << refused.err;
  EXPECT_TRUE(contains(refused.err, "0002_backfill.down.sql")) << refused.err;
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "3");

  // A migration without a down script (as drizzle-kit writes them) is named too.
  fs::remove(dir.path() / "drizzle/0002_backfill.down.sql");
  auto missing = run_sleet("rollback --yes", dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "migration 0002_backfill has no down script")) << missing.err;
  test_cluster().drop_database(database);
}

TEST(Rollback, ShowsRowCountsAndRefusesDataLossWithoutForce) {
  std::string database = test_cluster().fresh_database("rollback_counts");
  TemporaryDirectory dir;
  write_project(dir, database);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  test_cluster().execute(
      "insert into users values (1, 'a', 'a@x'), (2, 'b', null), (3, 'c', 'c@x');"
      "insert into posts values (10, 1)",
      database);

  auto dry = run_sleet("rollback --dry-run", dir.path());
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_TRUE(contains(dry.out, "-- 0001_email_posts")) << dry.out;
  EXPECT_TRUE(contains(dry.err, "column \"public\".\"users\".\"email\" (2 rows holding a value)"))
      << dry.err;
  EXPECT_TRUE(contains(dry.err, "table \"public\".\"posts\" (1 row)")) << dry.err;

  auto no_terminal = run_sleet("rollback", dir.path());
  EXPECT_EQ(no_terminal.exit_code, 2);
  EXPECT_TRUE(contains(no_terminal.err, "--force")) << no_terminal.err;
  auto without_force = run_sleet("rollback --yes", dir.path());
  EXPECT_EQ(without_force.exit_code, 2);
  EXPECT_EQ(count(database, "select count(*) from posts"), "1");

  auto rolled = run_sleet("rollback --yes --force", dir.path());
  ASSERT_EQ(rolled.exit_code, 0) << rolled.err;
  EXPECT_TRUE(contains(rolled.out, "rolled back 0001_email_posts")) << rolled.out;
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "1");
  EXPECT_EQ(count(database, "select to_regclass('posts') is null"), "t");
  EXPECT_EQ(count(database,
                  "select count(*) from information_schema.columns where "
                  "table_name = 'users' and column_name = 'email'"),
            "0");
  EXPECT_EQ(count(database, "select count(*) from users"), "3");
  EXPECT_EQ(count(database,
                  "select mode from drizzle.__sleet_migrations_history "
                  "order by id desc limit 1"),
            "rollback");
  auto status = run_sleet("status", dir.path());
  EXPECT_TRUE(contains(status.out, "0001_email_posts")) << status.out;

  // migrate brings it back; --to goes back past both and --steps too far is refused.
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  auto too_far = run_sleet("rollback --steps 3 --yes", dir.path());
  EXPECT_EQ(too_far.exit_code, 2);
  EXPECT_TRUE(contains(too_far.err, "more migrations than the 2 applied")) << too_far.err;
  auto to = run_sleet("rollback --to 0000_init --yes --force", dir.path());
  EXPECT_EQ(to.exit_code, 0) << to.err;
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "1");
  test_cluster().drop_database(database);
}

TEST(Rollback, RefusesADatabaseThatDriftedFromTheMigrationsSnapshot) {
  std::string database = test_cluster().fresh_database("rollback_drift");
  TemporaryDirectory dir;
  write_project(dir, database);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  test_cluster().execute("alter table posts add column title text", database);
  auto refused = run_sleet("rollback --yes", dir.path());
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(contains(refused.err, "differs from the state 0001_email_posts left")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "title")) << refused.err;
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "2");
  auto forced = run_sleet("rollback --yes --force", dir.path());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  test_cluster().drop_database(database);
}

TEST(Rollback, AFailingDownScriptLeavesTheDatabaseAsItWas) {
  std::string database = test_cluster().fresh_database("rollback_failing");
  TemporaryDirectory dir;
  write_project(dir, database);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  fs::path down = dir.path() / "drizzle/0001_email_posts.down.sql";
  std::string text = read_file(down);
  dir.write("drizzle/0001_email_posts.down.sql", text + "\n--> statement-breakpoint\nSELECT 1/0;");
  auto failed = run_sleet("rollback --yes --force", dir.path());
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_TRUE(contains(failed.err, "rolling back 0001_email_posts failed at statement"))
      << failed.err;
  EXPECT_TRUE(contains(failed.err, "0001_email_posts.down.sql:")) << failed.err;
  EXPECT_EQ(count(database, "select to_regclass('posts') is not null"), "t");
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "2");
  test_cluster().drop_database(database);
}

TEST(Rollback, ADownScriptOutsideATransactionRunsStatementByStatement) {
  std::string database = test_cluster().fresh_database("rollback_no_transaction");
  TemporaryDirectory dir;
  write_project(dir, database);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  const std::string header = "-- sleet:transaction=off\n";
  const std::string drop_posts = "DROP TABLE \"public\".\"posts\";";
  const std::string drop_email = "ALTER TABLE \"public\".\"users\" DROP COLUMN \"email\";";
  // The first statement commits on its own; the second fails and the tracking row stays.
  dir.write("drizzle/0001_email_posts.down.sql",
            header + drop_posts + "\n--> statement-breakpoint\nSELECT 1/0;");
  auto failed = run_sleet("rollback --yes --force", dir.path());
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_TRUE(contains(failed.err, "failed at statement 2 of 2")) << failed.err;
  EXPECT_TRUE(contains(failed.err, "statements 1 to 1 ran and stay")) << failed.err;
  EXPECT_EQ(count(database, "select to_regclass('posts') is null"), "t");
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "2");
  // Fixed, it finishes: the row goes once every statement ran.
  dir.write("drizzle/0001_email_posts.down.sql", header + drop_email);
  auto finished = run_sleet("rollback --yes --force", dir.path());
  EXPECT_EQ(finished.exit_code, 0) << finished.out << finished.err;
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "1");
  EXPECT_EQ(count(database,
                  "select count(*) from information_schema.columns where column_name = 'email'"),
            "0");
  test_cluster().drop_database(database);
}

// drizzle-kit 0.31 reads only the journal's files: its migrate applies the folder sleet
// wrote (down scripts and all) and its check finds nothing wrong.
TEST(DownScripts, DrizzleKitMigrateAndCheckIgnoreThem) {
  TemporaryDirectory dir;
  write_project(dir, "unused");
  fs::path out = dir.path() / "drizzle";
  std::string check = drizzle_kit(out, "migrate_v2.ts", "check");
  EXPECT_FALSE(check.starts_with("FAILED")) << check;
  EXPECT_TRUE(contains(check, "Everything's fine")) << check;
  std::string database = test_cluster().fresh_database("rollback_drizzle");
  std::string migrated = drizzle_kit_migrate(out, database);
  EXPECT_FALSE(migrated.starts_with("FAILED")) << migrated;
  EXPECT_EQ(count(database, "select count(*) from drizzle.__drizzle_migrations"), "2");
  // Still in place: drizzle-kit ran the ups, not the downs.
  EXPECT_EQ(count(database, "select to_regclass('posts') is not null"), "t");
  test_cluster().drop_database(database);
}

// A composite type's attribute and a domain renamed by generate's --rename answers: without
// a terminal and without the answers, generate lists the flags; the down script renames them
// back, and the rows survive the way there and back.
TEST(DownScripts, TypeAndAttributeRenamesAreRenamedBack) {
  std::string database = test_cluster().fresh_database("rollback_type_renames");
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", test_cluster().url(database)));
  dir.write("schema/app.sql",
            "CREATE DOMAIN positive AS int CHECK (VALUE > 0);\n"
            "CREATE TYPE pt AS (x int, y int);\n"
            "CREATE TABLE shapes (id int PRIMARY KEY, corner pt, size positive);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  test_cluster().execute("INSERT INTO shapes VALUES (1, '(1,2)', 3)", database);
  dir.write("schema/app.sql",
            "CREATE DOMAIN amount AS int CHECK (VALUE > 0);\n"
            "CREATE TYPE pt AS (x int, yy int);\n"
            "CREATE TABLE shapes (id int PRIMARY KEY, corner pt, size amount);\n");
  auto unanswered = run_sleet("generate --name renames", dir.path());
  EXPECT_EQ(unanswered.exit_code, 2);
  for (const char* flag :
       {"--rename domain:public.positive=public.amount", "--rename create:domain:public.amount",
        "--rename attribute:public.pt.y=yy", "--rename create:attribute:public.pt.yy"}) {
    EXPECT_TRUE(contains(unanswered.err, flag)) << flag << "\n" << unanswered.err;
  }
  auto generated = run_sleet(
      "generate --name renames --rename domain:public.positive=public.amount "
      "--rename attribute:public.pt.y=yy",
      dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::string down = read_file(dir.path() / "drizzle/0001_renames.down.sql");
  EXPECT_TRUE(contains(down, "ALTER DOMAIN \"public\".\"amount\" RENAME TO \"positive\"")) << down;
  EXPECT_TRUE(contains(down, "ALTER TYPE \"public\".\"pt\" RENAME ATTRIBUTE \"yy\" TO \"y\""))
      << down;
  EXPECT_FALSE(contains(down, "DATA LOSS")) << down;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  EXPECT_EQ(count(database, "SELECT (corner).yy::text || '/' || size FROM shapes"), "2/3");
  auto rolled = run_sleet("rollback --yes", dir.path());
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  EXPECT_EQ(count(database, "SELECT (corner).y::text || '/' || size::positive FROM shapes"), "2/3");
  test_cluster().drop_database(database);
}

}  // namespace
}  // namespace sleet::testing
