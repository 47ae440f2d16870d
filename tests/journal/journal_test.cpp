// The journal module against its oracles: sha256sum for hashes, node's String.split for
// chunks, JSON.stringify for the journal layout, and drizzle-kit's own generated folder.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "sleet/error.h"
#include "sleet/folder_check.h"
#include "sleet/generate.h"
#include "sleet/journal.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

std::string shell(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  return output;
}

// Both breakpoint styles drizzle-kit writes, a whitespace-only chunk, a UTF-8 literal and a
// file ending in the marker (an empty last chunk).
const char* kMigration =
    "CREATE SCHEMA \"auth\";\n--> statement-breakpoint\n"
    "CREATE TYPE \"auth\".\"kind\" AS ENUM('a', 'b');--> statement-breakpoint\n"
    "INSERT INTO t VALUES ('héllo ✓');\n--> statement-breakpoint\n  \n"
    "--> statement-breakpoint\nSELECT 1;--> statement-breakpoint";

TEST(Journal, HashIsSha256sumOfTheFile) {
  TemporaryDirectory dir;
  auto file = dir.write("0000_x.sql", kMigration);
  std::string expected = shell(fmt::format("sha256sum '{}'", file.string())).substr(0, 64);
  ASSERT_EQ(expected.size(), 64u);
  EXPECT_EQ(sha256_hex(read_file(file)), expected);
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Journal, SplitIsDrizzleOrmsSplit) {
  TemporaryDirectory dir;
  auto file = dir.write("m.sql", kMigration);
  auto script = dir.write("split.js",
                          "const fs = require('fs');\n"
                          "const q = fs.readFileSync(process.argv[2]).toString();\n"
                          "console.log(JSON.stringify(q.split('--> statement-breakpoint')));\n");
  std::string node_output = shell(fmt::format("node '{}' '{}'", script.string(), file.string()));
  ASSERT_FALSE(node_output.empty()) << "node is needed for this oracle";
  auto expected = nlohmann::json::parse(node_output).get<std::vector<std::string>>();
  auto chunks = split_migration(kMigration);
  ASSERT_EQ(chunks.size(), expected.size());
  std::string text = kMigration;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_EQ(chunks[i].text, expected[i]) << "chunk " << i;
    EXPECT_EQ(text.substr(chunks[i].offset, chunks[i].text.size()), chunks[i].text);
  }
  EXPECT_EQ(chunks[1].text.substr(0, 1), "\n");  // the leading newline is kept
  EXPECT_EQ(chunks.back().text, "");
  ASSERT_EQ(split_migration("").size(), 1u);
}

TEST(Journal, JoinWritesDrizzleBytes) {
  EXPECT_EQ(join_statements({"CREATE SCHEMA \"a\";\n", "CREATE TYPE t AS ENUM('x');", "SELECT 1;"}),
            "CREATE SCHEMA \"a\";\n--> statement-breakpoint\nCREATE TYPE t AS ENUM('x');"
            "--> statement-breakpoint\nSELECT 1;");
  EXPECT_EQ(join_statements({"a;", "b;"}, false), "a;\nb;");
}

TEST(Journal, FormatIsJsonStringifyWithTwoSpaces) {
  Journal journal;
  journal.entries.push_back({0, "7", 1795303129859, "0000_init", true});
  journal.entries.push_back({1, "7", 1795303152253, "0001_last_magdalene", false});
  std::string expected =
      "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": [\n"
      "    {\n      \"idx\": 0,\n      \"version\": \"7\",\n      \"when\": 1795303129859,\n"
      "      \"tag\": \"0000_init\",\n      \"breakpoints\": true\n    },\n"
      "    {\n      \"idx\": 1,\n      \"version\": \"7\",\n      \"when\": 1795303152253,\n"
      "      \"tag\": \"0001_last_magdalene\",\n      \"breakpoints\": false\n    }\n  ]\n}";
  EXPECT_EQ(format_journal(journal), expected);
  EXPECT_EQ(parse_journal(expected, "j.json"), journal);

  // And the same bytes as node's JSON.stringify(…, null, 2) of the parsed text.
  TemporaryDirectory dir;
  auto file = dir.write("j.json", expected);
  std::string node_output =
      shell(fmt::format("node -e \"process.stdout.write(JSON.stringify(JSON.parse(require('fs')"
                        ".readFileSync('{}').toString()), null, 2))\"",
                        file.string()));
  EXPECT_EQ(node_output, expected);

  EXPECT_EQ(format_journal(Journal{}),
            "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": []\n}");
}

TEST(Journal, BrokenJsonNamesLineAndColumn) {
  try {
    parse_journal("{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\"\n  \"entries\": []\n}",
                  "meta/_journal.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    // nlohmann reports where its lexer stopped: the end of the unexpected "entries".
    EXPECT_EQ(e.where(), "meta/_journal.json:4:11") << e.describe();
  }
  try {
    parse_journal(R"({"version":"7","dialect":"postgresql","entries":[{"idx":0,"tag":"x"}]})", "j");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("when"), std::string::npos) << e.describe();
    EXPECT_NE(e.where().find("entries[0]"), std::string::npos) << e.describe();
  }
}

TEST(Journal, LineAndColumnCountCharacters) {
  std::string text = "ab\né✓x";
  EXPECT_EQ(line_and_column(text, 0), std::make_pair(1, 1));
  EXPECT_EQ(line_and_column(text, 3), std::make_pair(2, 1));
  EXPECT_EQ(line_and_column(text, text.find('x')), std::make_pair(2, 3));
}

TEST(Journal, TagsAndNames) {
  std::int64_t when = 1795303463123;  // 2026-11-21 23:24:23 UTC
  EXPECT_EQ(migration_tag(MigrationPrefix::Index, 7, when, "init"), "0007_init");
  EXPECT_EQ(migration_tag(MigrationPrefix::Timestamp, 7, when, "x"), "20261121232423_x");
  EXPECT_EQ(migration_tag(MigrationPrefix::Unix, 7, when, "x"), "1795303463_x");
  EXPECT_EQ(migration_tag(MigrationPrefix::None, 7, when, "x"), "_x");
  EXPECT_EQ(snapshot_file_name("0003_a_b"), "0003_snapshot.json");
  EXPECT_EQ(snapshot_file_name("_x"), "_snapshot.json");
  EXPECT_EQ(random_migration_name(42), random_migration_name(42));
  std::set<std::string> names;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    std::string name = random_migration_name(seed);
    EXPECT_TRUE(std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '_';
    })) << name;
    names.insert(name);
  }
  EXPECT_GT(names.size(), 40u);
}

TEST(Journal, CreateAppendOpenRemove) {
  TemporaryDirectory dir;
  auto out = dir.path() / "drizzle";
  MigrationFolder folder = MigrationFolder::open_or_create(out);
  EXPECT_EQ(read_file(out / "meta/_journal.json"),
            R"({"version":"7","dialect":"postgresql","entries":[]})");
  EXPECT_TRUE(folder.migrations().empty());

  const Migration& first = folder.append({"init",
                                          {"CREATE TABLE a (id int);\n", "SELECT 1;"},
                                          true,
                                          "{\"id\": \"1\"}",
                                          MigrationPrefix::Index,
                                          1000});
  EXPECT_EQ(first.entry.tag, "0000_init");
  EXPECT_EQ(read_file(out / "0000_init.sql"),
            "CREATE TABLE a (id int);\n--> statement-breakpoint\nSELECT 1;");
  EXPECT_EQ(read_file(out / "meta/0000_snapshot.json"), "{\"id\": \"1\"}");
  folder.append({"", {"SELECT 2;"}, true, "{}", MigrationPrefix::Index, 2000});
  folder.append({"third", {"SELECT 3;"}, true, "{}", MigrationPrefix::Index, 3000});

  MigrationFolder reopened = MigrationFolder::open(out);
  ASSERT_EQ(reopened.migrations().size(), 3u);
  EXPECT_EQ(reopened.journal(), folder.journal());
  EXPECT_EQ(reopened.migrations()[1].entry.idx, 1);
  EXPECT_TRUE(reopened.migrations()[1].entry.tag.starts_with("0001_"));
  EXPECT_EQ(reopened.migrations()[0].hash, sha256_hex(reopened.migrations()[0].text));
  EXPECT_EQ(read_file(out / "meta/_journal.json"), format_journal(folder.journal()));

  dir.write("drizzle/meta/_ignored.json", "{}");
  auto snapshots = reopened.snapshot_files();
  ASSERT_EQ(snapshots.size(), 3u);
  EXPECT_EQ(reopened.latest_snapshot()->filename(), "0002_snapshot.json");

  reopened.remove("0002_third");
  EXPECT_FALSE(std::filesystem::exists(out / "0002_third.sql"));
  EXPECT_FALSE(std::filesystem::exists(out / "meta/0002_snapshot.json"));
  EXPECT_EQ(MigrationFolder::open(out).migrations().size(), 2u);
}

void expect_open_fails(const std::filesystem::path& out, const std::string& fragment) {
  try {
    MigrationFolder::open(out);
    ADD_FAILURE() << "opened " << out;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(e.describe().find(fragment), std::string::npos) << e.describe();
    EXPECT_FALSE(e.hint().empty()) << e.describe();
  }
}

TEST(Journal, OpenReportsBadFolders) {
  TemporaryDirectory dir;
  expect_open_fails(dir.path() / "nope", "does not exist");
  dir.write("a/0000_x.sql", "SELECT 1;");
  expect_open_fails(dir.path() / "a", "_journal.json");
  dir.write("b/meta/_journal.json", "{\"version\": \"7\",");
  expect_open_fails(dir.path() / "b", "_journal.json:1:");
  std::string journal =
      R"({"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1,"tag":"0000_x","breakpoints":true}]})";
  dir.write("c/meta/_journal.json", journal);
  expect_open_fails(dir.path() / "c", "0000_x.sql");
  // A directory where the file should be: unreadable even for root (chmod does not stop root).
  dir.write("d/meta/_journal.json", journal);
  std::filesystem::create_directories(dir.path() / "d/0000_x.sql");
  expect_open_fails(dir.path() / "d", "directory");
}

std::string journal_of(const std::vector<std::tuple<int, int, std::string>>& entries) {
  std::string list;
  for (const auto& [idx, when, tag] : entries) {
    if (!list.empty()) list += ",";
    list += fmt::format(R"({{"idx":{},"version":"7","when":{},"tag":"{}","breakpoints":true}})",
                        idx, when, tag);
  }
  return R"({"version":"7","dialect":"postgresql","entries":[)" + list + "]}";
}

bool has_problem(const std::vector<FolderProblem>& problems, const std::string& fragment) {
  for (const auto& p : problems) {
    if ((p.where + ": " + p.message).find(fragment) != std::string::npos) return true;
  }
  return false;
}

TEST(Journal, CheckFindsEveryKindOfProblem) {
  TemporaryDirectory dir;
  auto out = dir.path();
  dir.write(
      "meta/_journal.json",
      journal_of({{0, 100, "0000_a"}, {1, 300, "0001_b"}, {2, 200, "0002_c"}, {4, 400, "0003_d"}}));
  dir.write("0000_a.sql", "SELECT 1;");
  dir.write("0001_b.sql", "SELECT 1;");
  dir.write("0002_c.sql", "SELECT 1;");
  dir.write("stray.sql", "SELECT 1;");
  dir.write("meta/0000_snapshot.json", "{ not json");
  auto problems = check_migration_folder(out);
  EXPECT_TRUE(has_problem(problems, "0002_c (idx 2, when 200) follows 0001_b")) << problems.size();
  EXPECT_TRUE(has_problem(problems, "has idx 4 but is entry number 3"));
  EXPECT_TRUE(has_problem(problems, "0003_d.sql: journal entry 0003_d has no migration file"));
  EXPECT_TRUE(has_problem(problems, "stray.sql: this .sql file is not in meta/_journal.json"));
  EXPECT_TRUE(has_problem(problems, "0000_snapshot.json:1:"));
}

// Snapshots are read in parallel; their problems still come out in file order.
TEST(Journal, SnapshotProblemsComeOutInFileOrder) {
  TemporaryDirectory dir;
  auto out = dir.path();
  std::vector<std::tuple<int, int, std::string>> entries;
  for (int i = 0; i < 6; ++i) {
    std::string tag = "000" + std::to_string(i) + "_m";
    entries.emplace_back(i, 100 + i, tag);
    dir.write(tag + ".sql", "SELECT 1;");
    dir.write("meta/000" + std::to_string(i) + "_snapshot.json",
              i % 2 == 0 ? "{ broken " + std::to_string(i) : "[]");
  }
  dir.write("meta/_journal.json", journal_of(entries));
  auto problems = check_migration_folder(out);
  std::vector<std::string> where;
  for (const auto& problem : problems) where.push_back(problem.where);
  ASSERT_EQ(where.size(), 6u) << ::testing::PrintToString(where);
  for (int i = 0; i < 6; ++i) {
    EXPECT_NE(where[i].find("000" + std::to_string(i) + "_snapshot.json"), std::string::npos)
        << where[i];
  }
}

TEST(Journal, CheckFindsSnapshotForksAndPassesDrizzleOutput) {
  TemporaryDirectory dir;
  auto out = dir.path() / "drizzle";
  std::string script = (source_dir() / "tests/fixtures/drizzle/generate.sh").string();
  std::string log = shell(fmt::format("'{}' '{}' 2>&1", script, out.string()));
  ASSERT_TRUE(std::filesystem::exists(out / "meta/0002_snapshot.json")) << log;
  auto problems = check_migration_folder(out);
  // The fixture's custom migration is drizzle-kit's template left as it is: a warning, and
  // the only finding.
  ASSERT_EQ(problems.size(), 1u) << problems.front().where << ": " << problems.front().message;
  EXPECT_TRUE(problems.front().warning);
  EXPECT_NE(problems.front().message.find("0002_seed has no statements"), std::string::npos)
      << problems.front().message;

  // The journal drizzle-kit wrote round-trips byte for byte.
  std::string journal_text = read_file(out / "meta/_journal.json");
  EXPECT_EQ(format_journal(parse_journal(journal_text, "j")), journal_text);

  // Two branches generated from the same parent: copy 0002's snapshot as 0003 with a new id.
  std::string copy = read_file(out / "meta/0002_snapshot.json");
  auto json = nlohmann::ordered_json::parse(copy);
  json["id"] = "11111111-2222-3333-4444-555555555555";
  dir.write("drizzle/meta/0003_snapshot.json", json.dump(2));
  problems = check_migration_folder(out);
  // Named with the migrations they belong to (0003 has no entry: a file copied by hand).
  EXPECT_TRUE(has_problem(problems,
                          "0002_snapshot.json (0002_seed) and 0003_snapshot.json all follow the same"))
      << (problems.empty() ? "" : problems.front().message);
}

}  // namespace
}  // namespace sleet::testing

namespace sleet::testing {
namespace {

TEST(Journal, EmptyMigrationWarningSeesStatementsPastCommentsAndBlockComments) {
  EXPECT_FALSE(empty_migration_warning("0000_a", "-- note\nSELECT 1;\n"));
  EXPECT_FALSE(empty_migration_warning("0000_a", "/* about it */ SELECT 1;"));
  auto comments = empty_migration_warning("0001_b", "-- one\n\n   -- two\n");
  ASSERT_TRUE(comments);
  EXPECT_NE(comments->find("0001_b has no statements (only comments and whitespace)"),
            std::string::npos)
      << *comments;
  auto block = empty_migration_warning("0002_c", "/* nothing\n here */\n");
  ASSERT_TRUE(block);
  EXPECT_NE(block->find("0002_c has no statements"), std::string::npos) << *block;
  auto joined = empty_migration_warning(
      "0003_d", std::string(kCustomMigrationTemplateLine) + "CREATE INDEX i ON t (a);");
  ASSERT_TRUE(joined);
  EXPECT_NE(joined->find("on the template's comment line"), std::string::npos) << *joined;
  EXPECT_FALSE(empty_migration_warning("0004_e", kCustomMigrationText + std::string("SELECT 1;")));
}

}  // namespace
}  // namespace sleet::testing
