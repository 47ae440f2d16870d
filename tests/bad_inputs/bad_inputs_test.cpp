// The bad-input catalogue (docs/reliability.md): every malformed input a user can hand
// sleet, each with the exact message and exit code it must give. A case writes a small
// project into a temporary directory, runs one command as a user would (no terminal), and
// compares the exit code and standard error, with the directory shown as {dir}. Cases that
// need a misbehaving server are at the end.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <thread>
#include <utility>
#include <vector>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kConfig = "schema = \"schema/*.sql\"\nout = \"drizzle\"\n";
constexpr const char* kTable = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n";
constexpr const char* kJournal =
    "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": []\n}";

struct BadInput {
  std::string name;
  std::vector<std::pair<std::string, std::string>> files;  // relative path -> content
  std::function<void(const fs::path&)> setup;              // for what files cannot say
  std::string arguments;
  int exit_code = 2;
  std::string err;  // exact standard error, the directory as {dir}
  std::string environment = {};
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// A project whose journal lists `tags` (idx in order), each with a snapshot of `kTable`'s
// state taken from a real `generate` would be heavier than the cases need: the folder check
// reads the journal and files only.
std::string journal_with(const std::vector<std::string>& tags) {
  std::string entries;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    entries += fmt::format(
        "{}\n    {{\n      \"idx\": {},\n      \"version\": \"7\",\n      \"when\": {},\n      "
        "\"tag\": \"{}\",\n      \"breakpoints\": true\n    }}",
        i ? "," : "", i, 1700000000000 + i, tags[i]);
  }
  return fmt::format(
      "{{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": [{}\n  ]\n}}",
      entries);
}

std::vector<BadInput> bad_inputs() {
  std::vector<BadInput> cases;
  auto project = [](std::vector<std::pair<std::string, std::string>> extra) {
    std::vector<std::pair<std::string, std::string>> files = {{"sleet.toml", kConfig}};
    for (auto& file : extra) files.push_back(std::move(file));
    return files;
  };
  cases.push_back(
      {"binary_schema_file",
       project({{"schema/schema.sql", std::string("CREATE TABLE a (id int);\n\x7f"
                                                  "ELF\0\0\x01",
                                                  32)}}),
       nullptr, "generate --dry-run", 2,
       "error: {dir}/schema/schema.sql:2:5: the file holds a NUL byte: it is binary, not text\n"
       "  hint: check that the path names the file you meant; a text file never holds NUL\n"});
  cases.push_back(
      {"invalid_utf8_schema_file",
       project({{"schema/schema.sql", "CREATE TABLE a (\n  name text DEFAULT 'caf\xe9'\n);\n"}}),
       nullptr, "generate --dry-run", 2,
       "error: {dir}/schema/schema.sql:2:25: invalid UTF-8 (byte 0xE9)\n"
       "  hint: save the file as UTF-8 (sleet reads every file as UTF-8, as the server's UTF8 "
       "encoding does), e.g. `iconv -f LATIN1 -t UTF-8 FILE > FILE.new`\n"});
  cases.push_back(
      {"utf16_schema_file",
       project({{"schema/schema.sql", std::string("\xff\xfe"
                                                  "C\0R\0E\0A\0T\0E\0",
                                                  14)}}),
       nullptr, "generate --dry-run", 2,
       "error: {dir}/schema/schema.sql: the file is UTF-16 encoded (it starts with a UTF-16 byte "
       "order mark); sleet reads UTF-8\n"
       "  hint: save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.new`, or with your "
       "editor's \"Save with encoding\"\n"});
  cases.push_back(
      {"truncated_schema_file",
       project({{"schema/schema.sql", "CREATE TABLE users (id bigint PRIM"}}), nullptr,
       "generate --dry-run", 2,
       "error: {dir}/schema/schema.sql:1:31: syntax error at or near \"PRIM\"\n"
       "  hint: fix the SQL at that position; sleet reads files with PostgreSQL's own parser\n"});
  cases.push_back(
      {"huge_schema_file", project({}),
       [](const fs::path& dir) {
         fs::create_directories(dir / "schema");
         std::ofstream out(dir / "schema" / "schema.sql", std::ios::binary);
         std::string line = "-- padding padding padding padding padding padding padding\n";
         for (std::size_t written = 0; written < (100u << 20); written += line.size()) out << line;
       },
       "generate --dry-run", 2,
       "error: {dir}/schema/schema.sql: the schema file is 100 MiB; sleet reads schema files of up "
       "to 32 MiB\n"
       "  hint: split the schema across several files (`schema` takes globs), or check that this "
       "file is a schema and not a data dump\n"});
  cases.push_back(
      {"journal_with_conflict_markers",
       project({{"schema/schema.sql", kTable},
                {"drizzle/meta/_journal.json",
                 "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": [\n"
                 "<<<<<<< HEAD\n    {\"idx\": 0, \"version\": \"7\", \"when\": 1700000000000, "
                 "\"tag\": \"0000_alice\", \"breakpoints\": true}\n=======\n"
                 "    {\"idx\": 0, \"version\": \"7\", \"when\": 1700000000001, "
                 "\"tag\": \"0000_bob\", \"breakpoints\": true}\n>>>>>>> bob\n  ]\n}\n"}}),
       nullptr, "check", 1,
       "error: {dir}/drizzle/meta/_journal.json:5:1: the journal holds a git merge conflict (lines "
       "5 "
       "to 9): HEAD added 0000_alice, bob added 0000_bob\n"
       "error: the migration folder has problems\n  hint: fix the problems listed above\n"});
  cases.push_back(
      {"truncated_journal",
       project({{"schema/schema.sql", kTable},
                {"drizzle/meta/_journal.json",
                 "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": [\n    "
                 "{\"idx\": 0,"}}),
       nullptr, "check", 1,
       "error: {dir}/drizzle/meta/_journal.json:5:15: the journal is not valid JSON: syntax error "
       "while parsing object key - unexpected end of input; expected string literal\n"
       "error: the migration folder has problems\n  hint: fix the problems listed above\n"});
  cases.push_back(
      {"snapshot_of_unknown_version",
       project({{"schema/schema.sql", kTable},
                {"drizzle/meta/_journal.json", journal_with({"0000_init"})},
                {"drizzle/0000_init.sql", kTable},
                {"drizzle/meta/0000_snapshot.json",
                 "{\n  \"id\": \"b1c5c1d6-8d3a-4a54-9a6a-2f0a7f1f2c11\",\n  \"prevId\": "
                 "\"00000000-0000-0000-0000-000000000000\",\n  \"version\": \"42\",\n  "
                 "\"dialect\": \"postgresql\",\n  \"tables\": {}\n}"}}),
       nullptr, "check", 1,
       "error: {dir}/drizzle/meta/0000_snapshot.json: invalid drizzle-kit snapshot: version: "
       "snapshot version \"42\" is not supported\n"
       "error: the migration folder has problems\n  hint: fix the problems listed above\n"});
  cases.push_back(
      {"migration_that_is_a_directory",
       project({{"schema/schema.sql", kTable},
                {"drizzle/meta/_journal.json", journal_with({"0000_init"})},
                {"drizzle/0000_init.sql/README", "a directory, not a migration"}}),
       nullptr, "check", 1,
       "error: {dir}/drizzle/0000_init.sql: journal entry 0000_init names a directory, not a "
       "migration file; restore the file or drop the entry\n"
       "warning: {dir}/drizzle/meta/0000_snapshot.json: migration 0000_init has no snapshot; the "
       "next generate diffs against an older one\n"
       "error: the migration folder has problems\n  hint: fix the problems listed above\n"});
  cases.push_back(
      {"symlink_loop_in_schema_glob",
       {{"sleet.toml", "schema = \"schema/**/*.sql\"\nout = \"drizzle\"\n"},
        {"schema/users.sql", kTable}},
       [](const fs::path& dir) { fs::create_directory_symlink("..", dir / "schema" / "loop"); },
       "generate --dry-run",
       0,
       ""});
  cases.push_back(
      {"config_key_of_wrong_type",
       {{"sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\nlock_timeout = true\n"},
        {"schema/schema.sql", kTable}},
       nullptr,
       "generate --dry-run",
       2,
       "error: {dir}/sleet.toml:3:16: `lock_timeout` must be a positive number of seconds, not a "
       "boolean\n  hint: e.g. lock_timeout = 5\n"});
  // A variable's value is not interpolated again, so ${VAR} cycles cannot happen: the value
  // is taken as it is, and fails as a URL.
  cases.push_back(
      {"variable_naming_variables",
       {{"sleet.toml", "schema = \"schema/*.sql\"\nurl = \"${A}\"\n"},
        {".env", "A=${B}\nB=${A}\n"},
        {"drizzle/meta/_journal.json", kJournal},
        {"schema/schema.sql", kTable}},
       nullptr,
       "status",
       2,
       "error: config url: invalid connection string: missing \"=\" after \"${B}\" in "
       "connection info string\n"
       "  hint: use postgres://user:password@host:port/database (percent-encode special "
       "characters in the password)\n",
       "-u A -u B"});
  cases.push_back(
      {"url_with_unencoded_password",
       {{"sleet.toml",
         "schema = \"schema/*.sql\"\nurl = \"postgres://app:p@ss:/w?#%rd@127.0.0.1:1/app\"\n"},
        {"schema/schema.sql", kTable},
        {"drizzle/meta/_journal.json", kJournal}},
       nullptr,
       "status",
       2,
       "error: config url: invalid connection string: a URL whose user or password holds "
       "@ : / ? # or % must percent-encode them\n"
       "  hint: use postgres://user:password@host:port/database (percent-encode special "
       "characters in the password)\n"});
  // Accepted: a UTF-8 byte order mark and CRLF line ends are how some editors save.
  cases.push_back({"utf8_bom_and_crlf_accepted",
                   project({{"schema/schema.sql",
                             "\xef\xbb\xbf"
                             "CREATE TABLE users (\r\n  id bigint PRIMARY KEY\r\n);\r\n"}}),
                   nullptr, "generate --dry-run --name init", 0, ""});
  return cases;
}

void PrintTo(const BadInput& input, std::ostream* out) {
  *out << input.name;
}

class BadInputs : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputs, GiveTheirExactMessageAndExitCode) {
  const BadInput& input = GetParam();
  TemporaryDirectory dir;
  for (const auto& [path, content] : input.files) dir.write(path, content);
  if (input.setup) input.setup(dir.path());
  CommandResult result = run_sleet(input.arguments, dir.path(), input.environment);
  EXPECT_EQ(result.exit_code, input.exit_code) << result.err;
  EXPECT_EQ(replace_all(result.err, dir.path().string(), "{dir}"), input.err);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputs, ::testing::ValuesIn(bad_inputs()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sleet::testing
