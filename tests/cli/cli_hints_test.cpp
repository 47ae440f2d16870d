// Hints that name the next command: each failure a new user meets in the first minutes says
// which sleet command (or which line of which file) gets them past it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kJournalOneMigration =
    R"({"version":"7","dialect":"postgresql","entries":[)"
    R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_users","breakpoints":true}]})";

TEST(CliHints, MissingDatabaseNamesTheCommandsThatCreateIt) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\n", cluster.url("hint_missing_db")));
  dir.write("drizzle/meta/_journal.json", kJournalOneMigration);
  dir.write("drizzle/0000_users.sql", "CREATE TABLE users (id int PRIMARY KEY);\n");

  auto migrate = run_sleet("migrate", dir.path());
  EXPECT_EQ(migrate.exit_code, 3) << migrate.err;
  EXPECT_TRUE(contains(migrate.err, "`sleet up`")) << migrate.err;
  EXPECT_TRUE(contains(migrate.err, "`sleet migrate --create-database`")) << migrate.err;

  // The commands the hint names do what it says.
  auto created = run_sleet("migrate --create-database", dir.path());
  EXPECT_EQ(created.exit_code, 0) << created.err;
  auto up = run_sleet("up", dir.path());
  EXPECT_EQ(up.exit_code, 0) << up.err;
}

TEST(CliHints, SeedBeforeMigratingSaysToMigrateFirst) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("hint_seed");
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("url = \"{}\"\nseed = [\"seeds/*.sql\"]\n", cluster.url(database)));
  dir.write("drizzle/meta/_journal.json", kJournalOneMigration);
  dir.write("drizzle/0000_users.sql", "CREATE TABLE users (email text PRIMARY KEY);\n");
  dir.write("seeds/users.sql", "INSERT INTO users VALUES ('a@example.com');\n");

  auto early = run_sleet("seed", dir.path());
  EXPECT_EQ(early.exit_code, 1) << early.err;
  EXPECT_TRUE(contains(early.err, "seeds/users.sql:1:13")) << early.err;
  EXPECT_TRUE(contains(early.err, "1 migration is pending: run `sleet migrate` first"))
      << early.err;
  EXPECT_FALSE(contains(early.err, "fix the seed file")) << early.err;

  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  auto seeded = run_sleet("seed", dir.path());
  EXPECT_EQ(seeded.exit_code, 0) << seeded.err;

  // Nothing pending: a broken seed is the seed file's fault again.
  dir.write("seeds/more.sql", "INSERT INTO nowhere VALUES (1);\n");
  auto broken = run_sleet("seed", dir.path());
  EXPECT_EQ(broken.exit_code, 1) << broken.err;
  EXPECT_TRUE(contains(broken.err, "fix the seed file")) << broken.err;
  EXPECT_FALSE(contains(broken.err, "pending")) << broken.err;
}

TEST(CliHints, SchemaFilterEntryNoFileCreatesSaysWhatToAdd) {
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            "schema = \"schema/*.sql\"\nschema_filter = [\"public\", \"auth\", \"tenant_*\"]\n");
  dir.write("schema/schema.sql", "CREATE TABLE users (id int PRIMARY KEY);\n");
  dir.write("drizzle/meta/_journal.json", R"({"version":"7","dialect":"postgresql","entries":[]})");
  auto missing = run_sleet("generate --dry-run", dir.path());
  EXPECT_EQ(missing.exit_code, 0) << missing.err;
  EXPECT_TRUE(
      contains(missing.err, "warning: schema_filter lists 'auth' but no schema file creates it"))
      << missing.err;
  EXPECT_TRUE(contains(missing.err, "add `CREATE SCHEMA auth;` to a schema file")) << missing.err;
  // A glob selects schemas; it names none to create.
  EXPECT_FALSE(contains(missing.err, "tenant_")) << missing.err;

  dir.write("schema/auth.sql", "CREATE SCHEMA auth;\n");
  auto declared = run_sleet("generate --dry-run", dir.path());
  EXPECT_EQ(declared.exit_code, 0) << declared.err;
  EXPECT_FALSE(contains(declared.err, "schema_filter")) << declared.err;
  EXPECT_TRUE(contains(declared.out, "CREATE SCHEMA \"auth\"")) << declared.out;
}

}  // namespace
}  // namespace sleet::testing
