// The catalog's dependency graph as inspect_database reads it (Schema::dependencies): each
// expected edge below is what pg_depend records by PostgreSQL's rules (a SQL-standard body
// depends on what it calls, a string body on nothing; defaults, checks, index expressions,
// policies and domain checks on the functions they call; a view on the relations and columns
// it reads; a trigger on its function and table; a column on its user-defined type).
#include <algorithm>
#include <set>

#include "inspect/roundtrip.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE SCHEMA app;
CREATE FUNCTION app.double_it(n integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN n * 2;
CREATE FUNCTION positive(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT n > 0 $$;
CREATE FUNCTION quadruple(n integer) RETURNS integer LANGUAGE sql IMMUTABLE
  RETURN app.double_it(app.double_it(n));
CREATE DOMAIN score AS integer CONSTRAINT score_positive CHECK (positive(VALUE));
SET search_path = public, app;
CREATE TABLE items (
  id integer PRIMARY KEY,
  amount integer NOT NULL DEFAULT double_it(1) CONSTRAINT amount_positive CHECK (positive(amount)),
  rating score
);
CREATE INDEX items_double_idx ON items (double_it(amount));
CREATE VIEW item_doubles AS SELECT id, quadruple(amount) AS q FROM items;
CREATE VIEW big_doubles AS SELECT id FROM item_doubles WHERE q > 10;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_positive ON items USING (positive(amount));
)sql";

using Kind = ObjectId::Kind;

const ObjectId kDoubleIt{Kind::Function, {"app", "double_it(integer)"}, ""};
const ObjectId kPositive{Kind::Function, {"public", "positive(integer)"}, ""};
const ObjectId kQuadruple{Kind::Function, {"public", "quadruple(integer)"}, ""};
const ObjectId kTouch{Kind::Function, {"public", "touch()"}, ""};
const QualifiedName kItems{"public", "items"};
const ObjectId kItemsTable{Kind::Table, kItems, ""};  // (no view depends on it as a whole)
const ObjectId kItemDoubles{Kind::View, {"public", "item_doubles"}, ""};
const ObjectId kBigDoubles{Kind::View, {"public", "big_doubles"}, ""};

class InspectDependencies : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string database = load_database({{"deps.sql", kSchema}});
    db::Connection connection = test_cluster().connect(database);
    InspectOptions options;
    options.schema_filter = {"public", "app"};
    schema_ = inspect_database(connection, options);
  }
  bool has(const ObjectId& dependent, const ObjectId& referenced) const {
    const auto& edges = schema_.dependencies.edges;
    return std::find(edges.begin(), edges.end(), Dependency{dependent, referenced}) != edges.end();
  }
  std::string listing() const {
    std::string text;
    for (const Dependency& edge : schema_.dependencies.edges)
      text += "  " + edge.dependent.display() + " -> " + edge.referenced.display() + "\n";
    return text;
  }
  Schema schema_;
};

TEST_F(InspectDependencies, ReadsTheEdgesPgDependRecords) {
  // A SQL-standard body depends on the functions it calls; a string body on nothing.
  EXPECT_TRUE(has(kQuadruple, kDoubleIt)) << listing();
  for (const Dependency& edge : schema_.dependencies.edges)
    EXPECT_NE(edge.dependent, kPositive) << edge.referenced.display();
  // A default, a check, an index expression and a policy on the functions they call (found
  // through the search_path: the edge names the function by schema and signature).
  EXPECT_TRUE(has({Kind::ColumnDefault, kItems, "amount"}, kDoubleIt)) << listing();
  EXPECT_TRUE(has({Kind::Constraint, kItems, "amount_positive"}, kPositive)) << listing();
  EXPECT_TRUE(has({Kind::Index, kItems, "items_double_idx"}, kDoubleIt)) << listing();
  EXPECT_TRUE(has({Kind::Policy, kItems, "items_positive"}, kPositive)) << listing();
  // A domain's check on the function it calls; a column on its domain.
  EXPECT_TRUE(has({Kind::DomainConstraint, {"public", "score"}, "score_positive"}, kPositive))
      << listing();
  EXPECT_TRUE(has({Kind::Column, kItems, "rating"}, {Kind::Type, {"public", "score"}, ""}))
      << listing();
  // Automatic dependencies: the check and the index on the column they read, the trigger and
  // the policy on their table.
  EXPECT_TRUE(has({Kind::Constraint, kItems, "amount_positive"}, {Kind::Column, kItems, "amount"}));
  EXPECT_TRUE(has({Kind::Index, kItems, "items_double_idx"}, {Kind::Column, kItems, "amount"}));
  EXPECT_TRUE(has({Kind::Trigger, kItems, "items_touch"}, kItemsTable)) << listing();
  EXPECT_TRUE(has({Kind::Trigger, kItems, "items_touch"}, kTouch)) << listing();
  EXPECT_TRUE(has({Kind::Policy, kItems, "items_positive"}, kItemsTable));
  // A view, through its rewrite rule, on the functions it calls and the columns it reads; a
  // view over a view on that view.
  // (The server records the columns a view reads, not their relation; a column of a view
  // stands for the view.)
  EXPECT_TRUE(has(kItemDoubles, kQuadruple)) << listing();
  EXPECT_TRUE(has(kItemDoubles, {Kind::Column, kItems, "amount"})) << listing();
  EXPECT_TRUE(has(kItemDoubles, {Kind::Column, kItems, "id"})) << listing();
  EXPECT_TRUE(has(kBigDoubles, kItemDoubles)) << listing();
  // Internal dependencies (a primary key's index on its constraint, a view on its own rule)
  // are not edges: sleet models each pair as one object.
  EXPECT_FALSE(has({Kind::Index, kItems, "items_pkey"}, {Kind::Constraint, kItems, "items_pkey"}));
  for (const Dependency& edge : schema_.dependencies.edges)
    EXPECT_NE(edge.dependent, edge.referenced);
}

TEST_F(InspectDependencies, DependentsAreFollowedThroughFunctionsAndViews) {
  std::set<ObjectId> dependents =
      schema_.dependencies.dependents_of(std::set<ObjectId>{kDoubleIt}, false);
  for (const ObjectId& expected :
       {kQuadruple, kItemDoubles, kBigDoubles, ObjectId{Kind::ColumnDefault, kItems, "amount"},
        ObjectId{Kind::Index, kItems, "items_double_idx"}})
    EXPECT_TRUE(dependents.contains(expected)) << expected.display();
  EXPECT_FALSE(dependents.contains(kPositive));
  EXPECT_FALSE(dependents.contains({Kind::Policy, kItems, "items_positive"}));
  // Not followed through the domain's columns when through_data is false.
  std::set<ObjectId> of_domain = schema_.dependencies.dependents_of(
      std::set<ObjectId>{ObjectId{Kind::Type, {"public", "score"}, ""}}, false);
  EXPECT_TRUE(of_domain.contains({Kind::Column, kItems, "rating"}));
}

TEST_F(InspectDependencies, GraphIsNotPartOfTheSchemaItDescribes) {
  // A model read from a database equals the same schema without its graph (as parsed).
  Schema without = schema_;
  without.dependencies.edges.clear();
  EXPECT_EQ(without, schema_);
  EXPECT_FALSE(schema_.dependencies.empty());
}

TEST(InspectDependenciesOption, OffReadsNoGraph) {
  std::string database = load_database({{"deps.sql", kSchema}});
  db::Connection connection = test_cluster().connect(database);
  InspectOptions options;
  options.schema_filter = {"public", "app"};
  options.dependencies = false;
  EXPECT_TRUE(inspect_database(connection, options).dependencies.empty());
}

// Push and status read the graph only when there is something to plan: a comparison that finds
// the database as declared carries none; one that finds a difference carries the same graph
// inspect_database reads.
TEST(InspectDependenciesOption, ComparisonsReadTheGraphOnlyWhenTheyFindADifference) {
  const char* schema = R"sql(
CREATE FUNCTION positive(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n > 0 $$;
CREATE TABLE items (id integer PRIMARY KEY, amount integer CHECK (positive(amount)));
CREATE VIEW positive_items AS SELECT id FROM items WHERE positive(amount);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
)sql";
  std::string database = load_database({{"deps.sql", schema}});
  db::Connection connection = test_cluster().connect(database);
  InspectOptions options;
  Schema declared = parse_schema_sql(schema, "deps.sql");
  DatabaseComparison same = compare_with_database(connection, declared, options);
  ASSERT_EQ(model_difference(same.declared, same.database), "");
  EXPECT_TRUE(same.database.dependencies.empty());

  declared.functions.erase({"public", "touch()"});
  declared.tables.at({"public", "items"}).triggers.clear();
  DatabaseComparison changed = compare_with_database(connection, declared, options);
  ASSERT_NE(model_difference(changed.declared, changed.database), "");
  EXPECT_EQ(changed.database.dependencies.edges, inspect_database(connection, options).dependencies.edges);
  EXPECT_FALSE(changed.database.dependencies.empty());
  EXPECT_EQ(inspect_dependency_graph(connection, options).edges,
            changed.database.dependencies.edges);
}

}  // namespace
}  // namespace sleet::testing
