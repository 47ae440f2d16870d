// Each example runs by its one command against the test cluster, and the deploy step's
// entrypoint (`sleet up --all --wait 60`, see deploy/Dockerfile) behaves as a container
// starting beside its database would need.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "db/local_cluster.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

struct ShellRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` through the shell in `directory`; standard input is /dev/null.
ShellRun run_shell(const std::string& command, const std::filesystem::path& directory) {
  std::string full = fmt::format("cd '{}' && {} </dev/null 2>&1", directory.string(), command);
  FILE* pipe = popen(full.c_str(), "r");
  ShellRun run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string count(const std::string& database, const std::string& sql) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

std::filesystem::path example(const std::string& name) {
  return source_dir() / "examples" / name;
}

TEST(Examples, ChatTwoServicesTwoDatabases) {
  auto& cluster = test_cluster();
  ShellRun run = run_shell(fmt::format("env SLEET='{}' DATABASE_URL='{}' ./run.sh", SLEET_BINARY,
                                  cluster.url("postgres")),
                      example("chat"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("2 targets: 2 ok, 0 failed"), std::string::npos) << run.output;
  EXPECT_EQ(count("auth_db", "SELECT count(*) FROM pg_tables WHERE schemaname = 'auth'"), "2");
  EXPECT_EQ(count("user_db", "SELECT count(*) FROM pg_tables WHERE schemaname = 'users'"), "1");
  EXPECT_EQ(count("auth_db", "SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'"), "1");
  cluster.drop_database("auth_db");
  cluster.drop_database("user_db");
}

TEST(Examples, StackSeedBootstrapReset) {
  auto& cluster = test_cluster();
  ShellRun run = run_shell(fmt::format("env SLEET='{}' DATABASE_URL='{}' ./run.sh", SLEET_BINARY,
                                  cluster.url("postgres")),
                      example("stack"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The bootstrap admin's password is shown once per database: at the first seed, and again
  // after the reset made a new database state.
  size_t first = run.output.find("initial_password=");
  ASSERT_NE(first, std::string::npos) << run.output;
  EXPECT_NE(run.output.find("initial_password=", first + 1), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("unchanged seeds/01_users.sql"), std::string::npos) << run.output;
  EXPECT_EQ(count("stack_app", "SELECT count(*) FROM app_users"), "3");
  EXPECT_EQ(count("stack_app", "SELECT count(*) FROM todos"), "2");
  cluster.drop_database("stack_app");
}

TEST(Examples, GatewayMigratesItselfAndServesHealth) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("gateway");
  std::filesystem::path gateway = std::filesystem::path(SLEET_BINARY).parent_path() /
                                  "examples" / "gateway" / "gateway";
  ShellRun run = run_shell(fmt::format("env GATEWAY='{}' DATABASE_URL='{}' ./run.sh", gateway.string(),
                                  cluster.url(database)),
                      example("gateway"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(R"("status":"ok")"), std::string::npos) << run.output;
  EXPECT_EQ(count(database, "SELECT count(*) FROM drizzle.__drizzle_migrations"), "1");
  EXPECT_EQ(count(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'routes'"), "1");
}

// The container starts before its database server accepts connections: it waits, then
// creates the databases and extensions and migrates.
TEST(DeployStep, WaitsForTheServerThenCreatesAndMigrates) {
  TemporaryDirectory dir;
  LocalClusterOptions options;
  options.directory = dir.path() / "server";
  options.password = "deploy-step-secret";
  options.port = find_free_port();
  LocalCluster server(options);
  server.initialize();
  std::string url =
      fmt::format("postgres://postgres:deploy-step-secret@127.0.0.1:{}/postgres", options.port);

  std::string command = fmt::format("cd '{}' && env DATABASE_URL='{}' '{}' up --all --wait 60 "
                                    "</dev/null 2>&1",
                                    example("chat").string(), url, SLEET_BINARY);
  FILE* pipe = popen(command.c_str(), "r");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  server.start();
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_EQ(output.find("deploy-step-secret"), std::string::npos) << output;

  db::Connection auth(server.settings("auth_db"));
  EXPECT_EQ(auth.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'").value(0, 0),
            "1");
  EXPECT_EQ(auth.execute("SELECT count(*) FROM drizzle.__drizzle_migrations").value(0, 0), "1");
  db::Connection user(server.settings("user_db"));
  EXPECT_EQ(user.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'users'").value(0, 0),
            "1");

  // ShellRun again (a redeploy): nothing to do, still exit 0.
  ShellRun again = run_shell(fmt::format("env DATABASE_URL='{}' '{}' up --all --wait 60", url,
                                    SLEET_BINARY),
                        example("chat"));
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("nothing to apply"), std::string::npos) << again.output;
}

TEST(DeployStep, FailingMigrationExitsOne) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  dir.write("sleet.toml", "out = \"migrations\"\ndatabase = \"deploy_fail\"\n");
  dir.write("migrations/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7",)"
            R"("when":1700000000000,"tag":"0000_bad","breakpoints":true}]})");
  dir.write("migrations/0000_bad.sql", "CREATE TABLE ok (id int);\n--> statement-breakpoint\nSELEC 1;");
  ShellRun run = run_shell(fmt::format("env DATABASE_URL='{}' '{}' up --wait 5",
                                  cluster.url("postgres"), SLEET_BINARY),
                      dir.path());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("0000_bad.sql:3:1"), std::string::npos) << run.output;
  EXPECT_EQ(count("deploy_fail", "SELECT count(*) FROM pg_tables WHERE tablename = 'ok'"), "0");
  cluster.drop_database("deploy_fail");
}

}  // namespace
}  // namespace sleet::testing
