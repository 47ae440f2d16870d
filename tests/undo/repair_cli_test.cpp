// `sleet migrate --mark-applied` and `sleet repair` as a user runs them: the tracking table
// corrected without running SQL, `status` showing who did it, and drizzle-kit 0.31's migrate
// agreeing afterwards (it applies nothing sleet recorded).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../migrate/drizzle_kit.h"
#include "sleet/files.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// `status --json`'s migrations of the only target.
nlohmann::json status_migrations(const TemporaryDirectory& dir) {
  auto status = run_sleet("status --json --no-drift", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  return nlohmann::json::parse(status.out).at("targets").at(0).at("status").at("migrations");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string value(const std::string& database, const std::string& query) {
  return std::string(test_cluster().execute(query, database).value(0, 0));
}

// Two migrations generated from SQL schema files: 0000_init and 0001_email_posts.
void write_project(const TemporaryDirectory& dir, const std::string& database) {
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", test_cluster().url(database)));
  dir.write("schema/app.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/app.sql",
            "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text);\n"
            "CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES users (id));\n");
  ASSERT_EQ(run_sleet("generate --name email_posts", dir.path()).exit_code, 0);
}

TEST(MarkApplied, RecordsAMigrationFixedByHandAndDrizzleKitSkipsIt) {
  std::string database = test_cluster().fresh_database("mark_applied");
  TemporaryDirectory dir;
  write_project(dir, database);
  ASSERT_EQ(run_sleet("migrate --to 0000_init", dir.path()).exit_code, 0);
  // The migration "half failed" and was finished by hand.
  test_cluster().execute(read_file(dir.path() / "drizzle/0001_email_posts.sql"), database);

  auto unasked = run_sleet("migrate --mark-applied 0001_email_posts", dir.path());
  EXPECT_EQ(unasked.exit_code, 2) << unasked.err;
  EXPECT_TRUE(contains(unasked.err, "--yes")) << unasked.err;
  auto unknown = run_sleet("migrate --mark-applied 0009_nope --yes", dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.err, "no migration named 0009_nope")) << unknown.err;

  auto marked = run_sleet("migrate --mark-applied 0001_email_posts --yes", dir.path());
  ASSERT_EQ(marked.exit_code, 0) << marked.err;
  EXPECT_TRUE(contains(marked.out, "marked 0001_email_posts as applied")) << marked.out;
  // The row drizzle-orm's migrator would have written: the file's hash, the journal's when.
  std::string hash =
      value(database, "select hash from drizzle.__drizzle_migrations order by id desc limit 1");
  auto journal = read_file(dir.path() / "drizzle/meta/_journal.json");
  EXPECT_EQ(sha256_hex(read_file(dir.path() / "drizzle/0001_email_posts.sql")), hash);
  std::string when = value(
      database, "select created_at from drizzle.__drizzle_migrations order by id desc limit 1");
  EXPECT_TRUE(contains(journal, "\"when\": " + when)) << journal << " " << when;

  auto status = run_sleet("status", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_TRUE(contains(status.out, "marked applied by")) << status.out;
  nlohmann::json migrations = status_migrations(dir);
  EXPECT_EQ(migrations.at(0).at("applied_how"), "ran") << migrations;
  EXPECT_EQ(migrations.at(1).at("applied_how"), "marked") << migrations;
  EXPECT_TRUE(migrations.at(1).at("applied_at").is_string()) << migrations;
  EXPECT_TRUE(contains(migrations.at(1).at("applied_by").get<std::string>(), "@")) << migrations;
  auto again = run_sleet("migrate --mark-applied 0001_email_posts --yes", dir.path());
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_TRUE(contains(again.out, "already recorded")) << again.out;

  // drizzle-kit would fail on CREATE TABLE posts if it ran the migration again.
  std::string migrated = drizzle_kit_migrate(dir.path() / "drizzle", database);
  EXPECT_FALSE(migrated.starts_with("FAILED")) << migrated;
  EXPECT_EQ(value(database, "select count(*) from drizzle.__drizzle_migrations"), "2");
  test_cluster().drop_database(database);
}

TEST(Repair, AcceptsAnEditOnceAndKeepsTheOldHashInHistory) {
  std::string database = test_cluster().fresh_database("repair");
  TemporaryDirectory dir;
  write_project(dir, database);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  fs::path file = dir.path() / "drizzle/0001_email_posts.sql";
  std::string old_hash =
      value(database, "select hash from drizzle.__drizzle_migrations order by id desc limit 1");
  dir.write("drizzle/0001_email_posts.sql", read_file(file) + "\n-- reviewed by the DBA\n");

  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 1);
  EXPECT_EQ(run_sleet("migrate", dir.path()).exit_code, 1);
  auto not_edited = run_sleet("repair 0000_init --yes", dir.path());
  EXPECT_EQ(not_edited.exit_code, 2);
  EXPECT_TRUE(contains(not_edited.err, "0000_init is applied, not edited")) << not_edited.err;
  EXPECT_EQ(run_sleet("repair", dir.path()).exit_code, 2);  // no terminal, no --yes

  auto repaired = run_sleet("repair --yes", dir.path());
  ASSERT_EQ(repaired.exit_code, 0) << repaired.err;
  EXPECT_TRUE(contains(repaired.out, "repaired 0001_email_posts")) << repaired.out;
  auto status = run_sleet("status", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_TRUE(contains(status.out, "its edit accepted by")) << status.out;
  nlohmann::json migrations = status_migrations(dir);
  EXPECT_EQ(migrations.at(0).at("applied_how"), "ran") << migrations;
  EXPECT_EQ(migrations.at(1).at("applied_how"), "repaired") << migrations;
  EXPECT_TRUE(migrations.at(1).at("applied_at").is_string()) << migrations;
  EXPECT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  EXPECT_NE(
      value(database, "select hash from drizzle.__drizzle_migrations order by id desc limit 1"),
      old_hash);
  EXPECT_EQ(
      value(database, fmt::format("select count(*) > 0 from drizzle.__sleet_migrations_history "
                                  "where hash = '{}'",
                                  old_hash)),
      "t");
  std::string migrated = drizzle_kit_migrate(dir.path() / "drizzle", database);
  EXPECT_FALSE(migrated.starts_with("FAILED")) << migrated;
  EXPECT_EQ(value(database, "select count(*) from drizzle.__drizzle_migrations"), "2");
  test_cluster().drop_database(database);
}

}  // namespace
}  // namespace sleet::testing
