// pull says what it leaves out: every kind of object the model has no place for yet, per
// object, and only for the schemas and tables it pulls.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sleet/pull.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

TEST(PullNotPulled, TypesTableKindsRulesPrivilegesAndEventTriggers) {
  TestCluster& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_left_out");
  cluster.execute(R"sql(
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TYPE address AS (street text, city text);
CREATE TYPE price_range AS RANGE (subtype = numeric);
CREATE TABLE measurements (at date NOT NULL, value int) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE base (id int);
CREATE TABLE child (extra text) INHERITS (base);
CREATE UNLOGGED TABLE cache (key text PRIMARY KEY, value text);
CREATE TABLE bookings (room int, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&));
CREATE TABLE plain (id int);
CREATE RULE plain_no_delete AS ON DELETE TO plain DO INSTEAD NOTHING;
CREATE ROLE pull_reader;
GRANT SELECT ON plain TO pull_reader;
CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER pull_note_ddl ON ddl_command_end EXECUTE FUNCTION note_ddl();
CREATE SCHEMA elsewhere;
CREATE FUNCTION elsewhere.note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER pull_note_drop ON sql_drop EXECUTE FUNCTION elsewhere.note_drop();
CREATE MATERIALIZED VIEW totals AS SELECT 1 AS id;
CREATE UNIQUE INDEX totals_id ON totals (id);
CREATE STATISTICS plain_stats ON id, (id * 2) FROM plain;
CREATE STATISTICS totals_stats ON id, (id + 1) FROM totals;
)sql",
                  database);
  std::vector<std::string> described;
  {
    db::Connection connection = cluster.connect(database);
    TemporaryDirectory dir;
    PullOptions options;
    options.inspect.schema_filter = {"public"};
    options.schema_directory = dir.path() / "schema";
    options.out = dir.path() / "drizzle";
    PullPlan plan = plan_pull(connection, options);
    for (const NotPulled& item : plan.not_pulled) described.push_back(item.describe());
    // Domains are modelled: pulled, not reported. So are partitioned tables and partitions, privileges, composite and range types.
    EXPECT_TRUE(plan.schema.domains.contains({"public", "email"}));
    EXPECT_EQ(plan.schema.tables.at({"public", "measurements"}).partition_by, "RANGE (at)");
    const Table& partition = plan.schema.tables.at({"public", "measurements_2024"});
    EXPECT_EQ(partition.partition_of, (QualifiedName{"public", "measurements"}));
    EXPECT_EQ(partition.partition_bound, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    EXPECT_TRUE(partition.columns.empty());
    EXPECT_TRUE(plan.schema.grants.contains(
        Grant{"TABLE", "public", "plain", "", "pull_reader", "SELECT"}));
    EXPECT_TRUE(plan.schema.composite_types.contains({"public", "address"}));
    EXPECT_TRUE(plan.schema.range_types.contains({"public", "price_range"}));
    // Rules and event triggers too (one whose function is in a pulled schema).
    EXPECT_TRUE(plan.schema.tables.at({"public", "plain"}).rules.contains("plain_no_delete"));
    EXPECT_TRUE(plan.schema.event_triggers.contains("pull_note_ddl"));
    // And a materialized view's index, which REFRESH ... CONCURRENTLY needs.
    const View& totals = plan.schema.views.at({"public", "totals"});
    ASSERT_TRUE(totals.indexes.contains("totals_id"));
    EXPECT_TRUE(totals.indexes.at("totals_id").unique);
    EXPECT_FALSE(plan.schema.event_triggers.contains("pull_note_drop"));
    // Extended statistics on a table are pulled; those on a materialized view are said.
    EXPECT_TRUE(plan.schema.tables.at({"public", "plain"})
                    .statistics.contains(QualifiedName{"public", "plain_stats"}));
    // So is inheritance: the child holds its own column only.
    const Table& child = plan.schema.tables.at({"public", "child"});
    EXPECT_EQ(child.inherits, (std::vector<QualifiedName>{{"public", "base"}}));
    ASSERT_EQ(child.columns.size(), 1u);
    EXPECT_EQ(child.columns[0].name, "extra");

    // The table filters narrow what belongs to a table; types and event triggers stay: the
    // event trigger calling a function of a schema not pulled is still said.
    options.inspect.tables_filter = {"cache"};
    std::vector<std::string> narrowed;
    for (const NotPulled& item : plan_pull(connection, options).not_pulled) {
      narrowed.push_back(item.kind);
    }
    EXPECT_EQ(narrowed, (std::vector<std::string>{"event trigger"}));
  }
  auto has = [&](const std::string& text) {
    for (const std::string& line : described) {
      if (line == text) return true;
    }
    return false;
  };
  for (const char* expected : {
           "event trigger pull_note_drop (its function is in schema elsewhere, which is not "
           "pulled)",
           "statistics public.totals_stats on public.totals (extended statistics on a "
           "materialized view are not modelled yet)",
       }) {
    EXPECT_TRUE(has(expected)) << expected << "\nsaid:\n" << ::testing::PrintToString(described);
  }
  // UNLOGGED, EXCLUDE constraints, partitioning, inheritance, composite and range types are
  // modelled, so pulled and not listed.
  for (const std::string& line : described) {
    EXPECT_EQ(line.find("child"), std::string::npos) << line;
    EXPECT_EQ(line.find("measurements"), std::string::npos) << line;
    EXPECT_EQ(line.find("address"), std::string::npos) << line;
    EXPECT_EQ(line.find("price_range"), std::string::npos) << line;
    EXPECT_EQ(line.find("public.cache"), std::string::npos) << line;
    EXPECT_EQ(line.find("bookings"), std::string::npos) << line;
  }
  for (const std::string& line : described) {
    EXPECT_EQ(line.find("plain_no_delete"), std::string::npos) << line;
    EXPECT_EQ(line.find("plain_stats"), std::string::npos) << line;
    EXPECT_EQ(line.find("totals_id"), std::string::npos) << line;
    EXPECT_EQ(line.find("pull_note_ddl"), std::string::npos) << line;
  }
  cluster.execute("DROP EVENT TRIGGER pull_note_ddl; DROP EVENT TRIGGER pull_note_drop", database);
  cluster.drop_database(database);
  cluster.execute("DROP ROLE pull_reader");
}

// The server copies a parent's defaults to each child (not reported: they are the parent's);
// a child's own default on a column it inherits, or a comment on it, has no place in the
// model yet, so pull says so per column.
TEST(PullNotPulled, ChildsOwnDefaultOrCommentOnAnInheritedColumn) {
  TestCluster& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_inherited_settings");
  cluster.execute(R"sql(
CREATE TABLE note (id serial PRIMARY KEY, kind int DEFAULT 0, body text);
CREATE TABLE asset_note () INHERITS (note);
CREATE TABLE budget_note (PRIMARY KEY (id)) INHERITS (note);
CREATE TABLE plain_note () INHERITS (note);
ALTER TABLE budget_note ALTER COLUMN kind SET DEFAULT 6;
ALTER TABLE asset_note ALTER COLUMN body SET DEFAULT 'x';
COMMENT ON COLUMN asset_note.id IS 'the asset note''s id';
COMMENT ON COLUMN note.kind IS 'the parent''s own';
)sql",
                  database);
  db::Connection connection = cluster.connect(database);
  TemporaryDirectory dir;
  PullOptions options;
  options.inspect.schema_filter = {"public"};
  options.schema_directory = dir.path() / "schema";
  options.out = dir.path() / "drizzle";
  std::vector<std::string> described;
  for (const NotPulled& item : plan_pull(connection, options).not_pulled)
    described.push_back(item.describe());
  EXPECT_EQ(described,
            (std::vector<std::string>{
                "column comment public.asset_note.id (a comment of its own on an inherited "
                "column is not modelled yet)",
                "column default public.asset_note.body (a default of its own on an inherited "
                "column is not modelled yet)",
                "column default public.budget_note.kind (a default of its own on an inherited "
                "column is not modelled yet)"}));
}

}  // namespace
}  // namespace sleet::testing
