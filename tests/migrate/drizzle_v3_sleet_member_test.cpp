// What drizzle-kit 1.0 does not model (functions, triggers, domains, partitions, rules, grants,
// comments, column and table settings, extended statistics, collations) in a v3 folder: sleet
// generate writes the SQL and the whole state in the snapshot's "sleet" member;
// drizzle-kit@1.0.0-rc.5 (tests/fixtures/drizzle1) checks the folder, finds no change on the
// TypeScript schema of the part it models, continues it with a migration of its own (whose snapshot
// has no member: the nearest one holds), and builds the same database as sleet migrate; convert
// keeps the member both ways; two branches' members merge.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "migrate_test_support.h"
#include "sleet/files.h"
#include "sleet/generate.h"
#include "sleet/snapshot_v9.h"
#include "support/catalog_fingerprint.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const char* kSchema =
    "CREATE COLLATION public.case_insensitive (provider = icu, locale = 'und-u-ks-level2',\n"
    "  deterministic = false);\n"
    "CREATE TABLE public.notes (id integer PRIMARY KEY,\n"
    "  body text COLLATE public.case_insensitive NOT NULL,\n"
    "  updated_at timestamp with time zone);\n"
    "COMMENT ON TABLE public.notes IS 'what people wrote';\n"
    "CREATE TABLE public.events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);\n"
    "CREATE TABLE public.events_2024 PARTITION OF public.events\n"
    "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
    "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN NEW.updated_at := now(); RETURN NEW; END $$;\n"
    "CREATE TRIGGER notes_touch BEFORE UPDATE ON public.notes\n"
    "  FOR EACH ROW EXECUTE FUNCTION public.touch();\n"
    "CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);\n"
    "CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');\n"
    "CREATE RULE notes_keep AS ON DELETE TO public.notes DO INSTEAD NOTHING;\n"
    "REVOKE EXECUTE ON FUNCTION public.touch() FROM PUBLIC;\n"
    "ALTER TABLE ONLY public.notes ALTER COLUMN body SET STATISTICS 300;\n"
    "ALTER TABLE public.notes REPLICA IDENTITY FULL;\n"
    "ALTER TABLE public.notes CLUSTER ON notes_pkey;\n"
    "CREATE STATISTICS public.notes_body_time (dependencies) ON body, updated_at\n"
    "  FROM public.notes;\n"
    "ALTER STATISTICS public.notes_body_time SET STATISTICS 200;\n";

const char* kTags = "CREATE TABLE public.tags (id integer PRIMARY KEY, label text NOT NULL);\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> folder_names(const fs::path& out) {
  std::vector<std::string> names;
  MigrationFolder folder = MigrationFolder::open(out);
  for (const Migration& m : folder.migrations()) names.push_back(m.entry.tag);
  return names;
}

Json snapshot_of(const fs::path& out, const std::string& name) {
  return Json::parse(read_file(out / name / "snapshot.json"));
}

void expect_no_change(const TemporaryDirectory& dir) {
  auto again = run_sleet("generate --name again", dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("No schema changes"), std::string::npos) << again.out << again.err;
  auto check = run_sleet("check", dir.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// Generates into `dir`'s v3 folder `folder` with `schema` as the schema file; the new folder's
// name.
std::string generate(const TemporaryDirectory& dir, const std::string& schema,
                     const std::string& name, const std::string& folder = "drizzle") {
  dir.write("schema.sql", schema);
  dir.write("sleet.toml",
            fmt::format("schema = \"schema.sql\"\nout = \"{}\"\nformat = \"v3\"\n", folder));
  auto generated = run_sleet("generate --name " + name, dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  std::vector<std::string> names = folder_names(dir.path() / folder);
  return names.empty() ? std::string() : names.back();
}

TEST(DrizzleV3SleetMember, SleetOnlyKindsLiveInTheMemberAndDrizzleKitAgrees) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");

  // The first migration: a base snapshot whose ddl holds the tables drizzle-kit models (not the
  // partition) and whose member holds the rest.
  std::string first = generate(dir, kSchema, "first");
  Json base = snapshot_of(out, first);
  ASSERT_EQ(base["type"], "base");
  for (const Json& row : base["ddl"]) EXPECT_NE(row.value("name", ""), "events_2024") << row;
  const Json& member = base["sleet"];
  EXPECT_TRUE(member["functions"].contains("public.touch()")) << member;
  EXPECT_TRUE(member["domains"].contains("public.positive")) << member;
  // A collation, and the column naming it as an overlay on drizzle-kit's column row.
  EXPECT_EQ(member["collations"]["public.case_insensitive"]["locale"], "und-u-ks-level2") << member;
  EXPECT_EQ(member["tables"]["public.notes"]["columns"]["body"]["collation"], "case_insensitive")
      << member;
  EXPECT_EQ(member["functions"]["public.total(integer)"]["aggregate"]["initialCondition"], "0")
      << member;
  EXPECT_TRUE(member["tables"]["public.notes"]["triggers"].contains("notes_touch")) << member;
  EXPECT_TRUE(member["tables"]["public.notes"]["rules"].contains("notes_keep")) << member;
  EXPECT_EQ(member["tables"]["public.notes"]["comment"], "what people wrote") << member;
  // Table and column settings: the column's an overlay on drizzle-kit's column row.
  EXPECT_EQ(member["tables"]["public.notes"]["replicaIdentity"], "full") << member;
  EXPECT_EQ(member["tables"]["public.notes"]["clusterOn"], "notes_pkey") << member;
  EXPECT_EQ(member["tables"]["public.notes"]["columns"]["body"]["statistics"], 300) << member;
  // Extended statistics, whole, under their table.
  EXPECT_EQ(member["tables"]["public.notes"]["statistics"]["public.notes_body_time"]["target"], 200)
      << member;
  EXPECT_EQ(member["tables"]["public.events"]["partitionBy"], "RANGE (at)") << member;
  EXPECT_TRUE(member["partitions"].contains("public.events_2024")) << member;
  EXPECT_FALSE(member["grants"].empty()) << member;
  expect_no_change(dir);

  // The function's body changes: no delta (drizzle-kit models no function), the member says it.
  std::string schema = replaced(kSchema, "NEW.updated_at := now()",
                                "NEW.updated_at := clock_timestamp()");
  std::string body = generate(dir, schema, "body");
  Json diff = snapshot_of(out, body);
  EXPECT_TRUE(diff["deltas"].empty()) << diff;
  EXPECT_NE(diff["sleet"]["functions"]["public.touch()"]["body"].get<std::string>().find(
                "clock_timestamp"),
            std::string::npos)
      << diff;
  EXPECT_NE(read_file(out / body / "migration.sql").find("CREATE OR REPLACE FUNCTION"),
            std::string::npos);
  expect_no_change(dir);

  // drizzle-kit 1.0 adds a table of its own: its snapshot has no member, and the state keeps the
  // nearest one (the schema files now declare the table too).
  std::string log = kit1(out, "sleet_member_v2.ts", "generate --name tags");
  std::vector<std::string> names = folder_names(out);
  ASSERT_EQ(names.size(), 3u) << log;
  EXPECT_FALSE(snapshot_of(out, names.back()).contains("sleet"));
  schema += kTags;
  dir.write("schema.sql", schema);
  expect_no_change(dir);

  // The trigger goes.
  schema = replaced(schema,
                    "CREATE TRIGGER notes_touch BEFORE UPDATE ON public.notes\n"
                    "  FOR EACH ROW EXECUTE FUNCTION public.touch();\n",
                    "");
  std::string dropped = generate(dir, schema, "drop_trigger");
  EXPECT_EQ(read_file(out / dropped / "migration.sql"),
            "DROP TRIGGER \"notes_touch\" ON \"public\".\"notes\";");
  Json last = snapshot_of(out, dropped);
  EXPECT_TRUE(last["deltas"].empty());
  EXPECT_FALSE(last["sleet"]["tables"]["public.notes"].contains("triggers")) << last;
  EXPECT_TRUE(last["sleet"]["tables"]["public.notes"].contains("rules")) << last;
  expect_no_change(dir);
  ASSERT_EQ(folder_names(out).size(), 4u);

  // drizzle-kit accepts the folder and finds nothing to generate for the part it models.
  log = kit1(out, "sleet_member_v2.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  log = kit1(out, "sleet_member_v2.ts", "generate --name nothing");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  ASSERT_EQ(folder_names(out).size(), 4u) << log;

  // Both migrators build the same database, and sleet finds no drift in it.
  std::string by_kit = test_cluster().fresh_database("v3_member_kit");
  std::string by_sleet = test_cluster().fresh_database("v3_member_sleet");
  log = kit1(out, "sleet_member_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto migrated = migrate_cli(by_sleet, out);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  std::vector<std::string> kit_catalog = catalog_lines(test_cluster(), by_kit);
  EXPECT_EQ(catalog_lines(test_cluster(), by_sleet), kit_catalog)
      << catalog_difference(kit_catalog, catalog_lines(test_cluster(), by_sleet));
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_trigger where tgname = 'notes_touch'", by_sleet)
                .value(0, 0),
            std::string("0"));
  EXPECT_NE(std::string(test_cluster()
                            .execute("select prosrc from pg_proc where proname = 'touch'", by_sleet)
                            .value(0, 0))
                .find("clock_timestamp"),
            std::string::npos);
  auto status = run_sleet(
      fmt::format("status --url '{}' --out drizzle", test_cluster().url(by_sleet)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
  // The partition, the trigger's absence, the rule, the domain: drift would show each.
  test_cluster().execute("CREATE DOMAIN public.stray AS text", by_sleet);
  status = run_sleet(fmt::format("status --url '{}' --out drizzle", test_cluster().url(by_sleet)),
                     dir.path());
  EXPECT_NE(status.out.find("stray"), std::string::npos) << status.out;

  // To the 0.x layout and back: the member's kinds stay, drizzle-kit 0.31 and 1.0 accept each.
  auto converted = run_sleet("convert --to journal", dir.path());
  ASSERT_EQ(converted.exit_code, 0) << converted.out << converted.err;
  ASSERT_EQ(MigrationFolder::open(out).format(), FolderFormat::Journal);
  Json journal_last = Json::parse(read_file(out / "meta" / "0003_snapshot.json"));
  EXPECT_TRUE(journal_last["sleet"]["functions"].contains("public.touch()")) << journal_last;
  expect_no_change(dir);
  log = drizzle_kit(out, "migrate_v1.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  converted = run_sleet("convert --to v3", dir.path());
  ASSERT_EQ(converted.exit_code, 0) << converted.out << converted.err;
  ASSERT_EQ(MigrationFolder::open(out).format(), FolderFormat::V3);
  names = folder_names(out);
  ASSERT_EQ(names.size(), 4u);
  EXPECT_TRUE(snapshot_of(out, names[1])["deltas"].empty());
  EXPECT_TRUE(snapshot_of(out, names[1]).contains("sleet"));
  expect_no_change(dir);
  log = kit1(out, "sleet_member_v2.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  log = kit1(out, "sleet_member_v2.ts", "generate --name nothing");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  test_cluster().drop_database(by_kit);
  test_cluster().drop_database(by_sleet);
}

// A materialized view's indexes (drizzle-kit 1.0's ddl has indexes on tables only) are in the
// view's member entry, their changes have no delta; drizzle-kit 1.0 checks the folder, and
// migrates it to the database sleet migrate builds.
TEST(DrizzleV3SleetMember, MaterializedViewIndexesLiveInTheMember) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  std::string schema =
      "CREATE TABLE public.notes (id integer PRIMARY KEY, body text NOT NULL);\n"
      "CREATE MATERIALIZED VIEW public.note_sizes AS SELECT id, length(body) AS size "
      "FROM public.notes;\n"
      "CREATE UNIQUE INDEX note_sizes_id ON public.note_sizes (id);\n";
  std::string first = generate(dir, schema, "first");
  Json base = snapshot_of(out, first);
  EXPECT_TRUE(base["sleet"]["views"]["public.note_sizes"]["indexes"].contains("note_sizes_id"))
      << base["sleet"];
  EXPECT_NE(read_file(out / first / "migration.sql").find("CREATE UNIQUE INDEX \"note_sizes_id\""),
            std::string::npos);
  expect_no_change(dir);

  schema += "CREATE INDEX note_sizes_size ON public.note_sizes (size DESC);\n";
  std::string second = generate(dir, schema, "size_index");
  Json diff = snapshot_of(out, second);
  EXPECT_TRUE(diff["deltas"].empty()) << diff;
  EXPECT_TRUE(diff["sleet"]["views"]["public.note_sizes"]["indexes"].contains("note_sizes_size"))
      << diff["sleet"];
  EXPECT_NE(read_file(out / second / "migration.sql").find("CREATE INDEX \"note_sizes_size\""),
            std::string::npos);
  expect_no_change(dir);

  std::string log = kit1(out, "matview_indexes.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  std::string by_kit = test_cluster().fresh_database("v3_matview_kit");
  std::string by_sleet = test_cluster().fresh_database("v3_matview_sleet");
  log = kit1(out, "matview_indexes.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto migrated = migrate_cli(by_sleet, out);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  std::vector<std::string> kit_catalog = catalog_lines(test_cluster(), by_kit);
  EXPECT_EQ(catalog_lines(test_cluster(), by_sleet), kit_catalog)
      << catalog_difference(kit_catalog, catalog_lines(test_cluster(), by_sleet));
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_indexes where tablename = 'note_sizes'", by_kit)
                .value(0, 0),
            std::string("2"));
  test_cluster().drop_database(by_kit);
  test_cluster().drop_database(by_sleet);
}

// Two branches each change what the member holds; git merges both folders; a custom migration
// is the merge node (no member). The state holds both branches' changes; where both changed
// one function, the branch whose migration sorts later wins, as the database that ran both.
TEST(DrizzleV3SleetMember, TwoBranchesMembersMergeAtAMergeNode) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  generate(dir, kSchema, "first");
  fs::path early = dir.path() / "early";
  fs::copy(out, early, fs::copy_options::recursive);

  // The early branch adds a function and changes touch; the late one (generated a second
  // later) adds a domain and changes touch otherwise.
  std::string with_fn = std::string(kSchema) +
                        "CREATE FUNCTION public.one() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n";
  std::string early_name =
      generate(dir, replaced(with_fn, "now()", "statement_timestamp()"), "early", "early");
  ASSERT_TRUE(early_name.ends_with("_early")) << early_name;
  std::string with_domain =
      std::string(kSchema) + "CREATE DOMAIN public.label AS text CHECK (VALUE <> '');\n";
  std::string late_name = generate(dir, replaced(with_domain, "now()", "clock_timestamp()"), "late");
  ASSERT_GT(late_name, early_name);
  fs::copy(early / early_name, out / early_name, fs::copy_options::recursive);

  V9FolderState state = read_v9_folder_state(MigrationFolder::open(out).snapshot_files());
  ASSERT_EQ(state.leaf_ids.size(), 2u);
  auto functions_of = [](const Schema& schema) {
    std::map<std::string, std::string> bodies;
    for (const auto& [key, function] : schema.functions) bodies[key.display()] = function.body;
    return bodies;
  };
  auto bodies = functions_of(state.schema);
  ASSERT_TRUE(bodies.contains("public.one()")) << state.sleet_member;
  ASSERT_TRUE(bodies.contains("public.touch()")) << state.sleet_member;
  EXPECT_NE(bodies["public.touch()"].find("clock_timestamp"), std::string::npos);
  EXPECT_TRUE(state.schema.domains.contains(QualifiedName{"public", "label"}));
  EXPECT_TRUE(state.schema.domains.contains(QualifiedName{"public", "positive"}));

  // Both changed touch: drizzle-kit 1.0 sees it in the footprints and writes no merge node,
  // and neither does sleet's generate. A merge node made by hand (a custom migration naming
  // both leaves) is read with the later branch's body, as in a database that ran both.
  std::string log = kit1(out, "sleet_member_v1.ts", "generate --custom --name merge");
  EXPECT_TRUE(log.starts_with("FAILED")) << log;
  auto merge = run_sleet("generate --custom --name merge", dir.path());
  ASSERT_EQ(merge.exit_code, 2) << merge.out << merge.err;
  EXPECT_NE(merge.err.find("do not commute"), std::string::npos) << merge.err;
  {
    std::vector<std::string> leaves = folder_names(out);
    fs::path node = out / "29991231235959_merge";
    fs::create_directories(node);
    write_text_file(node / "migration.sql", "-- Custom SQL migration file, put your code below! --\n");
    nlohmann::json prev = nlohmann::json::array();
    for (auto it = state.leaf_ids.rbegin(); it != state.leaf_ids.rend(); ++it) prev.push_back(*it);
    nlohmann::json snapshot = {{"version", "9"},          {"dialect", "postgres"},
                               {"id", random_uuid()},     {"prevIds", prev},
                               {"type", "diff"},          {"footprints", nlohmann::json::array()},
                               {"deltas", nlohmann::json::array()}};
    write_text_file(node / "snapshot.json", snapshot.dump(2));
  }
  std::vector<std::string> names = folder_names(out);
  ASSERT_EQ(names.size(), 4u) << log;
  ASSERT_EQ(snapshot_of(out, names.back())["prevIds"].size(), 2u) << log;
  state = read_v9_folder_state(MigrationFolder::open(out).snapshot_files());
  EXPECT_EQ(functions_of(state.schema), bodies);
  EXPECT_TRUE(state.schema.domains.contains(QualifiedName{"public", "label"}));

  // The merged schema files: nothing to generate; the database both branches built has no drift.
  dir.write("schema.sql", replaced(with_domain, "now()", "clock_timestamp()") +
                              "CREATE FUNCTION public.one() RETURNS integer LANGUAGE sql AS "
                              "'SELECT 1';\n");
  expect_no_change(dir);
  std::string database = test_cluster().fresh_database("v3_member_merge");
  auto migrated = migrate_cli(database, out);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  auto status = run_sleet(
      fmt::format("status --url '{}' --out drizzle", test_cluster().url(database)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
  test_cluster().drop_database(database);
}

// Each change of what the member holds has a footprint, in drizzle-kit 1.0's node form: a
// function added on one branch and a domain on the other commute for drizzle-kit's check and
// sleet's, and sleet rebase puts them in one line; both branches changing one function's body
// conflict, for both tools.
TEST(DrizzleV3SleetMember, BranchesOfMemberChangesCommuteOrConflictForBothTools) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  generate(dir, kSchema, "first");
  for (const char* copy : {"other", "conflict_a", "conflict_b"})
    fs::copy(out, dir.path() / copy, fs::copy_options::recursive);
  std::string with_fn =
      std::string(kSchema) +
      "CREATE FUNCTION public.one() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n";
  std::string with_domain =
      std::string(kSchema) + "CREATE DOMAIN public.label AS text CHECK (VALUE <> '');\n";
  std::string one = generate(dir, with_fn, "one", "other");
  std::string label = generate(dir, with_domain, "label");
  fs::copy(dir.path() / "other" / one, out / one, fs::copy_options::recursive);
  dir.write("schema.sql", with_domain +
                              "CREATE FUNCTION public.one() RETURNS integer LANGUAGE sql "
                              "AS 'SELECT 1';\n");

  std::string log = kit1(out, "sleet_member_v1.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  auto checked = run_sleet("check", dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(checked.err.find("they commute"), std::string::npos) << checked.err;
  auto rebased = run_sleet("rebase --offline", dir.path());
  ASSERT_EQ(rebased.exit_code, 0) << rebased.out << rebased.err;
  std::vector<std::string> names = folder_names(out);
  ASSERT_EQ(names.size(), 3u);
  // One line whose last member holds both branches' objects.
  Json last = snapshot_of(out, names.back());
  EXPECT_TRUE(last["sleet"]["functions"].contains("public.one()")) << last;
  EXPECT_TRUE(last["sleet"]["domains"].contains("public.label")) << last;
  expect_no_change(dir);
  log = kit1(out, "sleet_member_v1.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  std::string database = test_cluster().fresh_database("v3_member_rebase");
  auto migrated = migrate_cli(database, out);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  auto status = run_sleet(
      fmt::format("status --url '{}' --out drizzle", test_cluster().url(database)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
  test_cluster().drop_database(database);

  // Both branches change touch's body.
  std::string a =
      generate(dir, replaced(kSchema, "now()", "statement_timestamp()"), "a", "conflict_a");
  std::string b = generate(dir, replaced(kSchema, "now()", "clock_timestamp()"), "b", "conflict_b");
  fs::path conflict = dir.path() / "conflict_b";
  fs::copy(dir.path() / "conflict_a" / a, conflict / a, fs::copy_options::recursive);
  log = kit1(conflict, "sleet_member_v1.ts", "check");
  EXPECT_TRUE(log.starts_with("FAILED")) << log;
  checked = run_sleet("check --out conflict_b", dir.path());
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
  EXPECT_NE(checked.err.find("they conflict: replace_function function public.touch()"),
            std::string::npos)
      << checked.err;
  auto refused = run_sleet("rebase --offline --out conflict_b", dir.path());
  EXPECT_NE(refused.exit_code, 0) << refused.out;
  EXPECT_NE(refused.err.find("s|fn|public.touch()"), std::string::npos) << refused.err;
}

// A member merged three ways: what one branch changed is taken, removals included; grants are
// sets; what both changed takes the newer branch's value.
TEST(DrizzleV3SleetMember, MembersMergeThreeWays) {
  Json base = Json::parse(R"j({"functions": {"public.f()": {"body": "a"}, "public.g()": {"body": "g"}},
    "tables": {"public.t": {"triggers": {"x": {"timing": "BEFORE"}}}},
    "grants": [{"on": "TABLE", "name": "t"}]})j");
  Json older = Json::parse(R"j({"functions": {"public.f()": {"body": "older"}},
    "tables": {"public.t": {"triggers": {"x": {"timing": "BEFORE"}, "y": {"timing": "AFTER"}}}},
    "grants": []})j");
  Json newer = Json::parse(R"j({"functions": {"public.f()": {"body": "newer"}, "public.g()": {"body": "g"},
    "public.h()": {"body": "h"}},
    "tables": {"public.t": {"triggers": {"z": {"timing": "AFTER"}}}},
    "grants": [{"on": "TABLE", "name": "t"}, {"on": "TABLE", "name": "u"}]})j");
  Json merged = merge_sleet_members(base, older, newer);
  EXPECT_EQ(merged["functions"]["public.f()"]["body"], "newer");  // both changed it
  EXPECT_FALSE(merged["functions"].contains("public.g()"));        // the older branch dropped it
  EXPECT_TRUE(merged["functions"].contains("public.h()"));
  // x: dropped by the newer branch; y and z added, one by each.
  EXPECT_EQ(merged["tables"]["public.t"]["triggers"],
            Json::parse(R"j({"y": {"timing": "AFTER"}, "z": {"timing": "AFTER"}})j"));
  EXPECT_EQ(merged["grants"], Json::parse(R"j([{"on": "TABLE", "name": "u"}])j"));
  EXPECT_TRUE(merge_sleet_members(nullptr, nullptr, nullptr).is_null());
  EXPECT_EQ(merge_sleet_members(nullptr, nullptr, newer), newer);
}

}  // namespace
}  // namespace sleet::testing
