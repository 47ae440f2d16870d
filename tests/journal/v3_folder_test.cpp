// drizzle-kit 1.0 (v3) folders: layout detection, folder names and times, reading and writing.
#include <gtest/gtest.h>

#include "sleet/error.h"
#include "sleet/journal.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

TEST(V3Folder, MillisAreTheUtcTimeOfTheFirstFourteenCharacters) {
  // 2026-11-21 23:24:56 UTC, as Date.UTC(2026, 10, 21, 23, 24, 56) gives it.
  EXPECT_EQ(v3_folder_millis("20261121232456_init"), 1795303496000);
  EXPECT_EQ(v3_folder_millis("19700101000001_x"), 1000);
  EXPECT_EQ(v3_folder_millis("2026112123245_short"), std::nullopt);
  EXPECT_EQ(v3_folder_millis("2026112123245a_init"), std::nullopt);
  EXPECT_EQ(v3_folder_millis("20261321232456_bad_month"), std::nullopt);
}

TEST(V3Folder, NewNamesNeverShareASecondWithTheParent) {
  std::int64_t at = *v3_folder_millis("20261121232456_x") + 300;  // same second as the parent
  EXPECT_EQ(v3_migration_name(at, "20261121232456_init", "next"), "20261121232457_next");
  EXPECT_EQ(v3_migration_name(at + 5000, "20261121232456_init", "later"), "20261121232501_later");
  EXPECT_EQ(v3_migration_name(at, "", "first"), "20261121232456_first");
}

TEST(V3Folder, ReadsSubfoldersInNameOrder) {
  TemporaryDirectory dir;
  dir.write("out/20261121232500_b/migration.sql", "CREATE TABLE b (id int);");
  dir.write("out/20261121232456_a/migration.sql",
            "CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE TABLE c (id int);");
  dir.write("out/20261121232456_a/snapshot.json", "{}");
  dir.write("out/notes/readme.txt", "not a migration");
  MigrationFolder folder = MigrationFolder::open(dir.path() / "out");
  EXPECT_EQ(folder.format(), FolderFormat::V3);
  ASSERT_EQ(folder.migrations().size(), 2u);
  const Migration& first = folder.migrations()[0];
  EXPECT_EQ(first.entry.tag, "20261121232456_a");
  EXPECT_EQ(first.entry.when, 1795303496000);
  EXPECT_EQ(first.file, dir.path() / "out/20261121232456_a/migration.sql");
  EXPECT_EQ(first.chunks.size(), 2u);
  EXPECT_EQ(folder.migrations()[1].entry.tag, "20261121232500_b");
  // Only the migrations that have one.
  ASSERT_EQ(folder.snapshot_files().size(), 1u);
  EXPECT_EQ(folder.snapshot_files()[0], dir.path() / "out/20261121232456_a/snapshot.json");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out/meta"));
}

TEST(V3Folder, OpenOrCreateLeavesAV3FolderAsItIs) {
  TemporaryDirectory dir;
  dir.write("out/20261121232456_a/migration.sql", "SELECT 1;");
  MigrationFolder folder = MigrationFolder::open_or_create(dir.path() / "out");
  EXPECT_EQ(folder.format(), FolderFormat::V3);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out/meta"));
}

TEST(V3Folder, AFolderWithBothLayoutsIsRefused) {
  TemporaryDirectory dir;
  dir.write("out/meta/_journal.json", R"({"version":"7","dialect":"postgresql","entries":[]})");
  dir.write("out/20261121232456_a/migration.sql", "SELECT 1;");
  try {
    MigrationFolder::open(dir.path() / "out");
    FAIL() << "opened a folder with both layouts";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("20261121232456_a/migration.sql"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("_journal.json"), std::string::npos) << e.what();
  }
}

TEST(V3Folder, AFolderNameWithoutTimestampIsRefusedWithItsName) {
  TemporaryDirectory dir;
  dir.write("out/20261121232456_a/migration.sql", "SELECT 1;");
  dir.write("out/manual/migration.sql", "SELECT 2;");
  try {
    MigrationFolder::open(dir.path() / "out");
    FAIL() << "opened a folder without a timestamp";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("manual"), std::string::npos) << e.what();
  }
}

TEST(V3Folder, AppendWritesTheNextFolderAndRemoveDeletesIt) {
  TemporaryDirectory dir;
  dir.write("out/20261121232456_init/migration.sql", "SELECT 1;");
  MigrationFolder folder = MigrationFolder::open(dir.path() / "out");
  NewMigration next;
  next.name = "add_users";
  next.statements = {"CREATE TABLE users (id int);", "CREATE INDEX u ON users (id);"};
  next.snapshot_json = R"({"version":"9"})";
  next.when = *v3_folder_millis("20261121232456_x") + 10;  // within the parent's second
  const Migration& added = folder.append(next);
  EXPECT_EQ(added.entry.tag, "20261121232457_add_users");
  EXPECT_EQ(added.entry.when, *v3_folder_millis("20261121232457_add_users"));
  std::filesystem::path written = dir.path() / "out/20261121232457_add_users";
  EXPECT_EQ(read_file(written / "migration.sql"),
            "CREATE TABLE users (id int);--> statement-breakpoint\nCREATE INDEX u ON users (id);");
  EXPECT_EQ(read_file(written / "snapshot.json"), R"({"version":"9"})");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out/meta"));
  EXPECT_EQ(MigrationFolder::open(dir.path() / "out").migrations().size(), 2u);

  folder.remove("20261121232457_add_users");
  EXPECT_FALSE(std::filesystem::exists(written));
  EXPECT_EQ(MigrationFolder::open(dir.path() / "out").migrations().size(), 1u);
}

}  // namespace
}  // namespace sleet::testing
