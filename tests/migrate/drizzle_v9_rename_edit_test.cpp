// sleet generate into a drizzle-kit 1.0 (v3) folder when one migration renames an object and
// edits it too: a table renamed (its default-named primary key follows it, as a fresh load of
// the schema names it) with two of its columns renamed and given new types. drizzle-kit
// 1.0.0-rc.5 (tests/fixtures/drizzle1) generates the same edit from TypeScript in a copy of the
// folder: sleet's deltas and footprints are drizzle-kit's plus the key's rename, drizzle-kit's
// check accepts sleet's folder and its next generate finds no change; the rows survive.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

std::string constraint_names(const std::string& table, const std::string& database) {
  return std::string(
      test_cluster()
          .execute(fmt::format("select string_agg(conname, ',' order by conname) from "
                               "pg_constraint where conrelid = 'public.{}'::regclass",
                               table),
                   database)
          .value(0, 0));
}

TEST(DrizzleV9RenameEdit, RenamedTableAndColumnsWithNewTypesAreWrittenAsDrizzleKitWritesThem) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  fs::path kit_out = dir.path() / "kit";
  std::string log = kit1(out, "rename_edit_v1.ts", "generate --name v1");
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 1u) << log;
  fs::copy(out, kit_out, fs::copy_options::recursive);

  // A database at v1 holding rows, migrated by sleet afterwards.
  auto with_rows = test_cluster().fresh_database("v9_rename_edit_rows");
  auto applied = migrate_cli(with_rows, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  test_cluster().execute("insert into lines (qty, note) values (3, 'first'), (4, null)", with_rows);

  fs::path hints = kit1_fixture() / "rename_edit_v2.hints.json";
  log = kit1(kit_out, "rename_edit_v2.ts",
             fmt::format("generate --name v2 --hints-file '{}'", hints.string()));
  ASSERT_EQ(MigrationFolder::open(kit_out).migrations().size(), 2u) << log;

  dir.write("sleet.toml", fmt::format("schema = \"{}\"\nout = \"drizzle\"\n",
                                      (kit1_fixture() / "rename_edit_v2.ts").string()));
  auto generated = run_sleet(
      "generate --name v2 --rename table:public.lines=public.order_lines "
      "--rename column:public.order_lines.qty=quantity "
      "--rename column:public.order_lines.note=memo",
      dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;

  // drizzle-kit keeps the key's old name (lines_pkey, as the server does); sleet renames it to
  // the new table's default, which a fresh load of the schema holds: one rename delta of the key
  // and its rename_constraint footprint more, the rest as drizzle-kit wrote it.
  nlohmann::json ours = last_snapshot(out);
  nlohmann::json theirs = last_snapshot(kit_out);
  const nlohmann::json key_rename = {
      {"op", "rename"},
      {"key", std::string("pks") + '\0' + R"(["public","order_lines","lines_pkey"])"},
      {"set", {{"name", "order_lines_pkey"}}}};
  nlohmann::json expected_deltas = theirs.at("deltas");
  expected_deltas.push_back(key_rename);
  EXPECT_EQ(sorted_dumps(ours.at("deltas")), sorted_dumps(expected_deltas))
      << "sleet: " << ours.at("deltas").dump(2) << "\ndrizzle-kit: " << theirs.at("deltas").dump(2);
  nlohmann::json our_prints = nlohmann::json::array();
  nlohmann::json key_prints = nlohmann::json::array();
  for (const nlohmann::json& print : ours.at("footprints"))
    (print.at("statementType") == "rename_constraint" ? key_prints : our_prints).push_back(print);
  EXPECT_EQ(footprints_without_hash(our_prints), footprints_without_hash(theirs.at("footprints")))
      << ours.at("footprints").dump(2);
  ASSERT_EQ(key_prints.size(), 1u) << ours.at("footprints").dump(2);
  EXPECT_EQ(key_prints[0].at("statementTarget"),
            nlohmann::json::array({"table", "public", "order_lines"}));

  log = kit1(out, "rename_edit_v2.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  log = kit1(out, "rename_edit_v2.ts", "generate --name again");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 2u) << log;
  generated = run_sleet("generate --name again", dir.path());
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos)
      << generated.out << generated.err;

  // The rows keep their ids and values under the new names; the next id continues.
  applied = migrate_cli(with_rows, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  test_cluster().execute("insert into order_lines (quantity) values (5000000000)", with_rows);
  auto rows = test_cluster().execute(
      "select string_agg(id || ':' || quantity || ':' || coalesce(memo, '-'), ',' order by id) "
      "from order_lines",
      with_rows);
  EXPECT_EQ(rows.value(0, 0), "1:3:first,2:4:-,3:5000000000:none");
  EXPECT_EQ(constraint_names("order_lines", with_rows), "order_lines_pkey");

  // Both migrators build the same database from sleet's folder, the key named as a fresh load
  // names it.
  auto by_kit = test_cluster().fresh_database("v9_rename_edit_kit");
  auto by_sleet = test_cluster().fresh_database("v9_rename_edit_sleet");
  log = kit1(out, "rename_edit_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
  EXPECT_EQ(constraint_names("order_lines", by_kit), "order_lines_pkey");
  auto fresh = test_cluster().fresh_database("v9_rename_edit_fresh");
  test_cluster().execute(
      "create table order_lines (id serial primary key, quantity bigint not null, memo text "
      "default 'none')",
      fresh);
  compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(fresh),
                                   test_cluster().url(by_sleet)),
                       dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
}

}  // namespace
}  // namespace sleet::testing
