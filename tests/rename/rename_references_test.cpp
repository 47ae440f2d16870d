// A confirmed rename followed into the SQL text that names the object from elsewhere (view
// bodies, rules, policies, trigger WHEN, defaults), on parse trees, the way PostgreSQL's
// catalog follows it; and what the diff makes of it.
#include <gtest/gtest.h>

#include "sleet/diff.h"
#include "sleet/rename_references.h"
#include "sleet/rename_resolvers.h"
#include "sleet/sources.h"
#include "sleet/sql.h"

namespace sleet {
namespace {

using sql::RenamedObject;

const char* kSchema = R"(
  CREATE SCHEMA archive;
  CREATE TABLE clients (id integer PRIMARY KEY, name text, note text);
  CREATE TABLE orders (id integer PRIMARY KEY, client_id integer, name text);
  CREATE TABLE archive.clients (id integer, name text);
)";

RenamedObject column_renamed(const std::string& table, const std::string& from,
                             const std::string& to) {
  RenamedObject renamed;
  renamed.kind = RenamedObject::Kind::Column;
  renamed.old_name = renamed.new_name = QualifiedName{"public", table};
  renamed.old_column = from;
  renamed.new_column = to;
  return renamed;
}

RenamedObject relation_renamed(const QualifiedName& from, const QualifiedName& to) {
  RenamedObject renamed;
  renamed.kind = RenamedObject::Kind::Relation;
  renamed.old_name = from;
  renamed.new_name = to;
  return renamed;
}

std::string in_query(const std::string& query, const RenamedObject& renamed) {
  static const Schema schema = parse_schema_sql(kSchema, "schema.sql");
  return sql::rename_references_in_statement(sql::canonical_query(query), renamed, {&schema});
}

TEST(RenameReferences, AColumnKeepsItsOutputNameInTheSelectList) {
  auto renamed = column_renamed("clients", "name", "full_name");
  EXPECT_EQ(in_query("SELECT name FROM clients", renamed), "SELECT full_name AS name FROM clients");
  EXPECT_EQ(in_query("SELECT name AS label, upper(name) FROM clients", renamed),
            "SELECT full_name AS label, upper(full_name) FROM clients");
  EXPECT_EQ(in_query("SELECT c.name FROM clients c WHERE c.name <> ''", renamed),
            "SELECT c.full_name AS name FROM clients c WHERE c.full_name <> ''");
}

TEST(RenameReferences, ColumnsOfOtherRelationsAndShadowingNamesStay) {
  auto renamed = column_renamed("clients", "name", "full_name");
  // orders.name is another table's; an unqualified name in the inner query is orders'.
  EXPECT_EQ(in_query("SELECT o.name FROM orders o JOIN clients c ON c.id = o.client_id", renamed),
            "SELECT o.name FROM orders o JOIN clients c ON c.id = o.client_id");
  EXPECT_EQ(in_query("SELECT id FROM clients WHERE EXISTS (SELECT 1 FROM orders WHERE name = '')",
                     renamed),
            "SELECT id FROM clients WHERE EXISTS (SELECT 1 FROM orders WHERE name = '')");
  // ... while one the inner query does not have belongs to the outer one (a correlated name).
  EXPECT_EQ(in_query("SELECT id FROM clients WHERE EXISTS (SELECT 1 FROM orders WHERE "
                     "client_id = id AND note = name)",
                     renamed),
            "SELECT id FROM clients WHERE EXISTS (SELECT 1 FROM orders WHERE client_id = id AND "
            "note = name)");
  // archive.clients is another table of the same name.
  EXPECT_EQ(in_query("SELECT name FROM archive.clients", renamed),
            "SELECT name FROM archive.clients");
  // A CTE named like the table hides it.
  EXPECT_EQ(in_query("WITH clients AS (SELECT name FROM orders) SELECT name FROM clients", renamed),
            "WITH clients AS (SELECT name FROM orders) SELECT name FROM clients");
  // Alias column names replace the table's.
  EXPECT_EQ(in_query("SELECT x.name FROM clients x(name)", renamed),
            "SELECT x.name FROM clients x(name)");
}

TEST(RenameReferences, ATableRenameFollowsIntoFromItemsAndQualifiers) {
  auto renamed = relation_renamed({"public", "clients"}, {"public", "customers"});
  EXPECT_EQ(in_query("SELECT clients.name, public.clients.id FROM clients", renamed),
            "SELECT customers.name, public.customers.id FROM customers");
  EXPECT_EQ(in_query("SELECT c.name FROM public.clients c", renamed),
            "SELECT c.name FROM public.customers c");
  EXPECT_EQ(in_query("SELECT name FROM archive.clients", renamed),
            "SELECT name FROM archive.clients");
  // Moved to another schema: the reference is qualified, as the server prints it.
  auto moved = relation_renamed({"public", "clients"}, {"archive", "people"});
  EXPECT_EQ(in_query("SELECT clients.name FROM clients", moved),
            "SELECT people.name FROM archive.people");
}

TEST(RenameReferences, RulesTriggersAndPolicyExpressions) {
  static const Schema schema = parse_schema_sql(kSchema, "schema.sql");
  auto renamed = column_renamed("clients", "name", "full_name");
  sql::ReferenceContext rows{&schema, QualifiedName{"public", "clients"}, true};
  EXPECT_EQ(
      sql::rename_references_in_expression("new.name IS DISTINCT FROM old.name", renamed, rows),
      "new.full_name IS DISTINCT FROM old.full_name");
  EXPECT_EQ(sql::rename_references_in_statement("UPDATE clients SET name = new.name WHERE id = "
                                                "new.id",
                                                renamed, rows),
            "UPDATE clients SET full_name = new.full_name WHERE id = new.id");
  // A policy on orders reading clients in a sub-query: orders' own name stays.
  sql::ReferenceContext on_orders{&schema, QualifiedName{"public", "orders"}, false};
  EXPECT_EQ(sql::rename_references_in_expression(
                "EXISTS (SELECT 1 FROM clients WHERE clients.id = orders.client_id AND name = "
                "orders.name)",
                renamed, on_orders),
            "EXISTS (SELECT 1 FROM clients WHERE clients.id = orders.client_id AND full_name = "
            "orders.name)");
}

TEST(RenameReferences, SequencesTypesAndSchemasByName) {
  static const Schema schema = parse_schema_sql(kSchema, "schema.sql");
  sql::ReferenceContext none{&schema};
  auto sequence = relation_renamed({"public", "numbers"}, {"public", "ids"});
  EXPECT_EQ(sql::rename_references_in_expression("nextval('numbers'::regclass)", sequence, none),
            "nextval('ids'::regclass)");
  EXPECT_EQ(sql::rename_references_in_expression("nextval('archive.numbers')", sequence, none),
            "nextval('archive.numbers')");
  RenamedObject type;
  type.kind = RenamedObject::Kind::Type;
  type.old_name = {"public", "mood"};
  type.new_name = {"archive", "feeling"};
  EXPECT_EQ(sql::rename_references_in_expression("'ok'::mood", type, none),
            "'ok'::archive.feeling");
  RenamedObject schema_renamed;
  schema_renamed.kind = RenamedObject::Kind::Schema;
  schema_renamed.old_name = {"archive", ""};
  schema_renamed.new_name = {"history", ""};
  EXPECT_EQ(sql::rename_references_in_statement(
                "SELECT archive.f(archive.clients.name), 'x'::archive.t FROM archive.clients",
                schema_renamed, none),
            "SELECT history.f(history.clients.name), 'x'::history.t FROM history.clients");
}

// The diff: the view over a renamed table and column compares equal to the target's, so the
// renames are the only changes; a view whose output column takes the new name is a change.
TEST(RenameReferences, TheDiffPlansTheRenamesAlone) {
  Schema from = parse_schema_sql(R"(
    CREATE TABLE clients (id integer PRIMARY KEY, name text);
    CREATE VIEW client_names AS SELECT c.name FROM clients c WHERE c.name <> '';
  )",
                                 "a.sql");
  Schema to = parse_schema_sql(R"(
    CREATE TABLE customers (id integer PRIMARY KEY, full_name text);
    CREATE VIEW client_names AS SELECT c.full_name AS name FROM customers c WHERE c.full_name <> '';
  )",
                               "b.sql");
  CollectingRenameResolver unanswered;
  std::vector<RenameRule> rules{parse_rename_rule("table:public.clients=public.customers", "t"),
                                parse_rename_rule("column:public.customers.name=full_name", "t")};
  RuleRenameResolver resolver(rules, unanswered);
  std::vector<ChangeKind> kinds;
  for (const Change& change : diff_schemas(from, to, resolver)) kinds.push_back(change.kind);
  EXPECT_EQ(kinds, (std::vector<ChangeKind>{ChangeKind::RenameTable, ChangeKind::RenameColumn,
                                            ChangeKind::RenameConstraint}));

  Schema shown = parse_schema_sql(R"(
    CREATE TABLE customers (id integer PRIMARY KEY, full_name text);
    CREATE VIEW client_names AS SELECT c.full_name FROM customers c WHERE c.full_name <> '';
  )",
                                  "b.sql");
  RuleRenameResolver again(rules, unanswered);
  bool view_recreated = false;
  for (const Change& change : diff_schemas(from, shown, again))
    view_recreated |= change.kind == ChangeKind::CreateView;
  EXPECT_TRUE(view_recreated);
}

}  // namespace
}  // namespace sleet
