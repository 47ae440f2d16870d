// `sleet diff`: the migration SQL between two sources (files, directories, globs, migration
// folders), without a config file or a database, and its errors. Database sources (URLs) are
// tested in cli_drift_test.cpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

constexpr const char* kTable = "CREATE TABLE t (id int PRIMARY KEY);\n";
constexpr const char* kTableWithName = "CREATE TABLE t (id int PRIMARY KEY, name text);\n";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliDiff, FilesToFilesPrintsTheAddedColumn) {
  TemporaryDirectory dir;
  dir.write("old.sql", kTable);
  dir.write("new/t.sql", kTableWithName);
  auto result = run_sleet("diff --from old.sql --to new", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "ALTER TABLE \"public\".\"t\" ADD COLUMN \"name\" text;\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle"));

  auto same = run_sleet("diff --from 'new/*.sql' --to new", dir.path());
  ASSERT_EQ(same.exit_code, 0) << same.err;
  // Standard output carries SQL only: nothing when the sides match; the note goes to stderr.
  EXPECT_EQ(same.out, "");
  EXPECT_NE(same.err.find("No differences"), std::string::npos) << same.err;
}

// pg_dump of a database drizzle or sleet migrated holds the tracking tables (in pg_dump's
// spelling of a serial column): a diff from that dump to the schema files is about the schema,
// as against the database itself. A table the files declare in the drizzle schema stays.
TEST(CliDiff, TrackingTablesInADumpAreLeftOut) {
  TemporaryDirectory dir;
  dir.write("dump.sql", std::string(kTable) + R"sql(
CREATE SCHEMA drizzle;
CREATE TABLE drizzle.__drizzle_migrations (id integer NOT NULL, hash text NOT NULL,
  created_at bigint);
CREATE SEQUENCE drizzle.__drizzle_migrations_id_seq AS integer START WITH 1 INCREMENT BY 1
  NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE drizzle.__drizzle_migrations_id_seq OWNED BY drizzle.__drizzle_migrations.id;
ALTER TABLE ONLY drizzle.__drizzle_migrations ALTER COLUMN id SET DEFAULT
  nextval('drizzle.__drizzle_migrations_id_seq'::regclass);
ALTER TABLE ONLY drizzle.__drizzle_migrations ADD CONSTRAINT __drizzle_migrations_pkey
  PRIMARY KEY (id);
CREATE TABLE drizzle.__sleet_migrations_history (id bigint NOT NULL, event text);
)sql");
  dir.write("schema/t.sql", kTable);
  auto result = run_sleet("diff --verbose --from dump.sql --to schema", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(contains(result.err, "left out the migration tracking table "
                                   "drizzle.__drizzle_migrations")) << result.err;
  EXPECT_TRUE(contains(result.err, "No differences")) << result.err;

  // Another table in the drizzle schema is the project's: compared, and the schema kept.
  dir.write("dump.sql", read_file(dir.path() / "dump.sql") +
                            "CREATE TABLE drizzle.notes (id int);\n");
  auto notes = run_sleet("diff --from dump.sql --to schema", dir.path());
  ASSERT_EQ(notes.exit_code, 0) << notes.err;
  EXPECT_TRUE(contains(notes.out, "DROP TABLE \"drizzle\".\"notes\"")) << notes.out;
  EXPECT_TRUE(contains(notes.out, "DROP SCHEMA \"drizzle\"")) << notes.out;
  EXPECT_FALSE(contains(notes.out, "__drizzle_migrations")) << notes.out;
}

TEST(CliDiff, DevNullIsTheEmptySchema) {
  TemporaryDirectory dir;
  std::filesystem::create_directories(dir.path() / "empty");
  dir.write("schema/a.sql", kTable);
  auto from_null = run_sleet("diff --from /dev/null --to schema", dir.path());
  ASSERT_EQ(from_null.exit_code, 0) << from_null.err;
  auto from_empty = run_sleet("diff --from empty --to schema", dir.path());
  ASSERT_EQ(from_empty.exit_code, 0) << from_empty.err;
  EXPECT_TRUE(contains(from_null.out, "CREATE TABLE \"public\".\"t\"")) << from_null.out;
  EXPECT_EQ(from_null.out, from_empty.out);

  auto to_null = run_sleet("diff --from schema --to /dev/null", dir.path());
  ASSERT_EQ(to_null.exit_code, 0) << to_null.err;
  EXPECT_TRUE(contains(to_null.out, "DROP TABLE \"public\".\"t\"")) << to_null.out;
}

TEST(CliDiff, EmptyDirectoryIsTheEmptySchema) {
  TemporaryDirectory dir;
  std::filesystem::create_directories(dir.path() / "empty");
  dir.write("schema/a.sql", kTable);
  dir.write("schema/b.sql", "CREATE TABLE u (id int);\n");
  auto result = run_sleet("diff --from empty --to schema", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "CREATE TABLE \"public\".\"t\"")) << result.out;
  EXPECT_TRUE(contains(result.out, "CREATE TABLE \"public\".\"u\"")) << result.out;
  // Statements are separated by one blank line.
  EXPECT_TRUE(contains(result.out, ";\n\nCREATE TABLE")) << result.out;
}

TEST(CliDiff, MigrationFolderUsesItsLatestSnapshot) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n");
  dir.write("schema/a.sql", kTable);
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  dir.write("schema/a.sql", kTableWithName);

  auto result = run_sleet("diff --from drizzle --to schema", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "ALTER TABLE \"public\".\"t\" ADD COLUMN \"name\" text;\n");

  // A migration folder without snapshots is the empty schema.
  dir.write("fresh/meta/_journal.json", R"({"version":"7","dialect":"postgresql","entries":[]})");
  auto fresh = run_sleet("diff --from fresh --to schema", dir.path());
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_TRUE(contains(fresh.out, "CREATE TABLE \"public\".\"t\"")) << fresh.out;
}

TEST(CliDiff, JsonListsStatementsWithHazards) {
  TemporaryDirectory dir;
  dir.write("old.sql", kTableWithName);
  dir.write("new.sql", kTable);
  auto result = run_sleet("--json diff --from old.sql --to new.sql", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out)["targets"][0];
  ASSERT_EQ(json["statements"].size(), 1u) << result.out;
  const auto& statement = json["statements"][0];
  EXPECT_EQ(statement["sql"], "ALTER TABLE \"public\".\"t\" DROP COLUMN \"name\";");
  EXPECT_EQ(statement["object"], "public.t");
  EXPECT_TRUE(statement["kind"].is_string());
  ASSERT_TRUE(statement["hazards"].is_array()) << result.out;
  EXPECT_EQ(statement["hazards"][0], "data loss") << result.out;
  EXPECT_FALSE(statement["explanation"].get<std::string>().empty());

  auto none = run_sleet("--json diff --from new.sql --to new.sql", dir.path());
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_TRUE(nlohmann::json::parse(none.out)["targets"][0]["statements"].empty()) << none.out;
}

TEST(CliDiff, AmbiguousRenameNeedsAnAnswer) {
  TemporaryDirectory dir;
  dir.write("old.sql", kTable);
  dir.write("new.sql", "CREATE TABLE t2 (id int PRIMARY KEY);\n");
  auto result = run_sleet("diff --from old.sql --to new.sql", dir.path());
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_TRUE(contains(result.err, "--rename")) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;

  auto renamed =
      run_sleet("diff --from old.sql --to new.sql --rename table:public.t=public.t2", dir.path());
  ASSERT_EQ(renamed.exit_code, 0) << renamed.err;
  EXPECT_TRUE(contains(renamed.out, "RENAME TO \"t2\"")) << renamed.out;
  EXPECT_FALSE(contains(renamed.out, "DROP TABLE")) << renamed.out;
}

TEST(CliDiff, NonexistentPathIsAUsageError) {
  TemporaryDirectory dir;
  dir.write("new.sql", kTable);
  auto result = run_sleet("diff --from missing --to new.sql", dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "missing")) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;

  auto no_match = run_sleet("diff --from new.sql --to 'nowhere/*.sql'", dir.path());
  EXPECT_EQ(no_match.exit_code, 2);
  EXPECT_TRUE(contains(no_match.err, "nowhere")) << no_match.err;
}

TEST(CliDiff, SchemaFilterNeedsADatabaseSource) {
  TemporaryDirectory dir;
  dir.write("new.sql", kTable);
  auto result = run_sleet("diff --from new.sql --to new.sql --schema-filter public", dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "--schema-filter needs a database source")) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

}  // namespace
}  // namespace sleet::testing
