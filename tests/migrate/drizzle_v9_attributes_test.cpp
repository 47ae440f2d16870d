// What a v3 folder once refused and sleet now writes as drizzle-kit 1.0 can read it: a
// DEFERRABLE primary key and a materialized view's storage parameter drizzle-kit's view row does
// not list (the "sleet" member's overlays carry them over drizzle-kit's rows), and a renamed
// domain and composite type that columns use (the columns' rows spell them as drizzle-kit spells
// a customType, and the rename alters those rows). drizzle-kit 1.0.0-rc.5
// (tests/fixtures/drizzle1) is the judge: its check accepts each folder, its generate on the
// TypeScript schema of what it can declare finds no change, and its migrate builds the database
// sleet migrate builds, with the rows inserted between the migrations still there.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

std::string overlay_key(const std::string& type, const std::string& identity) {
  return type + std::string(1, '\0') + identity;
}

std::set<std::string> footprint_types(const nlohmann::json& snapshot) {
  std::set<std::string> types;
  for (const nlohmann::json& print : snapshot.at("footprints"))
    types.insert(print.at("statementType").get<std::string>());
  return types;
}

std::string scalar(const std::string& database, const std::string& query) {
  return std::string(test_cluster().execute(query, database).value(0, 0));
}

// "condeferrable condeferred" of constraint `name`.
std::string deferral(const std::string& database, const std::string& name) {
  return scalar(database, fmt::format("select condeferrable::text || ' ' || condeferred::text "
                                      "from pg_constraint where conname = '{}'",
                                      name));
}

// Both migrators apply `out` to their database; they end with the same tracking rows, the same
// catalog (sleet diff finds nothing between them), and no drift for sleet status.
void expect_both_migrators_agree(const TemporaryDirectory& dir, const fs::path& out,
                                 const std::string& schema, const std::string& by_kit,
                                 const std::string& by_sleet) {
  std::string log = kit1(out, schema, "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
  for (const std::string& database : {by_kit, by_sleet}) {
    auto status =
        run_sleet(fmt::format("status --url '{}'", test_cluster().url(database)), dir.path());
    EXPECT_EQ(status.exit_code, 0) << database << ": " << status.out << status.err;
    EXPECT_NE(status.out.find("no drift"), std::string::npos) << database << ": " << status.out;
  }
}

constexpr const char* kKeys = R"sql(
CREATE TABLE accounts (id integer PRIMARY KEY {}, owner text NOT NULL);
CREATE TABLE ledger (account_id integer NOT NULL, seq integer NOT NULL, amount integer NOT NULL,
  CONSTRAINT ledger_pk PRIMARY KEY (account_id, seq) {});
)sql";

TEST(DrizzleV9Attributes, DeferrablePrimaryKeysRideInTheMember) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", fmt::format(kKeys, "DEFERRABLE INITIALLY DEFERRED", ""));
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;

  // drizzle-kit's key rows as it writes them; DEFERRABLE in the member, tied to the row.
  nlohmann::json base = last_snapshot(out);
  ASSERT_TRUE(base.contains("sleet")) << base.dump(2);
  const nlohmann::json& member = base.at("sleet");
  EXPECT_EQ(member.at("tables").at("public.accounts").at("primaryKeys").at("accounts_pkey"),
            (nlohmann::json{{"deferrable", true}, {"initiallyDeferred", true}}))
      << member.dump(2);
  EXPECT_FALSE(member.at("tables").contains("public.ledger")) << member.dump(2);
  EXPECT_TRUE(member.at("overlays")
                  .contains(overlay_key("pks", R"(["public","accounts","accounts_pkey"])")))
      << member.dump(2);
  expect_both_tools_agree(dir.path(), out, "attributes_keys.ts");

  // Both migrators build the first migration; rows go in.
  std::string by_kit = test_cluster().fresh_database("v9_deferrable_kit");
  std::string by_sleet = test_cluster().fresh_database("v9_deferrable_sleet");
  expect_both_migrators_agree(dir, out, "attributes_keys.ts", by_kit, by_sleet);
  const char* rows =
      "INSERT INTO accounts VALUES (1, 'ada'), (2, 'grace');"
      "INSERT INTO ledger VALUES (1, 1, 100), (1, 2, -40), (2, 1, 7);";
  for (const std::string& database : {by_kit, by_sleet}) {
    test_cluster().execute(rows, database);
    EXPECT_EQ(deferral(database, "accounts_pkey"), "true true") << database;
    EXPECT_EQ(deferral(database, "ledger_pk"), "false false") << database;
  }

  // The keys trade their deferrability: each is dropped and added again (ALTER CONSTRAINT
  // cannot change a primary key). drizzle-kit's rows do not change: no delta, the footprints
  // and the member say what ran.
  dir.write("schema.sql", fmt::format(kKeys, "", "DEFERRABLE"));
  generated = run_sleet("generate --name swap", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json swap = last_snapshot(out);
  EXPECT_TRUE(swap.at("deltas").empty()) << swap.dump(2);
  EXPECT_EQ(footprint_types(swap), (std::set<std::string>{"alter_pk"})) << swap.dump(2);
  ASSERT_TRUE(swap.contains("sleet")) << swap.dump(2);
  EXPECT_EQ(swap.at("sleet").at("tables").at("public.ledger").at("primaryKeys").at("ledger_pk"),
            (nlohmann::json{{"deferrable", true}}))
      << swap.dump(2);
  expect_both_tools_agree(dir.path(), out, "attributes_keys.ts");

  expect_both_migrators_agree(dir, out, "attributes_keys.ts", by_kit, by_sleet);
  for (const std::string& database : {by_kit, by_sleet}) {
    EXPECT_EQ(deferral(database, "accounts_pkey"), "false false") << database;
    EXPECT_EQ(deferral(database, "ledger_pk"), "true false") << database;
    EXPECT_EQ(scalar(database, "select count(*) || ' ' || sum(amount) from ledger"), "3 67")
        << database;
    EXPECT_EQ(scalar(database, "select string_agg(owner, ',' order by id) from accounts"),
              "ada,grace")
        << database;
  }
}

constexpr const char* kMatview = R"sql(
CREATE TABLE items (id integer PRIMARY KEY, qty integer NOT NULL);
CREATE MATERIALIZED VIEW item_totals WITH (fillfactor = 70, autovacuum_analyze_threshold = {}) AS
  SELECT count(*)::integer AS n, sum(qty)::integer AS total FROM public.items;
)sql";

TEST(DrizzleV9Attributes, ViewStorageParametersDrizzleKitDoesNotListRideInTheMember) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", fmt::format(kMatview, 50));
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;

  // The view's row holds fillfactor, which drizzle-kit lists; the member the other parameter.
  nlohmann::json base = last_snapshot(out);
  for (const nlohmann::json& row : base.at("ddl")) {
    if (row.at("entityType") != "views") continue;
    EXPECT_EQ(row.at("with").at("fillfactor"), 70) << row.dump(2);
    EXPECT_FALSE(row.at("with").contains("autovacuumAnalyzeThreshold")) << row.dump(2);
  }
  ASSERT_TRUE(base.contains("sleet")) << base.dump(2);
  EXPECT_EQ(base.at("sleet").at("views").at("public.item_totals").at("storageParameters"),
            (nlohmann::json{{"autovacuum_analyze_threshold", "50"}}))
      << base.dump(2);
  EXPECT_TRUE(
      base.at("sleet").at("overlays").contains(overlay_key("views", R"(["public","item_totals"])")))
      << base.dump(2);
  expect_both_tools_agree(dir.path(), out, "attributes_matview.ts");

  std::string by_kit = test_cluster().fresh_database("v9_view_options_kit");
  std::string by_sleet = test_cluster().fresh_database("v9_view_options_sleet");
  expect_both_migrators_agree(dir, out, "attributes_matview.ts", by_kit, by_sleet);
  for (const std::string& database : {by_kit, by_sleet})
    test_cluster().execute("INSERT INTO items VALUES (1, 4), (2, 5);", database);

  // Another value: sleet creates the view again; drizzle-kit's row is unchanged (no delta).
  dir.write("schema.sql", fmt::format(kMatview, 60));
  generated = run_sleet("generate --name threshold", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json threshold = last_snapshot(out);
  EXPECT_TRUE(threshold.at("deltas").empty()) << threshold.dump(2);
  EXPECT_EQ(footprint_types(threshold), (std::set<std::string>{"drop_view", "create_view"}))
      << threshold.dump(2);
  ASSERT_TRUE(threshold.contains("sleet")) << threshold.dump(2);
  expect_both_tools_agree(dir.path(), out, "attributes_matview.ts");

  expect_both_migrators_agree(dir, out, "attributes_matview.ts", by_kit, by_sleet);
  for (const std::string& database : {by_kit, by_sleet}) {
    EXPECT_EQ(scalar(database,
                     "select string_agg(option, ',' order by option) from pg_class, "
                     "unnest(reloptions) option where relname = 'item_totals'"),
              "autovacuum_analyze_threshold=60,fillfactor=70")
        << database;
    // The rows are kept, and the view created again holds them.
    EXPECT_EQ(scalar(database, "select n || ' ' || total from item_totals"), "2 9") << database;
  }
}

constexpr const char* kTypes = R"sql(
CREATE DOMAIN {} AS integer CHECK (VALUE > 0);
CREATE TYPE {} AS (width integer, height integer);
CREATE TABLE boxes (id integer PRIMARY KEY, qty {} NOT NULL, size {});
)sql";

TEST(DrizzleV9Attributes, RenamedTypesOfColumnsAlterTheColumnsRows) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", fmt::format(kTypes, "positive", "pair", "positive", "pair"));
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;

  // The columns spelled as drizzle-kit spells a customType's: the type's name, no typeSchema.
  nlohmann::json base = last_snapshot(out);
  std::map<std::string, nlohmann::json> columns;
  for (const nlohmann::json& row : base.at("ddl")) {
    if (row.at("entityType") == "columns") columns[row.at("name").get<std::string>()] = row;
  }
  EXPECT_EQ(columns["qty"].at("type"), "positive") << columns["qty"].dump();
  EXPECT_TRUE(columns["qty"].at("typeSchema").is_null()) << columns["qty"].dump();
  EXPECT_EQ(columns["size"].at("type"), "pair") << columns["size"].dump();
  expect_both_tools_agree(dir.path(), out, "attributes_types_v1.ts");

  std::string by_kit = test_cluster().fresh_database("v9_type_rename_kit");
  std::string by_sleet = test_cluster().fresh_database("v9_type_rename_sleet");
  expect_both_migrators_agree(dir, out, "attributes_types_v1.ts", by_kit, by_sleet);
  for (const std::string& database : {by_kit, by_sleet})
    test_cluster().execute("INSERT INTO boxes VALUES (1, 3, ROW(2, 5)), (2, 8, NULL);", database);

  // Both types renamed: the RENAME statements, the member's new state, and one alter delta of
  // each column's type, which drizzle-kit's state would otherwise keep under the old name.
  dir.write("schema.sql", fmt::format(kTypes, "amount", "dims", "amount", "dims"));
  generated = run_sleet(
      "generate --name renames --rename domain:public.positive=public.amount "
      "--rename composite-type:public.pair=public.dims",
      dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json renames = last_snapshot(out);
  EXPECT_EQ(sorted_dumps(renames.at("deltas")), sorted_dumps(nlohmann::json::parse(R"([
              {"op": "alter", "key": "columns\u0000[\"public\",\"boxes\",\"qty\"]",
               "set": {"type": "amount"}},
              {"op": "alter", "key": "columns\u0000[\"public\",\"boxes\",\"size\"]",
               "set": {"type": "dims"}}])")))
      << renames.dump(2);
  ASSERT_TRUE(renames.contains("sleet")) << renames.dump(2);
  EXPECT_TRUE(renames.at("sleet").at("domains").contains("public.amount")) << renames.dump(2);
  expect_both_tools_agree(dir.path(), out, "attributes_types_v2.ts");

  expect_both_migrators_agree(dir, out, "attributes_types_v2.ts", by_kit, by_sleet);
  for (const std::string& database : {by_kit, by_sleet}) {
    EXPECT_EQ(scalar(database,
                     "select string_agg(qty || ':' || coalesce((size).width, 0), ',' "
                     "order by id) from boxes"),
              "3:2,8:0")
        << database;
    EXPECT_EQ(scalar(database,
                     "select format_type(atttypid, atttypmod) from pg_attribute "
                     "where attrelid = 'boxes'::regclass and attname = 'qty'"),
              "amount")
        << database;
  }
}

}  // namespace
}  // namespace sleet::testing
