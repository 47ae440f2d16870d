// Two branches that each ran drizzle-kit 0.31 generate on the same folder, merged as git
// leaves them: migrate refuses, check says whether they commute, rebase puts them in one
// line (or refuses, naming both migrations and the object), and drizzle-kit accepts the result.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// A base folder (0000_init from migrate_v1.ts) copied to two branches, each of which
// generates 0001 from its own schema file; `first` is merged into: the second branch's
// migration file and journal entry are added to it, and the first branch's
// meta/0001_snapshot.json is the one kept (git's "ours" for the add/add conflict).
struct MergedBranches {
  fs::path first;
  fs::path second;
  std::string first_tag;
  std::string second_tag;
  std::string log;
};

MergedBranches merge_branches(const TemporaryDirectory& dir, const std::string& first_schema,
                              const std::string& second_schema) {
  MergedBranches merged{dir.path() / "first", dir.path() / "second"};
  fs::path base = dir.path() / "base";
  merged.log += drizzle_kit(base, "migrate_v1.ts", "generate --name init");
  fs::copy(base, merged.first, fs::copy_options::recursive);
  fs::copy(base, merged.second, fs::copy_options::recursive);
  merged.log += drizzle_kit(merged.first, first_schema, "generate --name first");
  merged.log += drizzle_kit(merged.second, second_schema, "generate --name second");
  merged.first_tag = MigrationFolder::open(merged.first).migrations().back().entry.tag;
  merged.second_tag = MigrationFolder::open(merged.second).migrations().back().entry.tag;
  return merged;
}

void git_merge(const MergedBranches& branches) {
  fs::copy_file(branches.second / (branches.second_tag + ".sql"),
                branches.first / (branches.second_tag + ".sql"));
  Journal journal = parse_journal(read_file(branches.first / "meta/_journal.json"), "ours");
  Journal theirs = parse_journal(read_file(branches.second / "meta/_journal.json"), "theirs");
  journal.entries.push_back(theirs.entries.back());
  write_text_file(branches.first / "meta/_journal.json", format_journal(journal));
}

int table_count(const std::string& database, const std::string& table) {
  return relation_exists(database, table) ? 1 : 0;
}

TEST(BranchRebase, TheMergeThatBrokeA031FolderIsRebasedAndApplied) {
  TemporaryDirectory dir;
  MergedBranches branches = merge_branches(dir, "branch_a.ts", "branch_b.ts");
  ASSERT_EQ(branches.first_tag, "0001_first") << branches.log;
  ASSERT_EQ(branches.second_tag, "0001_second") << branches.log;
  // The first branch landed and was deployed before the merge.
  std::string database = test_cluster().fresh_database("branch_rebase");
  ASSERT_EQ(migrate_cli(database, branches.first).exit_code, 0);
  test_cluster().execute("insert into public.coupons (code) values ('SPRING')", database);
  git_merge(branches);
  fs::path folder = branches.first;

  // generate on top would start from 0001_first's snapshot, which the merge kept, and create
  // the other branch's table again: it refuses, pointing to rebase, and writes nothing.
  dir.write("project/sleet.toml", fmt::format("schema = \"{}\"\nout = \"{}\"\n",
                                              (fixture() / "merged.ts").string(), folder.string()));
  CommandResult generated = run_sleet("generate --name next", dir.path() / "project");
  EXPECT_EQ(generated.exit_code, 2) << generated.out << generated.err;
  EXPECT_NE(generated.err.find("[0001_first] and [0001_second] both follow 0000_init"),
            std::string::npos)
      << generated.err;
  EXPECT_NE(generated.err.find("Run 'sleet rebase' first"), std::string::npos) << generated.err;
  EXPECT_EQ(MigrationFolder::open(folder).migrations().size(), 3u);

  // status says the folder holds two branches (and exits 1: migrate would refuse it).
  CommandResult status = run_sleet(
      fmt::format("status --url '{}' --out '{}'", test_cluster().url(database), folder.string()),
      dir.path());
  EXPECT_EQ(status.exit_code, 1) << status.err;
  EXPECT_NE(status.err.find("warning: two branches were merged without their migrations put in "
                            "one line: [0001_first] and [0001_second] both follow 0000_init"),
            std::string::npos)
      << status.err;
  EXPECT_NE(status.err.find("sleet rebase"), std::string::npos) << status.err;
  status = run_sleet(fmt::format("status --json --url '{}' --out '{}'",
                                 test_cluster().url(database), folder.string()),
                     dir.path());
  EXPECT_EQ(status.exit_code, 1) << status.err;
  EXPECT_EQ(schema_violations(status.out), "") << status.out;
  auto unmerged = nlohmann::json::parse(status.out)["targets"][0]["unmerged_branches"];
  ASSERT_EQ(unmerged.size(), 1u) << status.out;
  EXPECT_EQ(unmerged[0]["since"], "0000_init");
  EXPECT_EQ(unmerged[0]["first"], nlohmann::json::array({"0001_first"}));
  EXPECT_EQ(unmerged[0]["second"], nlohmann::json::array({"0001_second"}));

  // migrate applies nothing and names both migrations and the way out.
  CommandResult refused = migrate_cli(database, folder);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("[0001_first] and [0001_second] both follow 0000_init"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("sleet rebase"), std::string::npos) << refused.err;
  EXPECT_EQ(tracking_rows(database).size(), 2u);
  EXPECT_EQ(table_count(database, "public.refunds"), 0);

  // check: they commute (different tables; refunds only reads orders, which neither changes).
  CommandResult checked = run_sleet(fmt::format("check --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  EXPECT_NE(checked.err.find("they commute"), std::string::npos) << checked.err;
  EXPECT_NE(checked.err.find("sleet rebase"), std::string::npos) << checked.err;

  // rebase, asking the database: 0001_first is applied there, so it stays; 0001_second moves.
  CommandResult dry = run_sleet(fmt::format("rebase --dry-run --url '{}' --out '{}'",
                                            test_cluster().url(database), folder.string()),
                                dir.path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would move 0001_second -> 0002_second"), std::string::npos) << dry.out;
  EXPECT_TRUE(fs::exists(folder / "0001_second.sql"));
  CommandResult rebased = run_sleet(
      fmt::format("rebase --url '{}' --out '{}'", test_cluster().url(database), folder.string()),
      dir.path());
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_NE(rebased.out.find("kept 0001_first (its migrations are applied in the database)"),
            std::string::npos)
      << rebased.out;
  EXPECT_FALSE(fs::exists(folder / "0001_second.sql"));
  MigrationFolder after = MigrationFolder::open(folder);
  ASSERT_EQ(after.migrations().size(), 3u);
  EXPECT_EQ(after.migrations()[1].entry.tag, "0001_first");
  EXPECT_EQ(after.migrations()[2].entry.tag, "0002_second");
  EXPECT_EQ(after.migrations()[2].entry.idx, 2);
  EXPECT_GT(after.migrations()[2].entry.when, after.migrations()[1].entry.when);
  // The moved migration's SQL is byte for byte what its branch generated.
  EXPECT_EQ(after.migrations()[2].text, read_file(branches.second / "0001_second.sql"));
  // The snapshot chain is straight: 0002's prevId is 0001's id, whose prevId is 0000's.
  auto snapshot = [&](const char* name) {
    return nlohmann::json::parse(read_file(folder / "meta" / name));
  };
  EXPECT_EQ(snapshot("0002_snapshot.json")["prevId"], snapshot("0001_snapshot.json")["id"]);
  EXPECT_EQ(snapshot("0001_snapshot.json")["prevId"], snapshot("0000_snapshot.json")["id"]);
  // 0002's snapshot holds both branches' tables.
  EXPECT_TRUE(snapshot("0002_snapshot.json")["tables"].contains("public.coupons"));
  EXPECT_TRUE(snapshot("0002_snapshot.json")["tables"].contains("public.refunds"));

  checked = run_sleet(fmt::format("check --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  std::string log = drizzle_kit(folder, "merged.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  // drizzle-kit's next generate continues the folder with nothing to do.
  log = drizzle_kit(folder, "merged.ts", "generate");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  EXPECT_EQ(MigrationFolder::open(folder).migrations().size(), 3u) << log;
  generated = run_sleet("generate --name next", dir.path() / "project");
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;

  CommandResult applied = migrate_cli(database, folder);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(tracking_rows(database).size(), 3u);
  EXPECT_EQ(table_count(database, "public.refunds"), 1);
  // The applied branch's table was not made again: its row is still there.
  EXPECT_EQ(test_cluster().execute("select code from public.coupons", database).value(0, 0),
            std::string("SPRING"));
  status = run_sleet(fmt::format("status --no-drift --url '{}' --out '{}'",
                                 test_cluster().url(database), folder.string()),
                     dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_EQ(status.err.find("two branches"), std::string::npos) << status.err;

  // drizzle-kit migrate on a fresh database applies the rebased folder too.
  std::string fresh = test_cluster().fresh_database("branch_rebase_kit");
  log = drizzle_kit_migrate(folder, fresh);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(tracking_rows(fresh).size(), 3u);
  EXPECT_EQ(schema_outline(fresh), schema_outline(database));
}

TEST(BranchRebase, OfflineKeepsTheEarlierWhen) {
  TemporaryDirectory dir;
  MergedBranches branches = merge_branches(dir, "branch_a.ts", "branch_b.ts");
  git_merge(branches);
  // Without a database the branch generated first (the earlier `when`) stays.
  CommandResult rebased = run_sleet(
      fmt::format("rebase --offline --out '{}' --json", branches.first.string()), dir.path());
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_EQ(schema_violations(rebased.out), "") << rebased.out;
  auto entry = nlohmann::json::parse(rebased.out)["targets"][0];
  EXPECT_EQ(entry["kept"], nlohmann::json::array({"0001_first"}));
  EXPECT_EQ(entry["moved"][0]["from"], "0001_second");
  EXPECT_EQ(entry["moved"][0]["to"], "0002_second");
  // A second run has nothing to do.
  CommandResult again =
      run_sleet(fmt::format("rebase --offline --out '{}'", branches.first.string()), dir.path());
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_NE(again.err.find("already in one line"), std::string::npos) << again.err;
}

TEST(BranchRebase, ConflictingBranchesAreRefusedByName) {
  TemporaryDirectory dir;
  // Both change table orders: one adds a column, the other drops one.
  MergedBranches branches = merge_branches(dir, "branch_c.ts", "branch_d.ts");
  ASSERT_EQ(branches.second_tag, "0001_second") << branches.log;
  git_merge(branches);
  fs::path folder = branches.first;
  std::string journal_before = read_file(folder / "meta/_journal.json");

  CommandResult checked = run_sleet(fmt::format("check --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  EXPECT_NE(checked.err.find("they conflict: 0001_first and 0001_second both change table "
                             "public.orders"),
            std::string::npos)
      << checked.err;

  CommandResult refused =
      run_sleet(fmt::format("rebase --offline --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("0001_first and 0001_second both change table public.orders"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(read_file(folder / "meta/_journal.json"), journal_before);
  EXPECT_TRUE(fs::exists(folder / "0001_second.sql"));
}

// Renumbered by hand after the merge (0002 with its own snapshot, same prevId as 0001):
// check still finds the fork from the snapshots, and indexes on different tables commute.
TEST(BranchRebase, ARenumberedForkIsFoundFromThePrevIds) {
  TemporaryDirectory dir;
  MergedBranches branches = merge_branches(dir, "branch_a.ts", "branch_b.ts");
  fs::path folder = branches.first;
  fs::copy_file(branches.second / "0001_second.sql", folder / "0002_second.sql");
  fs::copy_file(branches.second / "meta/0001_snapshot.json", folder / "meta/0002_snapshot.json");
  Journal journal = parse_journal(read_file(folder / "meta/_journal.json"), "ours");
  Journal theirs = parse_journal(read_file(branches.second / "meta/_journal.json"), "theirs");
  JournalEntry entry = theirs.entries.back();
  entry.idx = 2;
  entry.tag = "0002_second";
  journal.entries.push_back(entry);
  write_text_file(folder / "meta/_journal.json", format_journal(journal));

  CommandResult checked = run_sleet(fmt::format("check --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  EXPECT_NE(checked.err.find("[0001_first] and [0002_second] both follow 0000_init"),
            std::string::npos)
      << checked.err;
  EXPECT_NE(checked.err.find("they commute"), std::string::npos) << checked.err;
  std::string database = test_cluster().fresh_database("branch_renumbered");
  CommandResult refused = migrate_cli(database, folder);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_FALSE(relation_exists(database, "drizzle.__drizzle_migrations"));

  CommandResult rebased =
      run_sleet(fmt::format("rebase --offline --out '{}'", folder.string()), dir.path());
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  checked = run_sleet(fmt::format("check --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  std::string log = drizzle_kit(folder, "merged.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  EXPECT_EQ(migrate_cli(database, folder).exit_code, 0);
  EXPECT_TRUE(relation_exists(database, "public.refunds"));
}

// Two branches generated by sleet from SQL schema files on a journal folder: the first
// branch's project `one` gets the second's migration (file, down script, journal entry) as git
// merges them, its meta/0001_snapshot.json kept, and the schema file `merged_schema`.
struct SqlMerge {
  fs::path project;
  fs::path folder;
  std::string first;
  std::string second;
  std::string log;
};

SqlMerge merge_sql_branches(const TemporaryDirectory& dir, const std::string& base,
                            const std::string& first, const std::string& second,
                            const std::string& merged_schema) {
  SqlMerge out{dir.path() / "one", dir.path() / "one/drizzle"};
  dir.write("base/schema.sql", base);
  dir.write("base/sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\n");
  CommandResult generated = run_sleet("generate --name init", dir.path() / "base");
  out.log += generated.out + generated.err;
  fs::copy(dir.path() / "base", dir.path() / "one", fs::copy_options::recursive);
  fs::copy(dir.path() / "base", dir.path() / "two", fs::copy_options::recursive);
  dir.write("one/schema.sql", first);
  dir.write("two/schema.sql", second);
  generated = run_sleet("generate --name first", dir.path() / "one");
  out.log += generated.out + generated.err;
  generated = run_sleet("generate --name second", dir.path() / "two");
  out.log += generated.out + generated.err;
  fs::path theirs = dir.path() / "two/drizzle";
  out.first = MigrationFolder::open(out.folder).migrations().back().entry.tag;
  out.second = MigrationFolder::open(theirs).migrations().back().entry.tag;
  for (const std::string& file : {out.second + ".sql", out.second + ".down.sql"})
    fs::copy_file(theirs / file, out.folder / file);
  Journal journal = parse_journal(read_file(out.folder / "meta/_journal.json"), "ours");
  journal.entries.push_back(
      parse_journal(read_file(theirs / "meta/_journal.json"), "theirs").entries.back());
  write_text_file(out.folder / "meta/_journal.json", format_journal(journal));
  dir.write("one/schema.sql", merged_schema);
  return out;
}

const std::string kUsers = "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);\n";

// Each branch adds a column to the same table. On the model a 0.x folder is judged by, that
// is one table both change: check and rebase say so alike, naming both migrations and the
// table, and migrate's hint names what rebase would keep.
TEST(BranchRebase, ColumnsAddedToOneTableOnBothBranchesAreRefusedAlikeByCheckAndRebase) {
  TemporaryDirectory dir;
  SqlMerge merged = merge_sql_branches(
      dir, kUsers, "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, age int);\n",
      "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, nick text);\n",
      "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, age int, nick text);\n");
  ASSERT_EQ(merged.first, "0001_first") << merged.log;
  ASSERT_EQ(merged.second, "0001_second") << merged.log;
  std::string journal_before = read_file(merged.folder / "meta/_journal.json");

  CommandResult checked = run_sleet("check", merged.project);
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  EXPECT_NE(checked.err.find("they conflict: 0001_first and 0001_second both change table "
                             "public.users"),
            std::string::npos)
      << checked.err;
  CommandResult refused = run_sleet("rebase --offline", merged.project);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("0001_first and 0001_second both change table public.users"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(read_file(merged.folder / "meta/_journal.json"), journal_before);

  std::string database = test_cluster().fresh_database("branch_columns");
  CommandResult migrate = migrate_cli(database, merged.folder);
  EXPECT_EQ(migrate.exit_code, 1) << migrate.err;
  EXPECT_NE(migrate.err.find("it keeps [0001_first], whose first migration has the earlier "
                             "`when`, and moves [0001_second]"),
            std::string::npos)
      << migrate.err;
}

// The same CREATE TABLE (and index) on both branches: check says they commute; rebase takes
// the statements out of the moved migration, which keeps its own table, so migrate builds
// each table once, on a fresh database and on one that had the kept branch.
TEST(BranchRebase, TheSameStatementOnBothBranchesRunsOnceAfterRebase) {
  TemporaryDirectory dir;
  std::string tags =
      "CREATE TABLE tags (id serial PRIMARY KEY, label text NOT NULL UNIQUE);\n"
      "CREATE INDEX tags_label_idx ON tags (label);\n";
  std::string coupons = "CREATE TABLE coupons (id serial PRIMARY KEY, code text);\n";
  std::string invoices = "CREATE TABLE invoices (id serial PRIMARY KEY, total int);\n";
  SqlMerge merged =
      merge_sql_branches(dir, kUsers, kUsers + tags + coupons, kUsers + tags + invoices,
                         kUsers + tags + coupons + invoices);
  ASSERT_EQ(merged.second, "0001_second") << merged.log;
  std::string kept_db = test_cluster().fresh_database("branch_same_kept");
  ASSERT_EQ(migrate_cli(kept_db, dir.path() / "two/drizzle").exit_code, 0);

  CommandResult checked = run_sleet("check", merged.project);
  EXPECT_NE(checked.err.find("they commute"), std::string::npos) << checked.err;

  CommandResult rebased = run_sleet(
      fmt::format("rebase --json --url '{}'", test_cluster().url(kept_db)), merged.project);
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_EQ(schema_violations(rebased.out), "") << rebased.out;
  auto entry = nlohmann::json::parse(rebased.out)["targets"][0];
  EXPECT_EQ(entry["kept"], nlohmann::json::array({"0001_second"}));
  ASSERT_EQ(entry["moved"].size(), 1u);
  EXPECT_EQ(entry["moved"][0]["to"], "0002_first");
  EXPECT_EQ(entry["duplicates"].size(), 2u) << rebased.out;
  for (const auto& duplicate : entry["duplicates"]) {
    EXPECT_EQ(duplicate["migration"], "0001_first");
    EXPECT_EQ(duplicate["kept"], "0001_second");
  }
  std::string sql = read_file(merged.folder / "0002_first.sql");
  EXPECT_EQ(sql.find("tags"), std::string::npos) << sql;
  EXPECT_NE(sql.find("CREATE TABLE \"public\".\"coupons\""), std::string::npos) << sql;
  EXPECT_FALSE(fs::exists(merged.folder / "0002_first.down.sql"));
  EXPECT_FALSE(fs::exists(merged.folder / "0001_first.sql"));

  checked = run_sleet("check", merged.project);
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  CommandResult applied = migrate_cli(kept_db, merged.folder);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("applied 1 migration"), std::string::npos) << applied.out;
  std::string fresh = test_cluster().fresh_database("branch_same_fresh");
  ASSERT_EQ(migrate_cli(fresh, merged.folder).exit_code, 0);
  EXPECT_EQ(schema_outline(fresh), schema_outline(kept_db));
  EXPECT_TRUE(relation_exists(fresh, "public.coupons"));
}

}  // namespace
}  // namespace sleet::testing
