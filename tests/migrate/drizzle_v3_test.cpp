// drizzle-kit 1.0 (v3) folders: sleet migrate and drizzle-kit 1.0's migrate leave the same
// schema and the same tracking rows, finish each other's work, and upgrade an old tracking
// table the same way. drizzle-kit@1.0.0-rc.5 is pinned in tests/fixtures/drizzle1.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "drizzle_kit.h"
#include "migrate_test_support.h"
#include "sleet/migrate.h"

namespace sleet::testing {
namespace {

// Tracking rows as drizzle-orm 1.0 has them: "hash created_at name applied_at-is-null", by id.
std::vector<std::string> v3_rows(const std::string& database) {
  auto result = test_cluster().execute(
      "select hash || ' ' || created_at || ' ' || coalesce(name, '<null>') || ' ' || "
      "(applied_at is null)::text from drizzle.__drizzle_migrations order by id",
      database);
  std::vector<std::string> rows;
  for (int i = 0; i < result.rows(); ++i) rows.emplace_back(result.value(i, 0));
  return rows;
}

// A v3 folder drizzle-kit 1.0 wrote: init, refunds and a custom migration that inserts a row.
struct KitFolder {
  TemporaryDirectory dir;
  std::filesystem::path full = dir.path() / "full";
  std::filesystem::path half = dir.path() / "half";  // the first two migrations only
  std::vector<std::string> names;
};

void make_kit_folder(KitFolder& folder) {
  // One statement each: the operands of + are evaluated in no fixed order.
  std::string log = kit1(folder.full, "migrate_v1.ts", "generate --name init");
  log += kit1(folder.full, "migrate_v2.ts", "generate --name refunds");
  log += kit1(folder.full, "migrate_v2.ts", "generate --custom --name seed");
  MigrationFolder read = MigrationFolder::open(folder.full);
  ASSERT_EQ(read.format(), FolderFormat::V3) << log;
  ASSERT_EQ(read.migrations().size(), 3u) << log;
  for (const auto& m : read.migrations()) folder.names.push_back(m.entry.tag);
  std::filesystem::path seed = folder.full / folder.names[2] / "migration.sql";
  folder.dir.write("full/" + folder.names[2] + "/migration.sql",
                   read_file(seed) + "\nINSERT INTO shop.customers (name) VALUES ('x');");
  std::filesystem::copy(folder.full, folder.half, std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(folder.half / folder.names[2]);
}

TEST(DrizzleV3, SleetAndDrizzleKitApplyAKitFolderAlikeAndFinishEachOthersWork) {
  KitFolder folder;
  make_kit_folder(folder);

  auto reference = test_cluster().fresh_database("v3_kit_alone");
  std::string log = kit1(folder.full, "migrate_v2.ts", "migrate", reference);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto expected = v3_rows(reference);
  ASSERT_EQ(expected.size(), 3u) << log;
  // drizzle-orm 1.0 names each row by its folder and leaves applied_at to now().
  EXPECT_NE(expected[0].find(" " + folder.names[0] + " false"), std::string::npos) << expected[0];

  auto sleet_alone = test_cluster().fresh_database("v3_sleet_alone");
  auto applied = migrate_cli(sleet_alone, folder.full);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("applied 3 migrations"), std::string::npos) << applied.out;
  EXPECT_EQ(v3_rows(sleet_alone), expected);
  EXPECT_EQ(schema_outline(sleet_alone), schema_outline(reference));
  // drizzle-kit finds nothing left to do after sleet (the custom insert does not run twice).
  log = kit1(folder.full, "migrate_v2.ts", "migrate", sleet_alone);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(v3_rows(sleet_alone), expected);
  EXPECT_EQ(test_cluster().execute("select count(*) from shop.customers", sleet_alone).value(0, 0),
            std::string("1"));

  auto kit_first = test_cluster().fresh_database("v3_kit_then_sleet");
  log = kit1(folder.half, "migrate_v2.ts", "migrate", kit_first);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto status = run_sleet(fmt::format("status --url '{}' --out '{}'", test_cluster().url(kit_first),
                                      folder.full.string()),
                          folder.dir.path());
  EXPECT_EQ(status.exit_code, 1) << status.err;
  EXPECT_NE(status.out.find(folder.names[2]), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("pending"), std::string::npos) << status.out;
  auto finished = migrate_cli(kit_first, folder.full);
  ASSERT_EQ(finished.exit_code, 0) << finished.err;
  EXPECT_NE(finished.out.find("applied 1 migration"), std::string::npos) << finished.out;
  EXPECT_EQ(v3_rows(kit_first), expected);

  auto sleet_first = test_cluster().fresh_database("v3_sleet_then_kit");
  ASSERT_EQ(migrate_cli(sleet_first, folder.half).exit_code, 0);
  log = kit1(folder.full, "migrate_v2.ts", "migrate", sleet_first);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(v3_rows(sleet_first), expected);
  EXPECT_EQ(schema_outline(sleet_first), schema_outline(reference));
}

// A database migrated by drizzle-kit 0.x has a tracking table without name/applied_at, whose
// created_at is the journal's millisecond time; after `drizzle-kit up` the folders carry
// only the second. Both tools upgrade the table the same way and re-run nothing.
TEST(DrizzleV3, AnOldTrackingTableIsUpgradedAsDrizzleOrmDoesIt) {
  KitFolder folder;
  make_kit_folder(folder);
  auto make_old_table = [&](const std::string& database) {
    ASSERT_EQ(migrate_cli(database, folder.full).exit_code, 0);
    // What 0.x left: no name or applied_at, and times inside the folder's second.
    test_cluster().execute(
        "alter table drizzle.__drizzle_migrations drop column name, drop column applied_at; "
        "update drizzle.__drizzle_migrations set created_at = created_at + 100 + id",
        database);
  };
  auto by_kit = test_cluster().fresh_database("v3_upgrade_kit");
  make_old_table(by_kit);
  std::string log = kit1(folder.full, "migrate_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto expected = v3_rows(by_kit);
  ASSERT_EQ(expected.size(), 3u);
  // drizzle-orm 1.0 names the old rows and sets their applied_at to null.
  EXPECT_NE(expected[2].find(" " + folder.names[2] + " true"), std::string::npos) << expected[2];

  auto by_sleet = test_cluster().fresh_database("v3_upgrade_sleet");
  make_old_table(by_sleet);
  auto status = run_sleet(fmt::format("status --url '{}' --out '{}'", test_cluster().url(by_sleet),
                                      folder.full.string()),
                          folder.dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  auto migrated = migrate_cli(by_sleet, folder.full);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("nothing to apply"), std::string::npos) << migrated.out;
  EXPECT_EQ(v3_rows(by_sleet), expected);
  EXPECT_EQ(test_cluster().execute("select count(*) from shop.customers", by_sleet).value(0, 0),
            std::string("1"));
}

// drizzle-orm 1.0 decides what is pending by name, whatever the order: two branches add a
// migration each; the later one is deployed first; after the merge the earlier one is applied,
// not skipped as 0.x would. sleet applies nothing while the two leaves are unmerged (drizzle-orm
// applies them; issue "drizzle-kit 1.0 folders": migrate names both and the command that puts
// them in one line), and applies the same once drizzle-kit 1.0's merge migration is there.
TEST(DrizzleV3, PendingIsByNameAsDrizzleOrmDecidesIt) {
  KitFolder folder;
  make_kit_folder(folder);
  std::filesystem::path early = folder.dir.path() / "early";  // generated first: invoices
  std::filesystem::path late = folder.dir.path() / "late";    // generated second: coupons
  std::filesystem::copy(folder.full, early, std::filesystem::copy_options::recursive);
  std::filesystem::copy(folder.full, late, std::filesystem::copy_options::recursive);
  std::string log = kit1(early, "branch_b.ts", "generate --name invoices");
  // drizzle-kit names a folder by the second it runs in: the second branch's migration must be
  // a second later, or on a fast machine both share one and sort by name (coupons first).
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  log += kit1(late, "branch_a.ts", "generate --name coupons");
  MigrationFolder early_folder = MigrationFolder::open(early);
  ASSERT_EQ(early_folder.migrations().size(), 4u) << log;
  std::string invoices = early_folder.migrations().back().entry.tag;
  // git merges the early branch into the late one.
  std::filesystem::copy(early / invoices, late / invoices,
                        std::filesystem::copy_options::recursive);
  ASSERT_EQ(MigrationFolder::open(late).migrations()[3].entry.tag, invoices);

  auto by_kit = test_cluster().fresh_database("v3_order_kit");
  auto by_sleet = test_cluster().fresh_database("v3_order_sleet");
  std::filesystem::path deployed = folder.dir.path() / "deployed";  // the late branch alone
  std::filesystem::copy(late, deployed, std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(deployed / invoices);
  log = kit1(deployed, "branch_a.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  log = kit1(late, "merged.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  ASSERT_TRUE(relation_exists(by_kit, "invoices")) << log;

  ASSERT_EQ(migrate_cli(by_sleet, deployed).exit_code, 0);
  auto unmerged = migrate_cli(by_sleet, late);
  EXPECT_EQ(unmerged.exit_code, 1) << unmerged.err;
  EXPECT_NE(unmerged.err.find("both follow"), std::string::npos) << unmerged.err;
  EXPECT_FALSE(relation_exists(by_sleet, "invoices"));
  // drizzle-kit 1.0's merge node (a custom migration with both leaves as parents), applied by
  // both tools.
  log = kit1(late, "merged.ts", "generate --custom --name merge");
  ASSERT_EQ(MigrationFolder::open(late).migrations().size(), 6u) << log;
  log = kit1(late, "merged.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto merged = migrate_cli(by_sleet, late);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.out.find(invoices), std::string::npos) << merged.out;
  EXPECT_TRUE(relation_exists(by_sleet, "invoices"));
  EXPECT_EQ(v3_rows(by_sleet), v3_rows(by_kit));
  EXPECT_EQ(schema_outline(by_sleet), schema_outline(by_kit));
}

Migration v3_migration(const std::string& tag, const std::string& hash) {
  Migration migration;
  migration.entry.tag = tag;
  migration.entry.when = *v3_folder_millis(tag);
  migration.hash = hash;
  return migration;
}

TEST(DrizzleV3, UnnamedRowsMatchBySecondThenHashAsDrizzleOrmUpgradesThem) {
  // Two folders in one second (drizzle-kit up of two journal entries made in one second):
  // the hash decides; a row whose second matches nothing falls back to its hash.
  std::vector<Migration> migrations = {v3_migration("20261121232456_a", "ha"),
                                       v3_migration("20261121232456_b", "hb"),
                                       v3_migration("20261121232500_c", "hc")};
  std::int64_t second = *v3_folder_millis("20261121232456_a");
  std::vector<TrackingRow> rows = {{1, "hb", second + 740, std::nullopt},
                                   {2, "ha", second + 120, std::nullopt},
                                   {3, "hc", 5, std::nullopt},
                                   {4, "hx", second + 1, std::nullopt},
                                   {5, "hc", second, std::string("20261121232500_c")}};
  auto matches = match_unnamed_rows(migrations, rows);
  ASSERT_EQ(matches.size(), 5u);
  EXPECT_EQ(matches[0], std::optional<std::size_t>(1));
  EXPECT_EQ(matches[1], std::optional<std::size_t>(0));
  EXPECT_EQ(matches[2], std::optional<std::size_t>(2));
  EXPECT_EQ(matches[3], std::nullopt);  // its second has two candidates, neither with its hash
  EXPECT_EQ(matches[4], std::nullopt);  // named already

  // status: a and b applied; c applied by its named row; the stray row is a missing file.
  auto statuses = classify_migrations(migrations, rows, FolderFormat::V3);
  ASSERT_EQ(statuses.size(), 4u);
  EXPECT_EQ(statuses[0].state, MigrationState::Applied);
  EXPECT_EQ(statuses[1].state, MigrationState::Applied);
  EXPECT_EQ(statuses[2].state, MigrationState::Applied);
  EXPECT_EQ(statuses[3].state, MigrationState::MissingFile);
  EXPECT_EQ(statuses[3].hash, "hx");
}

TEST(DrizzleV3, ARowNamingAMigrationWithAnotherHashIsAnEdit) {
  std::vector<Migration> migrations = {v3_migration("20261121232456_a", "new"),
                                       v3_migration("20261121232500_b", "hb")};
  std::vector<TrackingRow> rows = {{1, "old", 0, std::string("20261121232456_a")}};
  auto statuses = classify_migrations(migrations, rows, FolderFormat::V3);
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].state, MigrationState::Edited);
  EXPECT_EQ(statuses[0].stored_hash, "old");
  EXPECT_EQ(statuses[1].state, MigrationState::Pending);
}

TEST(DrizzleV3, CheckAgreesWithDrizzleKitCheck) {
  KitFolder folder;
  make_kit_folder(folder);
  std::string log = kit1(folder.full, "migrate_v2.ts", "check");
  ASSERT_NE(log.find("Everything's fine"), std::string::npos) << log;
  auto ok = run_sleet(fmt::format("check --out '{}'", folder.full.string()), folder.dir.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;

  // A child whose folder sorts before its parent: drizzle-kit refuses it, and so does sleet.
  std::filesystem::path broken = folder.dir.path() / "broken";
  std::filesystem::copy(folder.full, broken, std::filesystem::copy_options::recursive);
  std::filesystem::rename(broken / folder.names[2], broken / ("20000101000000_seed"));
  log = kit1(broken, "migrate_v2.ts", "check");
  EXPECT_NE(log.find("sorts before its parent"), std::string::npos) << log;
  auto refused = run_sleet(fmt::format("check --out '{}'", broken.string()), folder.dir.path());
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.err.find("20000101000000_seed sorts before its parent " + folder.names[1]),
            std::string::npos)
      << refused.err;
}

// sleet writes a migration's down script as down.sql in its folder: drizzle-kit 1.0's check and
// migrate must ignore it (this one would drop everything if it ran).
TEST(DrizzleV3, DrizzleKitIgnoresDownScripts) {
  KitFolder folder;
  make_kit_folder(folder);
  for (const std::string& name : folder.names) {
    folder.dir.write("full/" + name + "/down.sql", "DROP SCHEMA shop CASCADE;\n");
  }
  std::string log = kit1(folder.full, "migrate_v2.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos) << log;
  auto database = test_cluster().fresh_database("v3_down_scripts");
  log = kit1(folder.full, "migrate_v2.ts", "migrate", database);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(v3_rows(database).size(), 3u) << log;
  EXPECT_EQ(test_cluster().execute("select count(*) from shop.customers", database).value(0, 0),
            std::string("1"));
  EXPECT_EQ(MigrationFolder::open(folder.full).migrations().size(), 3u);
  auto checked =
      run_sleet(fmt::format("check --out '{}'", folder.full.string()), folder.dir.path());
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  test_cluster().drop_database(database);
}

}  // namespace
}  // namespace sleet::testing
