// The sleet binary as a user runs it: scaffolding, export, help and every input error with
// its exit code and location.
#include <gtest/gtest.h>

#include "sleet/config.h"
#include "sleet/sources.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

TEST(Cli, VersionAndHelp) {
  TemporaryDirectory dir;
  auto version = run_sleet("--version", dir.path());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("sleet ") + SLEET_VERSION + "\n");

  auto help = run_sleet("help export", dir.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--schema"), std::string::npos) << help.out;

  auto unknown = run_sleet("help frobnicate", dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos) << unknown.err;

  auto bad_flag = run_sleet("export --frobnicate", dir.path());
  EXPECT_EQ(bad_flag.exit_code, 2);
  EXPECT_NE(bad_flag.err.find("frobnicate"), std::string::npos) << bad_flag.err;
}

TEST(Cli, InitScaffoldsAProjectThatExports) {
  TemporaryDirectory dir;
  auto init = run_sleet("init", dir.path());
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "sleet.toml"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "schema" / "schema.sql"));
  EXPECT_EQ(read_file(dir.path() / "drizzle" / "meta" / "_journal.json"),
            R"({"version":"7","dialect":"postgresql","entries":[]})");
  // A new project's migrations are online-safe (sleet applies its own folder).
  Config config = load_config(dir.path() / "sleet.toml", Environment::from_map({}));
  EXPECT_TRUE(config.targets.front().online);

  auto exported = run_sleet("export", dir.path());
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("CREATE TABLE \"public\".\"users\""), std::string::npos)
      << exported.out;

  // A second init must not clobber the user's config.
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n# mine\n");
  auto again = run_sleet("init", dir.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("sleet.toml already exists"), std::string::npos) << again.err;
  EXPECT_EQ(read_file(dir.path() / "sleet.toml"), "schema = \"schema/*.sql\"\n# mine\n");
}

TEST(Cli, ExportIsAFixedPoint) {
  TemporaryDirectory dir;
  auto example = source_dir() / "examples" / "basic";
  auto first = run_sleet("export", example);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  dir.write("exported/schema.sql", first.out);
  auto second = run_sleet("export --schema exported/schema.sql", dir.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, second.out);

  // And the exported text means the same schema as the files it came from.
  Schema original =
      parse_schema_files({example / "schema" / "00_types.sql", example / "schema" / "10_auth.sql",
                          example / "schema" / "20_users.sql"});
  Schema reparsed = parse_schema_files({dir.path() / "exported" / "schema.sql"});
  EXPECT_TRUE(original == reparsed);
}

TEST(Cli, ExportJson) {
  auto result = run_sleet("export --json", source_dir() / "examples" / "basic");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"statements\""), std::string::npos);
  EXPECT_NE(result.out.find("CREATE SCHEMA \\\"auth\\\""), std::string::npos) << result.out;
}

struct InputErrorCase {
  std::string name;
  std::string config;
  std::vector<std::pair<std::string, std::string>> files;
  std::string expected_where;    // must appear in stderr
  std::string expected_message;  // must appear in stderr
};

class CliInputErrors : public ::testing::TestWithParam<InputErrorCase> {};

TEST_P(CliInputErrors, ExitTwoWithLocation) {
  const auto& c = GetParam();
  TemporaryDirectory dir;
  dir.write("sleet.toml", c.config);
  for (const auto& [path, content] : c.files) dir.write(path, content);
  auto result = run_sleet("export", dir.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find(c.expected_where), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(c.expected_message), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliInputErrors,
    ::testing::Values(
        InputErrorCase{"malformed_sql",
                       "schema = \"schema/*.sql\"\n",
                       {{"schema/a.sql", "CREATE TABLE a (id int);\nCREATE TABEL b (id int);\n"}},
                       "a.sql:2:8",
                       "syntax error"},
        InputErrorCase{
            "unsupported_statement",
            "schema = \"schema/*.sql\"\n",
            {{"schema/a.sql",
              "CREATE TABLE a (id int, b int);\n\nCREATE CAST (text AS int) WITH INOUT;\n"}},
            "a.sql:3:1",
            "CREATE CAST is not supported"},
        InputErrorCase{
            "code_to_run",
            "schema = \"schema/*.sql\"\n",
            {{"schema/a.sql", "CREATE TABLE a (id int);\n\nDO $$ BEGIN PERFORM 1; END $$;\n"}},
            "a.sql:3:1",
            "DO block in a schema file"},
        InputErrorCase{"duplicate_table_across_files",
                       "schema = \"schema/*.sql\"\n",
                       {{"schema/a.sql", "CREATE TABLE t (id int);\n"},
                        {"schema/b.sql", "\nCREATE TABLE public.t (id int);\n"}},
                       "b.sql:2:1",
                       "a.sql:1:1"},
        InputErrorCase{"unknown_type",
                       "schema = \"schema/*.sql\"\n",
                       {{"schema/a.sql", "CREATE TABLE t (\n  id int,\n  x frobtype\n);\n"}},
                       "a.sql:3:",
                       "frobtype"},
        InputErrorCase{"undeclared_schema",
                       "schema = \"schema/*.sql\"\n",
                       {{"schema/a.sql", "CREATE TABLE public.ok (id int);\n"},
                        {"schema/b.sql", "\n\nCREATE TABLE auth.users (id int);\n"}},
                       "b.sql:3:1",
                       "CREATE SCHEMA auth"},
        InputErrorCase{
            "broken_toml", "schema = \"schema/*.sql\nout = 1\n", {}, "sleet.toml:1:", ""},
        InputErrorCase{"unknown_config_key",
                       "schema = \"schema/*.sql\"\nshema_filter = []\n",
                       {{"schema/a.sql", "CREATE TABLE t (id int);\n"}},
                       "sleet.toml:2:1",
                       "schema_filter"},
        InputErrorCase{"glob_matches_nothing",
                       "schema = \"schema/*.sql\"\n",
                       {},
                       "schema/*.sql",
                       "sleet.toml"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sleet::testing
