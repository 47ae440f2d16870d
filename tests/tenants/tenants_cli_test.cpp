// Tenant schemas as a user runs them (docs/tenants.md): the real sleet binary, the test
// cluster, 200 tenants from a query, one that fails, the re-run that finishes it, a tenant that
// appears later, and drizzle-orm's own migrator agreeing with each tenant's tracking rows.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

std::string scalar(const std::string& sql, const std::string& database) {
  auto result = test_cluster().execute(sql, database);
  return result.rows() > 0 ? std::string(result.value(0, 0)) : "";
}

// Runs `command` in a shell; its output, prefixed with "FAILED: " when it exits non-zero.
std::string shell(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  if (pclose(pipe) != 0) output = "FAILED: " + output;
  return output;
}

// hash:created_at of every tracking row of `tenant`, by id.
std::string tracking_rows(const std::string& tenant, const std::string& database) {
  return scalar(fmt::format("select string_agg(hash || ':' || created_at, ',' order by id) from "
                            "\"{}\".__drizzle_migrations",
                            tenant),
                database);
}

const char* const kProjects =
    "CREATE TABLE projects (\n  id serial PRIMARY KEY,\n  name text NOT NULL\n);\n";
const char* const kTasks =
    "CREATE TABLE tasks (\n  id serial PRIMARY KEY,\n  project_id integer NOT NULL REFERENCES "
    "projects (id),\n  title text NOT NULL\n);\nCREATE INDEX tasks_project_idx ON tasks "
    "(project_id);\n";
const char* const kLabels = "CREATE TABLE labels (\n  id serial PRIMARY KEY,\n  name text\n);\n";

TEST(TenantSchemas, TwoHundredTenantsFromAQuery) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("tenants");
  cluster.execute(
      "CREATE TABLE public.customers (schema_name text PRIMARY KEY);"
      "INSERT INTO public.customers select 'tenant_' || lpad(i::text, 3, '0') from "
      "generate_series(1, 200) i",
      database);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nschema = \"schema\"\n"
                                      "tenants = \"select schema_name from public.customers\"\n",
                                      cluster.url(database)));
  dir.write("schema/app.sql", kProjects);
  auto generated = run_sleet("generate --name projects", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  dir.write("schema/app.sql", std::string(kProjects) + kTasks);
  generated = run_sleet("generate --name tasks", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  // One tenant's objects, unqualified: the search_path decides whose they are.
  for (const char* file : {"drizzle/0000_projects.sql", "drizzle/0001_tasks.sql"}) {
    std::string sql = read_file(dir.path() / file);
    EXPECT_EQ(sql.find("public"), std::string::npos) << sql;
  }

  auto migrated = run_sleet("migrate --jobs 4", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("200 tenants: 200 migrated (400 migrations applied), 0 failed"),
            std::string::npos)
      << migrated.out;
  EXPECT_EQ(scalar("select count(*) from pg_tables where tablename = 'tasks' and schemaname like "
                   "'tenant\\_%'",
                   database),
            "200");
  EXPECT_EQ(scalar("select count(*) from pg_tables where schemaname = 'public'", database), "1");
  EXPECT_EQ(scalar("select to_regclass('drizzle.__drizzle_migrations') is null", database), "t");
  std::string head = tracking_rows("tenant_001", database);
  EXPECT_EQ(std::count(head.begin(), head.end(), ','), 1) << head;
  for (int i = 2; i <= 200; ++i) {
    std::string tenant = fmt::format("tenant_{:03}", i);
    EXPECT_EQ(tracking_rows(tenant, database), head) << tenant;
  }

  // A third migration that fails in exactly one tenant: its own `labels` came first.
  cluster.execute("CREATE TABLE tenant_077.labels (code text)", database);
  dir.write("schema/app.sql", std::string(kProjects) + kTasks + kLabels);
  generated = run_sleet("generate --name labels", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  auto failed = run_sleet("migrate", dir.path());
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_NE(failed.out.find("200 tenants: 199 migrated (199 migrations applied), 1 failed"),
            std::string::npos)
      << failed.out;
  EXPECT_NE(failed.err.find("tenant tenant_077: "), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("0002_labels failed at statement 1 of 1"), std::string::npos)
      << failed.err;
  EXPECT_NE(failed.err.find("already exists"), std::string::npos) << failed.err;
  EXPECT_EQ(scalar("select count(*) from pg_tables where tablename = 'labels'", database), "200");
  EXPECT_EQ(scalar("select count(*) from tenant_077.__drizzle_migrations", database), "2");
  EXPECT_EQ(scalar("select count(*) from tenant_078.__drizzle_migrations", database), "3");

  auto behind = run_sleet("status", dir.path());
  EXPECT_EQ(behind.exit_code, 1) << behind.err;
  EXPECT_NE(behind.out.find("  199 at 0002_labels (latest)"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("    1 at 0001_tasks"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("tenant_077 (1 pending)"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("1 failed in the last migrate"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("already exists"), std::string::npos) << behind.out;

  // Fixed: only that tenant runs.
  cluster.execute("DROP TABLE tenant_077.labels", database);
  auto fixed = run_sleet("migrate", dir.path());
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("200 tenants: 200 migrated (1 migration applied), 0 failed"),
            std::string::npos)
      << fixed.out;
  EXPECT_EQ(scalar("select count(*) from tenant_077.__drizzle_migrations", database), "3");

  // A tenant that appears later is brought up to date by the next migrate.
  cluster.execute("INSERT INTO public.customers VALUES ('tenant_201')", database);
  auto grown = run_sleet("migrate --json", dir.path());
  ASSERT_EQ(grown.exit_code, 0) << grown.err;
  EXPECT_EQ(schema_violations(grown.out), "");
  auto document = nlohmann::json::parse(grown.out);
  ASSERT_EQ(document["targets"].size(), 1u) << grown.out;
  auto entries = document["targets"][0]["tenants"];
  ASSERT_EQ(entries.size(), 201u) << grown.out;
  std::size_t applied = 0;
  for (const auto& entry : entries) {
    EXPECT_EQ(entry["status"], "migrated") << entry.dump();
    applied += entry["report"]["applied"].size();
  }
  EXPECT_EQ(applied, 3u);
  EXPECT_EQ(entries.back()["tenant"], "tenant_201");
  EXPECT_EQ(tracking_rows("tenant_201", database), tracking_rows("tenant_001", database));

  auto current = run_sleet("status", dir.path());
  EXPECT_EQ(current.exit_code, 0) << current.out << current.err;
  EXPECT_NE(current.out.find("every tenant is at the latest migration"), std::string::npos)
      << current.out;
  auto json_status = run_sleet("status --json", dir.path());
  EXPECT_EQ(json_status.exit_code, 0) << json_status.err;
  EXPECT_EQ(schema_violations(json_status.out), "");
  auto status = nlohmann::json::parse(json_status.out)["targets"];
  EXPECT_EQ(status[0]["tenants"]["tenants"].size(), 201u);
  EXPECT_EQ(status[0]["tenants"]["tenants"][76]["last_run"]["failed"], false);

  // drizzle-orm's migrate() with migrationsSchema per tenant: on a tenant sleet migrated it
  // finds nothing to do; on a new database it writes the rows sleet wrote.
  std::filesystem::path fixture = source_dir() / "tests/fixtures/drizzle";
  std::string orm = shell(fmt::format("'{}/orm_migrate.sh' '{}' '{}' tenant_010", fixture.string(),
                                      (dir.path() / "drizzle").string(), cluster.url(database)));
  ASSERT_EQ(orm.find("FAILED"), std::string::npos) << orm;
  EXPECT_EQ(tracking_rows("tenant_010", database), tracking_rows("tenant_001", database));
  std::string other = cluster.fresh_database("tenants_orm");
  orm = shell(fmt::format("'{}/orm_migrate.sh' '{}' '{}' tenant_001", fixture.string(),
                          (dir.path() / "drizzle").string(), cluster.url(other)));
  ASSERT_EQ(orm.find("FAILED"), std::string::npos) << orm;
  EXPECT_EQ(tracking_rows("tenant_001", other), tracking_rows("tenant_001", database));
  EXPECT_EQ(scalar("select count(*) from pg_tables where schemaname = 'tenant_001'", other), "4");
}

TEST(TenantSchemas, CanaryStopsTheFleetAndTenantPicksSome) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("canary");
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\ntenants = [\"acme\", \"bolt\", \"core\"]\n",
                                      cluster.url(database)));
  dir.write(
      "drizzle/meta/_journal.json",
      R"({"version":"7","dialect":"postgresql","entries":[)"
      R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]})");
  dir.write("drizzle/0000_init.sql", kLabels);
  cluster.execute("CREATE SCHEMA acme; CREATE TABLE acme.labels (code text)", database);
  auto canary = run_sleet("migrate --canary 1", dir.path());
  EXPECT_EQ(canary.exit_code, 1) << canary.err;
  EXPECT_NE(canary.out.find("3 tenants: 0 migrated (0 migrations applied), 1 failed, 2 not run"),
            std::string::npos)
      << canary.out;
  EXPECT_NE(canary.err.find("a canary failed"), std::string::npos) << canary.err;
  EXPECT_EQ(scalar("select count(*) from pg_namespace where nspname in ('bolt', 'core')", database),
            "0");

  auto some = run_sleet("migrate --tenant 'b*'", dir.path());
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.out.find("1 tenant: 1 migrated (1 migration applied)"), std::string::npos)
      << some.out;
  auto unknown = run_sleet("migrate --tenant nobody", dir.path());
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("--tenant nobody matches no tenant"), std::string::npos)
      << unknown.err;

  auto dry = run_sleet("migrate --dry-run --tenant core", dir.path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("1 tenant: 1 checked (1 migration would apply)"), std::string::npos)
      << dry.out;
  EXPECT_EQ(scalar("select count(*) from pg_namespace where nspname = 'core'", database), "0");

  // Without a canary, one failing tenant does not stop the others.
  auto rest = run_sleet("migrate", dir.path());
  EXPECT_EQ(rest.exit_code, 1) << rest.err;
  EXPECT_NE(rest.out.find("3 tenants: 2 migrated (1 migration applied), 1 failed"),
            std::string::npos)
      << rest.out;
  EXPECT_EQ(scalar("select count(*) from core.__drizzle_migrations", database), "1");
}

// The tenant's search_path holds in the run's one transaction (--lock-mode transaction) and for
// a migration that runs outside a transaction (CREATE INDEX CONCURRENTLY, the session's).
TEST(TenantSchemas, SearchPathInEveryTransactionMode) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("modes");
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("url = \"{}\"\ntenants = [\"x\", \"y\"]\n", cluster.url(database)));
  dir.write(
      "drizzle/meta/_journal.json",
      R"({"version":"7","dialect":"postgresql","entries":[)"
      R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true},)"
      R"({"idx":1,"version":"7","when":1700000000001,"tag":"0001_index","breakpoints":true}]})");
  dir.write("drizzle/0000_init.sql", "CREATE TABLE items (id int, code text);\n");
  dir.write("drizzle/0001_index.sql", "CREATE INDEX CONCURRENTLY items_code ON items (code);\n");
  cluster.execute("CREATE TABLE public.items (other int)", database);  // must not be touched
  auto first = run_sleet("migrate --to 0000_init --lock-mode transaction", dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto second = run_sleet("migrate", dir.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("2 tenants: 2 migrated (2 migrations applied)"), std::string::npos)
      << second.out;
  EXPECT_EQ(scalar("select string_agg(schemaname || '.' || indexname, ',' order by schemaname) "
                   "from pg_indexes where indexname = 'items_code'",
                   database),
            "x.items_code,y.items_code");
  EXPECT_EQ(scalar("select count(*) from x.__drizzle_migrations", database), "2");
}

// Drift per tenant: a sample by default, every tenant with --all-tenants; a tenant edited by
// hand is named with the SQL from the snapshot to its schema.
TEST(TenantSchemas, DriftOfAHandEditedTenant) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("drift");
  std::string list;
  for (int i = 1; i <= 12; ++i) list += fmt::format("{}\"t{:02}\"", i > 1 ? ", " : "", i);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nschema = \"schema\"\ntenants = [{}]\n",
                                      cluster.url(database), list));
  dir.write("schema/app.sql", std::string(kProjects) + kTasks);
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;

  // Every tenant as the snapshot says: no drift (the tracking tables are not the tenant's).
  auto clean = run_sleet("status --all-tenants", dir.path());
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("no drift on 12 tenants at the latest migration"), std::string::npos)
      << clean.out;

  cluster.execute("ALTER TABLE t05.projects ADD COLUMN note text; DROP INDEX t09.tasks_project_idx",
                  database);
  auto all = run_sleet("status --all-tenants", dir.path());
  EXPECT_EQ(all.exit_code, 1) << all.err;
  EXPECT_NE(all.out.find("DRIFT: 2 drifted, of 12 tenants at the latest migration"),
            std::string::npos)
      << all.out;
  EXPECT_NE(
      all.out.find("    t05:\n      ALTER TABLE \"t05\".\"projects\" ADD COLUMN \"note\" text"),
      std::string::npos)
      << all.out;
  EXPECT_NE(all.out.find("    t09:\n      DROP INDEX"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("tasks_project_idx"), std::string::npos) << all.out;
  EXPECT_EQ(all.out.find("t01:"), std::string::npos) << all.out;
  EXPECT_NE(all.err.find("drifted"), std::string::npos) << all.err;

  // Without --all-tenants, 10 of the 12 at random; the JSON says which and what they hold.
  auto sample = run_sleet("status --json", dir.path());
  EXPECT_EQ(schema_violations(sample.out), "");
  auto fleet = nlohmann::json::parse(sample.out)["targets"][0]["tenants"];
  EXPECT_EQ(fleet["drift"]["checked"], 10) << sample.out;
  EXPECT_EQ(fleet["drift"]["candidates"], 12) << sample.out;
  EXPECT_EQ(fleet["drift"]["sample"], true) << sample.out;
  std::size_t with_drift = 0;
  for (const auto& tenant : fleet["tenants"]) {
    if (!tenant.contains("drift")) continue;
    ++with_drift;
    bool edited = tenant["tenant"] == "t05" || tenant["tenant"] == "t09";
    EXPECT_EQ(tenant["drift"]["found"], edited) << tenant.dump();
  }
  EXPECT_EQ(with_drift, 10u);
  EXPECT_EQ(sample.exit_code, fleet["drift"]["drifted"].empty() ? 0 : 1) << sample.err;
  auto text = run_sleet("status", dir.path());
  EXPECT_NE(text.out.find("of the 12 tenants at the latest migration (a random sample"),
            std::string::npos)
      << text.out;
}

// rollback on a tenant target undoes one tenant's last migration, in its own schema, with the
// drift check made against that tenant; the next migrate brings it back alone.
TEST(TenantSchemas, RollbackUndoesOneTenant) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("tenant_rollback");
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\nschema = \"schema\"\n"
                                      "tenants = [\"acme\", \"globex\", \"initech\"]\n",
                                      cluster.url(database)));
  dir.write("schema/app.sql", kProjects);
  ASSERT_EQ(run_sleet("generate --name projects", dir.path()).exit_code, 0);
  dir.write("schema/app.sql", std::string(kProjects) + kTasks);
  ASSERT_EQ(run_sleet("generate --name tasks", dir.path()).exit_code, 0);
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO globex.projects (name) VALUES ('kept')", database);

  auto unnamed = run_sleet("rollback --yes", dir.path());
  EXPECT_EQ(unnamed.exit_code, 2) << unnamed.out << unnamed.err;
  EXPECT_NE(unnamed.err.find("rollback --tenant NAME"), std::string::npos) << unnamed.err;
  auto several = run_sleet("rollback --tenant '*' --yes", dir.path());
  EXPECT_EQ(several.exit_code, 2) << several.out << several.err;
  EXPECT_NE(several.err.find("matches 3 tenants (acme, globex, initech)"), std::string::npos)
      << several.err;

  // The plan, checked against globex's own schema: no drift, tasks (0 rows) would be dropped.
  auto planned = run_sleet("rollback --tenant globex --dry-run", dir.path());
  ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  EXPECT_NE(planned.out.find("tenant schema globex"), std::string::npos) << planned.out;
  EXPECT_NE(planned.out.find("-- 0001_tasks"), std::string::npos) << planned.out;
  EXPECT_NE(planned.err.find("0 rows"), std::string::npos) << planned.err;

  auto rolled = run_sleet("rollback --tenant globex --yes --force --json", dir.path());
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  auto document = nlohmann::json::parse(rolled.out);
  EXPECT_EQ(document["targets"][0]["tenant"], "globex") << rolled.out;
  EXPECT_EQ(document["targets"][0]["rolled_back"][0]["tag"], "0001_tasks") << rolled.out;
  EXPECT_EQ(scalar("select string_agg(schemaname, ',' order by schemaname) from pg_tables "
                   "where tablename = 'tasks'",
                   database),
            "acme,initech");
  EXPECT_EQ(scalar("select count(*) from globex.__drizzle_migrations", database), "1");
  EXPECT_EQ(scalar("select name from globex.projects", database), "kept");

  // Only globex is behind; migrate brings it back alone.
  auto again = run_sleet("migrate", dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("(1 migration applied)"), std::string::npos) << again.out;
  EXPECT_EQ(scalar("select count(*) from pg_tables where tablename = 'tasks'", database), "3");

  // --tenant means nothing on a target without tenants.
  TemporaryDirectory plain;
  plain.write("sleet.toml", fmt::format("url = \"{}\"\n", cluster.url(database)));
  auto misplaced = run_sleet("rollback --tenant globex --yes", plain.path());
  EXPECT_EQ(misplaced.exit_code, 2) << misplaced.out << misplaced.err;
  EXPECT_NE(misplaced.err.find("has no tenants"), std::string::npos) << misplaced.err;
}

TEST(TenantSchemas, ConfigRefusesWhatIsNotATenantList) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "url = \"postgres://127.0.0.1:1/x\"\ntenants = { schemas = \"x\" }\n");
  auto table = run_sleet("migrate", dir.path());
  EXPECT_EQ(table.exit_code, 2) << table.err;
  EXPECT_NE(table.err.find("sleet.toml:2:"), std::string::npos) << table.err;
  EXPECT_NE(table.err.find("unknown key `schemas`"), std::string::npos) << table.err;
  dir.write("sleet.toml", "url = \"postgres://127.0.0.1:1/x\"\ntenants = { databases = [] }\n");
  auto no_databases = run_sleet("migrate", dir.path());
  EXPECT_EQ(no_databases.exit_code, 2) << no_databases.err;
  EXPECT_NE(no_databases.err.find("`tenants.databases` is an empty list"), std::string::npos)
      << no_databases.err;
  dir.write("sleet.toml", "url = \"postgres://127.0.0.1:1/x\"\ntenants = []\n");
  auto empty = run_sleet("migrate", dir.path());
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_NE(empty.err.find("empty list"), std::string::npos) << empty.err;
  dir.write("sleet.toml", "url = \"postgres://127.0.0.1:1/x\"\n");
  dir.write("drizzle/meta/_journal.json", R"({"version":"7","dialect":"postgresql","entries":[]})");
  auto flag = run_sleet("migrate --tenant a", dir.path());
  EXPECT_EQ(flag.exit_code, 2) << flag.err;
  EXPECT_NE(flag.err.find("need a target with `tenants`"), std::string::npos) << flag.err;
}

}  // namespace
}  // namespace sleet::testing
