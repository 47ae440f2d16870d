// What lint knows beyond one file's text, without a database: the migrations before it in the
// same folder, the schema before it (a type change that needs no rewrite), a catalog's table
// sizes and server version, and its SARIF report.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sleet/lint.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

std::vector<std::string> rule_ids(const std::vector<LintFinding>& findings) {
  std::vector<std::string> ids;
  for (const LintFinding& finding : findings) ids.push_back(finding.rule);
  return ids;
}

Column column(const std::string& name, const std::string& type) {
  Column column;
  column.name = name;
  column.type.name = type;
  return column;
}

// public.accounts (code varchar(50), amount numeric(10,2), n integer, tag text, net cidr).
std::shared_ptr<const Schema> accounts_schema() {
  auto schema = std::make_shared<Schema>();
  Table table;
  table.name = {"public", "accounts"};
  table.columns = {column("code", "character varying(50)"), column("amount", "numeric(10,2)"),
                   column("n", "integer"), column("tag", "text"), column("net", "cidr")};
  schema->tables[table.name] = table;
  return schema;
}

std::vector<std::string> type_change(const std::string& sql, bool with_schema = true) {
  LintFile file{"m.sql", sql};
  if (with_schema) file.schema_before = accounts_schema;
  std::vector<std::string> ids;  // type advice such as prefer-text-field is not the point here
  for (const LintFinding& finding : lint_migrations({file}))
    if (finding.level != LintLevel::Info) ids.push_back(finding.rule);
  return ids;
}

TEST(LintFolder, TablesAnEarlierMigrationCreatedAreNewInTheFolder) {
  std::vector<LintFile> files = {
      {"0000.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);"},
      {"0001.sql",
       "CREATE INDEX users_email ON users (email);\n"
       "ALTER TABLE users ADD CONSTRAINT email_set CHECK (email <> '');\n"
       "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
       "CREATE INDEX orders_user ON orders (user_id);"}};
  LintOptions folder;
  folder.one_folder = true;
  // As one folder not yet applied: only the table the folder did not create is reported.
  std::vector<LintFinding> findings = lint_migrations(files, folder);
  ASSERT_EQ(rule_ids(findings), std::vector<std::string>{"require-concurrent-index-creation"});
  EXPECT_EQ(findings[0].file, "0001.sql");
  EXPECT_EQ(findings[0].line, 4);
  // Files each alone (named paths): users may hold rows when 0001 runs.
  EXPECT_EQ(
      rule_ids(lint_migrations(files)),
      (std::vector<std::string>{"require-concurrent-index-creation", "constraint-missing-not-valid",
                                "adding-not-nullable-field", "require-concurrent-index-creation"}));
}

// The lock-safe index of a partitioned table (what generate writes with online = true):
// CREATE INDEX ... ON ONLY the parent builds nothing, each partition's is CONCURRENTLY, and the
// DROP of a partitioned index (which PostgreSQL cannot drop concurrently) carries its reason.
TEST(LintSnapshots, PartitionedIndexBuiltPartitionByPartitionIsNoLockFinding) {
  const std::string online =
      "CREATE INDEX \"events_kind\" ON ONLY \"public\".\"events\" USING btree (\"kind\");\n"
      "--> statement-breakpoint\n"
      "CREATE INDEX CONCURRENTLY \"events_2024_kind_idx\" ON \"public\".\"events_2024\" USING "
      "btree (\"kind\");\n"
      "--> statement-breakpoint\n"
      "ALTER INDEX \"public\".\"events_kind\" ATTACH PARTITION "
      "\"public\".\"events_2024_kind_idx\";\n"
      "--> statement-breakpoint\n"
      "-- sleet:ignore require-concurrent-index-deletion PostgreSQL cannot drop a partitioned "
      "table's index concurrently\n"
      "DROP INDEX \"public\".\"events_old\";\n";
  std::vector<std::string> ids;
  for (const LintFinding& finding : lint_migrations({LintFile{"m.sql", online}}))
    if (finding.level != LintLevel::Info) ids.push_back(finding.rule);
  EXPECT_EQ(ids, std::vector<std::string>{});
  // ON ONLY a table the schema before shows unpartitioned builds the whole index: reported.
  LintFile plain{"m.sql", "CREATE INDEX accounts_tag ON ONLY accounts (tag);"};
  plain.schema_before = accounts_schema;
  EXPECT_EQ(rule_ids(lint_migrations({plain})),
            std::vector<std::string>{"require-concurrent-index-creation"});
}

TEST(LintSnapshots, WideningAndBinaryCoercibleChangesAreNoRewrite) {
  for (const char* quiet : {"ALTER TABLE accounts ALTER COLUMN code TYPE varchar(100);",
                            "ALTER TABLE accounts ALTER COLUMN code TYPE varchar(50);",
                            "ALTER TABLE accounts ALTER COLUMN code SET DATA TYPE text;",
                            "ALTER TABLE accounts ALTER COLUMN code TYPE varchar;",
                            "ALTER TABLE accounts ALTER COLUMN tag TYPE varchar;",
                            "ALTER TABLE accounts ALTER COLUMN amount TYPE numeric(12,2);",
                            "ALTER TABLE accounts ALTER COLUMN amount TYPE numeric;",
                            "ALTER TABLE accounts ALTER COLUMN net TYPE inet;"}) {
    EXPECT_EQ(type_change(quiet), std::vector<std::string>{}) << quiet;
  }
  for (const char* rewrite : {"ALTER TABLE accounts ALTER COLUMN code TYPE varchar(20);",
                              "ALTER TABLE accounts ALTER COLUMN tag TYPE varchar(20);",
                              "ALTER TABLE accounts ALTER COLUMN amount TYPE numeric(12,3);",
                              "ALTER TABLE accounts ALTER COLUMN amount TYPE numeric(8,2);",
                              "ALTER TABLE accounts ALTER COLUMN n TYPE bigint;",
                              "ALTER TABLE accounts ALTER COLUMN code TYPE text[];",
                              "ALTER TABLE accounts ALTER COLUMN code TYPE text USING trim(code);",
                              "ALTER TABLE others ALTER COLUMN code TYPE text;",
                              "ALTER TABLE accounts ALTER COLUMN gone TYPE text;"}) {
    EXPECT_EQ(type_change(rewrite), std::vector<std::string>{"changing-column-type"}) << rewrite;
  }
  // Without the schema before, a change cannot be told from a rewrite.
  EXPECT_EQ(type_change("ALTER TABLE accounts ALTER COLUMN code TYPE text;", false),
            std::vector<std::string>{"changing-column-type"});
  // A schema that is not known (a missing snapshot) is the same.
  LintFile unknown{"m.sql", "ALTER TABLE accounts ALTER COLUMN code TYPE text;",
                   [] { return std::shared_ptr<const Schema>(); }};
  EXPECT_EQ(rule_ids(lint_migrations({unknown})), std::vector<std::string>{"changing-column-type"});
}

// The schema before each migration comes from the folder's snapshots: generate's own lint and
// `sleet lint` both tell a widening from a rewrite.
TEST(LintSnapshots, AProjectsSnapshotsSayWhatEachColumnWas) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\n");
  dir.write("schema/app.sql",
            "CREATE TABLE users (id bigint PRIMARY KEY, code varchar(50), n int);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  dir.write("schema/app.sql",
            "CREATE TABLE users (id bigint PRIMARY KEY, code varchar(100), n bigint);\n");
  CommandResult generated = run_sleet("generate --name widen", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::string sql = read_file(dir.path() / "drizzle/0001_widen.sql");
  ASSERT_NE(sql.find("character varying(100)"), std::string::npos) << sql;
  // One type change is a rewrite (integer to bigint), the other is not.
  EXPECT_EQ(generated.err.find("changing the type of code"), std::string::npos) << generated.err;
  EXPECT_NE(generated.err.find("changing the type of n"), std::string::npos) << generated.err;
  CommandResult linted = run_sleet("--json lint --since 0000_init", dir.path());
  ASSERT_EQ(linted.exit_code, 0) << linted.err;
  nlohmann::json findings = nlohmann::json::parse(linted.out)["targets"][0]["findings"];
  std::vector<std::string> messages;
  for (const auto& finding : findings)
    if (finding["rule"] == "changing-column-type") messages.push_back(finding["message"]);
  ASSERT_EQ(messages.size(), 1u) << linted.out;
  EXPECT_NE(messages[0].find("type of n "), std::string::npos) << messages[0];
  // The folder named as a path is read the same way, as one folder from its first migration.
  CommandResult as_path = run_sleet("--json lint drizzle", dir.path());
  ASSERT_EQ(as_path.exit_code, 0) << as_path.err;
  EXPECT_EQ(as_path.out.find("changing-column-type"), std::string::npos) << as_path.out;
  EXPECT_NE(as_path.out.find("prefer-text-field"), std::string::npos) << as_path.out;
}

TEST(LintCatalog, SmallTablesMakeLockFindingsInfoWithTheEstimate) {
  LintOptions options;
  options.catalog = LintCatalog{};
  options.catalog->server_version = 150004;
  options.catalog->table_rows = {
      {"public.small", 120}, {"public.big", 2'000'000}, {"public.fresh", -1}};
  options.catalog->index_tables = {{"public.small_name", "public.small"},
                                   {"public.big_name", "public.big"}};
  auto first = [&](const std::string& sql) {
    std::vector<LintFinding> findings = lint_migrations({{"m.sql", sql}}, options);
    EXPECT_FALSE(findings.empty()) << sql;
    return findings.empty() ? LintFinding{} : findings.front();
  };
  LintFinding small = first("CREATE INDEX small_x ON small (x);");
  EXPECT_EQ(small.level, LintLevel::Info);
  EXPECT_NE(small.message.find("public.small has about 120 rows"), std::string::npos)
      << small.message;
  EXPECT_NE(small.message.find("small_table_rows = 10000"), std::string::npos) << small.message;
  EXPECT_EQ(first("CREATE INDEX big_x ON big (x);").level, LintLevel::Warning);
  // Never analysed (reltuples -1) and not in the catalog: the lock still matters.
  EXPECT_EQ(first("CREATE INDEX fresh_x ON fresh (x);").level, LintLevel::Warning);
  EXPECT_EQ(first("CREATE INDEX other_x ON other (x);").level, LintLevel::Warning);
  // DROP INDEX through the index's table; a foreign key locks the referenced table too.
  EXPECT_EQ(first("DROP INDEX small_name;").level, LintLevel::Info);
  EXPECT_EQ(first("DROP INDEX big_name;").level, LintLevel::Warning);
  EXPECT_EQ(first("ALTER TABLE small ADD CONSTRAINT c CHECK (x > 0);").level, LintLevel::Info);
  EXPECT_EQ(first("ALTER TABLE small ADD FOREIGN KEY (b) REFERENCES big (id);").level,
            LintLevel::Warning);
  LintFinding self = first("ALTER TABLE small ADD FOREIGN KEY (parent) REFERENCES small (id);");
  EXPECT_EQ(self.level, LintLevel::Info);
  EXPECT_NE(self.message.find("(public.small has about 120 rows by its statistics"),
            std::string::npos)
      << self.message;
  // Not a lock finding: data loss stays a warning on any table.
  EXPECT_EQ(first("ALTER TABLE small DROP COLUMN x;").level, LintLevel::Warning);
  // The threshold is configurable.
  options.small_table_rows = 100;
  EXPECT_EQ(first("CREATE INDEX small_x ON small (x);").level, LintLevel::Warning);
}

TEST(LintCatalog, TheServerVersionDecidesVersionDependentRules) {
  auto rules_on = [](int version, const std::string& sql) {
    LintOptions options;
    options.catalog = LintCatalog{};
    options.catalog->server_version = version;
    return rule_ids(lint_migrations({{"m.sql", sql}}, options));
  };
  const std::string constant_default = "ALTER TABLE t ADD COLUMN flag boolean DEFAULT false;";
  EXPECT_EQ(rules_on(150004, constant_default), std::vector<std::string>{});
  EXPECT_EQ(rules_on(100023, constant_default),
            std::vector<std::string>{"adding-field-with-default"});
  EXPECT_EQ(rules_on(100023, "ALTER TABLE t ADD COLUMN note text DEFAULT NULL;"),
            std::vector<std::string>{});
  // SET NOT NULL uses a validated check to skip its scan only from PostgreSQL 12.
  const std::string safe_not_null =
      "ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK (a IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE t VALIDATE CONSTRAINT t_a_nn;\n"
      "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n";
  EXPECT_EQ(rules_on(150004, safe_not_null), std::vector<std::string>{});
  EXPECT_EQ(rules_on(110020, safe_not_null), std::vector<std::string>{"adding-not-nullable-field"});
  // The safe form a hint names must exist on that server.
  auto hint_on = [](int version, const std::string& sql) {
    LintOptions options;
    options.catalog = LintCatalog{};
    options.catalog->server_version = version;
    std::vector<LintFinding> findings = lint_migrations({{"m.sql", sql}}, options);
    return findings.empty() ? std::string() : findings.front().hint;
  };
  EXPECT_NE(hint_on(110020, "REINDEX INDEX users_email;").find("predates REINDEX CONCURRENTLY"),
            std::string::npos);
  EXPECT_NE(hint_on(150004, "REINDEX INDEX users_email;").find("REINDEX ... CONCURRENTLY"),
            std::string::npos);
  const std::string detach = "ALTER TABLE events DETACH PARTITION events_2020;";
  EXPECT_NE(hint_on(130010, detach).find("predates DETACH PARTITION"), std::string::npos);
  EXPECT_NE(hint_on(150004, detach).find("DETACH PARTITION ... CONCURRENTLY (outside"),
            std::string::npos);
}

TEST(LintSarif, ALogWithRulesLevelsAndLocations) {
  std::vector<LintFinding> findings = lint_migrations(
      {{"drizzle/0001_b.sql",
        "CREATE TABLE t (id bigint);\nALTER TABLE users ADD COLUMN age bigint NOT NULL;\n"
        "DROP INDEX users_email;\n"}});
  ASSERT_EQ(findings.size(), 2u);
  // Through text, as a code-scanning service reads it.
  nlohmann::json log = nlohmann::json::parse(lint_sarif(findings).dump());
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const nlohmann::json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "sleet");
  const nlohmann::json& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rules.size(), lint_rules().size());
  ASSERT_EQ(run["results"].size(), 2u);
  const nlohmann::json& required = run["results"][0];
  EXPECT_EQ(required["ruleId"], "adding-required-field");
  EXPECT_EQ(rules[required["ruleIndex"].get<int>()]["id"], "adding-required-field");
  EXPECT_EQ(required["level"], "error");
  const nlohmann::json& location = required["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "drizzle/0001_b.sql");
  EXPECT_EQ(location["region"]["startLine"], 2);
  EXPECT_EQ(location["region"]["startColumn"], 30);
  EXPECT_NE(required["message"]["text"].get<std::string>().find("Hint: "), std::string::npos);
  EXPECT_EQ(run["results"][1]["ruleId"], "require-concurrent-index-deletion");
  EXPECT_EQ(run["results"][1]["level"], "warning");
  EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
  // Info is SARIF's note.
  std::vector<LintFinding> info = lint_migrations({{"m.sql", "CREATE TABLE t (a integer);"}});
  EXPECT_EQ(lint_sarif(info)["runs"][0]["results"][0]["level"], "note");
}

}  // namespace
}  // namespace sleet::testing

namespace sleet::testing {
namespace {

// An enum value is usable once the transaction that added it commits; before PostgreSQL 12
// ADD VALUE cannot run in a transaction block at all.
TEST(LintTransactions, AnEnumValueIsUsableOnlyAfterItsTransaction) {
  auto rules_on = [](int version, const std::string& sql) {
    LintOptions options;
    if (version) {
      options.catalog = LintCatalog{};
      options.catalog->server_version = version;
    }
    return rule_ids(lint_migrations({{"m.sql", sql}}, options));
  };
  const std::string rule = "ban-enum-value-use-in-same-transaction";
  const std::string add_and_use =
      "ALTER TYPE status ADD VALUE 'gone';\nUPDATE items SET status = 'gone';\n";
  EXPECT_EQ(rules_on(0, add_and_use), std::vector<std::string>{rule});
  EXPECT_EQ(rules_on(150004, add_and_use), std::vector<std::string>{rule});
  // Run outside a transaction: by the directive, or because a statement needs it.
  EXPECT_EQ(rules_on(0, "-- sleet:transaction=off\n" + add_and_use), std::vector<std::string>{});
  EXPECT_EQ(rules_on(0, add_and_use + "CREATE INDEX CONCURRENTLY i ON items (status);\n"),
            std::vector<std::string>{});
  EXPECT_EQ(rules_on(0, "-- sleet:transaction=on\n" + add_and_use +
                            "CREATE INDEX CONCURRENTLY i ON items (status);\n"),
            std::vector<std::string>{rule});
  // The directive only counts above the first statement.
  EXPECT_EQ(rules_on(0, add_and_use + "-- sleet:transaction=off\nSELECT 1;\n"),
            std::vector<std::string>{rule});
  // Renaming a value, or a statement after COMMIT, is no use of an uncommitted value.
  EXPECT_EQ(rules_on(0,
                     "ALTER TYPE status RENAME VALUE 'a' TO 'gone';\n"
                     "UPDATE items SET status = 'gone';\n"),
            std::vector<std::string>{});
  // PostgreSQL 11: the ADD VALUE itself fails in the migration's transaction.
  EXPECT_EQ(rules_on(110020, "ALTER TYPE status ADD VALUE 'gone';\n"),
            std::vector<std::string>{rule});
  EXPECT_EQ(rules_on(110020, "-- sleet:transaction=off\nALTER TYPE status ADD VALUE 'gone';\n"),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace sleet::testing
