// drizzle-kit 1.0 snapshots (version "9") replayed into the model: a folder drizzle-kit
// 1.0.0-rc.5 (tests/fixtures/drizzle1) wrote through several edits reads as the SQL drizzle-kit
// exports for the final schema, as the database sleet migrate builds from it (status finds no
// drift), and as the schema files (generate and check find no change); unmerged branches and a
// merge node read as the merged schema.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "drizzle_kit.h"
#include "migrate_test_support.h"
#include "sleet/snapshot_v9.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// Generates the next migration of `out` from schema state `version` (evolve_vN.ts), with its
// hints file when it has one.
std::string kit1_generate(const fs::path& out, int version) {
  fs::path hints = kit1_fixture() / fmt::format("evolve_v{}.hints.json", version);
  std::string arguments = fmt::format("generate --name v{}", version);
  if (fs::exists(hints)) arguments += fmt::format(" --hints-file '{}'", hints.string());
  return kit1(out, fmt::format("evolve_v{}.ts", version), arguments);
}

// The SQL drizzle-kit 1.0 exports for schema state `schema`, written to `file`.
void kit1_export(const fs::path& out, const std::string& schema, const fs::path& file) {
  std::string log = kit1(out, schema, fmt::format("export > '{}'", file.string()));
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
}

// sleet diff from the folder's latest state to `schema_file`: its statements (empty: none).
CommandResult diff_folder(const fs::path& folder, const fs::path& schema_file) {
  return run_sleet(fmt::format("diff --from '{}' --to '{}'", folder.string(), schema_file.string()),
                   folder.parent_path());
}

TEST(DrizzleV9State, AFolderThroughSeveralEditsReadsAsTheFinalSchema) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  std::string log;
  for (int version = 1; version <= 3; ++version) log += kit1_generate(out, version);
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.format(), FolderFormat::V3) << log;
  ASSERT_EQ(folder.migrations().size(), 3u) << log;
  // The edits are deltas of each kind, the renames included.
  std::string edits = read_file(out / folder.migrations()[1].entry.tag / "snapshot.json");
  for (const char* op : {"\"rename\"", "\"create\"", "\"drop\"", "\"alter\""})
    EXPECT_NE(edits.find(op), std::string::npos) << op;

  // The model of the latest state is the model of drizzle-kit's SQL for the final schema.
  fs::path final_sql = dir.path() / "final.sql";
  kit1_export(out, "evolve_v3.ts", final_sql);
  CommandResult diff = diff_folder(out, final_sql);
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_EQ(diff.out, "") << diff.err;
  // ... and not of an earlier one: the replay went all the way.
  fs::path first_sql = dir.path() / "first.sql";
  kit1_export(out, "evolve_v1.ts", first_sql);
  CommandResult back = diff_folder(out, first_sql);
  EXPECT_EQ(back.err.find("No differences"), std::string::npos) << back.out << back.err;
  EXPECT_NE(back.out + back.err, "");

  // The library reads the same state.
  V9FolderState state = read_v9_folder_state(folder.snapshot_files());
  EXPECT_EQ(state.leaf_ids.size(), 1u);
  EXPECT_EQ(state.latest, out / folder.migrations()[2].entry.tag / "snapshot.json");
  const Table* customers = nullptr;
  for (const auto& [name, table] : state.schema.tables)
    if (name.name == "customers") customers = &table;
  ASSERT_NE(customers, nullptr);
  EXPECT_NE(customers->find_column("full_name"), nullptr);
  EXPECT_EQ(customers->find_column("name"), nullptr);
  EXPECT_EQ(customers->find_column("raw"), nullptr);

  // sleet migrate builds a database status finds no drift in.
  auto database = test_cluster().fresh_database("v9_state_migrated");
  auto applied = migrate_cli(database, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  auto status = run_sleet(fmt::format("status --json --url '{}' --out '{}'",
                                      test_cluster().url(database), out.string()),
                          dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  nlohmann::json report = nlohmann::json::parse(status.out).at("targets").at(0);
  EXPECT_EQ(report.at("drift").at("checked"), true) << report.dump(2);
  EXPECT_EQ(report.at("drift").at("found"), false) << report.dump(2);

  // generate and check on the unchanged final schema find nothing to do.
  dir.write("sleet.toml", "schema = \"final.sql\"\nout = \"drizzle\"\n");
  auto generated = run_sleet("generate --name nothing", dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;
  EXPECT_EQ(MigrationFolder::open(out).migrations().size(), 3u);
  auto checked = run_sleet("check", dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  // A schema the folder does not hold yet is a change (sleet does not write v3 folders yet).
  dir.write("sleet.toml", "schema = \"first.sql\"\nout = \"drizzle\"\n");
  checked = run_sleet("check", dir.path());
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
  EXPECT_NE(checked.err.find("the schema files differ from the latest migration"),
            std::string::npos)
      << checked.err;
}

TEST(DrizzleV9State, GenerateWritesAMigrationDrizzleKitContinuesFrom) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  std::string log;
  for (int version = 1; version <= 3; ++version) log += kit1_generate(out, version);
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 3u) << log;

  // evolve_v4.ts: a table created and one dropped, columns added, dropped and given a
  // default, indexes added and dropped, an enum value added.
  dir.write("sleet.toml", fmt::format("schema = \"{}\"\nout = \"drizzle\"\n",
                                      (kit1_fixture() / "evolve_v4.ts").string()));
  auto generated = run_sleet(
      "generate --name v4 --rename create:table:public.labels --rename "
      "create:column:shop.customers.nickname",
      dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), 4u);
  const std::string& v3_tag = folder.migrations()[2].entry.tag;
  const std::string& v4_tag = folder.migrations()[3].entry.tag;
  EXPECT_TRUE(v4_tag.ends_with("_v4")) << v4_tag;
  EXPECT_GT(*v3_folder_millis(v4_tag), *v3_folder_millis(v3_tag));
  nlohmann::json snapshot = nlohmann::json::parse(read_file(out / v4_tag / "snapshot.json"));
  EXPECT_EQ(snapshot.at("type"), "diff");
  EXPECT_EQ(snapshot.at("version"), "9");
  EXPECT_EQ(snapshot.at("prevIds").size(), 1u);
  EXPECT_FALSE(snapshot.at("footprints").empty());
  EXPECT_FALSE(snapshot.at("deltas").empty());

  // evolve_v5.ts: foreign keys and unique constraints added (one table created with them) and
  // dropped, a check dropped. evolve_v6.ts: primary keys dropped, added under a new name and
  // changed in place; column types changed. evolve_v7.ts: a table and a column renamed (the
  // resolver's answers), a schema, an enum and a sequence created, a sequence and a policy
  // dropped, row level security enabled and disabled; the renamed table's key follows its name
  // (lines_pkey becomes order_lines_pkey, as a fresh load names it). evolve_v8.ts: identity
  // columns added (in a new table and to a table kept) and altered; a schema dropped with its
  // table and enum, an enum dropped with its column.
  const std::vector<std::pair<int, std::string>> versions{
      {5, ""},
      {6, ""},
      {7,
       " --rename table:public.lines=public.order_lines --rename "
       "column:public.order_lines.a=amount --rename create:table:billing.accounts --rename "
       "create:sequence:public.tick"},
      {8, " --rename create:table:public.tokens"}};
  for (const auto& [version, answers] : versions) {
    dir.write("sleet.toml",
              fmt::format("schema = \"{}\"\nout = \"drizzle\"\n",
                          (kit1_fixture() / fmt::format("evolve_v{}.ts", version)).string()));
    generated = run_sleet(fmt::format("generate --name v{}{}", version, answers), dir.path());
    ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  }
  folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), 8u);
  auto statement_types = [&](std::size_t index) {
    nlohmann::json written = nlohmann::json::parse(
        read_file(out / folder.migrations()[index].entry.tag / "snapshot.json"));
    std::set<std::string> types;
    for (const nlohmann::json& print : written.at("footprints"))
      types.insert(print.at("statementType").get<std::string>());
    return types;
  };
  EXPECT_EQ(statement_types(4),
            (std::set<std::string>{"add_column", "create_fk", "add_unique", "drop_fk",
                                   "drop_unique", "drop_check", "create_table"}));
  EXPECT_EQ(statement_types(5),
            (std::set<std::string>{"alter_pk", "add_column", "drop_pk", "add_pk", "alter_column"}));
  EXPECT_EQ(statement_types(6),
            (std::set<std::string>{"rename_table", "rename_column", "rename_constraint",
                                   "create_schema", "create_enum", "create_sequence",
                                   "drop_sequence", "create_table", "alter_rls", "drop_policy"}));
  EXPECT_EQ(statement_types(7),
            (std::set<std::string>{"drop_schema", "drop_enum", "add_column", "create_table",
                                   "drop_column", "drop_table", "alter_column"}));

  // drizzle-kit accepts the folder and finds nothing left to generate for the same schema.
  log = kit1(out, "evolve_v8.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  log = kit1(out, "evolve_v8.ts", "generate --name again");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  EXPECT_EQ(MigrationFolder::open(out).migrations().size(), 8u) << log;
  // Nor does sleet.
  generated = run_sleet("generate --name again", dir.path());
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos)
      << generated.out << generated.err;

  // drizzle-kit migrate and sleet migrate build the same database with the same rows.
  auto by_kit = test_cluster().fresh_database("v9_generate_kit");
  auto by_sleet = test_cluster().fresh_database("v9_generate_sleet");
  log = kit1(out, "evolve_v8.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  EXPECT_EQ(v3_tracking_rows(by_kit).size(), 8u);
  // sleet's progress table (the file has an ADD VALUE, so sleet ran it statement by statement).
  test_cluster().execute("DROP TABLE IF EXISTS drizzle.__sleet_migration_progress", by_sleet);
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
  auto status = run_sleet(
      fmt::format("status --json --url '{}' --out '{}'", test_cluster().url(by_kit), out.string()),
      dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;

  // A change sleet cannot write as drizzle-kit would yet is refused, naming it; nothing is
  // written.
  fs::path more_sql = dir.path() / "more.sql";
  kit1_export(out, "evolve_v8.ts", more_sql);
  dir.write("more.sql",
            read_file(more_sql) +
                "\nCREATE TABLE notes (area box);  -- a column type the v3 writer does not "
                "spell as drizzle-kit does yet\n");
  dir.write("sleet.toml", "schema = \"more.sql\"\nout = \"drizzle\"\n");
  generated = run_sleet("generate --name refused", dir.path());
  EXPECT_EQ(generated.exit_code, 2) << generated.out << generated.err;
  EXPECT_NE(generated.err.find("cannot write this change into a drizzle-kit 1.0"),
            std::string::npos)
      << generated.err;
  EXPECT_EQ(MigrationFolder::open(out).migrations().size(), 8u);
}

// sleet.toml `format = "v3"`: a project's first generate writes drizzle-kit 1.0's layout (a
// folder per migration, a "base" snapshot first), which drizzle-kit accepts and continues, and
// which both migrators apply alike; a folder that exists keeps its own layout.
TEST(DrizzleV9State, FormatV3StartsANewFolderInDrizzleKit1sLayout) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  auto configure = [&](const std::string& schema) {
    dir.write("sleet.toml", fmt::format("schema = \"{}\"\nout = \"drizzle\"\nformat = \"v3\"\n",
                                        (kit1_fixture() / schema).string()));
  };
  configure("migrate_v1.ts");
  auto generated = run_sleet("generate --name first", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  EXPECT_FALSE(fs::exists(out / "meta"));
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.format(), FolderFormat::V3);
  ASSERT_EQ(folder.migrations().size(), 1u);
  std::string first = folder.migrations()[0].entry.tag;
  EXPECT_TRUE(first.ends_with("_first")) << first;
  nlohmann::json base = nlohmann::json::parse(read_file(out / first / "snapshot.json"));
  EXPECT_EQ(base.at("type"), "base");
  EXPECT_EQ(base.at("prevIds"), nlohmann::json::array({"00000000-0000-0000-0000-000000000000"}));
  EXPECT_FALSE(base.at("ddl").empty());
  EXPECT_FALSE(base.contains("deltas"));
  std::string log = kit1(out, "migrate_v1.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  log = kit1(out, "migrate_v1.ts", "generate --name again");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;

  configure("migrate_v2.ts");
  generated = run_sleet("generate --name second", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), 2u);
  nlohmann::json next = nlohmann::json::parse(
      read_file(out / folder.migrations()[1].entry.tag / "snapshot.json"));
  EXPECT_EQ(next.at("type"), "diff");
  EXPECT_EQ(next.at("prevIds"), nlohmann::json::array({base.at("id")}));
  log = kit1(out, "migrate_v2.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  log = kit1(out, "migrate_v2.ts", "generate --name again");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;

  auto by_kit = test_cluster().fresh_database("v9_format_kit");
  auto by_sleet = test_cluster().fresh_database("v9_format_sleet");
  log = kit1(out, "migrate_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_kit).size(), 2u);
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;

  // A 0.x folder that exists keeps its layout whatever `format` says.
  TemporaryDirectory journal_project;
  journal_project.write("schema.sql", "CREATE TABLE a (id integer);\n");
  journal_project.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\n");
  generated = run_sleet("generate --name one", journal_project.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  journal_project.write("schema.sql", "CREATE TABLE a (id integer, b text);\n");
  journal_project.write("sleet.toml",
                        "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  generated = run_sleet("generate --name two", journal_project.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  MigrationFolder kept = MigrationFolder::open(journal_project.path() / "drizzle");
  EXPECT_EQ(kept.format(), FolderFormat::Journal);
  EXPECT_EQ(kept.migrations().size(), 2u);
}

// A custom migration whose author replaced drizzle-kit's template line: its snapshot has no
// deltas, which is how drizzle-kit 1.0 tells one too. What it creates is expected in the
// database, though no snapshot holds it.
TEST(DrizzleV9State, ACustomMigrationIsKnownByItsSnapshotWithoutDeltas) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  std::string log = kit1(out, "migrate_v1.ts", "generate --name init");
  log += kit1(out, "migrate_v1.ts", "generate --custom --name by_hand");
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), 2u) << log;
  dir.write("drizzle/" + folder.migrations()[1].entry.tag + "/migration.sql",
            "CREATE TABLE shop.audit_log (id integer);");
  auto database = test_cluster().fresh_database("v9_custom_by_hand");
  ASSERT_EQ(migrate_cli(database, out).exit_code, 0);
  auto status = run_sleet(fmt::format("status --json --url '{}' --out '{}'",
                                      test_cluster().url(database), out.string()),
                          dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  nlohmann::json report = nlohmann::json::parse(status.out).at("targets").at(0);
  EXPECT_EQ(report.at("drift").at("found"), false) << report.dump(2);
  EXPECT_EQ(report.at("drift").at("custom_migrations").size(), 1u) << report.dump(2);
}

TEST(DrizzleV9State, UnmergedBranchesAndAMergeNodeReadAsTheMergedSchema) {
  TemporaryDirectory dir;
  fs::path early = dir.path() / "early";  // generated first: invoices
  fs::path late = dir.path() / "late";    // generated second: coupons
  std::string log = kit1(early, "migrate_v1.ts", "generate --name init");
  log += kit1(early, "migrate_v2.ts", "generate --name refunds");
  fs::copy(early, late, fs::copy_options::recursive);
  log += kit1(early, "branch_b.ts", "generate --name invoices");
  log += kit1(late, "branch_a.ts", "generate --name coupons");
  MigrationFolder early_folder = MigrationFolder::open(early);
  ASSERT_EQ(early_folder.migrations().size(), 3u) << log;
  std::string invoices = early_folder.migrations().back().entry.tag;
  fs::copy(early / invoices, late / invoices, fs::copy_options::recursive);

  fs::path merged_sql = dir.path() / "merged.sql";
  kit1_export(late, "merged.ts", merged_sql);
  // Two leaves: their combined state.
  V9FolderState state = read_v9_folder_state(MigrationFolder::open(late).snapshot_files());
  EXPECT_EQ(state.leaf_ids.size(), 2u);
  CommandResult diff = diff_folder(late, merged_sql);
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_EQ(diff.out, "") << diff.err;

  // drizzle-kit's merge node (two prevIds; a custom migration, as the merge changes nothing)
  // on top reads the same.
  log = kit1(late, "merged.ts", "generate --custom --name merge");
  MigrationFolder merged = MigrationFolder::open(late);
  ASSERT_EQ(merged.migrations().size(), 5u) << log;
  nlohmann::json node = nlohmann::json::parse(
      read_file(late / merged.migrations().back().entry.tag / "snapshot.json"));
  EXPECT_EQ(node.at("prevIds").size(), 2u) << node.dump();
  state = read_v9_folder_state(merged.snapshot_files());
  EXPECT_EQ(state.leaf_ids.size(), 1u);
  diff = diff_folder(late, merged_sql);
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_EQ(diff.out, "") << diff.err;
}

// Two branches generated from one folder and merged by copying: `first` (branch schema file)
// into a copy of the folder, then `second` into another copy, which receives the first's
// migration. Returns that folder and the two migrations' names.
struct Branches {
  fs::path folder;
  std::string first;
  std::string second;
};

Branches make_branches(const TemporaryDirectory& dir, const std::string& first,
                       const std::string& second, std::string& log) {
  fs::path base = dir.path() / "base";
  log += kit1(base, "migrate_v1.ts", "generate --name init");
  log += kit1(base, "migrate_v2.ts", "generate --name refunds");
  fs::path one = dir.path() / "one";
  fs::path two = dir.path() / "two";
  fs::copy(base, one, fs::copy_options::recursive);
  fs::copy(base, two, fs::copy_options::recursive);
  log += kit1(one, first, "generate --name first");
  log += kit1(two, second, "generate --name second");
  Branches branches{two};
  branches.first = MigrationFolder::open(one).migrations().back().entry.tag;
  branches.second = MigrationFolder::open(two).migrations().back().entry.tag;
  fs::copy(one / branches.first, two / branches.first, fs::copy_options::recursive);
  return branches;
}

TEST(DrizzleV9State, CheckSaysWhetherTwoBranchesCommuteAsDrizzleKitDoes) {
  TemporaryDirectory dir;
  std::string log;
  // Each branch adds a table of its own: they commute.
  Branches commuting = make_branches(dir, "branch_a.ts", "branch_b.ts", log);
  ASSERT_EQ(MigrationFolder::open(commuting.folder).migrations().size(), 4u) << log;
  log = kit1(commuting.folder, "merged.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  auto checked = run_sleet(fmt::format("check --out '{}'", commuting.folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(checked.err.find(
                fmt::format("two branches end without a merge since {}: [{}] and [{}]",
                            MigrationFolder::open(commuting.folder).migrations()[1].entry.tag,
                            commuting.first, commuting.second)),
            std::string::npos)
      << checked.err;
  EXPECT_NE(checked.err.find("they commute"), std::string::npos) << checked.err;
  // migrate applies nothing while the two leaves are unmerged, and names both.
  std::string database = test_cluster().fresh_database("v9_unmerged_leaves");
  auto refused = run_sleet(fmt::format("migrate --url '{}' --out '{}'",
                                       test_cluster().url(database), commuting.folder.string()),
                           dir.path());
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find(
                fmt::format("[{}] and [{}] both follow {}", commuting.first, commuting.second,
                            MigrationFolder::open(commuting.folder).migrations()[1].entry.tag)),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("sleet rebase"), std::string::npos) << refused.err;
  EXPECT_FALSE(
      test_cluster()
          .execute("select to_regclass('drizzle.__drizzle_migrations') is not null", database)
          .value(0, 0) == std::string("t"));
  // drizzle-kit 1.0's merge migration puts them in one line: migrate applies everything.
  log = kit1(commuting.folder, "merged.ts", "generate --custom --name merge");
  auto merged = run_sleet(fmt::format("migrate --url '{}' --out '{}'", test_cluster().url(database),
                                      commuting.folder.string()),
                          dir.path());
  EXPECT_EQ(merged.exit_code, 0) << merged.err << log;

  // One branch drops the table the other adds a column to: they conflict.
  TemporaryDirectory other;
  Branches conflicting = make_branches(other, "branch_c.ts", "branch_d.ts", log);
  ASSERT_EQ(MigrationFolder::open(conflicting.folder).migrations().size(), 4u) << log;
  log = kit1(conflicting.folder, "branch_d.ts", "check");
  EXPECT_TRUE(log.starts_with("FAILED")) << log;
  checked = run_sleet(fmt::format("check --out '{}'", conflicting.folder.string()), other.path());
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
  EXPECT_NE(checked.err.find(fmt::format("they conflict: drop_table table public.refunds in {} and "
                                         "add_column column public.refunds.reason in {}",
                                         conflicting.first, conflicting.second)),
            std::string::npos)
      << checked.err;
}

// A snapshot.json of a diff, by hand: a v3 folder of two migrations whose second snapshot has
// `deltas` and `parent` as its parent id.
void write_two_migrations(const TemporaryDirectory& dir, const std::string& parent,
                          const std::string& deltas) {
  dir.write("drizzle/20260101000000_init/migration.sql", "CREATE TABLE \"t\" (\"a\" integer);");
  dir.write(
      "drizzle/20260101000000_init/snapshot.json",
      R"({"type":"base","version":"9","dialect":"postgres","id":"11111111-1111-4111-8111-111111111111",
"prevIds":["00000000-0000-0000-0000-000000000000"],"footprints":[],"ddl":[
{"schema":"public","name":"t","isRlsEnabled":false,"entityType":"tables"},
{"schema":"public","table":"t","name":"a","type":"integer","typeSchema":null,"notNull":false,"dimensions":0,"default":null,"generated":null,"identity":null,"entityType":"columns"}]})");
  dir.write("drizzle/20260101000001_next/migration.sql", "SELECT 1;");
  dir.write(
      "drizzle/20260101000001_next/snapshot.json",
      fmt::format(
          R"({{"type":"diff","version":"9","dialect":"postgres","id":"22222222-2222-4222-8222-222222222222",
"prevIds":["{}"],"footprints":[],"deltas":{}}})",
          parent, deltas));
}

std::vector<fs::path> snapshots_of(const TemporaryDirectory& dir) {
  return MigrationFolder::open(dir.path() / "drizzle").snapshot_files();
}

TEST(DrizzleV9State, ARenamedTableTakesItsColumnsAlong) {
  TemporaryDirectory dir;
  write_two_migrations(
      dir, "11111111-1111-4111-8111-111111111111",
      R"([{"op":"rename","key":"tables\u0000[\"public\",\"t\"]","set":{"name":"u"}}])");
  V9FolderState state = read_v9_folder_state(snapshots_of(dir));
  ASSERT_EQ(state.schema.tables.size(), 1u);
  const Table& table = state.schema.tables.begin()->second;
  EXPECT_EQ(table.name.name, "u");
  ASSERT_EQ(table.columns.size(), 1u);
  EXPECT_EQ(table.columns[0].name, "a");
}

TEST(DrizzleV9State, BrokenHistoriesAreRefusedNamingTheSnapshot) {
  TemporaryDirectory dir;
  write_two_migrations(dir, "33333333-3333-4333-8333-333333333333", "[]");
  try {
    read_v9_folder_state(snapshots_of(dir));
    FAIL() << "a missing parent was accepted";
  } catch (const Error& e) {
    EXPECT_NE(e.where().find("20260101000001_next"), std::string::npos) << e.where();
    EXPECT_NE(std::string(e.what()).find("33333333-3333-4333-8333-333333333333"), std::string::npos)
        << e.what();
  }
  // A create that gives the column's name to another column.
  write_two_migrations(
      dir, "11111111-1111-4111-8111-111111111111",
      R"([{"op":"create","row":{"schema":"public","table":"t","name":"a","type":"text","typeSchema":null,"notNull":false,"dimensions":0,"default":null,"generated":null,"identity":null,"entityType":"columns"}}])");
  try {
    read_v9_folder_state(snapshots_of(dir));
    FAIL() << "a colliding create was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("two different entities"), std::string::npos) << e.what();
    EXPECT_NE(e.where().find("22222222-2222-4222-8222-222222222222"), std::string::npos)
        << e.where();
  }
  // sleet status and diff say the same through the command line.
  CommandResult diff = run_sleet("diff --from drizzle --to /dev/null", dir.path());
  EXPECT_EQ(diff.exit_code, 2) << diff.out << diff.err;
  EXPECT_NE(diff.err.find("two different entities"), std::string::npos) << diff.err;
}

}  // namespace
}  // namespace sleet::testing
