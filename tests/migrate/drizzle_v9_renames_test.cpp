// sleet generate into a drizzle-kit 1.0 (v3) folder for renames, moves and in-place alters:
// an enum, a policy, a view and a schema renamed; a table, a sequence and a view moved to
// another schema; a sequence renamed and moved at once; a sequence's options and a view's
// check option altered; a column made generated and one no longer generated. drizzle-kit 1.0.0-rc.5
// (tests/fixtures/drizzle1) generates the same edits from TypeScript in a copy of the folder: its
// deltas are what sleet writes, its check accepts sleet's folder and its next generate finds no
// change.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// The footprints of renames and moves (drizzle-kit alters a view's options in place where
// sleet drops and creates the view, so those footprints differ by design).
std::vector<std::string> rename_footprints(const nlohmann::json& snapshot) {
  nlohmann::json kept = nlohmann::json::array();
  for (const nlohmann::json& print : snapshot.at("footprints")) {
    std::string type = print.at("statementType");
    if (type.starts_with("rename_") || type.starts_with("move_")) kept.push_back(print);
  }
  return sorted_dumps(kept);
}

struct Step {
  int version;
  std::string sleet_renames;  // generate's --rename flags
  std::vector<std::string> statement_types;
};

TEST(DrizzleV9Renames, RenamesMovesAndAltersAreWrittenAsDrizzleKitWritesThem) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  fs::path kit_out = dir.path() / "kit";
  std::string log = kit1(out, "renames_v1.ts", "generate --name v1");
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 1u) << log;
  fs::copy(out, kit_out, fs::copy_options::recursive);

  const std::vector<Step> steps{
      {2,
       "--rename enum:shop.status=shop.order_status --rename table:public.notes=archive.notes "
       "--rename policy:public.items.items_read=items_select "
       "--rename view:public.cheap=public.bargains",
       {"rename_enum", "move_table", "rename_view", "rename_policy", "alter_sequence"}},
      {3,
       "--rename schema:archive=vault --rename sequence:public.counter=shop.counter "
       "--rename view:public.bargains=shop.bargains",
       {"rename_schema", "move_sequence", "move_view"}},
      {4, "--rename sequence:shop.counter=public.tally", {"move_sequence", "rename_sequence"}}};
  for (const Step& step : steps) {
    std::string schema = fmt::format("renames_v{}.ts", step.version);
    fs::path hints = kit1_fixture() / fmt::format("renames_v{}.hints.json", step.version);
    log = kit1(kit_out, schema,
               fmt::format("generate --name v{} --hints-file '{}'", step.version, hints.string()));
    ASSERT_EQ(MigrationFolder::open(kit_out).migrations().size(),
              static_cast<std::size_t>(step.version))
        << log;

    dir.write("sleet.toml", fmt::format("schema = \"{}\"\nout = \"drizzle\"\n",
                                        (kit1_fixture() / schema).string()));
    auto generated = run_sleet(
        fmt::format("generate --name v{} {}", step.version, step.sleet_renames), dir.path());
    ASSERT_EQ(generated.exit_code, 0) << schema << ": " << generated.out << generated.err;

    nlohmann::json ours = last_snapshot(out);
    nlohmann::json theirs = last_snapshot(kit_out);
    EXPECT_EQ(sorted_dumps(ours.at("deltas")), sorted_dumps(theirs.at("deltas")))
        << schema << "\nsleet: " << ours.at("deltas").dump(2)
        << "\ndrizzle-kit: " << theirs.at("deltas").dump(2);
    EXPECT_EQ(rename_footprints(ours), rename_footprints(theirs)) << schema;
    for (const std::string& type : step.statement_types) {
      bool found = std::any_of(
          ours.at("footprints").begin(), ours.at("footprints").end(),
          [&](const nlohmann::json& print) { return print.at("statementType") == type; });
      EXPECT_TRUE(found) << schema << ": no " << type << " footprint in " << ours.dump(2);
    }

    log = kit1(out, schema, "check");
    EXPECT_FALSE(log.starts_with("FAILED")) << schema << ": " << log;
    std::size_t before = MigrationFolder::open(out).migrations().size();
    log = kit1(out, schema, "generate --name again");
    EXPECT_NE(log.find("No schema changes"), std::string::npos) << schema << ": " << log;
    ASSERT_EQ(MigrationFolder::open(out).migrations().size(), before) << log;
    generated = run_sleet("generate --name again", dir.path());
    EXPECT_NE(generated.out.find("No schema changes"), std::string::npos)
        << schema << ": " << generated.out << generated.err;
  }

  // Both migrators build the same database from sleet's folder.
  auto by_kit = test_cluster().fresh_database("v9_renames_kit");
  auto by_sleet = test_cluster().fresh_database("v9_renames_sleet");
  log = kit1(out, "renames_v4.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
  auto sequence = test_cluster().execute(
      "select increment_by || ' ' || cache_size from pg_sequences where schemaname = 'public' "
      "and sequencename = 'tally'",
      by_sleet);
  ASSERT_EQ(sequence.rows(), 1);
  EXPECT_EQ(sequence.value(0, 0), "5 10");
}

// drizzle-kit recreates a column made generated (recreate_column) and alters one that is no
// longer generated (alter_column, DROP EXPRESSION); sleet writes the same deltas and nodes.
TEST(DrizzleV9Renames, ColumnsMadeGeneratedOrPlainAreWrittenAsDrizzleKitWritesThem) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  fs::path kit_out = dir.path() / "kit";
  std::string log = kit1(out, "generated_v1.ts", "generate --name v1");
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 1u) << log;
  fs::copy(out, kit_out, fs::copy_options::recursive);
  log = kit1(kit_out, "generated_v2.ts", "generate --name v2");
  ASSERT_EQ(MigrationFolder::open(kit_out).migrations().size(), 2u) << log;
  dir.write("sleet.toml", fmt::format("schema = \"{}\"\nout = \"drizzle\"\n",
                                      (kit1_fixture() / "generated_v2.ts").string()));
  auto generated = run_sleet("generate --name v2", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;

  nlohmann::json ours = last_snapshot(out);
  nlohmann::json theirs = last_snapshot(kit_out);
  EXPECT_EQ(sorted_dumps(ours.at("deltas")), sorted_dumps(theirs.at("deltas")))
      << "sleet: " << ours.at("deltas").dump(2) << "\ndrizzle-kit: " << theirs.at("deltas").dump(2);
  EXPECT_EQ(footprints_without_hash(ours.at("footprints")),
            footprints_without_hash(theirs.at("footprints")))
      << ours.dump(2);

  log = kit1(out, "generated_v2.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  log = kit1(out, "generated_v2.ts", "generate --name again");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  EXPECT_EQ(MigrationFolder::open(out).migrations().size(), 2u) << log;

  auto by_kit = test_cluster().fresh_database("v9_generated_kit");
  auto by_sleet = test_cluster().fresh_database("v9_generated_sleet");
  log = kit1(out, "generated_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
  auto kinds = test_cluster().execute(
      "select column_name || ' ' || is_generated from information_schema.columns where "
      "table_name = 'lines' and column_name in ('doubled', 'tripled') order by column_name",
      by_sleet);
  ASSERT_EQ(kinds.rows(), 2);
  EXPECT_EQ(kinds.value(0, 0), "doubled ALWAYS");
  EXPECT_EQ(kinds.value(1, 0), "tripled NEVER");
}

}  // namespace
}  // namespace sleet::testing
