// Two branches merged into a drizzle-kit 1.0 (v3) folder, answered as drizzle-kit 1.0.0-rc.5's
// generate answers them: commuting branches get a merge migration whose snapshot names both
// leaves (with the next change, or with --custom when there is none), which drizzle-kit checks,
// continues and applies as sleet does; conflicting ones are refused, nothing written.
#include <gtest/gtest.h>

#include "drizzle_kit.h"
#include "migrate_test_support.h"
#include "v3_branches.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// A project whose schema is the fixture file `schema` and whose migration folder is `out`.
fs::path project_for(const TemporaryDirectory& dir, const std::string& schema,
                     const fs::path& out) {
  dir.write("project/sleet.toml", fmt::format("schema = \"{}\"\nout = \"{}\"\n",
                                              (kit1_fixture() / schema).string(), out.string()));
  return dir.path() / "project";
}

// The leaves' ids as drizzle-kit 1.0 lists them in a merge's prevIds: newest folder first.
nlohmann::json leaf_ids(const V3Branches& branches) {
  return nlohmann::json::array({snapshot_of(branches.merged, branches.second)["id"],
                                snapshot_of(branches.merged, branches.first)["id"]});
}

// The database that applied each branch alone before the merge, by drizzle-kit and by sleet:
// both then apply the merged folder, and must agree.
void expect_both_tools_apply_alike(const TemporaryDirectory& dir, const V3Branches& branches,
                                   const std::string& schema, const std::string& name) {
  std::string by_kit = test_cluster().fresh_database(name + "_kit");
  std::string by_sleet = test_cluster().fresh_database(name + "_sleet");
  std::string log = kit1(branches.two, "branch_b.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  ASSERT_EQ(migrate_cli(by_sleet, branches.two).exit_code, 0);
  log = kit1(branches.merged, schema, "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  CommandResult applied = migrate_cli(by_sleet, branches.merged);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  // The branch the databases lacked and the merge migration: the same rows, the same tables.
  EXPECT_NE(applied.out.find("applied 2 migrations"), std::string::npos) << applied.out;
  EXPECT_EQ(named_tracking_rows(by_sleet), named_tracking_rows(by_kit));
  EXPECT_EQ(named_tracking_rows(by_kit).size(), 5u);
  EXPECT_EQ(schema_outline(by_sleet), schema_outline(by_kit));
  EXPECT_TRUE(relation_exists(by_sleet, "public.coupons"));
  // status no longer names unmerged branches, and finds nothing pending or drifted.
  CommandResult status =
      run_sleet(fmt::format("status --url '{}' --out '{}'", test_cluster().url(by_sleet),
                            branches.merged.string()),
                dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_EQ(status.err.find("two branches"), std::string::npos) << status.err;
}

TEST(BranchMergeV3, GenerateWritesTheMergeMigrationDrizzleKitWrites) {
  TemporaryDirectory dir;
  V3Branches branches = make_v3_branches(dir, "branch_a.ts", "branch_b.ts");
  ASSERT_EQ(MigrationFolder::open(branches.merged).migrations().size(), 4u) << branches.log;
  fs::path folder = branches.merged;

  // drizzle-kit's own answer, on a copy: its generate with a change writes the merge.
  fs::path kit_folder = dir.path() / "kit_merge";
  fs::copy(folder, kit_folder, fs::copy_options::recursive);
  std::string log = kit1(kit_folder, "merged_v2.ts", "generate --name merge");
  MigrationFolder kit_after = MigrationFolder::open(kit_folder);
  ASSERT_EQ(kit_after.migrations().size(), 5u) << log;
  nlohmann::json kit_merge = snapshot_of(kit_folder, kit_after.migrations().back().entry.tag);
  ASSERT_EQ(kit_merge["prevIds"], leaf_ids(branches)) << kit_merge.dump(2);

  // Without a further change nothing is written, as drizzle-kit's generate; sleet says how
  // the branches get merged.
  fs::path project = project_for(dir, "merged.ts", folder);
  std::map<std::string, std::string> before = contents(folder);
  CommandResult same = run_sleet("generate --name merge", project);
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("No schema changes"), std::string::npos) << same.out;
  EXPECT_NE(same.err.find(fmt::format("the branches ending in {} and {} stay unmerged",
                                      branches.first, branches.second)),
            std::string::npos)
      << same.err;
  EXPECT_NE(same.err.find("--custom"), std::string::npos) << same.err;
  EXPECT_EQ(contents(folder), before);

  // With the change: the merge node, its parents in drizzle-kit's order, its deltas as
  // drizzle-kit's.
  project = project_for(dir, "merged_v2.ts", folder);
  CommandResult generated = run_sleet("generate --name merge", project);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("merges the branches ending in"), std::string::npos)
      << generated.out;
  MigrationFolder after = MigrationFolder::open(folder);
  ASSERT_EQ(after.migrations().size(), 5u);
  std::string merge = after.migrations().back().entry.tag;
  EXPECT_TRUE(merge.ends_with("_merge")) << merge;
  EXPECT_GT(merge, branches.second);
  nlohmann::json snapshot = snapshot_of(folder, merge);
  EXPECT_EQ(snapshot["type"], "diff");
  EXPECT_EQ(snapshot["prevIds"], kit_merge["prevIds"]);
  EXPECT_EQ(snapshot["deltas"], kit_merge["deltas"]);
  EXPECT_EQ(snapshot["footprints"].size(), 1u) << snapshot.dump(2);
  EXPECT_NE(read_file(folder / merge / "migration.sql").find("\"note\""), std::string::npos);

  CommandResult checked = run_sleet(fmt::format("check --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_EQ(checked.err.find("two branches"), std::string::npos) << checked.err;
  log = kit1(folder, "merged_v2.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  // Each tool continues the other's folder with nothing to do.
  log = kit1(folder, "merged_v2.ts", "generate");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  EXPECT_EQ(MigrationFolder::open(folder).migrations().size(), 5u) << log;
  CommandResult again = run_sleet("generate", project);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("No schema changes"), std::string::npos) << again.out;
  EXPECT_EQ(again.err.find("unmerged"), std::string::npos) << again.err;

  expect_both_tools_apply_alike(dir, branches, "merged_v2.ts", "v3_merge");
}

TEST(BranchMergeV3, CustomWritesAnEmptyMergeMigrationWhenNothingElseChanged) {
  TemporaryDirectory dir;
  V3Branches branches = make_v3_branches(dir, "branch_a.ts", "branch_b.ts");
  ASSERT_EQ(MigrationFolder::open(branches.merged).migrations().size(), 4u) << branches.log;
  fs::path folder = branches.merged;
  fs::path project = project_for(dir, "merged.ts", folder);
  CommandResult generated = run_sleet("generate --custom --name merge", project);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  MigrationFolder after = MigrationFolder::open(folder);
  ASSERT_EQ(after.migrations().size(), 5u);
  std::string merge = after.migrations().back().entry.tag;
  // As drizzle-kit's generate --custom writes it: both leaves, no deltas, no footprints.
  nlohmann::json snapshot = snapshot_of(folder, merge);
  EXPECT_EQ(snapshot["prevIds"], leaf_ids(branches));
  EXPECT_EQ(snapshot["deltas"], nlohmann::json::array());
  EXPECT_EQ(snapshot["footprints"], nlohmann::json::array());

  std::string log = kit1(folder, "merged.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  log = kit1(folder, "merged.ts", "generate");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  EXPECT_EQ(MigrationFolder::open(folder).migrations().size(), 5u) << log;
  expect_both_tools_apply_alike(dir, branches, "merged.ts", "v3_custom_merge");
}

TEST(BranchMergeV3, ConflictingBranchesAreRefusedAsDrizzleKitRefusesThem) {
  TemporaryDirectory dir;
  // One branch drops table refunds, the other adds a column to it.
  V3Branches branches = make_v3_branches(dir, "branch_c.ts", "branch_d.ts");
  ASSERT_EQ(MigrationFolder::open(branches.merged).migrations().size(), 4u) << branches.log;
  fs::path folder = branches.merged;
  std::map<std::string, std::string> before = contents(folder);
  fs::path project = project_for(dir, "branch_d.ts", folder);
  for (const char* arguments : {"generate --name next", "generate --custom --name merge"}) {
    CommandResult refused = run_sleet(arguments, project);
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    EXPECT_NE(
        refused.err.find(fmt::format("{} and {} both touch", branches.first, branches.second)),
        std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("public.refunds"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("do not commute"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("sleet rebase"), std::string::npos) << refused.err;
    EXPECT_EQ(contents(folder), before);
  }
  // drizzle-kit's generate refuses the same folder.
  std::string log = kit1(folder, "branch_d.ts", "generate --name next");
  EXPECT_TRUE(log.starts_with("FAILED")) << log;
  EXPECT_NE(log.find("Conflicting migrations detected"), std::string::npos) << log;
  EXPECT_EQ(contents(folder), before);
}

}  // namespace
}  // namespace sleet::testing
