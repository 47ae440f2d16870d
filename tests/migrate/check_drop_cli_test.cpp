// sleet check and sleet drop: folder-only commands, exit codes and confirmations.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

TEST(CheckDropCli, CheckPassesAndFails) {
  TemporaryDirectory dir;
  write_folder(dir.path() / "drizzle", {{"a", "SELECT 1;", 1000}, {"b", "SELECT 2;", 2000}});
  auto ok = run_sleet("check --out drizzle", dir.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  // No snapshots were written: warnings, not failures.
  EXPECT_NE(ok.err.find("has no snapshot"), std::string::npos) << ok.err;

  // A .sql file with no entry: drizzle-kit ignores it, so sleet only warns.
  dir.write("drizzle/extra.sql", "SELECT 3;");
  auto stray = run_sleet("check --out drizzle", dir.path());
  EXPECT_EQ(stray.exit_code, 0) << stray.err;
  EXPECT_NE(stray.err.find("extra.sql: this .sql file is not in meta/_journal.json"),
            std::string::npos)
      << stray.err;
  EXPECT_NE(stray.err.find("warning:"), std::string::npos) << stray.err;

  // An entry whose file is missing cannot be applied: a failure.
  std::filesystem::remove(dir.path() / "drizzle" / "0001_b.sql");
  auto bad = run_sleet("check --out drizzle", dir.path());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("0001_b.sql: journal entry 0001_b has no migration file"),
            std::string::npos)
      << bad.err;
  auto json = run_sleet("check --out drizzle --json", dir.path());
  EXPECT_EQ(json.exit_code, 1);
  auto parsed = nlohmann::json::parse(json.out)["targets"];
  EXPECT_EQ(parsed[0]["ok"], false);
  EXPECT_EQ(parsed[0]["schema_drift"], "not checked");
}

TEST(CheckDropCli, DropNeedsConfirmationAndTheLastMigration) {
  TemporaryDirectory dir;
  auto out = dir.path() / "drizzle";
  MigrationFolder folder = write_folder(out, {{"a", "SELECT 1;", 1000}, {"b", "SELECT 2;", 2000}});
  dir.write("drizzle/meta/0001_snapshot.json", "{}");

  auto unconfirmed = run_sleet("drop --out drizzle", dir.path());
  EXPECT_EQ(unconfirmed.exit_code, 2);
  EXPECT_NE(unconfirmed.err.find("--yes"), std::string::npos) << unconfirmed.err;
  EXPECT_TRUE(std::filesystem::exists(out / "0001_b.sql"));

  auto middle = run_sleet("drop 0000_a --out drizzle --yes", dir.path());
  EXPECT_EQ(middle.exit_code, 2);
  EXPECT_NE(middle.err.find("prevId"), std::string::npos) << middle.err;

  auto last = run_sleet("drop --out drizzle --yes", dir.path());
  ASSERT_EQ(last.exit_code, 0) << last.err;
  EXPECT_FALSE(std::filesystem::exists(out / "0001_b.sql"));
  EXPECT_FALSE(std::filesystem::exists(out / "meta/0001_snapshot.json"));
  auto reopened = MigrationFolder::open(out);
  ASSERT_EQ(reopened.migrations().size(), 1u);
  EXPECT_EQ(reopened.migrations()[0].entry.tag, "0000_a");

  auto unknown = run_sleet("drop 0009_x --out drizzle --yes", dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
  auto forced = run_sleet("drop 0000_a --out drizzle --yes --force", dir.path());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(MigrationFolder::open(out).migrations().empty());
}

}  // namespace
}  // namespace sleet::testing
