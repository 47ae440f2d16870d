// migrate --backup and sleet db restore as a user runs them: a migration that drops a column
// holding data, backed up first, and the rows brought back in a new database.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string value(const std::string& database, const std::string& query) {
  return std::string(test_cluster().execute(query, database).value(0, 0));
}

TEST(Backup, ADroppedColumnComesBackFromTheBackupInANewDatabase) {
  std::string database = test_cluster().fresh_database("backup");
  std::string restored = database + "_restored";
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", test_cluster().url(database)));
  dir.write("schema/app.sql", "CREATE TABLE users (id integer PRIMARY KEY, email text);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  test_cluster().execute("insert into users values (1, 'a@x'), (2, 'b@x'), (3, null)", database);
  dir.write("schema/app.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n");
  ASSERT_EQ(run_sleet("generate --name drop_email", dir.path()).exit_code, 0);

  // A backup that cannot be written stops the migrate before anything runs.
  dir.write("not_a_folder", "");
  auto failed = run_sleet("migrate --backup not_a_folder", dir.path());
  EXPECT_EQ(failed.exit_code, 2) << failed.err;
  EXPECT_TRUE(contains(failed.err, "cannot create the backup folder")) << failed.err;
  EXPECT_EQ(value(database, "select count(email) from users"), "2");

  auto migrated = run_sleet("migrate --backup backups", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_TRUE(contains(migrated.out, "backed up")) << migrated.out;
  std::vector<fs::path> dumps;
  for (const auto& entry : fs::directory_iterator(dir.path() / "backups"))
    dumps.push_back(entry.path());
  ASSERT_EQ(dumps.size(), 1u);
  std::string name = dumps.front().filename().string();
  EXPECT_TRUE(name.starts_with(database + "-")) << name;
  EXPECT_TRUE(name.ends_with("-before-0001_drop_email.dump")) << name;
  EXPECT_TRUE(contains(migrated.out, name)) << migrated.out;
  EXPECT_EQ(value(database,
                  "select count(*) from information_schema.columns where "
                  "table_name = 'users' and column_name = 'email'"),
            "0");
  // Nothing pending: no backup.
  auto again = run_sleet("migrate --backup backups", dir.path());
  EXPECT_FALSE(contains(again.out, "backed up")) << again.out;

  auto over = run_sleet(fmt::format("db restore '{}'", dumps.front().string()), dir.path());
  EXPECT_EQ(over.exit_code, 2) << over.err;
  EXPECT_TRUE(contains(over.err, "--into")) << over.err;

  auto restore = run_sleet(
      fmt::format("db restore '{}' --into {}", dumps.front().string(), restored), dir.path());
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_EQ(value(restored, "select string_agg(email, ',' order by id) from users"), "a@x,b@x");
  auto exists = run_sleet(
      fmt::format("db restore '{}' --into {}", dumps.front().string(), restored), dir.path());
  EXPECT_EQ(exists.exit_code, 2);
  EXPECT_TRUE(contains(exists.err, "exists already")) << exists.err;
  test_cluster().drop_database(restored);
  test_cluster().drop_database(database);
}

TEST(Backup, TheConfigsBackupFolderIsUsedWithoutTheFlag) {
  std::string database = test_cluster().fresh_database("backup_config");
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n"
                                      "backup = \"dumps\"\n",
                                      test_cluster().url(database)));
  dir.write("schema/app.sql", "CREATE TABLE users (id integer PRIMARY KEY);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_TRUE(contains(migrated.out, "backed up")) << migrated.out;
  std::vector<fs::path> dumps;
  for (const auto& entry : fs::directory_iterator(dir.path() / "dumps"))
    dumps.push_back(entry.path());
  ASSERT_EQ(dumps.size(), 1u);
  EXPECT_TRUE(dumps.front().filename().string().ends_with("-before-0000_init.dump"));
  test_cluster().drop_database(database);
}

}  // namespace
}  // namespace sleet::testing
