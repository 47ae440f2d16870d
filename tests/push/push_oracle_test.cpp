// push on every evolution case of the oracle (tests/oracle/cases): from an empty database it
// creates exactly B; on a database migrated to B it finds nothing to do; from A it reaches
// exactly B (compared by catalog fingerprint). After each push, a second push is empty, the
// inspected model equals the (normalised) declared one, and pull's files of it parse back to
// it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/normalize.h"
#include "sleet/pull.h"
#include "sleet/push.h"
#include "sleet/sources.h"
#include "support/catalog_fingerprint.h"
#include "support/model_dump.h"
#include "support/oracle_cases.h"
#include "support/test_cluster.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

struct Case {
  CaseSide a, b;
  Schema from, to;
  std::vector<std::string> roles;
  InspectOptions options;  // every schema either side uses, and their roles
};

Case load_case(const std::string& name) {
  fs::path dir = oracle_cases_dir() / name;
  Case c{read_case_side(dir, "a"), read_case_side(dir, "b"), {}, {}, {}, {}};
  c.from = parse_schema_sql(c.a.sql, c.a.file_name);
  c.to = parse_schema_sql(c.b.sql, c.b.file_name);
  c.roles = role_names(c.from, c.to);
  std::set<std::string> schemas{"public"};
  for (const Schema* s : {&c.from, &c.to}) {
    for (const auto& [schema, ns] : s->namespaces) schemas.insert(schema);
  }
  Target target;
  target.schema_filter.assign(schemas.begin(), schemas.end());
  c.options = inspect_options(target, c.to);
  c.options.roles = c.roles;
  // The shared roles the cases grant to are the project's too: their privileges are compared
  // on both sides, as the catalog fingerprint lists them.
  c.options.grantees = {"app_user", "app_admin", "auditor"};
  return c;
}

std::string change_list(const std::vector<Change>& changes) {
  std::string text;
  for (const auto& change : changes) {
    text += fmt::format("  {} {} {}\n", to_string(change.kind), change.object.display(),
                        change.name);
  }
  return text;
}

// "" when the inspected `database` written out as pull writes it (per schema and per table)
// parses back to the same model.
std::string pull_round_trip(const Schema& database) {
  for (PullSplit split : {PullSplit::Schemas, PullSplit::Tables}) {
    std::vector<SchemaSource> sources;
    for (const PulledFile& file : render_pulled_schema(database, split)) {
      sources.push_back({file.path.string(), file.sql});
    }
    Schema parsed = parse_schema_sources(sources).schema;
    normalize::normalize_schema(parsed);
    if (parsed != database) {
      return fmt::format("pull (split {}) does not parse back to the inspected model:\n{}",
                         to_string(split), diff_dumps(dump_model(database), dump_model(parsed)));
    }
  }
  return "";
}

// "" when pushing `declared` to `database` again finds nothing to do, else what it found.
std::string second_push(const std::string& database, const Case& c, bool any_column_order) {
  db::Connection connection = test_cluster().connect(database);
  NoRenames none;
  PushPlan again = plan_push(connection, c.to, c.options, none);
  // A column added to an existing table comes last whatever the files say, and nothing can
  // reorder it; no change is made for that, so the models compare without column order then.
  auto same = [&](Schema database, Schema declared) {
    if (!any_column_order) return database == declared;
    for (Schema* schema : {&database, &declared}) {
      for (auto& [name, table] : schema->tables) {
        std::sort(table.columns.begin(), table.columns.end(),
                  [](const Column& x, const Column& y) { return x.name < y.name; });
      }
    }
    return database == declared;
  };
  if (again.empty() && same(again.comparison.database, again.comparison.declared)) {
    return pull_round_trip(again.comparison.database);
  }
  return "a second push is not empty:\n" + change_list(again.changes) + plan_text(again.plan) +
         "model difference (- database, + declared):\n" +
         diff_dumps(dump_model(again.comparison.database), dump_model(again.comparison.declared));
}

// The catalog of a database loaded from B directly (computed once per case).
std::vector<std::string> target_catalog(const Case& c) {
  static std::map<std::string, std::vector<std::string>> cache;
  if (auto it = cache.find(c.b.file_name); it != cache.end()) return it->second;
  TestCluster& cluster = test_cluster();
  drop_roles(cluster, c.roles);
  std::string database = cluster.fresh_database("push_target");
  if (!c.b.sql.empty()) cluster.execute(c.b.sql, database);
  std::vector<std::string> lines = catalog_lines(cluster, database, c.roles);
  cluster.drop_database(database);
  drop_roles(cluster, c.roles);
  cache[c.b.file_name] = lines;
  return lines;
}

// Pushes B onto a database holding `initial_sql`, then checks the catalog and a second push.
std::string push_onto(const Case& c, const std::string& initial_sql,
                      const std::vector<RenameRule>& renames) {
  TestCluster& cluster = test_cluster();
  drop_roles(cluster, c.roles);
  std::string database = cluster.fresh_database("push");
  if (!initial_sql.empty()) cluster.execute(initial_sql, database);
  std::string failure;
  {
    db::Connection connection = cluster.connect(database);
    CollectingRenameResolver unanswered;
    RuleRenameResolver resolver(renames, unanswered);
    PushPlan push = plan_push(connection, c.to, c.options, resolver);
    unanswered.throw_if_unanswered();
    try {
      apply_push(connection, push.plan);
    } catch (const Error& e) {
      failure = e.describe() + "\nplan:\n" + plan_text(push.plan);
    }
  }
  if (failure.empty()) failure = second_push(database, c, !initial_sql.empty());
  std::vector<std::string> pushed = catalog_lines(cluster, database, c.roles);
  cluster.drop_database(database);
  drop_roles(cluster, c.roles);
  if (!failure.empty()) return failure;
  std::vector<std::string> target = target_catalog(c);
  if (pushed == target) return "";
  return "catalog difference (- only in B, + only in pushed):\n" +
         catalog_difference(target, pushed);
}

class PushCase : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { create_shared_roles(test_cluster()); }
};

TEST_P(PushCase, FromEmptyCreatesTheTarget) {
  Case c = load_case(GetParam());
  EXPECT_EQ(push_onto(c, "", {}), "");
}

TEST_P(PushCase, FromTheOtherSideReachesTheTarget) {
  fs::path dir = oracle_cases_dir() / GetParam();
  if (fs::exists(dir / "known_bug.txt")) GTEST_SKIP() << "the oracle marks a known bug";
  Case c = load_case(GetParam());
  EXPECT_EQ(push_onto(c, c.a.sql, read_case_renames(dir)), "");
}

// The migration generate writes for B from nothing, applied as migrate applies it, then push:
// nothing to do.
TEST_P(PushCase, AfterMigrateFindsNothing) {
  Case c = load_case(GetParam());
  TestCluster& cluster = test_cluster();
  drop_roles(cluster, c.roles);
  NoRenames none;
  Schema empty;
  Plan migration = plan_changes(diff_schemas(empty, c.to, none), empty, c.to);
  std::string database = cluster.fresh_database("push_migrated");
  std::string failure = apply_plan(cluster, database, migration);
  if (failure.empty()) failure = second_push(database, c, false);
  cluster.drop_database(database);
  drop_roles(cluster, c.roles);
  EXPECT_EQ(failure, "");
}

INSTANTIATE_TEST_SUITE_P(Cases, PushCase, ::testing::ValuesIn(oracle_case_names()),
                         [](const auto& info) { return oracle_test_name(info.param); });

}  // namespace
}  // namespace sleet::testing

namespace sleet::testing {
namespace {

// Objects an extension creates (pg_buffercache's view) are not part of the schema: a push of
// files that create the extension finds nothing to drop.
TEST(PushExtensions, ExtensionObjectsAreNeitherReadNorDropped) {
  const std::string files = "CREATE EXTENSION pg_buffercache;\nCREATE TABLE t (id int);\n";
  Schema declared = parse_schema_sql(files, "extension.sql");
  std::string database = test_cluster().fresh_database("push_extension");
  test_cluster().execute(files, database);
  db::Connection connection = test_cluster().connect(database);
  NoRenames none;
  PushPlan push = plan_push(connection, declared, inspect_options(Target{}, declared), none);
  EXPECT_TRUE(push.empty()) << plan_text(push.plan);
  EXPECT_FALSE(push.comparison.database.views.contains(QualifiedName{"public", "pg_buffercache"}));
  test_cluster().drop_database(database);
}

// The server is asked how it stores the declared objects only when that can change the plan:
// not for objects push will create anyway, but for one both sides have that differs offline.
// A timestamptz literal default is such a spelling: only the server knows its time zone.
TEST(PushServerNormalization, OnlyWhenAnObjectOnBothSidesDiffersOffline) {
  const std::string events =
      "CREATE TABLE events (id int PRIMARY KEY, at timestamptz DEFAULT '2020-01-01');\n";
  const std::string notes = "CREATE TABLE notes (id int PRIMARY KEY, body text DEFAULT 'x');\n";
  TestCluster& cluster = test_cluster();
  std::string database = cluster.fresh_database("push_server_normalization");
  db::Connection connection = cluster.connect(database);
  NoRenames none;
  auto plan_for = [&](const std::string& files) {
    Schema declared = parse_schema_sql(files, "schema.sql");
    return plan_push(connection, declared, inspect_options(Target{}, declared), none);
  };

  // Empty database: everything is created from the files, no server round.
  PushPlan first = plan_for(events);
  EXPECT_FALSE(first.comparison.server_normalized);
  ASSERT_FALSE(first.empty());
  apply_push(connection, first.plan);

  // The table exists and its default differs offline ('2020-01-01' against the catalog's
  // timestamp with a zone): the server's spelling is needed, and then nothing differs.
  PushPlan again = plan_for(events);
  EXPECT_TRUE(again.comparison.server_normalized);
  EXPECT_TRUE(again.empty()) << plan_text(again.plan);

  // A new table next to `events`, which still differs offline: the round runs, and the plan
  // holds only the new table.
  PushPlan added = plan_for(events + notes);
  EXPECT_TRUE(added.comparison.server_normalized);
  ASSERT_EQ(added.changes.size(), 1u) << change_list(added.changes);
  EXPECT_EQ(added.changes[0].object.name, "notes");
  apply_push(connection, added.plan);

  // A table that compares equal offline and a new one: no server round.
  cluster.execute("DROP TABLE events;", database);
  PushPlan offline = plan_for(notes + "CREATE TABLE tags (id int);\n");
  EXPECT_FALSE(offline.comparison.server_normalized);
  ASSERT_EQ(offline.changes.size(), 1u) << change_list(offline.changes);
  EXPECT_EQ(offline.changes[0].object.name, "tags");

  // A table the files no longer declare next to one only they declare may be a rename, whose
  // columns are then compared: the server is asked.
  PushPlan renamed = plan_for("CREATE TABLE memos (id int PRIMARY KEY, body text DEFAULT 'x');\n");
  EXPECT_TRUE(renamed.comparison.server_normalized);
  cluster.drop_database(database);
}

}  // namespace
}  // namespace sleet::testing
