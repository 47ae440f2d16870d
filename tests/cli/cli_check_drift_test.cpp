// `sleet check` as a CI guard: schema files changed without a generated migration fail it.
#include <gtest/gtest.h>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

TEST(CliCheck, SchemaChangesWithoutAMigrationAreDrift) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n");
  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY);\n");
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;

  auto clean = run_sleet("check", dir.path());
  EXPECT_EQ(clean.exit_code, 0) << clean.err;

  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY, name text);\n");
  auto drift = run_sleet("check", dir.path());
  EXPECT_EQ(drift.exit_code, 1);
  EXPECT_NE(drift.err.find("the schema files differ from the latest migration"), std::string::npos)
      << drift.err;
  EXPECT_NE(drift.err.find("ADD COLUMN \"name\" text"), std::string::npos) << drift.err;
  EXPECT_NE(drift.err.find("sleet generate"), std::string::npos) << drift.err;

  auto regenerated = run_sleet("generate --name add_name", dir.path());
  ASSERT_EQ(regenerated.exit_code, 0) << regenerated.err;
  EXPECT_EQ(run_sleet("check", dir.path()).exit_code, 0);
}

}  // namespace
}  // namespace sleet::testing

#include <fmt/format.h>

#include "support/test_cluster.h"

namespace sleet::testing {
namespace {

TEST(CliDrop, RefusesAMigrationTheDatabaseShowsAppliedUnlessForced) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("drop_applied");
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n",
                                      cluster.url(database)));
  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("up", dir.path()).exit_code, 0);

  auto refused = run_sleet("drop --yes", dir.path());
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("0000_init is applied"), std::string::npos) << refused.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "drizzle" / "0000_init.sql"));

  // A migration not applied yet can go.
  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY, name text);\n");
  ASSERT_EQ(run_sleet("generate --name add_name", dir.path()).exit_code, 0);
  auto dropped = run_sleet("drop --yes", dir.path());
  EXPECT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle" / "0001_add_name.sql"));

  auto forced = run_sleet("drop --yes --force", dir.path());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle" / "0000_init.sql"));
}

// A migration file deleted by hand: every command names the journal entry and points to
// `sleet drop <tag> --force`, which must then work (it once failed with the same error).
TEST(CliDrop, ForcedDropRemovesAnEntryWhoseFileIsGone) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n");
  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/a.sql", "CREATE TABLE t (id int PRIMARY KEY, name text);\n");
  ASSERT_EQ(run_sleet("generate --name add_name", dir.path()).exit_code, 0);
  std::filesystem::remove(dir.path() / "drizzle" / "0001_add_name.sql");

  auto broken = run_sleet("generate --dry-run", dir.path());
  EXPECT_EQ(broken.exit_code, 2) << broken.err;
  EXPECT_NE(broken.err.find("journal entry 0001_add_name (idx 1) has no file"),
            std::string::npos)
      << broken.err;
  EXPECT_NE(broken.err.find("sleet drop 0001_add_name --force"), std::string::npos) << broken.err;

  auto unforced = run_sleet("drop 0001_add_name --yes", dir.path());
  EXPECT_EQ(unforced.exit_code, 2) << unforced.err;

  auto dropped = run_sleet("drop 0001_add_name --force --yes", dir.path());
  EXPECT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle" / "meta" / "0001_snapshot.json"));
  // The folder is whole again: generate writes the change as 0001 once more.
  auto again = run_sleet("generate --name add_name", dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "drizzle" / "0001_add_name.sql"));
  EXPECT_EQ(run_sleet("check", dir.path()).exit_code, 0);
}

}  // namespace
}  // namespace sleet::testing

#include <regex>

namespace sleet::testing {
namespace {

TEST(CliGenerate, RefusesAForkedSnapshotChain) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n");
  dir.write("schema/a.sql", "CREATE TABLE t (id int);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/a.sql", "CREATE TABLE t (id int, a text);\n");
  ASSERT_EQ(run_sleet("generate --name branch_a", dir.path()).exit_code, 0);
  // A second branch's snapshot with the same parent, as a merge of two branches leaves it.
  auto meta = dir.path() / "drizzle" / "meta";
  std::string text = read_file(meta / "0001_snapshot.json");
  text = std::regex_replace(text, std::regex("\"id\": \"[^\"]*\""),
                            "\"id\": \"11111111-2222-4333-8444-555555555555\"",
                            std::regex_constants::format_first_only);
  dir.write("drizzle/meta/0002_snapshot.json", text);

  dir.write("schema/a.sql", "CREATE TABLE t (id int, a text, b text);\n");
  auto result = run_sleet("generate --name next", dir.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("0001_snapshot.json and 0002_snapshot.json both follow"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle" / "0002_next.sql"));
}

}  // namespace
}  // namespace sleet::testing
