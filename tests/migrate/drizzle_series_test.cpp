// A long history: 160 migrations that the pinned drizzle-kit generated from a scripted
// series of schema edits (tests/fixtures/drizzle/series.mjs; every 20th a custom migration
// with SQL written by hand). sleet migrates it to what drizzle-kit migrates it to, and then
// status, check, diff, pull and generate all tell the truth about the database.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "drizzle_checks.h"

namespace sleet::testing {
namespace {

constexpr int kSteps = 160;

TEST(DrizzleSeries, ALongHistoryMigratesAndEveryCommandAgrees) {
  TemporaryDirectory dir;
  // kit.sh installs the fixture's node_modules on first use.
  std::string log = drizzle_kit(dir.path() / "unused", "schema.ts", "--version");
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto started = std::chrono::steady_clock::now();
  log = shell(
      fmt::format("node '{}/series.mjs' '{}' {}", fixture().string(), dir.path().string(), kSteps));
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  std::cout << "drizzle-kit generated " << kSteps << " migrations in "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                started)
                   .count()
            << " s\n";
  std::filesystem::path out = dir.path() / "drizzle";
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), static_cast<size_t>(kSteps));

  MigratedByBoth both = migrate_with_both(out, "series");
  EXPECT_EQ(tracking_rows(both.by_sleet).size(), static_cast<size_t>(kSteps));
  expect_no_drift(dir.path(), both.by_sleet);
  expect_no_drift(dir.path(), both.by_kit);
  auto check = run_sleet("check --out drizzle", dir.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  expect_pull_agrees(dir.path(), both.by_kit);

  // The last schema.ts as SQL (drizzle-kit export) against the folder: nothing to generate,
  // though custom migrations made indexes, a comment and an extension it does not declare.
  std::string declared = shell(
      fmt::format("cd '{}' && node node_modules/drizzle-kit/bin.cjs export", dir.path().string()));
  ASSERT_FALSE(declared.starts_with("FAILED")) << declared;
  dir.write("schema/schema.sql", declared);
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n");
  auto generated = run_sleet("generate --dry-run", dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;
  check = run_sleet("check", dir.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
}  // namespace sleet::testing
