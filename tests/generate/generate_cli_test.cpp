// `sleet generate` as a user runs it: the files it writes (byte format of drizzle-kit 0.31),
// its flags, rename answers without a terminal, and refusing bad input without writing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "generate/generate_project.h"

namespace sleet::testing {
namespace {

constexpr const char* kUsers = R"(
CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, email text);
CREATE TABLE posts (id serial PRIMARY KEY, user_id integer REFERENCES users, body text);
)";

const std::regex kUuidV4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

std::vector<std::string> dry_run_statements(const GenerateProject& project,
                                            const std::string& flags = "") {
  CommandResult result = project.sleet("generate --dry-run --json " + flags);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> statements;
  nlohmann::json report = nlohmann::json::parse(result.out);
  for (const auto& statement : report["targets"][0]["statements"]) {
    statements.push_back(statement["sql"]);
  }
  return statements;
}

TEST(Generate, WritesAMigrationThenFindsNoChanges) {
  GenerateProject project(kUsers);
  CommandResult first = project.sleet("generate --name init");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("drizzle/0000_init.sql"), std::string::npos) << first.out;
  // The down script (for sleet rollback) beside the migration.
  EXPECT_EQ(project.files(),
            (std::vector<std::string>{"0000_init.down.sql", "0000_init.sql",
                                      "meta/0000_snapshot.json", "meta/_journal.json"}));

  CommandResult second = project.sleet("generate");
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "No schema changes, nothing to migrate\n");
  EXPECT_EQ(project.files().size(), 4u);
}

TEST(Generate, WritesDrizzleKitsExactFormat) {
  GenerateProject project(kUsers);
  std::vector<std::string> statements = dry_run_statements(project);
  ASSERT_GE(statements.size(), 3u);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);

  std::string expected_sql;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i > 0) expected_sql += "--> statement-breakpoint\n";
    expected_sql += statements[i];
  }
  EXPECT_EQ(project.read("drizzle/0000_init.sql"), expected_sql);

  std::string journal = project.read("drizzle/meta/_journal.json");
  std::smatch when;
  ASSERT_TRUE(std::regex_search(journal, when, std::regex(R"("when": (\d{13}),)")));
  EXPECT_EQ(journal, fmt::format(R"({{
  "version": "7",
  "dialect": "postgresql",
  "entries": [
    {{
      "idx": 0,
      "version": "7",
      "when": {},
      "tag": "0000_init",
      "breakpoints": true
    }}
  ]
}})",
                                 when[1].str()));

  std::string snapshot_text = project.read("drizzle/meta/0000_snapshot.json");
  EXPECT_NE(snapshot_text.back(), '\n');
  EXPECT_TRUE(snapshot_text.starts_with("{\n  \"id\": \"")) << snapshot_text.substr(0, 80);
  auto snapshot = nlohmann::ordered_json::parse(snapshot_text);
  std::vector<std::string> keys;
  for (const auto& [key, value] : snapshot.items()) keys.push_back(key);
  ASSERT_GE(keys.size(), 12u);
  EXPECT_EQ(
      std::vector<std::string>(keys.begin(), keys.begin() + 12),
      (std::vector<std::string>{"id", "prevId", "version", "dialect", "tables", "enums", "schemas",
                                "sequences", "roles", "policies", "views", "_meta"}));
  std::string first_id = snapshot["id"];
  EXPECT_TRUE(std::regex_match(first_id, kUuidV4)) << first_id;
  EXPECT_EQ(snapshot["prevId"], "00000000-0000-0000-0000-000000000000");
  EXPECT_TRUE(snapshot["tables"].contains("public.users"));

  // The next migration chains to the first.
  project.set_schema(std::string(kUsers) + "CREATE INDEX posts_user_idx ON posts (user_id);\n");
  CommandResult next = project.sleet("generate --name index");
  ASSERT_EQ(next.exit_code, 0) << next.err;
  auto second = project.json("drizzle/meta/0001_snapshot.json");
  EXPECT_EQ(second["prevId"], first_id);
  EXPECT_NE(second["id"], first_id);
  EXPECT_TRUE(std::regex_match(second["id"].get<std::string>(), kUuidV4));
  auto entries = project.json("drizzle/meta/_journal.json")["entries"];
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1]["idx"], 1);
  EXPECT_EQ(entries[1]["tag"], "0001_index");
  EXPECT_GT(entries[1]["when"].get<int64_t>(), entries[0]["when"].get<int64_t>());
  std::string sql = project.read("drizzle/0001_index.sql");
  EXPECT_NE(sql.find("CREATE INDEX"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("CREATE TABLE"), std::string::npos) << sql;
}

TEST(Generate, JoinsWithNewlinesWithoutBreakpoints) {
  GenerateProject project(kUsers, "breakpoints = false\n");
  std::vector<std::string> statements = dry_run_statements(project);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  std::string expected;
  for (size_t i = 0; i < statements.size(); ++i) expected += (i ? "\n" : "") + statements[i];
  std::string sql = project.read("drizzle/0000_init.sql");
  EXPECT_EQ(sql, expected);
  EXPECT_EQ(sql.find("statement-breakpoint"), std::string::npos);
  EXPECT_EQ(project.json("drizzle/meta/_journal.json")["entries"][0]["breakpoints"], false);
}

TEST(Generate, CustomMigrationCopiesTheSnapshot) {
  GenerateProject project(kUsers);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  CommandResult custom = project.sleet("generate --custom --name seed");
  ASSERT_EQ(custom.exit_code, 0) << custom.err;
  EXPECT_EQ(project.read("drizzle/0001_seed.sql"),
            "-- Custom SQL migration file, put your code below! --\n");
  auto before = project.json("drizzle/meta/0000_snapshot.json");
  auto after = project.json("drizzle/meta/0001_snapshot.json");
  EXPECT_EQ(after["prevId"], before["id"]);
  EXPECT_NE(after["id"], before["id"]);
  for (auto* snapshot : {&before, &after}) {
    snapshot->erase("id");
    snapshot->erase("prevId");
  }
  EXPECT_EQ(after, before);
  EXPECT_EQ(project.sleet("generate").out, "No schema changes, nothing to migrate\n");
}

TEST(Generate, DryRunPrintsAndWritesNothing) {
  GenerateProject project(kUsers);
  CommandResult result = project.sleet("generate --dry-run --name first");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("0000_first.sql (dry run, nothing written)"), std::string::npos);
  EXPECT_NE(result.out.find("CREATE TABLE"), std::string::npos) << result.out;
  EXPECT_FALSE(std::filesystem::exists(project.out()));
}

TEST(Generate, RandomNameWhenNoneIsGiven) {
  GenerateProject project(kUsers);
  ASSERT_EQ(project.sleet("generate").exit_code, 0);
  auto files = project.files();
  ASSERT_EQ(files.size(), 4u);  // the down script sorts first
  EXPECT_TRUE(std::regex_match(files[1], std::regex(R"(0000_[a-z0-9]+(_[a-z0-9]+)+\.sql)")))
      << files[1];
}

TEST(Generate, RejectsABadName) {
  GenerateProject project(kUsers);
  CommandResult result = project.sleet("generate --name 'a/b'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("invalid migration name"), std::string::npos) << result.err;
  EXPECT_TRUE(project.files().empty());
}

TEST(Generate, WarnsAboutDataLossAfterWriting) {
  GenerateProject project(kUsers);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(R"(
CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (id serial PRIMARY KEY, user_id integer REFERENCES users, body text);
)");
  CommandResult result = project.sleet("generate --name drop_email");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("may lose data"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(R"(DROP COLUMN "email")"), std::string::npos) << result.err;
}

// NOT NULL added to a column without a default fails on the rows holding NULL: generate says
// so, naming the column, when it writes the migration (it cannot count them offline).
TEST(Generate, WarnsWhichColumnFailsOnExistingNulls) {
  GenerateProject project(kUsers);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  project.set_schema(R"(
CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL);
CREATE TABLE posts (id serial PRIMARY KEY, user_id integer REFERENCES users, body text);
)");
  CommandResult result = project.sleet("generate --name email_required");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("may fail on rows already in the database"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(R"(ALTER COLUMN "email" SET NOT NULL)"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("fails if a row holds NULL in public.users.email"),
            std::string::npos)
      << result.err;
}

TEST(Generate, EveryTargetWithAll) {
  TemporaryDirectory directory;
  directory.write("sleet.toml", R"(
[targets.auth]
schema = "auth/*.sql"
out = "auth/drizzle"
[targets.shop]
schema = "shop/*.sql"
out = "shop/drizzle"
)");
  directory.write("auth/schema.sql", "CREATE TABLE accounts (id integer PRIMARY KEY);");
  directory.write("shop/schema.sql", "CREATE TABLE items (id integer PRIMARY KEY);");
  CommandResult result = run_sleet("generate --all --name init", directory.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(read_file(directory.path() / "auth/drizzle/0000_init.sql").find("accounts"),
            std::string::npos);
  EXPECT_NE(read_file(directory.path() / "shop/drizzle/0000_init.sql").find("items"),
            std::string::npos);
  EXPECT_NE(result.out.find("auth: "), std::string::npos) << result.out;
  CommandResult again = run_sleet("generate --all", directory.path());
  EXPECT_EQ(again.out,
            "auth: No schema changes, nothing to migrate\n"
            "shop: No schema changes, nothing to migrate\n");
}

TEST(Generate, JsonReport) {
  GenerateProject project(kUsers);
  CommandResult result = project.sleet("generate --json --name init");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  auto target = json["targets"][0];
  EXPECT_EQ(target["status"], "written");
  EXPECT_EQ(target["tag"], "0000_init");
  EXPECT_EQ(target["prevId"], "00000000-0000-0000-0000-000000000000");
  EXPECT_GE(target["statements"].size(), 3u);
  EXPECT_TRUE(target["statements"][0]["hazards"].is_array());
}

// --- renames without a terminal --------------------------------------------------------

class GenerateRename : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
    project.set_schema(R"(
CREATE TABLE users (id serial PRIMARY KEY, full_name text NOT NULL, email text);
CREATE TABLE posts (id serial PRIMARY KEY, user_id integer REFERENCES users, body text);
)");
    files_before = project.files();
  }
  GenerateProject project{kUsers};
  std::vector<std::string> files_before;
};

TEST_F(GenerateRename, FailsWithTheFlagsThatWouldAnswer) {
  CommandResult result = project.sleet("generate");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("column full_name in table public.users: created, or renamed from "
                            "name?"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("--rename column:public.users.name=full_name"), std::string::npos);
  EXPECT_NE(result.err.find("--rename create:column:public.users.full_name"), std::string::npos);
  EXPECT_NE(result.err.find("nothing was written"), std::string::npos);
  EXPECT_EQ(project.files(), files_before);
}

TEST_F(GenerateRename, FlagAnswersRename) {
  CommandResult result =
      project.sleet("generate --name rename --rename column:public.users.name=full_name");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project.read("drizzle/0001_rename.sql"),
            R"(ALTER TABLE "public"."users" RENAME COLUMN "name" TO "full_name";)");
}

TEST_F(GenerateRename, FlagAnswersCreate) {
  CommandResult result =
      project.sleet("generate --name recreate --rename create:column:public.users.full_name");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string sql = project.read("drizzle/0001_recreate.sql");
  EXPECT_NE(sql.find(R"(ADD COLUMN "full_name")"), std::string::npos) << sql;
  EXPECT_NE(sql.find(R"(DROP COLUMN "name")"), std::string::npos) << sql;
}

TEST_F(GenerateRename, ConfigAnswersRename) {
  project.write("sleet.toml", R"(schema = "schema/*.sql"
out = "drizzle"
renames = ["column:users.name=full_name"]
)");
  CommandResult result = project.sleet("generate --name rename");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(project.read("drizzle/0001_rename.sql").find("RENAME COLUMN"), std::string::npos);
}

TEST_F(GenerateRename, RejectsUnusedAndMalformedFlags) {
  CommandResult unused = project.sleet(
      "generate --rename column:public.users.name=full_name --rename table:public.a=public.b");
  EXPECT_EQ(unused.exit_code, 2);
  EXPECT_NE(unused.err.find("table:public.a=public.b answers no question"), std::string::npos)
      << unused.err;
  CommandResult malformed = project.sleet("generate --rename column:users=full_name");
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("invalid rename 'column:users=full_name'"), std::string::npos)
      << malformed.err;
  CommandResult wrong = project.sleet("generate --rename column:users.nmae=full_name");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("nmae"), std::string::npos) << wrong.err;
  EXPECT_EQ(project.files(), files_before);
}

// --- bad input writes nothing ------------------------------------------------------------

class GenerateBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
    project.set_schema(std::string(kUsers) + "CREATE TABLE extra (id integer);\n");
  }
  void expect_refused(const std::string& expected_text) {
    auto files = project.files();
    std::string journal = project.read("drizzle/meta/_journal.json");
    CommandResult result = project.sleet("generate");
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    EXPECT_NE(result.err.find(expected_text), std::string::npos) << result.err;
    EXPECT_EQ(project.files(), files);
    EXPECT_EQ(project.read("drizzle/meta/_journal.json"), journal);
  }
  GenerateProject project{kUsers};
};

TEST_F(GenerateBadInput, CorruptedSnapshot) {
  project.write("drizzle/meta/0000_snapshot.json", "{\"id\": \"x\", \"tables\": [");
  expect_refused("0000_snapshot.json");
}

TEST_F(GenerateBadInput, JournalNamesAMissingFile) {
  std::filesystem::remove(project.out() / "0000_init.sql");
  expect_refused("0000_init.sql");
}

TEST_F(GenerateBadInput, SchemaFileDoesNotParse) {
  project.set_schema("CREATE TABLE ok (id integer);\nCREATE TABLE broken (id integer,;\n");
  expect_refused("schema.sql:2:");
}

// The snapshot is read on another thread while the schema files are parsed; when both are
// broken, the snapshot's error is the one reported, as it would be one after the other.
TEST_F(GenerateBadInput, BrokenSnapshotIsReportedBeforeABrokenSchemaFile) {
  project.write("drizzle/meta/0000_snapshot.json", "{\"id\": \"x\", \"tables\": [");
  project.set_schema("CREATE TABLE broken (id integer,;\n");
  expect_refused("0000_snapshot.json");
  CommandResult result = project.sleet("generate");
  EXPECT_EQ(result.err.find("schema.sql"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace sleet::testing
