// tests/privileges: GRANT and REVOKE across the commands with the real binary. Privileges of
// the shared roles (app_user, app_admin, auditor, as the oracle's policy cases use) on a
// table, its columns and serial sequence, a view, a function and a schema: generated,
// migrated, checked in the server, no drift, changed by hand (drift, then push), pulled back
// and pushed with No changes. Also the parser's errors at file:line:col.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "sleet/error.h"
#include "sleet/sources.h"
#include "support/oracle_cases.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

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

// sleet.toml in `dir`: `schema` the files, `database` on the test cluster, schema_filter public
// and `other_schema`.
void write_config(const TemporaryDirectory& dir, const std::string& schema,
                  const std::string& database, const std::string& other_schema) {
  dir.write("sleet.toml",
            fmt::format("schema = \"{}\"\nurl = \"{}\"\nschema_filter = [\"public\", \"{}\"]\n",
                        schema, test_cluster().url(database), other_schema));
}

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
  write_config(dir, "schema/*.sql", database, "reports");
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
  write_config(pulled_dir, "schema", database, "reports");
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

constexpr const char* kDefaultsSchema = R"sql(
CREATE SCHEMA app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT ON TABLES TO app_user;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE ON SEQUENCES TO app_user;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO auditor WITH GRANT OPTION;
CREATE TABLE app.orders (id serial PRIMARY KEY, note text);
CREATE TABLE app.audit (id integer PRIMARY KEY);
REVOKE INSERT ON app.audit FROM app_user;
CREATE FUNCTION app.order_total() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM app.orders $$;
)sql";

// Default privileges pushed apply to what is created afterwards, by sleet or by hand; they are
// compared (drift, push back), pulled and exported.
TEST_F(CliPrivileges, DefaultPrivilegesGiveLaterTablesTheirGrants) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("default_privileges");
  TemporaryDirectory dir;
  write_config(dir, "schema/*.sql", database, "app");
  dir.write("schema/app.sql", kDefaultsSchema);
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t defaults = sql.find(
      "ALTER DEFAULT PRIVILEGES IN SCHEMA \"app\" GRANT SELECT ON TABLES TO \"app_user\"");
  ASSERT_NE(defaults, std::string::npos) << sql;
  EXPECT_LT(defaults, sql.find("CREATE TABLE \"app\".\"orders\"")) << sql;
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_TRUE(has(database, "has_table_privilege('app_user', 'app.orders', 'INSERT')"));
  EXPECT_FALSE(has(database, "has_table_privilege('app_user', 'app.audit', 'INSERT')"));
  EXPECT_TRUE(has(database, "has_table_privilege('app_user', 'app.audit', 'SELECT')"));
  EXPECT_TRUE(has(database, "has_sequence_privilege('app_user', 'app.orders_id_seq', 'USAGE')"));
  EXPECT_FALSE(has(database, "has_function_privilege('app_user', 'app.order_total()', 'EXECUTE')"));
  EXPECT_TRUE(has(database,
                  "has_function_privilege('auditor', 'app.order_total()', 'EXECUTE WITH GRANT "
                  "OPTION')"));
  expect_nothing_to_do(dir);

  // A table and a function created afterwards by the migrating role get the defaults.
  cluster.execute("CREATE TABLE app.later (id integer)", database);
  cluster.execute("CREATE FUNCTION public.later() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$",
                  database);
  EXPECT_TRUE(has(database, "has_table_privilege('app_user', 'app.later', 'SELECT')"));
  EXPECT_TRUE(has(database, "has_table_privilege('app_user', 'app.later', 'INSERT')"));
  EXPECT_FALSE(has(database, "has_table_privilege('app_user', 'app.later', 'DELETE')"));
  EXPECT_FALSE(has(database, "has_function_privilege('app_user', 'public.later()', 'EXECUTE')"));
  EXPECT_TRUE(has(database, "has_function_privilege('auditor', 'public.later()', 'EXECUTE')"));
  cluster.execute("DROP TABLE app.later; DROP FUNCTION public.later()", database);

  // Changed by hand: drift, and push puts it back.
  cluster.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE INSERT ON TABLES FROM app_user",
                  database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out,
                       "ALTER DEFAULT PRIVILEGES IN SCHEMA \"app\" REVOKE INSERT ON TABLES FROM "
                       "\"app_user\""))
      << drifted.out;
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  cluster.execute("CREATE TABLE app.later (id integer)", database);
  EXPECT_TRUE(has(database, "has_table_privilege('app_user', 'app.later', 'INSERT')"));
  cluster.execute("DROP TABLE app.later", database);
  expect_nothing_to_do(dir);

  // pull writes them back and the pulled files settle.
  TemporaryDirectory pulled_dir;
  write_config(pulled_dir, "schema", database, "app");
  auto pulled = run_sleet("pull --out baseline", pulled_dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string files = read_file(pulled_dir.path() / "schema/app.sql");
  if (fs::exists(pulled_dir.path() / "schema/public.sql"))
    files += read_file(pulled_dir.path() / "schema/public.sql");
  EXPECT_TRUE(contains(files, "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"))
      << files;
  EXPECT_TRUE(contains(files,
                       "ALTER DEFAULT PRIVILEGES IN SCHEMA \"app\" GRANT INSERT ON TABLES TO "
                       "\"app_user\""))
      << files;
  EXPECT_TRUE(contains(files, "CREATE ROLE \"app_user\"")) << files;
  auto pushed_back = run_sleet("push", pulled_dir.path(), "NO_COLOR=1");
  EXPECT_TRUE(contains(pushed_back.out, "No changes")) << pushed_back.out << pushed_back.err;

  // export's script loads into an empty database and gives the same privileges.
  std::string exported_into = cluster.fresh_database("default_privileges_export");
  auto exported = run_sleet("export", dir.path());
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto [loaded, said] = load_with_psql(exported_into, exported.out);
  ASSERT_EQ(loaded, 0) << said << exported.out;
  EXPECT_FALSE(has(exported_into, "has_table_privilege('app_user', 'app.audit', 'INSERT')"));
  EXPECT_TRUE(has(exported_into, "has_table_privilege('app_user', 'app.orders', 'INSERT')"));
  cluster.execute("CREATE TABLE app.later (id integer)", exported_into);
  EXPECT_TRUE(has(exported_into, "has_table_privilege('app_user', 'app.later', 'INSERT')"));
  cluster.drop_database(exported_into);
  cluster.drop_database(database);
}

// pull declares the roles its files grant to: they load into a cluster that lacks them.
TEST_F(CliPrivileges, PulledFilesCreateTheRolesTheyGrantTo) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pulled_roles");
  cluster.execute("CREATE ROLE pulled_reader NOINHERIT; CREATE ROLE pulled_writer CREATEDB",
                  "postgres");
  cluster.execute(R"sql(
CREATE TABLE notes (id integer PRIMARY KEY, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY writers ON notes FOR INSERT TO pulled_writer WITH CHECK (true);
GRANT SELECT ON notes TO pulled_reader;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO pulled_reader;
)sql",
                  database);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("schema = \"schema\"\nurl = \"{}\"\n",
                                      cluster.url(database)));
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string files = read_file(dir.path() / "schema/public.sql");
  EXPECT_TRUE(contains(files, "CREATE ROLE \"pulled_reader\" NOINHERIT")) << files;
  EXPECT_TRUE(contains(files, "CREATE ROLE \"pulled_writer\" CREATEDB")) << files;
  EXPECT_FALSE(contains(files, "CREATE ROLE \"postgres\"")) << files;
  expect_pulled_project_settled(dir, pulled);

  // In a cluster without those roles, the pulled files load and grant as before.
  cluster.drop_database(database);
  cluster.execute("DROP ROLE pulled_reader; DROP ROLE pulled_writer", "postgres");
  std::string fresh = cluster.fresh_database("pulled_roles_loaded");
  auto [loaded, said] = load_with_psql(fresh, files);
  EXPECT_EQ(loaded, 0) << said << files;
  EXPECT_TRUE(has(fresh, "has_table_privilege('pulled_reader', 'notes', 'SELECT')"));
  EXPECT_TRUE(has(fresh, "not pg_has_role('pulled_reader', 'pulled_writer', 'MEMBER')"));
  EXPECT_TRUE(has(fresh, "(select rolcreatedb from pg_roles where rolname = 'pulled_writer')"));
  cluster.drop_database(fresh);
  cluster.execute("DROP ROLE IF EXISTS pulled_reader; DROP ROLE IF EXISTS pulled_writer",
                  "postgres");
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

TEST(PrivilegeFiles, DefaultPrivilegesErrorsAndWhatTheyGiveTheFilesObjects) {
  std::string schema_missing = parse_error(
      "CREATE TABLE t (id int);\nALTER DEFAULT PRIVILEGES IN SCHEMA nowhere GRANT SELECT ON "
      "TABLES TO x;\n");
  EXPECT_TRUE(contains(schema_missing, "app.sql:2:")) << schema_missing;
  EXPECT_TRUE(contains(schema_missing, "nowhere")) << schema_missing;
  std::string schemas_in_schema = parse_error(
      "CREATE SCHEMA s;\nALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT USAGE ON SCHEMAS TO x;\n");
  EXPECT_TRUE(contains(schemas_in_schema, "app.sql:2:1")) << schemas_in_schema;
  std::string privilege = parse_error("ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON TABLES TO x;\n");
  EXPECT_TRUE(contains(privilege, "app.sql:1:1")) << privilege;
  EXPECT_TRUE(contains(privilege, "EXECUTE does not apply to TABLES")) << privilege;

  Schema schema = parse_schema_sources({{"app.sql", R"sql(
CREATE SCHEMA s;
CREATE TABLE s.t (id int);
CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO reader;
ALTER DEFAULT PRIVILEGES FOR ROLE other GRANT UPDATE ON TABLES TO reader;
ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA s REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
CREATE TABLE public.u (id int);
)sql"}}).schema;
  std::vector<std::string> defaults;
  for (const auto& [privilege, state] : schema.default_privileges) {
    defaults.push_back(fmt::format("{}|{}|{} {} {}{}", privilege.role, privilege.schema,
                                   privilege.object_kind, privilege.grantee, privilege.privilege,
                                   state.revoked ? " revoked" : ""));
  }
  // The per-schema REVOKE from PUBLIC does nothing, as in PostgreSQL (noted).
  EXPECT_EQ(defaults, (std::vector<std::string>{"||FUNCTIONS public EXECUTE revoked",
                                                "|s|TABLES reader SELECT",
                                                "other||TABLES reader UPDATE"}));
  // The migrating role's defaults apply to the files' objects; another role's do not.
  EXPECT_TRUE(schema.grants.contains(Grant{"TABLE", "s", "t", "", "reader", "SELECT"}));
  EXPECT_FALSE(schema.grants.contains(Grant{"TABLE", "public", "u", "", "reader", "SELECT"}));
  EXPECT_FALSE(schema.grants.contains(Grant{"TABLE", "s", "t", "", "reader", "UPDATE"}));
  auto revoked = schema.grants.find(Grant{"FUNCTION", "s", "f()", "", "public", "EXECUTE"});
  ASSERT_NE(revoked, schema.grants.end());
  EXPECT_TRUE(revoked->second.revoked);
}

}  // namespace
}  // namespace sleet::testing
