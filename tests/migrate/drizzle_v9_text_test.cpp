// sleet generate into a drizzle-kit 1.0 (v3) folder for what carries SQL text drizzle-kit
// compares as the TypeScript spells it: checks, generated columns, expression and partial
// indexes, policies, views and materialized views, added, changed and dropped. drizzle-kit
// 1.0.0-rc.5 (tests/fixtures/drizzle1) is the judge: its check accepts the folder, its own
// generate on the same schema finds no change, its migrate builds what sleet migrate builds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "drizzle_kit.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

nlohmann::json snapshot_of(const fs::path& out, std::size_t index) {
  MigrationFolder folder = MigrationFolder::open(out);
  return nlohmann::json::parse(
      read_file(out / folder.migrations().at(index).entry.tag / "snapshot.json"));
}

std::set<std::string> statement_types(const nlohmann::json& snapshot) {
  std::set<std::string> types;
  for (const nlohmann::json& print : snapshot.at("footprints"))
    types.insert(print.at("statementType").get<std::string>());
  return types;
}

// The deltas of `snapshot` with operation `op` on entities of `type` (their keys or rows).
std::vector<nlohmann::json> deltas(const nlohmann::json& snapshot, const std::string& op,
                                   const std::string& type) {
  std::vector<nlohmann::json> found;
  for (const nlohmann::json& delta : snapshot.at("deltas")) {
    if (delta.at("op") != op) continue;
    std::string entity = delta.contains("row") ? delta.at("row").at("entityType").get<std::string>()
                                               : delta.at("key").get<std::string>();
    if (entity.starts_with(type)) found.push_back(delta);
  }
  return found;
}

// drizzle-kit check passes on `out` and its generate for `schema` finds nothing to write.
void expect_drizzle_kit_agrees(const fs::path& out, const std::string& schema) {
  std::size_t before = MigrationFolder::open(out).migrations().size();
  std::string log = kit1(out, schema, "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << schema << ": " << log;
  log = kit1(out, schema, "generate --name again");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << schema << ": " << log;
  EXPECT_EQ(MigrationFolder::open(out).migrations().size(), before) << log;
}

// drizzle-kit migrate and sleet migrate build the same database and tracking rows from `out`.
void expect_same_database(const fs::path& out, const fs::path& project, const std::string& name,
                          std::size_t migrations) {
  auto by_kit = test_cluster().fresh_database(name + "_kit");
  auto by_sleet = test_cluster().fresh_database(name + "_sleet");
  std::string log = kit1(out, "text_v1.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_kit).size(), migrations);
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            project);
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
}

TEST(DrizzleV9Text, GenerateWritesChecksViewsPoliciesGeneratedColumnsAndIndexesAsDrizzleKit) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  std::string log = kit1(out, "text_v1.ts", "generate --name v1");
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 1u) << log;

  // text_v2.ts adds them (and a table holding a check, a generated column, an expression
  // index and a policy; views with options, an index with an operator class), text_v3.ts
  // changes them, text_v4.ts drops them.
  for (int version = 2; version <= 4; ++version) {
    std::string schema = fmt::format("text_v{}.ts", version);
    dir.write("sleet.toml", fmt::format("schema = \"{}\"\nout = \"drizzle\"\n",
                                        (kit1_fixture() / schema).string()));
    auto generated = run_sleet(fmt::format("generate --name v{}", version), dir.path());
    ASSERT_EQ(generated.exit_code, 0) << schema << ": " << generated.out << generated.err;
    ASSERT_EQ(MigrationFolder::open(out).migrations().size(), static_cast<std::size_t>(version));
    expect_drizzle_kit_agrees(out, schema);
    // Nor does sleet find a change left.
    generated = run_sleet("generate --name again", dir.path());
    EXPECT_NE(generated.out.find("No schema changes"), std::string::npos)
        << schema << ": " << generated.out << generated.err;
  }

  nlohmann::json added = snapshot_of(out, 1);
  EXPECT_EQ(statement_types(added),
            (std::set<std::string>{"add_column", "add_check", "create_index", "create_policy",
                                   "create_view", "alter_rls", "create_table"}));
  // The text drizzle-kit's TypeScript spells, not sleet's canonical form.
  std::set<std::string> checks;
  for (const nlohmann::json& delta : deltas(added, "create", "checks"))
    checks.insert(delta.at("row").at("value").get<std::string>());
  EXPECT_TRUE(checks.contains("\"price\" > 0")) << added.dump(2);
  std::set<std::string> views;
  for (const nlohmann::json& delta : deltas(added, "create", "views"))
    views.insert(delta.at("row").at("name").get<std::string>() +
                 (delta.at("row").at("materialized") == true ? " (materialized)" : ""));
  EXPECT_EQ(views, (std::set<std::string>{"cheap", "named", "counts (materialized)"}));
  // Options drizzle-kit's ddl holds: a view's check option and security barrier, a
  // materialized view's fillfactor and WITH NO DATA.
  for (const nlohmann::json& delta : deltas(added, "create", "views")) {
    const nlohmann::json& row = delta.at("row");
    if (row.at("name") == "named") {
      EXPECT_EQ(row.at("with").at("checkOption"), "local") << row.dump(2);
      EXPECT_EQ(row.at("with").at("securityBarrier"), true) << row.dump(2);
    }
    if (row.at("name") == "counts") {
      EXPECT_EQ(row.at("with").at("fillfactor"), 70) << row.dump(2);
      EXPECT_EQ(row.at("withNoData"), true) << row.dump(2);
    }
  }

  nlohmann::json changed = snapshot_of(out, 2);
  EXPECT_EQ(statement_types(changed),
            (std::set<std::string>{"recreate_column", "recreate_index", "alter_check",
                                   "alter_policy", "drop_view", "create_view"}));
  EXPECT_TRUE(deltas(changed, "create", "").empty()) << changed.dump(2);
  EXPECT_TRUE(deltas(changed, "drop", "").empty()) << changed.dump(2);
  EXPECT_EQ(deltas(changed, "alter", "views").size(), 2u) << changed.dump(2);
  EXPECT_EQ(deltas(changed, "alter", "indexes").size(), 2u) << changed.dump(2);

  nlohmann::json dropped = snapshot_of(out, 3);
  EXPECT_EQ(deltas(dropped, "drop", "views").size(), 3u) << dropped.dump(2);
  EXPECT_EQ(deltas(dropped, "drop", "policies").size(), 3u) << dropped.dump(2);
  EXPECT_TRUE(statement_types(dropped).contains("drop_check"));

  expect_same_database(out, dir.path(), "v9_text", 4);
}

// Schema files in SQL (no TypeScript): a folder sleet starts in drizzle-kit 1.0's layout,
// with the same kinds added and changed as the files spell them.
TEST(DrizzleV9Text, SqlSchemaFilesGiveAFolderDrizzleKitAccepts) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  const std::string table =
      "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, price integer NOT NULL,\n"
      "  qty integer, active boolean NOT NULL DEFAULT true";
  const std::vector<std::string> states{
      table + ");\n",
      table +
          ",\n  total integer GENERATED ALWAYS AS (price * 2) STORED,\n"
          "  CONSTRAINT items_price_positive CHECK ((price > 0)));\n"
          "CREATE INDEX items_lower_name ON items (lower(name));\n"
          "CREATE UNIQUE INDEX items_active_qty ON items (qty) WHERE (active AND qty > 0);\n"
          "ALTER TABLE items ENABLE ROW LEVEL SECURITY;\n"
          "CREATE POLICY items_read ON items FOR SELECT USING (active = true);\n"
          "CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;\n"
          "CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM items;\n",
      table +
          ",\n  total integer GENERATED ALWAYS AS (price * 3) STORED,\n"
          "  CONSTRAINT items_price_positive CHECK (price >= 1));\n"
          "CREATE INDEX items_lower_name ON items (upper(name));\n"
          "CREATE UNIQUE INDEX items_active_qty ON items (qty) WHERE active;\n"
          "ALTER TABLE items ENABLE ROW LEVEL SECURITY;\n"
          "CREATE POLICY items_read ON items FOR SELECT USING (active);\n"
          "CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 20;\n"
          "CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM items WHERE active;\n"};
  for (std::size_t i = 0; i < states.size(); ++i) {
    dir.write("schema.sql", states[i]);
    auto generated = run_sleet(fmt::format("generate --name s{}", i + 1), dir.path());
    ASSERT_EQ(generated.exit_code, 0) << i << ": " << generated.out << generated.err;
    ASSERT_EQ(MigrationFolder::open(out).migrations().size(), i + 1);
    std::string log = kit1(out, "text_v1.ts", "check");
    EXPECT_FALSE(log.starts_with("FAILED")) << i << ": " << log;
    generated = run_sleet("generate --name again", dir.path());
    EXPECT_NE(generated.out.find("No schema changes"), std::string::npos)
        << i << ": " << generated.out << generated.err;
    auto checked = run_sleet("check", dir.path());
    EXPECT_EQ(checked.exit_code, 0) << i << ": " << checked.out << checked.err;
  }
  nlohmann::json added = snapshot_of(out, 1);
  std::set<std::string> values;
  for (const nlohmann::json& delta : deltas(added, "create", "checks"))
    values.insert(delta.at("row").at("value").get<std::string>());
  EXPECT_EQ(values, std::set<std::string>{"(price > 0)"});
  expect_same_database(out, dir.path(), "v9_text_sql", 3);
}

}  // namespace
}  // namespace sleet::testing
