// Tenant databases as a user runs them (docs/tenants.md): the real sleet binary, 20 tenant
// databases from a query on the test cluster, one that fails, the re-run that finishes it, a
// database that appears later; and tenants spread over two clusters.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "db/local_cluster.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

std::string scalar(const db::ConnectionSettings& settings, const std::string& sql) {
  db::Connection connection(settings);
  auto result = connection.execute(sql);
  return result.rows() > 0 ? std::string(result.value(0, 0)) : "";
}

std::string scalar(const std::string& sql, const std::string& database) {
  return scalar(test_cluster().settings(database), sql);
}

// A folder of `count` migrations written as drizzle-kit writes them (journal, SQL).
void write_folder(TemporaryDirectory& dir, const std::vector<std::string>& sql) {
  std::string entries;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    std::string tag = fmt::format("{:04}_step", i);
    if (i > 0) entries += ",";
    entries += fmt::format(R"({{"idx":{},"version":"7","when":{},"tag":"{}","breakpoints":true}})",
                           i, 1700000000000 + i, tag);
    dir.write("drizzle/" + tag + ".sql", sql[i]);
  }
  dir.write("drizzle/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[)" + entries + "]}");
}

const char* const kProjects =
    "CREATE TABLE \"projects\" (\n  \"id\" serial PRIMARY KEY,\n  \"name\" text NOT NULL\n);\n";
const char* const kTasks =
    "CREATE TABLE \"tasks\" (\n  \"id\" serial PRIMARY KEY,\n  \"project_id\" integer NOT NULL "
    "REFERENCES \"projects\" (\"id\")\n);\n";
const char* const kLabels = "CREATE TABLE \"labels\" (\n  \"id\" serial PRIMARY KEY\n);\n";

TEST(TenantDatabases, TwentyDatabasesFromAQuery) {
  auto& cluster = test_cluster();
  std::string control = cluster.fresh_database("control");
  std::vector<std::string> databases;
  for (int i = 0; i < 20; ++i) databases.push_back(cluster.fresh_database("tenant_db"));
  std::string values;
  for (const auto& name : databases) values += (values.empty() ? "" : ", ") + ("('" + name + "')");
  cluster.execute(
      "CREATE TABLE public.tenant_databases (name text PRIMARY KEY);"
      "INSERT INTO public.tenant_databases VALUES " +
          values,
      control);
  TemporaryDirectory dir;
  dir.write(
      "sleet.toml",
      fmt::format("url = \"{}\"\n"
                  "tenants = {{ databases = \"select name from public.tenant_databases\" }}\n",
                  cluster.url(control)));
  write_folder(dir, {kProjects, kTasks});

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("20 tenants: 20 migrated (40 migrations applied), 0 failed"),
            std::string::npos)
      << migrated.out;
  for (const auto& name : databases) {
    // Each database is one tenant, with drizzle's own tracking table, as for one database.
    EXPECT_EQ(scalar("select count(*) from drizzle.__drizzle_migrations", name), "2") << name;
    EXPECT_EQ(scalar("select to_regclass('public.tasks') is not null", name), "t") << name;
  }
  // The control database holds the query's table and the fleet table, no tenant's objects.
  EXPECT_EQ(scalar("select to_regclass('public.projects') is null", control), "t");
  EXPECT_EQ(scalar("select count(*) from drizzle.__sleet_tenant_runs", control), "20");

  // A third migration that fails in exactly one database.
  const std::string& broken = databases[6];
  cluster.execute("CREATE TABLE public.labels (code text)", broken);
  write_folder(dir, {kProjects, kTasks, kLabels});
  auto failed = run_sleet("migrate --jobs 3", dir.path());
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_NE(failed.out.find("20 tenants: 19 migrated (19 migrations applied), 1 failed"),
            std::string::npos)
      << failed.out;
  EXPECT_NE(failed.err.find("tenant " + broken + ": "), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("0002_step failed at statement 1 of 1"), std::string::npos)
      << failed.err;
  EXPECT_NE(failed.err.find("1 of 20 tenants failed"), std::string::npos) << failed.err;
  for (const auto& name : databases) {
    EXPECT_EQ(scalar("select count(*) from drizzle.__drizzle_migrations", name),
              name == broken ? "2" : "3")
        << name;
  }

  auto behind = run_sleet("status", dir.path());
  EXPECT_EQ(behind.exit_code, 1) << behind.err;
  EXPECT_NE(behind.out.find("20 tenants"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("   19 at 0002_step (latest)"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("    1 at 0001_step"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find(broken + " (1 pending)"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("1 failed in the last migrate"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find("already exists"), std::string::npos) << behind.out;

  // Fixed: only that database runs a migration.
  cluster.execute("DROP TABLE public.labels", broken);
  auto fixed = run_sleet("migrate", dir.path());
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("20 tenants: 20 migrated (1 migration applied), 0 failed"),
            std::string::npos)
      << fixed.out;
  EXPECT_EQ(scalar("select count(*) from drizzle.__drizzle_migrations", broken), "3");

  // A database that appears later is brought up to date by the next migrate.
  std::string added = cluster.fresh_database("tenant_db");
  cluster.execute("INSERT INTO public.tenant_databases VALUES ('" + added + "')", control);
  auto grown = run_sleet("migrate --json", dir.path());
  ASSERT_EQ(grown.exit_code, 0) << grown.err;
  EXPECT_EQ(schema_violations(grown.out), "");
  auto entries = nlohmann::json::parse(grown.out)["targets"][0]["tenants"];
  ASSERT_EQ(entries.size(), 21u) << grown.out;
  std::size_t applied = 0;
  for (const auto& entry : entries) {
    EXPECT_EQ(entry["status"], "migrated") << entry.dump();
    applied += entry["report"]["applied"].size();
  }
  EXPECT_EQ(applied, 3u);
  EXPECT_EQ(scalar("select count(*) from drizzle.__drizzle_migrations", added), "3");

  auto current = run_sleet("status", dir.path());
  EXPECT_EQ(current.exit_code, 0) << current.out << current.err;
  EXPECT_NE(current.out.find("every tenant is at the latest migration"), std::string::npos)
      << current.out;
  auto json_status = run_sleet("status --json", dir.path());
  EXPECT_EQ(json_status.exit_code, 0) << json_status.err;
  EXPECT_EQ(schema_violations(json_status.out), "");
  auto fleet = nlohmann::json::parse(json_status.out)["targets"][0]["tenants"];
  EXPECT_EQ(fleet["tenants"].size(), 21u);
  EXPECT_EQ(fleet["latest"], "0002_step");

  // A database in the list that does not exist fails as a tenant, naming it; the others run.
  cluster.execute("INSERT INTO public.tenant_databases VALUES ('tenant_db_missing')", control);
  auto missing =
      run_sleet("migrate --tenant 'tenant_db_missing' --tenant '" + added + "'", dir.path());
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_NE(missing.out.find("2 tenants: 1 migrated (0 migrations applied), 1 failed"),
            std::string::npos)
      << missing.out;
  EXPECT_NE(missing.err.find("tenant tenant_db_missing: "), std::string::npos) << missing.err;
  auto unread = run_sleet("status", dir.path());
  EXPECT_EQ(unread.exit_code, 1) << unread.err;
  EXPECT_NE(unread.out.find("1 could not be read:"), std::string::npos) << unread.out;
}

// Tenants on two servers: bare names on the target's, URLs on a second cluster started here.
TEST(TenantDatabases, SpreadOverTwoClusters) {
  auto& cluster = test_cluster();
  TemporaryDirectory server_dir;
  LocalClusterOptions options;
  options.directory = server_dir.path() / "second";
  options.password = "second-cluster-secret";
  LocalCluster second(options);
  second.initialize();
  second.start();
  std::vector<std::string> here, there;
  for (int i = 0; i < 3; ++i) here.push_back(cluster.fresh_database("near"));
  {
    db::Connection admin(second.settings());
    for (int i = 1; i <= 3; ++i) {
      admin.execute(fmt::format("CREATE DATABASE far_{}", i));
      there.push_back(fmt::format("far_{}", i));
    }
  }
  std::string control = cluster.fresh_database("control");
  std::string list;
  for (const auto& name : here) list += fmt::format("\"{}\", ", name);
  for (const auto& name : there) list += fmt::format("\"{}\", ", second.settings(name).url(true));
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("url = \"{}\"\ntenants = {{ databases = [{}] }}\n",
                                      cluster.url(control), list));
  write_folder(dir, {kProjects});
  std::string far_2 = fmt::format("127.0.0.1:{}/far_2", second.port());
  db::Connection far(second.settings("far_2"));
  far.execute("CREATE TABLE public.projects (other int)");

  auto mixed = run_sleet("migrate --jobs 2", dir.path());
  EXPECT_EQ(mixed.exit_code, 1) << mixed.err;
  EXPECT_NE(mixed.out.find("6 tenants: 5 migrated (5 migrations applied), 1 failed"),
            std::string::npos)
      << mixed.out;
  EXPECT_NE(mixed.out.find("4 at a time on 2 servers"), std::string::npos) << mixed.out;
  EXPECT_NE(mixed.err.find("tenant " + far_2 + ": "), std::string::npos) << mixed.err;
  EXPECT_EQ((mixed.out + mixed.err).find("second-cluster-secret"), std::string::npos);
  for (const auto& name : here) {
    EXPECT_EQ(scalar("select count(*) from drizzle.__drizzle_migrations", name), "1") << name;
  }
  EXPECT_EQ(scalar(second.settings("far_1"), "select count(*) from drizzle.__drizzle_migrations"),
            "1");
  // The failed migration was rolled back: an empty tracking table.
  EXPECT_EQ(scalar(second.settings("far_2"), "select count(*) from drizzle.__drizzle_migrations"),
            "0");

  auto behind = run_sleet("status", dir.path());
  EXPECT_EQ(behind.exit_code, 1) << behind.err;
  EXPECT_NE(behind.out.find("    5 at 0000_step (latest)"), std::string::npos) << behind.out;
  EXPECT_NE(behind.out.find(far_2 + " (1 pending)"), std::string::npos) << behind.out;
  EXPECT_EQ(behind.out.find("second-cluster-secret"), std::string::npos);

  far.execute("DROP TABLE public.projects");
  auto fixed = run_sleet("migrate --tenant '*/far_*'", dir.path());
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("3 tenants: 3 migrated (1 migration applied), 0 failed"),
            std::string::npos)
      << fixed.out;
  auto current = run_sleet("status", dir.path());
  EXPECT_EQ(current.exit_code, 0) << current.out << current.err;
  EXPECT_NE(current.out.find("every tenant is at the latest migration"), std::string::npos)
      << current.out;
}

// Drift per tenant database: the folder's snapshot against each database's own schema.
TEST(TenantDatabases, DriftOfAHandEditedDatabase) {
  auto& cluster = test_cluster();
  std::string control = cluster.fresh_database("control");
  std::vector<std::string> databases;
  for (int i = 0; i < 3; ++i) databases.push_back(cluster.fresh_database("drift_db"));
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("url = \"{}\"\nschema = \"schema\"\n"
                        "tenants = {{ databases = [\"{}\", \"{}\", \"{}\"] }}\n",
                        cluster.url(control), databases[0], databases[1], databases[2]));
  dir.write("schema/app.sql", "CREATE TABLE projects (id serial PRIMARY KEY, name text);\n");
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  // A tenant database's migrations are a single database's: names qualified as usual.
  EXPECT_NE(read_file(dir.path() / "drizzle/0000_init.sql").find("\"public\".\"projects\""),
            std::string::npos);
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  auto clean = run_sleet("status", dir.path());
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("no drift on 3 tenants at the latest migration"), std::string::npos)
      << clean.out;

  cluster.execute("ALTER TABLE public.projects ALTER COLUMN name SET NOT NULL", databases[1]);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.err;
  EXPECT_NE(drifted.out.find("DRIFT: 1 drifted, of 3 tenants at the latest migration"),
            std::string::npos)
      << drifted.out;
  EXPECT_NE(drifted.out.find("    " + databases[1] +
                             ":\n      ALTER TABLE \"public\".\"projects\" "
                             "ALTER COLUMN \"name\" SET NOT NULL"),
            std::string::npos)
      << drifted.out;
  auto json = run_sleet("status --json --no-drift", dir.path());
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(schema_violations(json.out), "");
  auto fleet = nlohmann::json::parse(json.out)["targets"][0]["tenants"];
  EXPECT_EQ(fleet["drift"]["checked"], 0);
  EXPECT_EQ(fleet["drift"]["reason"], "--no-drift");
}

}  // namespace
}  // namespace sleet::testing
