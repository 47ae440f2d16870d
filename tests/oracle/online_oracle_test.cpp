// The online oracle: every evolution case with data rows (rows.sql beside a.sql), planned with
// PlanOptions::online and written as generate writes it, applied by migrate() to A holding
// the rows, must leave exactly the catalog of B loaded fresh, keep every row, and give no
// lock finding from sleet lint that the online forms exist to avoid.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/generate.h"
#include "sleet/journal.h"
#include "sleet/lint.h"
#include "sleet/migrate.h"
#include "sleet/plan.h"
#include "sleet/rename_resolvers.h"
#include "sleet/sources.h"
#include "support/catalog_fingerprint.h"
#include "support/oracle_cases.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// The rules whose finding an online form removes: the statement blocks writers (or everyone)
// while it scans rows or builds an index.
const std::set<std::string> kOnlineRules = {
    "require-concurrent-index-creation", "require-concurrent-index-deletion",
    "constraint-missing-not-valid",      "adding-foreign-key-constraint",
    "adding-not-nullable-field",         "disallowed-unique-constraint",
};

std::vector<std::string> cases_with_rows() {
  std::vector<std::string> names;
  for (const std::string& name : oracle_case_names()) {
    if (fs::exists(oracle_cases_dir() / name / "rows.sql")) names.push_back(name);
  }
  return names;
}

Plan plan_case(const fs::path& dir, bool online, Schema* from_out = nullptr) {
  CaseSide a = read_case_side(dir, "a");
  CaseSide b = read_case_side(dir, "b");
  Schema from = parse_schema_sql(a.sql, a.file_name);
  Schema to = parse_schema_sql(b.sql, b.file_name);
  CollectingRenameResolver unanswered;
  RuleRenameResolver resolver(read_case_renames(dir), unanswered);
  std::vector<Change> changes = diff_schemas(from, to, resolver);
  if (from_out) *from_out = from;
  // Online plans fill volatile defaults in batches too; 7 rows a batch so the cases' rows
  // take several committed batches.
  return plan_changes(changes, from, to, PlanOptions{online, online, 7});
}

// The lock findings of kOnlineRules (warning or error) in `sql`, one per line.
std::string online_rule_findings(const std::string& sql) {
  std::string text;
  for (const LintFinding& finding : lint_migrations({LintFile{"migration.sql", sql}})) {
    if (!kOnlineRules.contains(finding.rule)) continue;
    if (finding.level != LintLevel::Error && finding.level != LintLevel::Warning) continue;
    text +=
        fmt::format("{}:{}: {}: {}\n", finding.line, finding.column, finding.rule, finding.message);
  }
  return text;
}

// Rows per table of `schema`'s tables that exist in `database`, "schema.table=count" sorted.
// A table's own rows (ONLY): a parent's query also reads its children's, which change with
// inheritance. Partitions are counted in their partitioned table's tree: rows move between
// partitions when a hash partitioned table is laid out again.
std::vector<std::string> row_counts(TestCluster& cluster, const std::string& database,
                                    const Schema& tables) {
  std::vector<std::string> counts;
  for (const auto& [name, table] : tables.tables) {
    if (table.partition_of) continue;
    std::string relation = fmt::format("\"{}\".\"{}\"", name.schema, name.name);
    db::Result exists =
        cluster.execute(fmt::format("select to_regclass('{}') is not null", relation), database);
    if (std::string(exists.value(0, 0)) != "t") continue;
    db::Result result =
        cluster.execute(fmt::format("select count(*) from {}{}",
                                    table.partition_by.empty() ? "only " : "", relation),
                        database);
    counts.push_back(name.display() + "=" + std::string(result.value(0, 0)));
  }
  return counts;
}

class OnlineOracleCase : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { create_shared_roles(test_cluster()); }
};

TEST_P(OnlineOracleCase, MigrateAppliesTheOnlinePlanToRowsAndReachesTheTarget) {
  const fs::path dir = oracle_cases_dir() / GetParam();
  Schema from;
  Plan plan = plan_case(dir, true, &from);
  ASSERT_FALSE(plan.empty());
  CaseSide a = read_case_side(dir, "a");
  CaseSide b = read_case_side(dir, "b");
  const std::string rows = read_file(dir / "rows.sql");

  TemporaryDirectory project;
  MigrationFolder folder = MigrationFolder::open_or_create(project.path() / "drizzle");
  NewMigration entry;
  entry.name = "online";
  entry.statements = migration_statements(plan);
  const Migration& written = folder.append(entry);
  EXPECT_EQ(online_rule_findings(written.text), "") << written.text;

  TestCluster& cluster = test_cluster();
  const std::vector<std::string> roles = role_names(from, parse_schema_sql(b.sql, b.file_name));
  drop_roles(cluster, roles);
  std::string migrated_db = cluster.fresh_database("online_migrated");
  cluster.execute(a.sql, migrated_db);
  cluster.execute(rows, migrated_db);
  std::vector<std::string> rows_before = row_counts(cluster, migrated_db, from);
  MigrateOptions options;
  options.migrations_schema = "sleet_oracle";  // kept out of the compared schemas
  std::string failure;
  try {
    MigrationReport report = migrate(cluster.settings(migrated_db), folder.directory(), options);
    EXPECT_EQ(report.applied.size(), 1u);
    // Online forms commit step by step: the file says so and migrate follows it.
    EXPECT_EQ(report.applied.front().transactional, !plan.statement_by_statement);
  } catch (const Error& e) {
    failure = e.describe();
  }
  cluster.execute("DROP SCHEMA sleet_oracle CASCADE", migrated_db);
  std::vector<std::string> migrated = catalog_lines(cluster, migrated_db, roles);
  std::vector<std::string> rows_after = row_counts(cluster, migrated_db, from);
  cluster.drop_database(migrated_db);
  drop_roles(cluster, roles);
  ASSERT_EQ(failure, "") << "plan:\n" << plan_text(plan);

  std::string target_db = cluster.fresh_database("online_target");
  cluster.execute(b.sql, target_db);
  std::vector<std::string> target = catalog_lines(cluster, target_db, roles);
  cluster.drop_database(target_db);
  drop_roles(cluster, roles);
  EXPECT_EQ(migrated, target) << "catalog difference (- only in B, + only in migrated A):\n"
                              << catalog_difference(target, migrated) << "plan:\n"
                              << plan_text(plan);
  // Tables that survive keep their rows (the case's dropped tables are counted before only).
  std::vector<std::string> surviving;
  for (const std::string& count : rows_before) {
    std::string table = count.substr(0, count.rfind('=') + 1);
    for (const std::string& after : rows_after)
      if (after.starts_with(table)) surviving.push_back(count);
  }
  EXPECT_EQ(rows_after, surviving);
}

INSTANTIATE_TEST_SUITE_P(CasesWithRows, OnlineOracleCase, ::testing::ValuesIn(cases_with_rows()),
                         [](const auto& info) { return oracle_test_name(info.param); });

// The check above could pass by accident if lint saw nothing: the plain plan of the case that
// exercises every online form does give those findings, and its online plan none.
TEST(OnlinePlan, RemovesTheLockFindingsThePlainPlanHas) {
  const fs::path dir = oracle_cases_dir() / "104_online_forms_on_tables_with_rows";
  std::string plain = join_statements(migration_statements(plan_case(dir, false)), true);
  std::string online = join_statements(migration_statements(plan_case(dir, true)), true);
  std::string findings = online_rule_findings(plain);
  for (const std::string& rule : kOnlineRules) {
    EXPECT_NE(findings.find(rule), std::string::npos) << rule << " not found in\n" << plain;
  }
  EXPECT_EQ(online_rule_findings(online), "") << online;
  EXPECT_TRUE(online.starts_with(kNoTransactionHeader));
  EXPECT_EQ(transaction_directive(online), TransactionDirective::Off);
  EXPECT_FALSE(plain.starts_with("--"));
}

// A volatile default on a table with rows: the plain plan rewrites the table (squawk's
// adding-field-with-default); the backfilled one adds the column bare, sets the default, fills
// the rows in committed batches and sets NOT NULL through a validated check, so lint finds
// nothing and the migration runs statement by statement.
TEST(OnlinePlan, BackfillsAVolatileDefaultInBatchesInsteadOfRewriting) {
  const fs::path dir = oracle_cases_dir() / "105_volatile_default_backfilled";
  auto findings = [](const std::string& sql) {
    std::set<std::string> rules;
    for (const LintFinding& finding : lint_migrations({LintFile{"migration.sql", sql}})) {
      if (finding.level == LintLevel::Error || finding.level == LintLevel::Warning)
        rules.insert(finding.rule);
    }
    return rules;
  };
  Plan plain = plan_case(dir, false);
  std::string plain_sql = join_statements(migration_statements(plain), true);
  EXPECT_TRUE(findings(plain_sql).contains("adding-field-with-default")) << plain_sql;
  EXPECT_FALSE(plain.with_hazard(kTableRewrite).empty()) << plan_text(plain);

  Plan online = plan_case(dir, true);
  std::string online_sql = join_statements(migration_statements(online), true);
  EXPECT_FALSE(findings(online_sql).contains("adding-field-with-default")) << online_sql;
  EXPECT_TRUE(online.with_hazard(kTableRewrite).empty()) << plan_text(online);
  EXPECT_TRUE(online.statement_by_statement);
  int backfills = 0;
  for (const PlannedStatement& statement : online.statements) {
    if (statement.sql.find("DO $sleet_backfill$") == std::string::npos) continue;
    ++backfills;
    EXPECT_NE(statement.sql.find("LIMIT 7"), std::string::npos) << statement.sql;
    EXPECT_EQ(statement_needing_no_transaction(statement.sql), "DO block with COMMIT");
  }
  EXPECT_EQ(backfills, 3) << plan_text(online);  // token, jitter, seen_at
  // The column is added bare before its backfill, and NOT NULL comes after it.
  auto position = [&](const std::string& text) { return online_sql.find(text); };
  EXPECT_LT(position("ADD COLUMN \"token\" uuid;"),
            position("UPDATE \"public\".\"sessions\" SET \"token\""));
  EXPECT_LT(position("SET \"token\" = DEFAULT"), position("ALTER COLUMN \"token\" SET NOT NULL"));
}

// Tables the migration creates hold no rows: their statements keep the plain forms.
TEST(OnlinePlan, KeepsThePlainFormsOnTablesItCreates) {
  const fs::path dir = oracle_cases_dir() / "104_online_forms_on_tables_with_rows";
  Plan plan = plan_case(dir, true);
  bool saw_audit_index = false;
  for (const PlannedStatement& statement : plan.statements) {
    if (statement.object.name != "audit") continue;
    EXPECT_EQ(statement.sql.find("CONCURRENTLY"), std::string::npos) << statement.sql;
    EXPECT_EQ(statement.sql.find("NOT VALID"), std::string::npos) << statement.sql;
    saw_audit_index |= statement.sql.starts_with("CREATE INDEX \"audit_at_idx\"");
  }
  EXPECT_TRUE(saw_audit_index) << plan_text(plan);
}

}  // namespace
}  // namespace sleet::testing
