// The oracle: for each evolution case (tests/oracle/cases/<case>/{a.sql,b.sql}), the database
// built by loading A and applying plan(diff(A, B)) must have exactly the catalog of a
// database loaded from B directly. Also: diff(B, B) and diff(B, snapshot round trip of B)
// are empty. See tests/oracle/README.md for the case format.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/rename_resolvers.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "sleet/sql.h"
#include "support/catalog_fingerprint.h"
#include "support/oracle_cases.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

std::string change_list(const std::vector<Change>& changes) {
  std::string text;
  for (const auto& change : changes) {
    text +=
        fmt::format("  {} {} {}\n", to_string(change.kind), change.object.display(), change.name);
  }
  return text;
}

class OracleCase : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { create_shared_roles(test_cluster()); }
};

// Runs one case; returns "" when the migrated database matches B, else what went wrong.
// Setup problems (a case that does not parse or load) throw instead.
std::string run_case(const fs::path& dir) {
  CaseSide a = read_case_side(dir, "a");
  CaseSide b = read_case_side(dir, "b");
  Schema from = parse_schema_sql(a.sql, a.file_name);
  Schema to = parse_schema_sql(b.sql, b.file_name);

  CollectingRenameResolver unanswered;
  RuleRenameResolver resolver(read_case_renames(dir), unanswered);
  std::vector<Change> changes = diff_schemas(from, to, resolver);
  try {
    unanswered.throw_if_unanswered();
  } catch (const Error& e) {
    return "add the answers to renames.txt: " + e.describe();
  }
  if (auto unused = resolver.unused_rules(); !unused.empty()) {
    return "renames.txt: no question matched " + unused.front().spec;
  }
  Plan plan = plan_changes(changes, from, to);
  if (plan.empty()) return "the case changes nothing";
  for (const std::string& absent : read_case_absent_from_plan(dir)) {
    if (plan_text(plan).find(absent) != std::string::npos)
      return "the plan holds '" + absent + "' (absent_from_plan.txt):\n" + plan_text(plan);
  }

  TestCluster& cluster = test_cluster();
  const std::vector<std::string> roles = role_names(from, to);
  drop_roles(cluster, roles);

  std::string migrated_db = cluster.fresh_database("oracle_migrated");
  if (!a.sql.empty()) cluster.execute(a.sql, migrated_db);
  std::string failure = apply_plan(cluster, migrated_db, plan);
  std::vector<std::string> migrated = catalog_lines(cluster, migrated_db, roles);
  cluster.drop_database(migrated_db);
  drop_roles(cluster, roles);
  if (!failure.empty()) return failure + "\nplan:\n" + plan_text(plan);

  std::string target_db = cluster.fresh_database("oracle_target");
  if (!b.sql.empty()) cluster.execute(b.sql, target_db);
  std::vector<std::string> target = catalog_lines(cluster, target_db, roles);
  cluster.drop_database(target_db);
  drop_roles(cluster, roles);

  if (migrated == target) return "";
  return "catalog difference (- only in B, + only in migrated A):\n" +
         catalog_difference(target, migrated) + "plan:\n" + plan_text(plan);
}

// A case may carry known_bug.txt (the bug it exposes, reported to the module's owner): it
// is then skipped while it fails, and fails once it passes so the file gets removed.
TEST_P(OracleCase, MigratedDatabaseMatchesTheTarget) {
  const fs::path dir = oracle_cases_dir() / GetParam();
  std::string failure = run_case(dir);
  fs::path known_bug = dir / "known_bug.txt";
  if (fs::exists(known_bug)) {
    if (failure.empty()) FAIL() << "fixed: remove " << known_bug.string();
    GTEST_SKIP() << "known bug: " << read_file(known_bug) << failure;
  }
  EXPECT_EQ(failure, "");
}

TEST_P(OracleCase, TargetHasNoDifferenceWithItselfOrItsSnapshot) {
  const fs::path dir = oracle_cases_dir() / GetParam();
  CaseSide b = read_case_side(dir, "b");
  Schema to = parse_schema_sql(b.sql, b.file_name);

  CollectingRenameResolver questions;
  auto same = diff_schemas(to, to, questions);
  EXPECT_TRUE(same.empty()) << "diff(B, B):\n" << change_list(same);

  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema reloaded = load_snapshot(save_snapshot(to, header), "round trip");
  auto round_trip = diff_schemas(to, reloaded, questions);
  EXPECT_TRUE(round_trip.empty()) << "diff(B, snapshot(B)):\n" << change_list(round_trip);
  EXPECT_TRUE(questions.questions().empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, OracleCase, ::testing::ValuesIn(oracle_case_names()),
                         [](const auto& info) { return oracle_test_name(info.param); });

}  // namespace
}  // namespace sleet::testing

namespace sleet::testing {
namespace {

// The fingerprint must see every kind of difference the oracle relies on; each variant
// differs from the base in one property only.
TEST(CatalogFingerprint, SeesEachKindOfDifference) {
  const std::string base = R"(
    CREATE TYPE kind AS ENUM ('a', 'b');
    CREATE SEQUENCE numbers;
    CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
    CREATE TYPE pair AS (a integer, b text COLLATE "C");
    CREATE TYPE span AS RANGE (SUBTYPE = integer);
    CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, k kind DEFAULT 'a',
                    v text COLLATE "C", n integer NOT NULL, g integer GENERATED ALWAYS AS (n * 2) STORED,
                    CONSTRAINT t_n CHECK (n > 0));
    CREATE INDEX t_v ON t (v);
    CREATE VIEW tv AS SELECT id FROM t;
    ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE POLICY p ON t FOR SELECT USING (true);
    COMMENT ON COLUMN t.v IS 'v';
    CREATE TABLE pt (k integer) PARTITION BY RANGE (k);
    CREATE TABLE pt1 PARTITION OF pt FOR VALUES FROM (0) TO (10);
    CREATE RULE t_keep AS ON DELETE TO t DO INSTEAD NOTHING;
    CREATE FUNCTION noted() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
    CREATE EVENT TRIGGER noted ON sql_drop EXECUTE FUNCTION noted();
    CREATE TABLE ip (a integer, CONSTRAINT ip_a CHECK (a > 0));
    CREATE TABLE ic (b integer) INHERITS (ip);
  )";
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"enum order", "ALTER TYPE kind ADD VALUE 'c' BEFORE 'a'"},
      {"sequence option", "ALTER SEQUENCE numbers INCREMENT BY 2"},
      {"identity option",
       "ALTER TABLE t ALTER COLUMN id RESTART WITH 5, ALTER COLUMN id SET START 5"},
      {"identity kind", "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT"},
      {"default", "ALTER TABLE t ALTER COLUMN k SET DEFAULT 'b'"},
      {"collation", "ALTER TABLE t ALTER COLUMN v TYPE text COLLATE \"POSIX\""},
      {"nullability", "ALTER TABLE t ALTER COLUMN n DROP NOT NULL"},
      {"generated",
       "ALTER TABLE t DROP COLUMN g; ALTER TABLE t ADD COLUMN g integer GENERATED ALWAYS AS (n * "
       "3) STORED"},
      {"check",
       "ALTER TABLE t DROP CONSTRAINT t_n; ALTER TABLE t ADD CONSTRAINT t_n CHECK (n > 1)"},
      {"constraint name", "ALTER TABLE t RENAME CONSTRAINT t_n TO t_n2"},
      {"index", "DROP INDEX t_v; CREATE INDEX t_v ON t (v DESC)"},
      {"view", "CREATE OR REPLACE VIEW tv AS SELECT id FROM t WHERE id > 0"},
      {"policy", "ALTER POLICY p ON t USING (false)"},
      {"rls force", "ALTER TABLE t FORCE ROW LEVEL SECURITY"},
      {"comment", "COMMENT ON COLUMN t.v IS 'w'"},
      {"domain check",
       "ALTER DOMAIN positive DROP CONSTRAINT positive_check; "
       "ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 1)"},
      {"domain default", "ALTER DOMAIN positive SET DEFAULT 1"},
      {"domain not null", "ALTER DOMAIN positive SET NOT NULL"},
      {"table comment", "COMMENT ON TABLE t IS 't'"},
      {"partition bound",
       "ALTER TABLE pt DETACH PARTITION pt1; "
       "ALTER TABLE pt ATTACH PARTITION pt1 FOR VALUES FROM (0) TO (20)"},
      {"inheritance", "CREATE TABLE ip2 (); ALTER TABLE ic INHERIT ip2"},
      // The same parents and columns, but what the child inherited is its own now.
      {"inherited locality", "ALTER TABLE ic NO INHERIT ip; ALTER TABLE ic INHERIT ip"},
      {"composite attribute", "ALTER TYPE pair ADD ATTRIBUTE c integer"},
      {"composite attribute type", "ALTER TYPE pair ALTER ATTRIBUTE a TYPE bigint"},
      {"composite attribute collation", "ALTER TYPE pair ALTER ATTRIBUTE b TYPE text"},
      {"composite attribute comment", "COMMENT ON COLUMN pair.a IS 'a'"},
      {"composite comment", "COMMENT ON TYPE pair IS 'p'"},
      {"range subtype", "DROP TYPE span; CREATE TYPE span AS RANGE (SUBTYPE = bigint)"},
      {"range multirange name",
       "DROP TYPE span; CREATE TYPE span AS RANGE (SUBTYPE = integer, MULTIRANGE_TYPE_NAME = "
       "spans)"},
      {"range comment", "COMMENT ON TYPE span IS 's'"},
      {"rule", "CREATE OR REPLACE RULE t_keep AS ON DELETE TO t DO ALSO NOTHING"},
      {"rule comment", "COMMENT ON RULE t_keep ON t IS 'r'"},
      {"event trigger state", "ALTER EVENT TRIGGER noted DISABLE"},
      {"event trigger tags",
       "DROP EVENT TRIGGER noted; "
       "CREATE EVENT TRIGGER noted ON sql_drop WHEN TAG IN ('DROP TABLE') EXECUTE FUNCTION noted()"},
      {"event trigger comment", "COMMENT ON EVENT TRIGGER noted IS 'e'"},
  };
  TestCluster& cluster = test_cluster();
  std::string base_db = cluster.fresh_database("fingerprint");
  cluster.execute(base, base_db);
  auto expected = catalog_lines(cluster, base_db);
  for (const auto& [what, change] : variants) {
    std::string db = cluster.fresh_database("fingerprint");
    cluster.execute(base, db);
    EXPECT_EQ(catalog_lines(cluster, db), expected) << "same schema, " << what;
    cluster.execute(change, db);
    EXPECT_NE(catalog_lines(cluster, db), expected) << what << " was not seen";
    cluster.drop_database(db);
  }
}

}  // namespace
}  // namespace sleet::testing
