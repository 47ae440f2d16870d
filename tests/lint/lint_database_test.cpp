// lint with a database at hand (the harness's cluster): table sizes from the statistics and the
// server version (read_lint_catalog, `--url`, the target's database), and `--pending` /
// `--since` choosing the migrations of the target's folder.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lint/lint_corpus.h"
#include "sleet/db.h"
#include "sleet/lint.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// small: 100 rows, big: 20,000 rows, both analysed; big_flag: an index on big.
std::string sized_database() {
  std::string database = test_cluster().fresh_database("lint");
  test_cluster().execute(
      "CREATE TABLE small (id bigint PRIMARY KEY, flag boolean);"
      "INSERT INTO small SELECT g, false FROM generate_series(1, 100) g;"
      "CREATE TABLE big (id bigint PRIMARY KEY, flag boolean);"
      "INSERT INTO big SELECT g, false FROM generate_series(1, 20000) g;"
      "CREATE INDEX big_flag ON big (flag);"
      "ANALYZE small; ANALYZE big;",
      database);
  return database;
}

TEST(LintDatabase, ReadsRowEstimatesIndexesAndTheServerVersion) {
  std::string database = sized_database();
  db::Connection connection = test_cluster().connect(database);
  LintCatalog catalog = read_lint_catalog(connection);
  EXPECT_GE(catalog.server_version, 150000);
  EXPECT_EQ(catalog.table_rows.at("public.small"), 100);
  EXPECT_EQ(catalog.table_rows.at("public.big"), 20000);
  EXPECT_EQ(catalog.index_tables.at("public.big_flag"), "public.big");
  EXPECT_EQ(catalog.index_tables.at("public.small_pkey"), "public.small");
  EXPECT_FALSE(catalog.table_rows.contains("pg_catalog.pg_class"));
}

TEST(LintDatabase, UrlDowngradesLocksOnSmallTablesToInfo) {
  std::string database = sized_database();
  TemporaryDirectory dir;
  dir.write("m.sql",
            "CREATE INDEX small_flag ON small (flag);\n"
            "CREATE INDEX big_id_flag ON big (id, flag);\n"
            "DROP INDEX big_flag;\n");
  std::string url = test_cluster().url(database);
  CommandResult with = run_sleet(fmt::format("--url '{}' --json lint m.sql", url), dir.path());
  ASSERT_EQ(with.exit_code, 0) << with.err;
  nlohmann::json findings = nlohmann::json::parse(with.out)["targets"][0]["findings"];
  ASSERT_EQ(findings.size(), 3u) << with.out;
  EXPECT_EQ(findings[0]["level"], "info");
  EXPECT_NE(findings[0]["message"].get<std::string>().find("public.small has about 100 rows"),
            std::string::npos)
      << findings[0];
  EXPECT_EQ(findings[1]["level"], "warning");
  EXPECT_EQ(findings[2]["rule"], "require-concurrent-index-deletion");
  EXPECT_EQ(findings[2]["level"], "warning");  // big_flag is big's
  // Without --url a named file needs no database: every lock is a warning.
  CommandResult without = run_sleet("--json lint m.sql", dir.path());
  ASSERT_EQ(without.exit_code, 0) << without.err;
  nlohmann::json unsized = nlohmann::json::parse(without.out)["targets"][0];
  EXPECT_EQ(unsized["findings"].size(), 3u) << without.out;
  for (const auto& finding : unsized["findings"]) EXPECT_EQ(finding["level"], "warning") << finding;
  // [lint] small_table_rows sets the threshold.
  dir.write("sleet.toml", "[lint]\nsmall_table_rows = 50\n");
  CommandResult lower = run_sleet(fmt::format("--url '{}' --json lint m.sql", url), dir.path());
  ASSERT_EQ(lower.exit_code, 0) << lower.err;
  EXPECT_EQ(nlohmann::json::parse(lower.out)["targets"][0]["findings"][0]["level"], "warning")
      << lower.out;
  // An unreachable --url is an error, not a silent fallback.
  CommandResult unreachable = run_sleet("--url postgres://127.0.0.1:1/none lint m.sql", dir.path());
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.err;
  dir.write("sleet.toml", "[lint]\nsmall_table_rows = \"many\"\n");
  CommandResult bad = run_sleet("lint m.sql", dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("sleet.toml:2:20"), std::string::npos) << bad.err;
}

// A folder of three: 0000 creates users, 0001 indexes it, 0002 creates orders and indexes it.
void write_project(const TemporaryDirectory& dir, const std::string& url) {
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nout = \"drizzle\"\n", url));
  dir.write("drizzle/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[)"
            R"({"idx":0,"version":"7","when":1000,"tag":"0000_users","breakpoints":true},)"
            R"({"idx":1,"version":"7","when":2000,"tag":"0001_email","breakpoints":true},)"
            R"({"idx":2,"version":"7","when":3000,"tag":"0002_orders","breakpoints":true}]})");
  dir.write("drizzle/0000_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);");
  dir.write("drizzle/0001_email.sql", "CREATE INDEX users_email ON users (email);");
  dir.write("drizzle/0002_orders.sql",
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n"
            "--> statement-breakpoint\n"
            "CREATE INDEX orders_user ON orders (user_id);");
}

std::vector<std::string> finding_places(const CommandResult& result) {
  std::vector<std::string> places;
  nlohmann::json document = nlohmann::json::parse(result.out)["targets"][0];
  for (const auto& finding : document["findings"]) {
    places.push_back(fmt::format("{}:{} {} {}", finding["file"].get<std::string>(),
                                 finding["line"].get<int>(), finding["level"].get<std::string>(),
                                 finding["rule"].get<std::string>()));
  }
  return places;
}

TEST(LintDatabase, PendingAndSinceLintTheRestOfTheFolderAsOne) {
  std::string database = test_cluster().fresh_database("lint");
  TemporaryDirectory dir;
  write_project(dir, test_cluster().url(database));
  const std::string email = "drizzle/0001_email.sql:1 warning require-concurrent-index-creation";
  // The whole folder, none applied: every table is created by the folder itself.
  CommandResult all = run_sleet("--json lint", dir.path());
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(finding_places(all), std::vector<std::string>{}) << all.out;
  // After 0000: users exists, so its index takes a lock; orders is still new.
  CommandResult since = run_sleet("--json lint --since 0000_users", dir.path());
  ASSERT_EQ(since.exit_code, 0) << since.err;
  EXPECT_EQ(finding_places(since), std::vector<std::string>{email}) << since.out << since.err;
  CommandResult unknown = run_sleet("lint --since 0009_none", dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--since 0009_none: no such migration"), std::string::npos)
      << unknown.err;
  // --pending asks the database: after migrating 0000 only, the same two files.
  CommandResult migrated = run_sleet("migrate --to 0000_users", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  CommandResult pending = run_sleet("--json lint --pending", dir.path());
  ASSERT_EQ(pending.exit_code, 0) << pending.err;
  EXPECT_EQ(finding_places(pending), std::vector<std::string>{email}) << pending.err;
  // The target's database is read: users, analysed with a few rows, is small.
  test_cluster().execute("INSERT INTO users VALUES (1, 'a'), (2, 'b'); ANALYZE users;", database);
  CommandResult small = run_sleet("--json lint --pending", dir.path());
  ASSERT_EQ(small.exit_code, 0) << small.err;
  EXPECT_EQ(
      finding_places(small),
      std::vector<std::string>{"drizzle/0001_email.sql:1 info require-concurrent-index-creation"});
  // Paths do not mix with the folder's selections.
  EXPECT_EQ(run_sleet("lint --pending drizzle/0001_email.sql", dir.path()).exit_code, 2);
  // Everything applied: nothing pending, nothing to report.
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  CommandResult none = run_sleet("lint --pending", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.err.find("0 files"), std::string::npos) << none.err;
}

TEST(LintDatabase, SarifFromTheCommandLine) {
  TemporaryDirectory dir;
  dir.write("m.sql", "CREATE TABLE t (id bigint);\nALTER TABLE u ADD COLUMN a bigint NOT NULL;\n");
  CommandResult sarif = run_sleet("lint --format sarif m.sql", dir.path());
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;  // an error-level finding
  nlohmann::json log = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(log["version"], "2.1.0");
  const nlohmann::json& result = log["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "adding-required-field");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "m.sql");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

// Catalog cases (corpus/catalog/CASE/): setup.sql run in a fresh database (rows inserted and
// ANALYZE run, so reltuples is set), then the case's files linted as one folder with that
// database's catalog; each file's `-- expect:` line names rule:level.
TEST(LintDatabase, CatalogCasesGiveEachFileItsExpectedFindingsAndLevels) {
  int cases = 0;
  for (const CorpusCase& folder : corpus_cases("catalog")) {
    ++cases;
    std::string database = test_cluster().fresh_database("lint");
    test_cluster().execute(folder.setup_sql, database);
    db::Connection connection = test_cluster().connect(database);
    LintOptions options;
    options.one_folder = true;
    options.catalog = read_lint_catalog(connection);
    std::vector<LintFinding> findings = lint_migrations(lint_files_with_schema(folder), options);
    for (const CorpusFile& file : folder.files) {
      std::vector<std::string> actual;
      for (const LintFinding& finding : findings) {
        if (finding.file == file.name)
          actual.push_back(finding.rule + ":" + std::string(to_string(finding.level)));
      }
      std::sort(actual.begin(), actual.end());
      std::vector<std::string> expected = expected_rules(file.sql, file.name);
      EXPECT_EQ(actual, expected) << folder.name << "/" << file.name << ": expected "
                                  << joined(expected) << "; sleet reported " << joined(actual);
    }
  }
  EXPECT_GE(cases, 2);
}

}  // namespace
}  // namespace sleet::testing
