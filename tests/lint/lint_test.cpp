// sleet lint: each rule reports what it must and stays quiet where the lock does not matter
// (a table the migration created, the safe sequences), suppressions need a reason, levels are
// configurable, and the command's formats and exit codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sleet/error.h"
#include "sleet/lint.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

std::vector<LintFinding> lint(const std::string& sql, const LintOptions& options = {}) {
  return lint_migrations({{"m.sql", sql}}, options);
}

// The rule ids found, in order.
std::vector<std::string> rules(const std::string& sql, const LintOptions& options = {}) {
  std::vector<std::string> ids;
  for (const LintFinding& finding : lint(sql, options)) ids.push_back(finding.rule);
  return ids;
}

bool reports(const std::string& sql, const std::string& rule) {
  std::vector<std::string> ids = rules(sql);
  return std::find(ids.begin(), ids.end(), rule) != ids.end();
}

struct Case {
  const char* sql;
  const char* rule;
};

// Each statement on an existing table (one this migration did not create) reports its rule.
TEST(Lint, LockHazardsOnExistingTablesAreReported) {
  const Case cases[] = {
      {"CREATE INDEX i ON users (email);", "require-concurrent-index-creation"},
      {"CREATE UNIQUE INDEX i ON app.users (email);", "require-concurrent-index-creation"},
      {"DROP INDEX i;", "require-concurrent-index-deletion"},
      {"ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0);", "constraint-missing-not-valid"},
      {"ALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org) REFERENCES orgs (id);",
       "adding-foreign-key-constraint"},
      {"ALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org) REFERENCES orgs (id);",
       "constraint-missing-not-valid"},
      {"ALTER TABLE users ADD COLUMN org int REFERENCES orgs (id);",
       "adding-foreign-key-constraint"},
      {"ALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid();",
       "adding-field-with-default"},
      {"ALTER TABLE users ADD COLUMN r float8 DEFAULT (random() * 10);",
       "adding-field-with-default"},
      {"ALTER TABLE users ADD COLUMN age bigint NOT NULL;", "adding-required-field"},
      // Computed for every existing row: a rewrite.
      {"ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;",
       "adding-field-with-default"},
      {"ALTER TABLE users ADD COLUMN t bigint GENERATED ALWAYS AS (id * 2) STORED;",
       "adding-field-with-default"},
      {"ALTER TABLE users ADD COLUMN u uuid DEFAULT uuidv7();", "adding-field-with-default"},
      {"ALTER TABLE users ADD COLUMN h text UNIQUE;", "disallowed-unique-constraint"},
      {"ALTER TABLE users ALTER COLUMN bio SET NOT NULL;", "adding-not-nullable-field"},
      {"ALTER TABLE users ADD COLUMN id2 bigserial PRIMARY KEY;",
       "adding-serial-primary-key-field"},
      {"ALTER TABLE users ALTER COLUMN age TYPE bigint;", "changing-column-type"},
      {"ALTER TABLE users RENAME COLUMN a TO b;", "renaming-column"},
      {"ALTER TABLE users RENAME TO people;", "renaming-table"},
      {"ALTER TABLE users ADD CONSTRAINT u UNIQUE (email);", "disallowed-unique-constraint"},
      {"ALTER TABLE users ADD PRIMARY KEY (id);", "disallowed-unique-constraint"},
      {"ALTER TABLE users DROP COLUMN bio;", "ban-drop-column"},
      {"DROP TABLE users;", "ban-drop-table"},
      {"DROP DATABASE app;", "ban-drop-database"},
      {"ALTER TABLE users ALTER COLUMN bio DROP NOT NULL;", "ban-drop-not-null"},
      {"TRUNCATE users CASCADE;", "ban-truncate-cascade"},
      {"BEGIN; CREATE INDEX CONCURRENTLY i ON users (a); COMMIT;",
       "ban-concurrent-index-creation-in-transaction"},
      {"BEGIN; ALTER TABLE users ADD COLUMN a text; COMMIT;", "transaction-nesting"},
      {"CREATE DOMAIN positive AS int CHECK (VALUE > 0);", "ban-create-domain-with-constraint"},
      {"ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 1);",
       "ban-alter-domain-with-add-constraint"},
      {"REINDEX TABLE users;", "require-concurrent-reindex"},
      {"ALTER TABLE events DETACH PARTITION events_2020;", "require-concurrent-partition-detach"},
      {"VACUUM FULL users;", "ban-vacuum-full"},
      {"CLUSTER users USING users_pkey;", "ban-cluster"},
      {"ALTER TABLE users SET UNLOGGED;", "ban-set-logged-unlogged"},
      {"CREATE TABLE t (a varchar(20));", "prefer-text-field"},
      {"CREATE TABLE t (a char(2));", "ban-char-field"},
      {"CREATE TABLE t (a timestamp);", "prefer-timestamp-tz"},
      {"CREATE TABLE t (a integer);", "prefer-bigint-over-int"},
      {"CREATE TABLE t (a smallint);", "prefer-bigint-over-smallint"},
      {"CREATE TABLE t (id serial PRIMARY KEY);", "prefer-identity"},
      {"CREATE TABLE t (a_name_that_goes_on_and_on_and_on_well_past_what_postgres_keeps_ok int8);",
       "identifier-too-long"},
  };
  for (const Case& c : cases) EXPECT_TRUE(reports(c.sql, c.rule)) << c.rule << ": " << c.sql;
}

// The same statements are safe, or take no lock that matters, written these ways.
TEST(Lint, SafeFormsAndNewTablesReportNothing) {
  const char* quiet[] = {
      "CREATE INDEX CONCURRENTLY i ON users (email);",
      "DROP INDEX CONCURRENTLY i;",
      "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID;",
      "ALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org) REFERENCES orgs (id) NOT VALID;\n"
      "ALTER TABLE users VALIDATE CONSTRAINT f;",
      "ALTER TABLE users ADD COLUMN t text DEFAULT 'x';",
      "ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT now() NOT NULL;",
      "ALTER TABLE users ADD CONSTRAINT u UNIQUE USING INDEX users_email_key;",
      // SET NOT NULL after a validated CHECK (c IS NOT NULL): no scan.
      "ALTER TABLE users ADD CONSTRAINT bio_nn CHECK (bio IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE users VALIDATE CONSTRAINT bio_nn;\n"
      "ALTER TABLE users ALTER COLUMN bio SET NOT NULL;\n"
      "ALTER TABLE users DROP CONSTRAINT bio_nn;",
      "REINDEX TABLE CONCURRENTLY users;",
      "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;",
      "VACUUM users;",
      // Everything on a table this migration created: it is empty and nobody holds it.
      "CREATE TABLE app.orders (id bigint PRIMARY KEY, total numeric, note text);\n"
      "CREATE INDEX orders_total ON app.orders (total);\n"
      "ALTER TABLE app.orders ADD CONSTRAINT c CHECK (total > 0);\n"
      "ALTER TABLE app.orders ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES app.orders (id);\n"
      "ALTER TABLE app.orders ADD CONSTRAINT u UNIQUE (note);\n"
      "ALTER TABLE app.orders ALTER COLUMN note SET NOT NULL;\n"
      "ALTER TABLE app.orders ALTER COLUMN total TYPE numeric(12, 2);\n"
      "ALTER TABLE app.orders ADD COLUMN code bigint NOT NULL;",
  };
  for (const char* sql : quiet) EXPECT_EQ(rules(sql), std::vector<std::string>{}) << sql;
  // The validated check is per column: another column still scans.
  EXPECT_TRUE(reports(
      "ALTER TABLE users ADD CONSTRAINT a_nn CHECK (a IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE users VALIDATE CONSTRAINT a_nn;\nALTER TABLE users ALTER COLUMN b SET NOT NULL;",
      "adding-not-nullable-field"));
  // Not validated: still a scan.
  EXPECT_TRUE(
      reports("ALTER TABLE users ADD CONSTRAINT a_nn CHECK (a IS NOT NULL) NOT VALID;\n"
              "ALTER TABLE users ALTER COLUMN a SET NOT NULL;",
              "adding-not-nullable-field"));
  // A table created in an earlier migration is not new in a later one.
  std::vector<LintFinding> two =
      lint_migrations({{"0000.sql", "CREATE TABLE t (id bigint PRIMARY KEY);"},
                       {"0001.sql", "CREATE INDEX t_id ON t (id);"}});
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].file, "0001.sql");
  EXPECT_EQ(two[0].rule, "require-concurrent-index-creation");
}

TEST(Lint, FindingsNameFileLineAndColumnWithAHint) {
  std::vector<LintFinding> findings = lint(
      "-- é comment\nSELECT 1;\n  CREATE INDEX i ON users (email);\n"
      "ALTER TABLE users ADD COLUMN é✓x bigint NOT NULL;");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].file, "m.sql");
  EXPECT_EQ(findings[0].line, 3);
  EXPECT_EQ(findings[0].column, 3);
  EXPECT_EQ(findings[0].level, LintLevel::Warning);
  EXPECT_NE(findings[0].hint.find("CONCURRENTLY"), std::string::npos);
  EXPECT_EQ(findings[1].rule, "adding-required-field");
  EXPECT_EQ(findings[1].level, LintLevel::Error);
  EXPECT_EQ(findings[1].line, 4);
  EXPECT_EQ(findings[1].column, 30);  // the column definition, counted in characters
  nlohmann::ordered_json json = findings[1].to_json();
  EXPECT_EQ(json["level"], "error");
  EXPECT_EQ(json["rule"], "adding-required-field");
  try {
    lint("CREATE INDEX i ON;");
    FAIL() << "a syntax error is an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where().rfind("m.sql:1:", 0), 0u) << error.where();
  }
}

TEST(Lint, IgnoresNeedAReasonAndMustSuppressSomething) {
  // Above a statement: that statement only.
  EXPECT_EQ(rules("-- sleet:ignore ban-drop-table moved to cold storage in #412\nDROP TABLE a;\n"
                  "DROP TABLE b;"),
            std::vector<std::string>{"ban-drop-table"});
  // In the leading comments, apart from the first statement: the whole file.
  EXPECT_EQ(rules("-- cleanup\n-- sleet:ignore ban-drop-table tables unused since v3\n\n"
                  "DROP TABLE a;\nDROP TABLE b;"),
            std::vector<std::string>{});
  // No reason: the finding stays and the comment is an error.
  std::vector<LintFinding> bare = lint("-- sleet:ignore ban-drop-table\nDROP TABLE a;");
  ASSERT_EQ(bare.size(), 2u);
  EXPECT_EQ(bare[0].rule, "ignore-without-reason");
  EXPECT_EQ(bare[0].level, LintLevel::Error);
  EXPECT_EQ(bare[0].line, 1);
  EXPECT_EQ(bare[1].rule, "ban-drop-table");
  // Nothing to suppress.
  EXPECT_EQ(rules("-- sleet:ignore ban-drop-table just in case\nCREATE TABLE a (id bigint);"),
            std::vector<std::string>{"unused-ignore"});
}

TEST(Lint, LevelsAreConfigurable) {
  LintOptions options;
  options.levels["prefer-text-field"] = LintLevel::Error;
  options.levels["ban-drop-table"] = LintLevel::Off;
  std::vector<LintFinding> findings =
      lint("CREATE TABLE t (a varchar(3));\nDROP TABLE u;", options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "prefer-text-field");
  EXPECT_EQ(findings[0].level, LintLevel::Error);
  options.levels["no-such-rule"] = LintLevel::Error;
  EXPECT_THROW(lint("SELECT 1;", options), Error);
  EXPECT_THROW(parse_lint_level("loud", "--rule x=loud"), Error);
  // Every rule the linter reports is listed, once.
  std::vector<std::string> ids;
  for (const LintRule& rule : lint_rules()) ids.push_back(rule.id);
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

TEST(LintCommand, FolderFormatsAndExitCodes) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "out = \"drizzle\"\n");
  dir.write("drizzle/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[)"
            R"({"idx":0,"version":"7","when":1000,"tag":"0000_a","breakpoints":true},)"
            R"({"idx":1,"version":"7","when":2000,"tag":"0001_b","breakpoints":true}]})");
  dir.write("drizzle/0000_a.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);");
  dir.write("drizzle/0001_b.sql", "CREATE INDEX users_email ON users (email);");
  // The whole folder, none applied: users is new when 0001 runs, so its index is quiet.
  CommandResult quiet = run_sleet("lint", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(quiet.exit_code, 0) << quiet.out << quiet.err;
  EXPECT_NE(quiet.err.find("2 files: 0 errors, 0 warnings"), std::string::npos) << quiet.err;
  // Warnings only: exit 0; after 0000 (applied), users may hold rows.
  CommandResult warned = run_sleet("lint --since 0000_a", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(warned.exit_code, 0) << warned.out << warned.err;
  EXPECT_NE(warned.out.find("drizzle/0001_b.sql:1:1: warning require-concurrent-index-creation"),
            std::string::npos)
      << warned.out;
  EXPECT_NE(warned.err.find("1 file: 0 errors, 1 warning"), std::string::npos) << warned.err;
  // An error: exit 1; JSON is one document on stdout.
  dir.write("drizzle/0001_b.sql", "ALTER TABLE users ADD COLUMN age bigint NOT NULL;");
  CommandResult failed = run_sleet("--json lint --since 0000_a", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  nlohmann::json document = nlohmann::json::parse(failed.out)["targets"][0];
  ASSERT_EQ(document["findings"].size(), 1u);
  EXPECT_EQ(document["findings"][0]["rule"], "adding-required-field");
  EXPECT_EQ(document["findings"][0]["level"], "error");
  EXPECT_EQ(document["findings"][0]["line"], 1);
  // Paths need no config; github annotations; a rule's level from the command line.
  CommandResult github = run_sleet("lint --format github --rule adding-required-field=warning " +
                                       (dir.path() / "drizzle/0001_b.sql").string(),
                                   dir.path() / "drizzle", "NO_COLOR=1");
  EXPECT_EQ(github.exit_code, 0) << github.err;
  EXPECT_EQ(github.out.rfind("::warning file=", 0), 0u) << github.out;
  EXPECT_NE(github.out.find("title=adding-required-field::"), std::string::npos) << github.out;
  CommandResult missing = run_sleet("lint nowhere.sql", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(LintCommand, LevelsFromTheConfig) {
  TemporaryDirectory dir;
  dir.write("a.sql", "CREATE TABLE t (a varchar(2));\nDROP TABLE u;\n");
  // A variable the config reads may be unset: linting needs no database.
  dir.write("sleet.toml",
            "url = \"${LINT_TEST_UNSET_URL}\"\n[lint]\nprefer-text-field = \"error\"\n"
            "ban-drop-table = \"off\"\n");
  CommandResult raised = run_sleet("lint a.sql", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(raised.exit_code, 1) << raised.err;
  EXPECT_NE(raised.out.find("a.sql:1:17: error prefer-text-field"), std::string::npos)
      << raised.out;
  EXPECT_EQ(raised.out.find("ban-drop-table"), std::string::npos) << raised.out;
  // The command line wins over the config.
  CommandResult lowered =
      run_sleet("lint --rule prefer-text-field=info a.sql", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(lowered.exit_code, 0) << lowered.err;
  dir.write("sleet.toml", "[lint]\nprefer-txt = \"error\"\n");
  CommandResult unknown = run_sleet("lint a.sql", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("sleet.toml:2:14: unknown lint rule \"prefer-txt\""),
            std::string::npos)
      << unknown.err;
}

// generate runs the rules on the migration it writes: warnings by default (also with
// --dry-run), nothing written with --strict, findings in its JSON; info advice stays out.
TEST(LintCommand, GenerateLintsTheMigrationItWrites) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n");
  dir.write("schema/app.sql", "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100));\n");
  CommandResult first = run_sleet("generate --name init", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err.find("prefer-"), std::string::npos) << first.err;  // a new table: quiet
  dir.write("schema/app.sql",
            "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100), age int NOT NULL);\n"
            "CREATE INDEX users_email ON users (email);\n");
  CommandResult strict = run_sleet("generate --name age --strict", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
  EXPECT_NE(strict.err.find("adding-required-field"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("nothing written"), std::string::npos) << strict.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle/0001_age.sql"));
  CommandResult dry = run_sleet("generate --dry-run", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.err.find("require-concurrent-index-creation"), std::string::npos) << dry.err;
  CommandResult json = run_sleet("--json generate --dry-run", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json document = nlohmann::json::parse(json.out);
  ASSERT_EQ(document["targets"][0]["lint"].size(), 2u) << json.out;
  EXPECT_EQ(document["targets"][0]["lint"][0]["rule"], "adding-required-field");
  CommandResult written = run_sleet("generate --name age", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(written.exit_code, 0) << written.err;
  EXPECT_NE(written.err.find("0001_age.sql:1:"), std::string::npos) << written.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "drizzle/0001_age.sql"));
}

// With no path, the target's database is read when the config names one; when it does not
// answer, lint says so and lints without it (only --url and --pending require it).
TEST(LintCommand, AnUnreachableTargetDatabaseOnlyCostsTheTableSizes) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "out = \"drizzle\"\nurl = \"postgres://127.0.0.1:1/none\"\n");
  dir.write("drizzle/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[)"
            R"({"idx":0,"version":"7","when":1000,"tag":"0000_a","breakpoints":true}]})");
  dir.write("drizzle/0000_a.sql", "CREATE INDEX users_email ON users (email);");
  CommandResult linted = run_sleet("lint", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(linted.exit_code, 0) << linted.err;
  EXPECT_NE(linted.err.find("lint: without table sizes"), std::string::npos) << linted.err;
  EXPECT_NE(linted.out.find("warning require-concurrent-index-creation"), std::string::npos)
      << linted.out;
  EXPECT_EQ(run_sleet("lint --pending", dir.path(), "NO_COLOR=1").exit_code, 3);
}

// generate --dry-run writes nothing but says what a real run would: the data-loss warning with
// the statement and the lint finding on it.
TEST(LintCommand, GenerateDryRunSaysDataLossAndFindings) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n");
  dir.write("schema/app.sql",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text, age bigint);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/app.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
  CommandResult dry = run_sleet("generate --dry-run --name drop_age", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("DROP COLUMN \"age\""), std::string::npos) << dry.out;
  EXPECT_NE(dry.err.find("1 statement may lose data"), std::string::npos) << dry.err;
  EXPECT_NE(dry.err.find("ban-drop-column"), std::string::npos) << dry.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "drizzle/0001_drop_age.sql"));
}

}  // namespace
}  // namespace sleet::testing
