// tests/privileges: GRANT and REVOKE across the commands with the real binary. Privileges of
// the shared roles (app_user, app_admin, auditor, as the oracle's policy cases use) on a
// table, its columns and serial sequence, a view, a function and a schema: generated,
// migrated, checked in the server, no drift, changed by hand (drift, then push), pulled back
// and pushed with No changes. Also the parser's errors at file:line:col.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sleet/error.h"
#include "sleet/sources.h"
#include "support/oracle_cases.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE SCHEMA reports;
CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, note text);
CREATE VIEW recent_orders AS SELECT id, customer FROM orders WHERE id > 10;
CREATE TABLE reports.daily (day date PRIMARY KEY, total numeric NOT NULL);
CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM orders $$;
GRANT SELECT, INSERT ON orders TO app_user;
GRANT UPDATE (note) ON orders TO app_user;
GRANT USAGE ON SEQUENCE orders_id_seq TO app_user;
GRANT SELECT ON recent_orders TO auditor;
GRANT USAGE ON SCHEMA reports TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA reports TO auditor WITH GRANT OPTION;
REVOKE EXECUTE ON FUNCTION order_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION order_count() TO app_admin;
)sql";

bool has(const std::string& database, const std::string& check) {
  return test_cluster().execute("select " + check, database).value(0, 0) == "t";
}

class CliPrivileges : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { create_shared_roles(test_cluster()); }
};

TEST_F(CliPrivileges, GrantsMigratedComparedDriftedPulledAndPushedBack) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("privileges");
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\nschema_filter = "
                                      "[\"public\", \"reports\"]\n",
                                      cluster.url(database)));
  dir.write("schema/app.sql", kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t table = sql.find("CREATE TABLE \"public\".\"orders\"");
  std::size_t grant = sql.find("GRANT SELECT ON TABLE \"public\".\"orders\" TO \"app_user\"");
  ASSERT_NE(grant, std::string::npos) << sql;
  EXPECT_LT(table, grant) << sql;
  EXPECT_TRUE(contains(sql, "REVOKE EXECUTE ON FUNCTION \"public\".\"order_count\"() FROM PUBLIC"))
      << sql;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_TRUE(has(database, "has_table_privilege('app_user', 'orders', 'INSERT')"));
  EXPECT_FALSE(has(database, "has_table_privilege('app_user', 'orders', 'DELETE')"));
  EXPECT_TRUE(has(database, "has_column_privilege('app_user', 'orders', 'note', 'UPDATE')"));
  EXPECT_FALSE(has(database, "has_column_privilege('app_user', 'orders', 'customer', 'UPDATE')"));
  EXPECT_TRUE(has(database, "has_sequence_privilege('app_user', 'orders_id_seq', 'USAGE')"));
  EXPECT_TRUE(has(database, "has_table_privilege('auditor', 'recent_orders', 'SELECT')"));
  EXPECT_TRUE(has(database,
                  "has_table_privilege('auditor', 'reports.daily', 'SELECT WITH GRANT "
                  "OPTION')"));
  EXPECT_TRUE(has(database, "has_schema_privilege('auditor', 'reports', 'USAGE')"));
  EXPECT_TRUE(has(database, "has_function_privilege('app_admin', 'order_count()', 'EXECUTE')"));
  EXPECT_FALSE(has(database, "has_function_privilege('app_user', 'order_count()', 'EXECUTE')"));

  auto clean = run_sleet("status", dir.path());
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_TRUE(contains(clean.out, "no drift")) << clean.out;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;

  // A grant to a role the project does not name, and the owner's own privileges, are not
  // compared; a declared role's privilege changed by hand is drift, and push puts it back.
  cluster.execute("CREATE ROLE privileges_outsider", "postgres");
  cluster.execute("GRANT SELECT ON orders TO privileges_outsider", database);
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
  cluster.execute("REVOKE INSERT ON orders FROM app_user", database);
  cluster.execute("GRANT EXECUTE ON FUNCTION order_count() TO PUBLIC", database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  EXPECT_TRUE(has(database, "has_table_privilege('app_user', 'orders', 'INSERT')"));
  EXPECT_FALSE(has(database, "has_function_privilege('app_user', 'order_count()', 'EXECUTE')"));
  EXPECT_TRUE(has(database, "has_table_privilege('privileges_outsider', 'orders', 'SELECT')"));
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
  cluster.execute("REVOKE ALL ON orders FROM privileges_outsider", database);
  cluster.execute("DROP ROLE privileges_outsider", "postgres");

  // pull writes the privileges back; push from the pulled files changes nothing.
  TemporaryDirectory pulled_dir;
  pulled_dir.write("sleet.toml",
                   fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"public\", "
                               "\"reports\"]\n",
                               cluster.url(database)));
  // The database records the first folder's migration: the baseline goes to a new folder.
  auto pulled = run_sleet("pull --out baseline", pulled_dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string files = read_file(pulled_dir.path() / "schema/public.sql") +
                      read_file(pulled_dir.path() / "schema/reports.sql");
  EXPECT_TRUE(contains(files,
                       "GRANT UPDATE (\"note\") ON TABLE \"public\".\"orders\" TO "
                       "\"app_user\""))
      << files;
  EXPECT_TRUE(contains(files,
                       "REVOKE EXECUTE ON FUNCTION \"public\".\"order_count\"() FROM "
                       "PUBLIC"))
      << files;
  auto pushed_back = run_sleet("push", pulled_dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed_back.exit_code, 0) << pushed_back.out << pushed_back.err;
  EXPECT_TRUE(contains(pushed_back.out, "No changes")) << pushed_back.out << pushed_back.err;
  cluster.drop_database(database);
}

// The error parsing app.sql holding `sql` gives; "" when it is accepted.
std::string parse_error(const std::string& sql) {
  try {
    parse_schema_sources({{"app.sql", sql}});
  } catch (const Error& error) {
    return error.describe();
  }
  return "";
}

TEST(PrivilegeFiles, GrantOnAnObjectTheFilesDoNotCreateFailsAtItsPlace) {
  std::string missing =
      parse_error("CREATE TABLE t (id int);\nGRANT SELECT ON missing TO app_user;\n");
  EXPECT_TRUE(contains(missing, "app.sql:2:17")) << missing;
  EXPECT_TRUE(contains(missing, "public.missing")) << missing;
  std::string column = parse_error(
      "CREATE TABLE t (id int);\nGRANT INSERT (id) ON t TO x;\nGRANT UPDATE (nope) ON t TO x;\n");
  EXPECT_TRUE(contains(column, "app.sql:3:")) << column;
  EXPECT_TRUE(contains(column, "no column nope")) << column;
  std::string privilege = parse_error("CREATE TABLE t (id int);\nGRANT DELETE (id) ON t TO x;\n");
  EXPECT_TRUE(contains(privilege, "app.sql:2:1")) << privilege;
  EXPECT_TRUE(contains(privilege, "cannot be granted on columns")) << privilege;
  std::string function = parse_error("GRANT EXECUTE ON FUNCTION nothing(integer) TO x;\n");
  EXPECT_TRUE(contains(function, "app.sql:1:")) << function;
  EXPECT_TRUE(contains(function, "public.nothing(integer)")) << function;
}

TEST(PrivilegeFiles, RevokeTakesFromEarlierGrantsInFileOrder) {
  Schema schema = parse_schema_sources({{"app.sql", R"sql(
CREATE TABLE t (id int, secret text);
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a $$;
GRANT ALL ON t TO app_user;
REVOKE TRUNCATE, DELETE ON t FROM app_user;
GRANT SELECT (secret) ON t TO auditor;
REVOKE SELECT ON t FROM auditor;
REVOKE ALL ON FUNCTION f(int) FROM PUBLIC;
)sql"}}).schema;
  std::vector<std::string> privileges;
  for (const auto& [grant, state] : schema.grants) {
    privileges.push_back(fmt::format("{} {}.{} {} {} {}{}", grant.object_kind, grant.schema,
                                     grant.name, grant.column, grant.grantee, grant.privilege,
                                     state.revoked ? " revoked" : ""));
  }
  EXPECT_EQ(privileges, (std::vector<std::string>{
                            "FUNCTION public.f(integer)  public EXECUTE revoked",
                            "TABLE public.t  app_user INSERT",
                            "TABLE public.t  app_user REFERENCES",
                            "TABLE public.t  app_user SELECT",
                            "TABLE public.t  app_user TRIGGER",
                            "TABLE public.t  app_user UPDATE",
                        }));
}

}  // namespace
}  // namespace sleet::testing
