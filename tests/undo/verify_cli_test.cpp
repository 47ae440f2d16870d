// `sleet verify` as CI runs it: a sound folder passes, a wrong down script and an up that does
// not reach the schema files are caught (exit 1, the migration and the first difference
// named), and no scratch database is left behind.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string scratch_databases() {
  return std::string(test_cluster()
                         .execute("select count(*) from pg_database where datname like "
                                  "'sleet\\_verify\\_%'")
                         .value(0, 0));
}

void write_project(const TemporaryDirectory& dir) {
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n");
  dir.write("schema/app.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/app.sql",
            "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text);\n"
            "CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES users (id));\n");
  ASSERT_EQ(run_sleet("generate --name email_posts", dir.path()).exit_code, 0);
}

std::string verify(const TemporaryDirectory& dir, int expected_exit, std::string* err = nullptr) {
  auto result =
      run_sleet(fmt::format("verify --scratch-url '{}'", test_cluster().url()), dir.path());
  EXPECT_EQ(result.exit_code, expected_exit) << result.out << result.err;
  if (err) *err = result.err;
  return result.out;
}

TEST(Verify, ASoundFolderPassesAndLeavesNoDatabase) {
  TemporaryDirectory dir;
  write_project(dir);
  std::string out = verify(dir, 0);
  EXPECT_TRUE(contains(out, "verified 2 migrations (2 down scripts run down and up again)")) << out;
  EXPECT_EQ(scratch_databases(), "0");
}

TEST(Verify, CatchesAWrongDownScript) {
  TemporaryDirectory dir;
  write_project(dir);
  // This down forgets to drop the column the migration added.
  dir.write("drizzle/0001_email_posts.down.sql", "DROP TABLE \"public\".\"posts\";");
  std::string err;
  verify(dir, 1, &err);
  EXPECT_TRUE(contains(err,
                       "0001_email_posts: its down script does not return to the state "
                       "before it"))
      << err;
  EXPECT_TRUE(contains(err, "email")) << err;
  EXPECT_EQ(scratch_databases(), "0");
}

TEST(Verify, CatchesAnUpThatDoesNotReachTheSchemaFiles) {
  TemporaryDirectory dir;
  write_project(dir);
  dir.write(
      "schema/app.sql",
      "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text, age int);\n"
      "CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES users (id));\n");
  std::string err;
  verify(dir, 1, &err);
  EXPECT_TRUE(contains(err, "the migrations do not build the schema files")) << err;
  EXPECT_TRUE(contains(err, "age")) << err;
}

TEST(Verify, CheckVerifyRunsItAfterTheFolderCheck) {
  TemporaryDirectory dir;
  write_project(dir);
  auto sound =
      run_sleet(fmt::format("check --verify --scratch-url '{}'", test_cluster().url()), dir.path());
  EXPECT_EQ(sound.exit_code, 0) << sound.out << sound.err;
  EXPECT_TRUE(contains(sound.out, "verified 2 migrations")) << sound.out;
  dir.write("drizzle/0001_email_posts.down.sql", "DROP TABLE \"public\".\"posts\";");
  auto wrong =
      run_sleet(fmt::format("check --verify --scratch-url '{}'", test_cluster().url()), dir.path());
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out << wrong.err;
  EXPECT_TRUE(contains(wrong.err, "0001_email_posts: its down script does not return"))
      << wrong.err;
  EXPECT_EQ(scratch_databases(), "0");
}

}  // namespace
}  // namespace sleet::testing
