// sleet convert: a drizzle-kit 0.31 journal folder (with two migrations in one second and a
// custom one) applied by drizzle-orm 0.x's migrator, converted to drizzle-kit 1.0's v3 layout
// and back, with drizzle-kit 0.31.11 (tests/fixtures/drizzle) and 1.0.0-rc.5
// (tests/fixtures/drizzle1) as the judges: check passes, nothing runs again under any tool,
// and each tool's next migration applies.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "migrate_test_support.h"
#include "sleet/journal.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

int tracking_count(const std::string& database) {
  return std::stoi(
      std::string(test_cluster()
                      .execute("select count(*) from drizzle.__drizzle_migrations", database)
                      .value(0, 0)));
}


// The application's tables (public), without the tracking table whose columns convert adds.
std::string public_outline(const std::string& database) {
  std::string outline = schema_outline(database);
  std::string out;
  std::size_t start = 0;
  while (start <= outline.size()) {
    std::size_t end = outline.find(',', start);
    if (end == std::string::npos) end = outline.size();
    std::string item = outline.substr(start, end - start);
    if (item.starts_with("public.")) out += item + ",";
    start = end + 1;
  }
  return out;
}

std::string users_count(const std::string& database) {
  return std::string(test_cluster().execute("select count(*) from users", database).value(0, 0));
}

// Five migrations written by drizzle-kit 0.31: init, profile (a column, an index), tags (NOT
// NULL and a default, a table), seed (custom: inserts a row) and cleanup (a table and an index
// dropped, a column added). tags and seed get journal times in one second, as two generate
// runs in quick succession give them.
void make_journal_folder(TemporaryDirectory& dir) {
  fs::path out = dir.path() / "drizzle";
  std::string log = drizzle_kit(out, "convert_v1.ts", "generate --name init");
  log += drizzle_kit(out, "convert_v2.ts", "generate --name profile");
  log += drizzle_kit(out, "convert_v3.ts", "generate --name tags");
  log += drizzle_kit(out, "convert_v3.ts", "generate --custom --name seed");
  log += drizzle_kit(out, "convert_v4.ts", "generate --name cleanup");
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), 5u) << log;
  dir.write(
      "drizzle/" + folder.migrations()[3].entry.tag + ".sql",
      folder.migrations()[3].text + "\nINSERT INTO users (email) VALUES ('seed@example.com');");
  fs::path journal_file = out / "meta/_journal.json";
  auto journal = nlohmann::ordered_json::parse(read_file(journal_file));
  std::int64_t second = journal["entries"][2]["when"].get<std::int64_t>() / 1000 * 1000;
  journal["entries"][2]["when"] = second + 100;
  journal["entries"][3]["when"] = second + 700;
  dir.write("drizzle/meta/_journal.json", journal.dump(2));
}

TEST(DrizzleConvert, AJournalFolderBecomesV3AndBackWithoutRunningAnythingTwice) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  make_journal_folder(dir);
  auto database = test_cluster().fresh_database("convert_kit031");
  std::string log = drizzle_kit_migrate(out, database);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  ASSERT_EQ(tracking_count(database), 5) << log;
  ASSERT_EQ(users_count(database), "1");
  std::string catalog = public_outline(database);
  std::vector<std::string> hashes;
  MigrationFolder original = MigrationFolder::open(out);
  for (const auto& m : original.migrations()) hashes.push_back(m.hash);

  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nout = \"drizzle\"\nurl = \"{}\"\n",
                        test_cluster().url(database)));
  auto listed = run_sleet("--json convert --to v3 --dry-run", dir.path());
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(schema_violations(listed.out), "") << listed.out;
  auto document = nlohmann::json::parse(listed.out);
  EXPECT_EQ(document["targets"][0]["migrations"].size(), 5u) << document;
  EXPECT_EQ(document["targets"][0]["migrations"][3]["custom"], true) << document;
  EXPECT_EQ(document["targets"][0]["tracking_rows"], 5) << document;
  EXPECT_EQ(MigrationFolder::open(out).format(), FolderFormat::Journal);
  auto converted = run_sleet("convert --to v3", dir.path());
  ASSERT_EQ(converted.exit_code, 0) << converted.out << converted.err;
  EXPECT_NE(converted.out.find("converted 5 migrations to the v3 layout"), std::string::npos)
      << converted.out;
  EXPECT_NE(converted.out.find("rewrote 5 tracking rows"), std::string::npos) << converted.out;
  EXPECT_TRUE(fs::exists(dir.path() / "drizzle.journal-backup/meta/_journal.json"));

  MigrationFolder v3 = MigrationFolder::open(out);
  ASSERT_EQ(v3.format(), FolderFormat::V3);
  ASSERT_EQ(v3.migrations().size(), 5u);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < 5; ++i) {
    const Migration& m = v3.migrations()[i];
    names.push_back(m.entry.tag);
    EXPECT_EQ(m.hash, hashes[i]) << m.entry.tag;  // the SQL is copied byte for byte
    if (i > 0) EXPECT_GE(m.entry.when, v3.migrations()[i - 1].entry.when + 1000) << m.entry.tag;
  }
  EXPECT_TRUE(names[2].ends_with("_tags") && names[3].ends_with("_seed")) << names[2] << names[3];
  auto base = nlohmann::json::parse(read_file(out / names[0] / "snapshot.json"));
  EXPECT_EQ(base["type"], "base");
  for (std::size_t i = 1; i < 5; ++i) {
    auto diff = nlohmann::json::parse(read_file(out / names[i] / "snapshot.json"));
    EXPECT_EQ(diff["type"], "diff") << names[i];
  }
  EXPECT_TRUE(nlohmann::json::parse(read_file(out / names[3] / "snapshot.json"))["deltas"].empty());
  // The rows now name the folders, as drizzle-orm 1.0 decides by name.
  auto rows = named_tracking_rows(database);
  ASSERT_EQ(rows.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_TRUE(rows[i].starts_with(names[i] + "|" + hashes[i] + "|")) << rows[i];
  }

  log = kit1(out, "convert_v4.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  log = kit1(out, "convert_v4.ts", "migrate", database);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(tracking_count(database), 5) << log;
  EXPECT_EQ(users_count(database), "1");  // the custom migration did not run again
  EXPECT_EQ(public_outline(database), catalog);
  auto nothing = run_sleet("migrate", dir.path());
  EXPECT_EQ(nothing.exit_code, 0) << nothing.err;
  EXPECT_NE(nothing.out.find("nothing to apply"), std::string::npos) << nothing.out;
  EXPECT_EQ(tracking_count(database), 5);

  // Each tool continues the converted folder, and the other applies it.
  log = kit1(out, "convert_v5.ts", "generate --name views");
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 6u) << log;
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("applied 1 migration"), std::string::npos) << applied.out;
  dir.write("schema/schema.sql",
            "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, created_at timestamp "
            "with time zone DEFAULT now(), name text DEFAULT 'anon' NOT NULL);\n"
            "CREATE TABLE posts (id serial PRIMARY KEY, title varchar(200) NOT NULL, body text, "
            "views integer DEFAULT 0 NOT NULL, slug text);\n");
  auto generated = run_sleet("generate --name slug", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  ASSERT_EQ(MigrationFolder::open(out).migrations().size(), 7u) << generated.out;
  log = kit1(out, "convert_v5.ts", "migrate", database);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(tracking_count(database), 7) << log;
  EXPECT_TRUE(relation_exists(database, "posts"));
  EXPECT_EQ(std::string(test_cluster()
                            .execute("select count(*) from information_schema.columns where "
                                     "table_name = 'posts' and column_name = 'slug'",
                                     database)
                            .value(0, 0)),
            "1");
  catalog = public_outline(database);

  // And back, for a team that stays on drizzle-kit 0.31.
  auto back = run_sleet("convert --to journal", dir.path());
  ASSERT_EQ(back.exit_code, 0) << back.out << back.err;
  EXPECT_NE(back.out.find("converted 7 migrations to the journal layout"), std::string::npos)
      << back.out;
  EXPECT_TRUE(fs::exists(dir.path() / "drizzle.v3-backup"));
  MigrationFolder journal = MigrationFolder::open(out);
  ASSERT_EQ(journal.format(), FolderFormat::Journal);
  ASSERT_EQ(journal.migrations().size(), 7u);
  EXPECT_EQ(journal.migrations()[0].entry.tag, "0000_init");
  EXPECT_EQ(journal.migrations()[6].entry.tag, "0006_slug");
  log = drizzle_kit(out, "convert_v4.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  log = drizzle_kit_migrate(out, database);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(tracking_count(database), 7) << log;
  EXPECT_EQ(users_count(database), "1");
  EXPECT_EQ(public_outline(database), catalog);
  nothing = run_sleet("migrate", dir.path());
  EXPECT_EQ(nothing.exit_code, 0) << nothing.err;
  EXPECT_NE(nothing.out.find("nothing to apply"), std::string::npos) << nothing.out;
  // The journal folder builds the same catalog from nothing under drizzle-orm 0.x.
  auto fresh = test_cluster().fresh_database("convert_back_fresh");
  log = drizzle_kit_migrate(out, fresh);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(public_outline(fresh), catalog);
}

TEST(DrizzleConvert, RowsOfAnotherFolderAreRefusedAndNothingIsWritten) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  make_journal_folder(dir);
  auto database = test_cluster().fresh_database("convert_foreign_row");
  ASSERT_FALSE(drizzle_kit_migrate(out, database).starts_with("FAILED"));
  test_cluster().execute(
      "insert into drizzle.__drizzle_migrations (hash, created_at) values ('feedface', 42)",
      database);
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nout = \"drizzle\"\nurl = \"{}\"\n",
                        test_cluster().url(database)));
  auto refused = run_sleet("convert --to v3", dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("records no migration of the folder"), std::string::npos)
      << refused.err;
  EXPECT_EQ(MigrationFolder::open(out).format(), FolderFormat::Journal);
  EXPECT_FALSE(fs::exists(dir.path() / "drizzle.journal-backup"));
  EXPECT_EQ(tracking_count(database), 6);

  // --offline converts the folder alone.
  auto offline = run_sleet("convert --to v3 --offline", dir.path());
  EXPECT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_EQ(MigrationFolder::open(out).format(), FolderFormat::V3);
  EXPECT_EQ(tracking_count(database), 6);
  EXPECT_EQ(std::string(test_cluster()
                            .execute("select count(*) from information_schema.columns where "
                                     "table_name = '__drizzle_migrations' and column_name = 'name'",
                                     database)
                            .value(0, 0)),
            "0");
  // A second conversion would overwrite the backup: refused.
  auto again = run_sleet("convert --to journal --offline", dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  auto third = run_sleet("convert --to v3 --offline", dir.path());
  EXPECT_EQ(third.exit_code, 2) << third.err;
  EXPECT_NE(third.err.find("exists already"), std::string::npos) << third.err;
  EXPECT_EQ(MigrationFolder::open(out).format(), FolderFormat::Journal);
}

}  // namespace
}  // namespace sleet::testing
