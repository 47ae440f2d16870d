// Renames under views, a materialized view, rules, a trigger's WHEN and another table's
// policy, through the commands: generate and push plan the RENAME statements alone, the
// migrated database keeps its views (the same objects, the materialized view's rows), and
// nothing is left to do afterwards.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/schema_project.h"

namespace sleet::testing {
namespace {

const char* kBefore = R"(
CREATE TABLE clients (id integer, name text NOT NULL, active boolean NOT NULL DEFAULT true,
  CONSTRAINT clients_pkey PRIMARY KEY (id));
CREATE TABLE orders (id integer PRIMARY KEY, client_id integer);
CREATE VIEW client_names AS SELECT c.id, c.name FROM clients c WHERE c.active;
CREATE VIEW client_orders AS
  SELECT clients.name, count(orders.id) AS orders
  FROM clients LEFT JOIN orders ON orders.client_id = clients.id GROUP BY clients.name;
CREATE MATERIALIZED VIEW client_summary AS SELECT active, count(*) AS n FROM clients GROUP BY active;
CREATE RULE orders_known_client AS ON INSERT TO orders
  WHERE NOT EXISTS (SELECT 1 FROM clients WHERE clients.id = new.client_id) DO INSTEAD NOTHING;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER clients_touch BEFORE UPDATE ON clients
  FOR EACH ROW WHEN (new.name IS DISTINCT FROM old.name) EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_of_active ON orders
  USING (EXISTS (SELECT 1 FROM clients WHERE clients.id = orders.client_id AND active));
)";

// clients renamed customers, its name renamed full_name; the views keep their column names.
// The key keeps its name, as ALTER TABLE ... RENAME leaves it.
const char* kAfter = R"(
CREATE TABLE customers (id integer, full_name text NOT NULL, active boolean NOT NULL DEFAULT true,
  CONSTRAINT clients_pkey PRIMARY KEY (id));
CREATE TABLE orders (id integer PRIMARY KEY, client_id integer);
CREATE VIEW client_names AS SELECT c.id, c.full_name AS name FROM customers c WHERE c.active;
CREATE VIEW client_orders AS
  SELECT customers.full_name AS name, count(orders.id) AS orders
  FROM customers LEFT JOIN orders ON orders.client_id = customers.id GROUP BY customers.full_name;
CREATE MATERIALIZED VIEW client_summary AS SELECT active, count(*) AS n FROM customers GROUP BY active;
CREATE RULE orders_known_client AS ON INSERT TO orders
  WHERE NOT EXISTS (SELECT 1 FROM customers WHERE customers.id = new.client_id) DO INSTEAD NOTHING;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER clients_touch BEFORE UPDATE ON customers
  FOR EACH ROW WHEN (new.full_name IS DISTINCT FROM old.full_name) EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_of_active ON orders
  USING (EXISTS (SELECT 1 FROM customers WHERE customers.id = orders.client_id AND active));
)";

const char* kRenames =
    "--rename table:public.clients=public.customers --rename "
    "column:public.customers.name=full_name";

std::string value(const std::string& database, const std::string& query) {
  return std::string(test_cluster().execute(query, database).value(0, 0));
}

// The oids of the views: the same after the migration when they were not re-created.
std::string view_oids(const std::string& database) {
  return value(database,
               "SELECT string_agg(c.oid::text, ',' ORDER BY c.relname) FROM pg_class c "
               "WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace");
}

// `said` (a migration's SQL, or push's summary of its statements) holds the two renames and
// nothing about the objects that read the table.
void expect_renames_only(const std::string& said, const std::vector<std::string>& renames,
                         const std::vector<std::string>& absent) {
  for (const std::string& rename : renames) EXPECT_TRUE(contains(said, rename)) << said;
  for (const std::string& text : absent)
    EXPECT_FALSE(contains(said, text)) << text << " in:\n" << said;
}

TEST(CliRenameReferences, GenerateAndMigrateKeepTheViews) {
  std::string database = test_cluster().fresh_database("rename_views");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kBefore);
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  test_cluster().execute("INSERT INTO clients VALUES (1, 'ada', true), (2, 'bob', false)",
                         database);
  test_cluster().execute("REFRESH MATERIALIZED VIEW client_summary", database);
  std::string oids = view_oids(database);

  dir.write("schema/app.sql", kAfter);
  auto generated = run_sleet(fmt::format("generate --name renamed {}", kRenames), dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  expect_renames_only(read_file(migration_files(dir).at(1)),
                      {"RENAME TO \"customers\"", "RENAME COLUMN \"name\" TO \"full_name\""},
                      {"DROP VIEW", "DROP MATERIALIZED VIEW", "CREATE VIEW",
                       "CREATE MATERIALIZED VIEW", "RULE", "POLICY", "TRIGGER"});
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;

  EXPECT_EQ(view_oids(database), oids);
  EXPECT_EQ(value(database, "SELECT sum(n) FROM client_summary"), "2");
  EXPECT_EQ(value(database, "SELECT name FROM client_names"), "ada");
  expect_nothing_to_do(dir);
}

TEST(CliRenameReferences, PushComparesWithTheServersFollowedDefinitions) {
  std::string database = test_cluster().fresh_database("rename_views_push");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kBefore);
  auto created = run_sleet("push --force", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(created.exit_code, 0) << created.out << created.err;
  std::string oids = view_oids(database);

  dir.write("schema/app.sql", kAfter);
  auto pushed = run_sleet(fmt::format("push --force {}", kRenames), dir.path(), "NO_COLOR=1");
  ASSERT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  expect_renames_only(pushed.out,
                      {"2 statements", "rename table public.clients › public.customers",
                       "rename column public.customers name › full_name"},
                      {" view ", " rule ", " policy ", " trigger "});
  EXPECT_EQ(view_oids(database), oids);
  auto again = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_TRUE(contains(again.out, "No changes")) << again.out << again.err;
}

}  // namespace
}  // namespace sleet::testing
