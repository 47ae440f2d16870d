// SQL-standard function bodies (RETURN expr, BEGIN ATOMIC ... END): read in one canonical
// spelling from files and from pg_get_functiondef alike, written back, and planned around
// the tables they read (the server checks them when created and keeps their dependencies).
#include <gtest/gtest.h>

#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/inspect.h"
#include "sleet/plan.h"
#include "sleet/push.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "support/schema_model.h"
#include "support/test_cluster.h"

namespace sleet::testing {
namespace {

constexpr const char* kBodies = R"sql(
CREATE TABLE items (id int PRIMARY KEY, price int NOT NULL, note text);
CREATE FUNCTION add_one(integer) RETURNS integer IMMUTABLE RETURN $1 + 1;
CREATE FUNCTION item_price(item int) RETURNS int LANGUAGE sql STABLE
  RETURN (SELECT price FROM items WHERE id = item);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql
BEGIN ATOMIC
  SELECT sum(price) FROM items;
END;
CREATE PROCEDURE clear_notes()
BEGIN ATOMIC
  UPDATE items SET note = NULL;
  DELETE FROM items WHERE price < 0;
END;
CREATE FUNCTION nothing() RETURNS void LANGUAGE sql BEGIN ATOMIC END;
)sql";

size_t position(const std::vector<std::string>& statements, const std::string& prefix) {
  for (size_t i = 0; i < statements.size(); ++i)
    if (statements[i].starts_with(prefix)) return i;
  ADD_FAILURE() << "no statement starts with " << prefix;
  return statements.size();
}

TEST(StandardBodies, ReadInOneCanonicalSpelling) {
  Schema schema = parse_schema_sql(kBodies, "schema.sql");
  const Function& add_one = schema.functions.at({"public", "add_one(integer)"});
  EXPECT_TRUE(add_one.sql_standard_body);
  EXPECT_EQ(add_one.language, "sql");  // not written: a SQL-standard body is SQL
  EXPECT_EQ(add_one.body, "RETURN $1 + 1");
  const Function& total = schema.functions.at({"public", "total()"});
  EXPECT_TRUE(total.sql_standard_body);
  EXPECT_EQ(total.body, "BEGIN ATOMIC\n SELECT sum(price) FROM items;\nEND");
  EXPECT_EQ(schema.functions.at({"public", "nothing()"}).body, "BEGIN ATOMIC\nEND");
  EXPECT_TRUE(schema.functions.at({"public", "clear_notes()"}).procedure);
  // Spelled otherwise (parentheses, layout, case), the same body.
  Schema other = parse_schema_sql(
      "CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE SQL IMMUTABLE\n"
      "RETURN ($1 + 1);",
      "other.sql");
  EXPECT_EQ(other.functions.at({"public", "add_one(integer)"}), add_one);
}

TEST(StandardBodies, DdlAndSnapshotsKeepThem) {
  Schema schema = parse_schema_sql(kBodies, "schema.sql");
  std::string script = ddl::create_script(schema);
  EXPECT_NE(script.find("\nRETURN $1 + 1"), std::string::npos) << script;
  Schema again = parse_schema_sql(script, "exported.sql");
  EXPECT_EQ(again.functions, schema.functions);
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.functions, schema.functions);
  // Created after the table they read; the one reading nothing before it.
  std::vector<std::string> plan = plan_sql("", kBodies);
  size_t table = position(plan, "CREATE TABLE");
  EXPECT_LT(table, position(plan, "CREATE FUNCTION \"public\".\"item_price\""));
  EXPECT_LT(table, position(plan, "CREATE FUNCTION \"public\".\"total\""));
  EXPECT_LT(table, position(plan, "CREATE PROCEDURE \"public\".\"clear_notes\""));
  EXPECT_LT(position(plan, "CREATE FUNCTION \"public\".\"add_one\""), table);
}

TEST(StandardBodies, ChangedInPlaceUnlessWhatTheyReadChangesUnderThem) {
  std::string a = kBodies;
  std::string b = a;
  b.replace(b.find("$1 + 1"), 6, "$1 + 2");
  EXPECT_EQ(kinds(a, b), std::vector<ChangeKind>{ChangeKind::ReplaceFunction});
  // A column the bodies read is retyped: the server refuses while they exist, so they are
  // dropped first and created again after it; what does not read the table stays.
  std::string retyped = a;
  retyped.replace(retyped.find("price int"), 9, "price bigint");
  std::vector<std::string> plan = plan_sql(a, retyped);
  size_t alter = position(plan, "ALTER TABLE \"public\".\"items\" ALTER COLUMN \"price\"");
  for (const char* name : {"item_price", "total"}) {
    std::string function = std::string("\"public\".\"") + name + "\"";
    EXPECT_LT(position(plan, "DROP FUNCTION " + function), alter) << name;
    EXPECT_LT(alter, position(plan, "CREATE FUNCTION " + function)) << name;
  }
  for (const std::string& statement : plan)
    EXPECT_EQ(statement.find("add_one"), std::string::npos) << statement;
}

// pg_get_functiondef's rendering read back through the schema-file parser is the declared
// function: offline where the server prints the body as written, through the server where it
// qualifies columns (`items.price`) and parameters; then push has nothing to do.
TEST(StandardBodies, InspectedAsDeclared) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("standard_bodies");
  cluster.execute(kBodies, database);
  db::Connection connection = cluster.connect(database);
  Schema inspected = inspect_database(connection);
  Schema declared = parse_schema_sql(kBodies, "schema.sql");
  ASSERT_EQ(inspected.functions.size(), declared.functions.size());
  for (const char* key : {"add_one(integer)", "nothing()"})
    EXPECT_EQ(inspected.functions.at({"public", key}), declared.functions.at({"public", key}))
        << key;
  const Function& price = inspected.functions.at({"public", "item_price(integer)"});
  EXPECT_TRUE(price.sql_standard_body);
  EXPECT_TRUE(price.body.starts_with("RETURN (SELECT")) << price.body;
  DatabaseComparison comparison = compare_with_database(connection, declared, InspectOptions{});
  EXPECT_EQ(comparison.declared.functions, comparison.database.functions);
  NoRenames resolver;
  EXPECT_TRUE(diff_schemas(comparison.database, comparison.declared, resolver).empty());
}

}  // namespace
}  // namespace sleet::testing
