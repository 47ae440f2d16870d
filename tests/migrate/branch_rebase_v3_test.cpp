// Two branches that each ran drizzle-kit 1.0 generate on the same v3 folder, merged as git
// leaves them (both branches' folders side by side): status names them, rebase re-dates the
// later branch after the one a database applied and chains its snapshot onto it, and
// drizzle-kit 1.0.0-rc.5 (tests/fixtures/drizzle1) accepts and applies the result; a
// conflicting pair is refused naming both migrations and the object, the folder untouched.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "drizzle_kit.h"
#include "migrate_test_support.h"
#include "v3_branches.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

TEST(BranchRebaseV3, CommutingBranchesBecomeOneLineThatDrizzleKitAcceptsAndApplies) {
  TemporaryDirectory dir;
  V3Branches branches = make_v3_branches(dir, "branch_a.ts", "branch_b.ts");
  ASSERT_EQ(MigrationFolder::open(branches.merged).migrations().size(), 4u) << branches.log;
  fs::path folder = branches.merged;
  // The branch generated second landed and was deployed first, by drizzle-kit and by sleet:
  // it stays, and the older branch moves after it.
  std::string by_kit = test_cluster().fresh_database("v3_rebase_kit");
  std::string log = kit1(branches.two, "branch_b.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  test_cluster().execute("insert into public.invoices (total) values (42)", by_kit);
  std::string by_sleet = test_cluster().fresh_database("v3_rebase_sleet");
  ASSERT_EQ(migrate_cli(by_sleet, branches.two).exit_code, 0);

  // status names the two branches, in text and JSON, and exits 1.
  CommandResult status = run_sleet(
      fmt::format("status --url '{}' --out '{}'", test_cluster().url(by_kit), folder.string()),
      dir.path());
  EXPECT_EQ(status.exit_code, 1) << status.err;
  EXPECT_NE(status.err.find(fmt::format("[{}] and [{}] both follow {}", branches.first,
                                        branches.second, branches.common)),
            std::string::npos)
      << status.err;
  EXPECT_NE(status.err.find("sleet rebase"), std::string::npos) << status.err;
  status = run_sleet(fmt::format("status --json --url '{}' --out '{}'", test_cluster().url(by_kit),
                                 folder.string()),
                     dir.path());
  EXPECT_EQ(schema_violations(status.out), "") << status.out;
  auto unmerged = nlohmann::json::parse(status.out)["targets"][0]["unmerged_branches"];
  ASSERT_EQ(unmerged.size(), 1u) << status.out;
  EXPECT_EQ(unmerged[0]["since"], branches.common);
  EXPECT_EQ(unmerged[0]["first"], nlohmann::json::array({branches.first}));
  EXPECT_EQ(unmerged[0]["second"], nlohmann::json::array({branches.second}));

  // A dry run names the move and writes nothing.
  std::map<std::string, std::string> before = contents(folder);
  CommandResult dry = run_sleet(fmt::format("rebase --dry-run --url '{}' --out '{}'",
                                            test_cluster().url(by_kit), folder.string()),
                                dir.path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would move " + branches.first + " -> "), std::string::npos) << dry.out;
  EXPECT_EQ(contents(folder), before);

  CommandResult rebased = run_sleet(fmt::format("rebase --json --url '{}' --out '{}'",
                                                test_cluster().url(by_kit), folder.string()),
                                    dir.path());
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_EQ(schema_violations(rebased.out), "") << rebased.out;
  auto entry = nlohmann::json::parse(rebased.out)["targets"][0];
  EXPECT_EQ(entry["kept"], nlohmann::json::array({branches.second}));
  ASSERT_EQ(entry["moved"].size(), 1u);
  EXPECT_EQ(entry["moved"][0]["from"], branches.first);
  std::string moved = entry["moved"][0]["to"];

  // One line: the moved folder is re-dated after the kept leaf (a later second, same name)
  // and its snapshot follows the kept leaf's; its SQL and id are what its branch generated.
  MigrationFolder after = MigrationFolder::open(folder);
  ASSERT_EQ(after.migrations().size(), 4u);
  EXPECT_EQ(after.migrations()[2].entry.tag, branches.second);
  EXPECT_EQ(after.migrations()[3].entry.tag, moved);
  EXPECT_TRUE(moved.ends_with("_first")) << moved;
  EXPECT_GT(moved.substr(0, 14), branches.second.substr(0, 14));
  EXPECT_FALSE(fs::exists(folder / branches.first));
  EXPECT_EQ(read_file(folder / moved / "migration.sql"),
            before.at(branches.first + "/migration.sql"));
  nlohmann::json original = nlohmann::json::parse(before.at(branches.first + "/snapshot.json"));
  nlohmann::json rewritten = snapshot_of(folder, moved);
  EXPECT_EQ(rewritten["id"], original["id"]);
  EXPECT_EQ(rewritten["prevIds"],
            nlohmann::json::array({snapshot_of(folder, branches.second)["id"]}));
  EXPECT_EQ(rewritten["deltas"], original["deltas"]);
  EXPECT_EQ(rewritten["footprints"], original["footprints"]);

  CommandResult checked = run_sleet(fmt::format("check --out '{}'", folder.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_EQ(checked.err.find("two branches"), std::string::npos) << checked.err;
  log = kit1(folder, "merged.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;

  // drizzle-kit 1.0 migrate on the database that had the kept branch: the moved migration
  // alone runs (the applied table was not made again: its row is there).
  log = kit1(folder, "merged.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  std::vector<std::string> expected = {after.migrations()[0].entry.tag,
                                       after.migrations()[1].entry.tag, branches.second, moved};
  EXPECT_EQ(tracked_names(by_kit), expected);
  EXPECT_TRUE(relation_exists(by_kit, "public.coupons"));
  EXPECT_EQ(test_cluster().execute("select total from public.invoices", by_kit).value(0, 0),
            std::string("42"));

  // sleet migrate the same on the database sleet migrated.
  CommandResult applied = migrate_cli(by_sleet, folder);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("applied 1 migration"), std::string::npos) << applied.out;
  EXPECT_EQ(tracked_names(by_sleet), expected);
  EXPECT_EQ(schema_outline(by_sleet), schema_outline(by_kit));

  // drizzle-kit's next generate on the merged schema continues the folder with nothing to do.
  log = kit1(folder, "merged.ts", "generate");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;
  EXPECT_EQ(MigrationFolder::open(folder).migrations().size(), 4u) << log;
}

TEST(BranchRebaseV3, OfflineKeepsTheBranchWhoseFirstMigrationIsOlder) {
  TemporaryDirectory dir;
  V3Branches branches = make_v3_branches(dir, "branch_a.ts", "branch_b.ts");
  ASSERT_EQ(MigrationFolder::open(branches.merged).migrations().size(), 4u) << branches.log;
  CommandResult rebased =
      run_sleet(fmt::format("rebase --offline --out '{}'", branches.merged.string()), dir.path());
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_NE(rebased.out.find(fmt::format("kept {} (its first migration after the common "
                                         "ancestor is older)",
                                         branches.first)),
            std::string::npos)
      << rebased.out;
  // The later branch's folder already sorts a second or more after the kept one: it keeps its
  // name (a database that applied it by name still finds it), only its parent changes.
  MigrationFolder after = MigrationFolder::open(branches.merged);
  EXPECT_EQ(after.migrations()[2].entry.tag, branches.first);
  std::string moved = after.migrations()[3].entry.tag;
  EXPECT_TRUE(moved.ends_with("_second")) << moved;
  if (branches.second.substr(0, 14) > branches.first.substr(0, 14)) {
    EXPECT_EQ(moved, branches.second);
    EXPECT_NE(rebased.out.find("chained " + branches.second + " after the kept branch"),
              std::string::npos)
        << rebased.out;
  }
  EXPECT_EQ(snapshot_of(branches.merged, moved)["prevIds"],
            nlohmann::json::array({snapshot_of(branches.merged, branches.first)["id"]}));
  CommandResult checked =
      run_sleet(fmt::format("check --out '{}'", branches.merged.string()), dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  CommandResult again =
      run_sleet(fmt::format("rebase --offline --out '{}'", branches.merged.string()), dir.path());
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_NE(again.err.find("already in one line"), std::string::npos) << again.err;
}

// The same with both branch migrations written by sleet generate (its deltas and footprints).
TEST(BranchRebaseV3, BranchesSleetGeneratedAreRebasedAndDrizzleKitAppliesThem) {
  TemporaryDirectory dir;
  fs::path base = dir.path() / "base" / "drizzle";
  std::string log = kit1(base, "migrate_v1.ts", "generate --name init");
  log += kit1(base, "migrate_v2.ts", "generate --name refunds");
  ASSERT_EQ(MigrationFolder::open(base).migrations().size(), 2u) << log;
  std::vector<std::string> tags;
  for (const char* branch : {"one", "two"}) {
    fs::copy(dir.path() / "base", dir.path() / branch, fs::copy_options::recursive);
    std::string schema = std::string(branch) == "one" ? "branch_a.ts" : "branch_b.ts";
    dir.write(
        std::string(branch) + "/sleet.toml",
        fmt::format("schema = \"{}\"\nout = \"drizzle\"\n", (kit1_fixture() / schema).string()));
    CommandResult generated =
        run_sleet(fmt::format("generate --name {}", branch), dir.path() / branch);
    ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
    tags.push_back(
        MigrationFolder::open(dir.path() / branch / "drizzle").migrations().back().entry.tag);
  }
  fs::path folder = dir.path() / "one" / "drizzle";
  fs::copy(dir.path() / "two" / "drizzle" / tags[1], folder / tags[1], fs::copy_options::recursive);

  CommandResult rebased =
      run_sleet(fmt::format("rebase --offline --out '{}'", folder.string()), dir.path());
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  MigrationFolder after = MigrationFolder::open(folder);
  ASSERT_EQ(after.migrations().size(), 4u);
  EXPECT_EQ(after.migrations()[2].entry.tag, tags[0]);
  log = kit1(folder, "merged.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  log = kit1(folder, "merged.ts", "generate");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;

  std::string by_kit = test_cluster().fresh_database("v3_rebase_sleet_branches_kit");
  std::string by_sleet = test_cluster().fresh_database("v3_rebase_sleet_branches");
  log = kit1(folder, "merged.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  ASSERT_EQ(migrate_cli(by_sleet, folder).exit_code, 0);
  EXPECT_EQ(tracked_names(by_kit).size(), 4u);
  EXPECT_EQ(tracked_names(by_sleet), tracked_names(by_kit));
  EXPECT_EQ(schema_outline(by_sleet), schema_outline(by_kit));
  EXPECT_TRUE(relation_exists(by_kit, "public.coupons"));
  EXPECT_TRUE(relation_exists(by_kit, "public.invoices"));
}

TEST(BranchRebaseV3, ConflictingBranchesAreRefusedNamingBothAndTheObject) {
  TemporaryDirectory dir;
  // One branch drops table refunds, the other adds a column to it.
  V3Branches branches = make_v3_branches(dir, "branch_c.ts", "branch_d.ts");
  ASSERT_EQ(MigrationFolder::open(branches.merged).migrations().size(), 4u) << branches.log;
  std::map<std::string, std::string> before = contents(branches.merged);
  CommandResult refused =
      run_sleet(fmt::format("rebase --offline --out '{}'", branches.merged.string()), dir.path());
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find(fmt::format("{} and {} both touch", branches.first, branches.second)),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("public.refunds"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("do not commute"), std::string::npos) << refused.err;
  EXPECT_EQ(contents(branches.merged), before);
}

// Two branches generated by sleet from SQL schema files on a v3 folder sleet began: `base`
// (the first migration), then `first` and `second` each generate on a copy of it; `merged` is
// the first branch's project with the second's migration folder copied in, as git merges
// them, and a schema file `merged_schema`.
struct SqlBranches {
  fs::path merged;  // the project; its folder is merged / "drizzle"
  std::string first;
  std::string second;
  std::string log;
};

SqlBranches make_sql_branches(const TemporaryDirectory& dir, const std::string& base,
                              const std::string& first, const std::string& second,
                              const std::string& merged_schema) {
  SqlBranches out{dir.path() / "one"};
  dir.write("base/schema.sql", base);
  dir.write("base/sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  CommandResult generated = run_sleet("generate --name init", dir.path() / "base");
  out.log += generated.out + generated.err;
  fs::copy(dir.path() / "base", dir.path() / "one", fs::copy_options::recursive);
  fs::copy(dir.path() / "base", dir.path() / "two", fs::copy_options::recursive);
  dir.write("one/schema.sql", first);
  dir.write("two/schema.sql", second);
  for (const char* branch : {"one", "two"}) {
    generated = run_sleet(fmt::format("generate --name {}", branch), dir.path() / branch);
    out.log += generated.out + generated.err;
  }
  out.first = MigrationFolder::open(dir.path() / "one/drizzle").migrations().back().entry.tag;
  out.second = MigrationFolder::open(dir.path() / "two/drizzle").migrations().back().entry.tag;
  fs::copy(dir.path() / "two/drizzle" / out.second, out.merged / "drizzle" / out.second,
           fs::copy_options::recursive);
  dir.write("one/schema.sql", merged_schema);
  return out;
}

std::string column_order(const std::string& database, const std::string& table) {
  return std::string(
      test_cluster()
          .execute(fmt::format("select string_agg(attname, ',' order by attnum) from pg_attribute "
                               "where attrelid = '{}'::regclass and attnum > 0 and not "
                               "attisdropped",
                               table),
                   database)
          .value(0, 0));
}

const std::string kUsers = "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);\n";

// The commonest merge: each branch adds a column to the same table. check says they commute,
// and rebase agrees: the moved column comes after the kept one, as in a database that applied
// the kept branch first.
TEST(BranchRebaseV3, ColumnsAddedToOneTableOnBothBranchesCommuteInCheckAndRebase) {
  TemporaryDirectory dir;
  SqlBranches branches = make_sql_branches(
      dir, kUsers, "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, age int);\n",
      "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, nick text);\n",
      "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, age int, nick text);\n");
  fs::path folder = branches.merged / "drizzle";
  ASSERT_EQ(MigrationFolder::open(folder).migrations().size(), 3u) << branches.log;

  CommandResult checked = run_sleet("check", branches.merged);
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_NE(checked.err.find("they commute"), std::string::npos) << checked.err;

  // migrate refuses, and its hint says which branch rebase keeps where neither is applied:
  // the one whose first migration is older, as rebase --offline below does.
  std::string database = test_cluster().fresh_database("v3_rebase_columns");
  CommandResult refused = migrate_cli(database, folder);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find(fmt::format("it keeps [{}], whose first migration is older, and "
                                         "moves [{}]",
                                         branches.first, branches.second)),
            std::string::npos)
      << refused.err;

  CommandResult rebased = run_sleet("rebase --offline", branches.merged);
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_NE(rebased.out.find("kept " + branches.first), std::string::npos) << rebased.out;
  MigrationFolder after = MigrationFolder::open(folder);
  ASSERT_EQ(after.migrations().size(), 3u);
  EXPECT_EQ(after.migrations()[1].entry.tag, branches.first);
  EXPECT_NE(after.migrations()[2].text.find("\"nick\""), std::string::npos);

  checked = run_sleet("check", branches.merged);
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_EQ(checked.err.find("two branches"), std::string::npos) << checked.err;
  std::string log = kit1(folder, "users_age_nick.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;

  ASSERT_EQ(migrate_cli(database, folder).exit_code, 0);
  EXPECT_EQ(column_order(database, "public.users"), "id,name,age,nick");
  CommandResult status =
      run_sleet(fmt::format("status --url '{}'", test_cluster().url(database)), branches.merged);
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
}

// The same CREATE TABLE (and its index) on both branches: check says they commute and notes
// it; rebase takes it out of the moved migration, which keeps its own table; migrate then
// builds each table once, on a fresh database and on one that had the kept branch.
TEST(BranchRebaseV3, TheSameStatementOnBothBranchesIsKeptOnceByRebase) {
  TemporaryDirectory dir;
  std::string tags =
      "CREATE TABLE tags (id serial PRIMARY KEY, label text NOT NULL UNIQUE);\n"
      "CREATE INDEX tags_label_idx ON tags (label);\n";
  std::string coupons = "CREATE TABLE coupons (id serial PRIMARY KEY, code text);\n";
  std::string invoices = "CREATE TABLE invoices (id serial PRIMARY KEY, total int);\n";
  SqlBranches branches =
      make_sql_branches(dir, kUsers, kUsers + tags + coupons, kUsers + tags + invoices,
                        kUsers + tags + coupons + invoices);
  fs::path folder = branches.merged / "drizzle";
  ASSERT_EQ(MigrationFolder::open(folder).migrations().size(), 3u) << branches.log;
  std::string kept_db = test_cluster().fresh_database("v3_rebase_same_kept");
  ASSERT_EQ(migrate_cli(kept_db, dir.path() / "two/drizzle").exit_code, 0);

  CommandResult checked = run_sleet("check", branches.merged);
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_NE(checked.err.find("they commute, the same statement made on both sides "
                             "(create_table table public.tags in " +
                             branches.first + " and " + branches.second),
            std::string::npos)
      << checked.err;

  // The database applied the second branch: it stays, and the first loses its copy.
  CommandResult rebased = run_sleet(
      fmt::format("rebase --json --url '{}'", test_cluster().url(kept_db)), branches.merged);
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_EQ(schema_violations(rebased.out), "") << rebased.out;
  auto entry = nlohmann::json::parse(rebased.out)["targets"][0];
  EXPECT_EQ(entry["kept"], nlohmann::json::array({branches.second}));
  ASSERT_EQ(entry["moved"].size(), 1u);
  EXPECT_EQ(entry["removed"], nlohmann::json::array());
  std::set<std::string> removed;
  for (const auto& duplicate : entry["duplicates"]) {
    EXPECT_EQ(duplicate["migration"], branches.first);
    EXPECT_EQ(duplicate["kept"], branches.second);
    removed.insert(duplicate["statement"].get<std::string>());
  }
  EXPECT_EQ(removed, (std::set<std::string>{"create_table table public.tags",
                                            "create_index index public.tags.tags_label_idx"}));
  std::string moved = entry["moved"][0]["to"];
  std::string sql = read_file(folder / moved / "migration.sql");
  EXPECT_EQ(sql.find("tags"), std::string::npos) << sql;
  EXPECT_NE(sql.find("CREATE TABLE \"public\".\"coupons\""), std::string::npos) << sql;
  EXPECT_FALSE(fs::exists(folder / moved / "down.sql"));
  nlohmann::json snapshot = snapshot_of(folder, moved);
  EXPECT_EQ(snapshot["footprints"].size(), 1u) << snapshot.dump(2);
  EXPECT_EQ(snapshot.dump().find("\"tags\""), std::string::npos) << snapshot.dump(2);

  checked = run_sleet("check", branches.merged);
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_EQ(checked.err.find("two branches"), std::string::npos) << checked.err;
  std::string log = kit1(folder, "tags_on_both.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;

  CommandResult applied = migrate_cli(kept_db, folder);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("applied 1 migration"), std::string::npos) << applied.out;
  std::string fresh = test_cluster().fresh_database("v3_rebase_same_fresh");
  ASSERT_EQ(migrate_cli(fresh, folder).exit_code, 0);
  EXPECT_EQ(schema_outline(fresh), schema_outline(kept_db));
  EXPECT_TRUE(relation_exists(fresh, "public.coupons"));
  EXPECT_TRUE(relation_exists(fresh, "public.tags"));
}

// A moved migration whose every statement the kept branch makes too is removed; one that
// creates the same table with another definition is a conflict, named.
TEST(BranchRebaseV3, AMigrationAllOfWhichTheKeptBranchMakesIsRemoved) {
  TemporaryDirectory dir;
  std::string tags = "CREATE TABLE tags (id serial PRIMARY KEY, label text NOT NULL);\n";
  std::string coupons = "CREATE TABLE coupons (id serial PRIMARY KEY, code text);\n";
  SqlBranches branches = make_sql_branches(dir, kUsers, kUsers + tags + coupons, kUsers + tags,
                                           kUsers + tags + coupons);
  fs::path folder = branches.merged / "drizzle";
  ASSERT_EQ(MigrationFolder::open(folder).migrations().size(), 3u) << branches.log;
  CommandResult rebased = run_sleet("rebase --offline", branches.merged);
  ASSERT_EQ(rebased.exit_code, 0) << rebased.err;
  EXPECT_NE(rebased.out.find(fmt::format("removed {}: every statement of it is the kept "
                                         "branch's",
                                         branches.second)),
            std::string::npos)
      << rebased.out;
  MigrationFolder after = MigrationFolder::open(folder);
  ASSERT_EQ(after.migrations().size(), 2u);
  EXPECT_EQ(after.migrations()[1].entry.tag, branches.first);
  EXPECT_FALSE(fs::exists(folder / branches.second));
  CommandResult checked = run_sleet("check", branches.merged);
  EXPECT_EQ(checked.exit_code, 0) << checked.err;

  TemporaryDirectory other;
  branches = make_sql_branches(other, kUsers, kUsers + tags,
                               kUsers + "CREATE TABLE tags (id serial PRIMARY KEY, label text);\n",
                               kUsers + tags);
  folder = branches.merged / "drizzle";
  std::map<std::string, std::string> before = contents(folder);
  checked = run_sleet("check", branches.merged);
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  EXPECT_NE(checked.err.find("they conflict"), std::string::npos) << checked.err;
  CommandResult refused = run_sleet("rebase --offline", branches.merged);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find(fmt::format("{} and {} both touch", branches.first, branches.second)),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("public.tags"), std::string::npos) << refused.err;
  EXPECT_EQ(contents(folder), before);
}

}  // namespace
}  // namespace sleet::testing
