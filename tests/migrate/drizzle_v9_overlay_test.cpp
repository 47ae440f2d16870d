// Attributes drizzle-kit 1.0's ddl has a row for but no field (a column's collation, MATCH
// FULL and DEFERRABLE keys, NO INHERIT and NOT VALID checks, an index's INCLUDE, a view's column
// list) in a v3 folder: sleet writes drizzle-kit's row without them and carries them in the
// snapshot's "sleet" member as overlays, which its replay applies while drizzle-kit has not
// changed the row since. drizzle-kit 1.0.0-rc.5 (tests/fixtures/drizzle1) is the judge: its
// check accepts the folder and its generate on the TypeScript schema of what it can declare
// finds no change; and when drizzle-kit itself recreates a key (ON DELETE CASCADE), the key's
// stale overlay is not applied: the database drizzle-kit migrated shows no drift.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTables = R"sql(
CREATE TABLE owners (id serial PRIMARY KEY, name text COLLATE "C" NOT NULL);
CREATE TABLE items (
  id serial PRIMARY KEY,
  owner_id integer NOT NULL,
  label text NOT NULL,
  qty integer NOT NULL,
  CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) MATCH FULL {}
    DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT items_qty_positive CHECK (qty > 0) NO INHERIT,
  CONSTRAINT items_label_key UNIQUE (label) DEFERRABLE
);
ALTER TABLE items ADD CONSTRAINT items_qty_small CHECK (qty < 1000) {};
CREATE INDEX items_label_idx ON items (label) INCLUDE (qty);
CREATE VIEW labels (item, text) AS SELECT id, label FROM items;
)sql";

std::string constraint_flags(const std::string& database, const std::string& name) {
  return std::string(
      test_cluster()
          .execute(fmt::format("select condeferrable::text || ' ' || convalidated::text || ' ' || "
                               "confmatchtype::text from pg_constraint where conname = '{}'",
                               name),
                   database)
          .value(0, 0));
}

TEST(DrizzleV9Overlay, AttributesWithoutADdlFieldRideInTheMemberUntilDrizzleKitChangesTheRow) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", fmt::format(kTables, "", "NOT VALID"));
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;

  // drizzle-kit's rows without the attributes; the member's overlays name each row.
  nlohmann::json base = last_snapshot(out);
  for (const nlohmann::json& row : base.at("ddl")) {
    if (row.at("entityType") == "indexes") EXPECT_EQ(row.at("with"), "") << row.dump();
  }
  ASSERT_TRUE(base.contains("sleet")) << base.dump(2);
  const nlohmann::json& overlays = base.at("sleet").at("overlays");
  // Keys as drizzle-kit spells them: entity type, NUL, the identity's JSON.
  for (const auto& [type, identity] : std::vector<std::pair<std::string, std::string>>{
           {"columns", R"(["public","owners","name"])"},
           {"fks", R"(["public","items","items_owner_fk"])"},
           {"uniques", R"(["public","items","items_label_key"])"},
           {"checks", R"(["public","items","items_qty_positive"])"},
           {"checks", R"(["public","items","items_qty_small"])"},
           {"indexes", R"(["public","items_label_idx"])"},
           {"views", R"(["public","labels"])"}}) {
    std::string key = type + std::string(1, '\0') + identity;
    EXPECT_TRUE(overlays.contains(key)) << type << identity << " in " << overlays.dump(2);
  }
  expect_both_tools_agree(dir.path(), out, "overlay_v1.ts");

  // drizzle-kit makes the key ON DELETE CASCADE: it drops and adds it without MATCH FULL and
  // DEFERRABLE. sleet's state of the folder follows: the database drizzle-kit migrated shows no
  // drift, while the other overlays still hold.
  std::string log = kit1(out, "overlay_v2.ts", "generate --name cascade");
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 2u) << log;
  auto by_kit = test_cluster().fresh_database("v9_overlay_kit");
  log = kit1(out, "overlay_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(constraint_flags(by_kit, "items_owner_fk"), "false true s");
  EXPECT_EQ(constraint_flags(by_kit, "items_label_key"), "true true  ");
  auto status = run_sleet(fmt::format("status --url '{}'", test_cluster().url(by_kit)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;

  // sleet restores the key's attributes and validates the check: drizzle-kit's rows do not
  // change (no deltas), the member and the footprints say what ran.
  dir.write("schema.sql", fmt::format(kTables, "ON DELETE CASCADE", ""));
  generated = run_sleet("generate --name restore", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json restore = last_snapshot(out);
  EXPECT_TRUE(restore.at("deltas").empty()) << restore.dump(2);
  std::set<std::string> types;
  for (const nlohmann::json& print : restore.at("footprints"))
    types.insert(print.at("statementType").get<std::string>());
  EXPECT_EQ(types, (std::set<std::string>{"drop_fk", "create_fk", "sleet_validate_constraint"}));
  ASSERT_TRUE(restore.contains("sleet"));
  expect_both_tools_agree(dir.path(), out, "overlay_v2.ts");

  // Both migrators build the same database, with every attribute.
  log = kit1(out, "overlay_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto by_sleet = test_cluster().fresh_database("v9_overlay_sleet");
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  for (const std::string& database : {by_kit, by_sleet}) {
    EXPECT_EQ(constraint_flags(database, "items_owner_fk"), "true true f") << database;
    EXPECT_EQ(constraint_flags(database, "items_qty_small"), "false true  ") << database;
    status = run_sleet(fmt::format("status --url '{}'", test_cluster().url(database)), dir.path());
    EXPECT_EQ(status.exit_code, 0) << database << ": " << status.out << status.err;
  }
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
  auto collation = test_cluster().execute(
      "select collation_name from information_schema.columns where table_name = 'owners' and "
      "column_name = 'name'",
      by_sleet);
  EXPECT_EQ(std::string(collation.value(0, 0)), "C");
}

}  // namespace
}  // namespace sleet::testing
