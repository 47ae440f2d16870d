// `sleet dev`: the project's development database, and its use as the default when nothing
// names a database server.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

// Nothing in the environment may name a server for the automatic default to apply, and
// neither CI nor a production marker may forbid it.
constexpr const char* kNoServerVariables =
    "-u DATABASE_URL -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE -u PGSERVICE "
    "-u POSTGRES_HOST -u POSTGRES_PORT -u POSTGRES_USER -u POSTGRES_PASSWORD -u POSTGRES_DB "
    "-u PGOPTIONS -u PGAPPNAME -u CI -u NODE_ENV -u SLEET_ENV";

// A drizzle migration folder of one migration creating table `deployed`, no sleet.toml.
void write_migration_folder(const TemporaryDirectory& dir) {
  dir.write("drizzle/meta/_journal.json",
            R"({"version":"7","dialect":"postgresql","entries":[)"
            R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]})");
  dir.write("drizzle/0000_init.sql", "CREATE TABLE \"deployed\" (\"id\" integer);\n");
}

// Runs sleet on a pseudo-terminal (util-linux `script`), as a developer at a shell would;
// returns the exit code and everything the terminal showed.
CommandResult run_sleet_at_terminal(const std::string& arguments,
                                    const std::filesystem::path& directory,
                                    const std::string& environment) {
  TemporaryDirectory capture;
  std::string command = fmt::format(
      "cd '{}' && env {} NO_COLOR=1 script -qec \"'{}' {}\" /dev/null </dev/null >'{}' 2>&1",
      directory.string(), environment, SLEET_BINARY, arguments,
      (capture.path() / "out").string());
  int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(capture.path() / "out");
  return result;
}

// Stops the project's development database however the test ends.
class DevProject {
 public:
  DevProject() { dir_.write("sleet.toml", "schema = \"schema/*.sql\"\n"); }
  ~DevProject() { run_sleet("dev stop", dir_.path()); }
  const TemporaryDirectory& dir() const { return dir_; }

 private:
  TemporaryDirectory dir_;
};

TEST(CliDev, LifecycleStartTwiceStatusUrlStop) {
  DevProject project;
  const auto& dir = project.dir();

  auto status = run_sleet("dev status", dir.path());
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.out.find("not created yet"), std::string::npos) << status.out;

  auto start = run_sleet("dev start", dir.path());
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_NE(start.out.find("development database started"), std::string::npos) << start.out;
  auto again = run_sleet("dev start", dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already running"), std::string::npos) << again.out;

  status = run_sleet("dev status", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.err;

  // The plain URL carries no password; the explicit one works with psql.
  auto url = run_sleet("dev url", dir.path());
  ASSERT_EQ(url.exit_code, 0) << url.err;
  EXPECT_EQ(url.out.rfind("postgres://postgres@127.0.0.1:", 0), 0u) << url.out;
  std::string password = read_file(dir.path() / ".sleet" / "dev" / "password");
  password.erase(password.find_last_not_of("\n") + 1);
  EXPECT_EQ(url.out.find(password), std::string::npos);
  auto secret_url = run_sleet("dev url --with-password", dir.path());
  std::string with_password = secret_url.out.substr(0, secret_url.out.find('\n'));
  std::string psql = "psql '" + with_password + "' -tAc 'select 40 + 2' 2>&1";
  FILE* pipe = popen(psql.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[64] = {};
  std::string answer = fgets(buffer, sizeof buffer, pipe) ? buffer : "";
  pclose(pipe);
  EXPECT_EQ(answer, "42\n");

  auto stop = run_sleet("dev stop", dir.path());
  ASSERT_EQ(stop.exit_code, 0) << stop.err;
  EXPECT_NE(stop.out.find("stopped"), std::string::npos) << stop.out;
  status = run_sleet("dev status", dir.path());
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.out.find("stopped"), std::string::npos) << status.out;
}

TEST(CliDev, UsedWhenAskedForOrRunningNeverStartedSilentlyWithoutATerminal) {
  DevProject project;
  const auto& path = project.dir().path();
  // No terminal, not running, not asked for: a script must not get a throwaway database.
  auto refused = run_sleet("db info", path, kNoServerVariables);
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("no database configured"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("DATABASE_URL"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(path / ".sleet" / "dev")) << "nothing was created";

  // --dev asks for it: started, and said so on stderr.
  auto info = run_sleet("--dev db info", path, kNoServerVariables);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.err.find("no database configured: using the development database"),
            std::string::npos)
      << info.err;
  EXPECT_NE(info.out.find("connected to postgres@127.0.0.1:"), std::string::npos) << info.out;

  // Running already: used without --dev.
  auto running = run_sleet("db info", path, kNoServerVariables);
  ASSERT_EQ(running.exit_code, 0) << running.err;
  EXPECT_NE(running.out.find("connected to postgres@127.0.0.1:"), std::string::npos)
      << running.out;

  // Session options alone name no server: the development database, with the options.
  auto options = run_sleet("--json db info", path,
                           std::string(kNoServerVariables) + " PGAPPNAME=sleet_test_app");
  ASSERT_EQ(options.exit_code, 0) << options.err;
  EXPECT_NE(options.out.find("127.0.0.1"), std::string::npos) << options.out;
  EXPECT_NE(options.out.find("application_name"), std::string::npos) << options.out;

  // With a server named anywhere, the development database is not used.
  auto named = run_sleet("db info", path,
                         std::string(kNoServerVariables) + " PGHOST=127.0.0.1 PGPORT=1");
  EXPECT_EQ(named.exit_code, 3) << named.err;
  EXPECT_EQ(named.err.find("development database"), std::string::npos) << named.err;

  // Even running, CI and production markers keep it away unless --dev (refused in
  // production).
  for (const char* marker : {"CI=true", "NODE_ENV=production", "SLEET_ENV=production"}) {
    auto guarded = run_sleet("db info", path, std::string(kNoServerVariables) + " " + marker);
    EXPECT_EQ(guarded.exit_code, 3) << marker << ": " << guarded.err;
    EXPECT_NE(guarded.err.find("no database configured"), std::string::npos) << guarded.err;
  }
  auto ci_dev = run_sleet("--dev db info", path, std::string(kNoServerVariables) + " CI=true");
  EXPECT_EQ(ci_dev.exit_code, 0) << ci_dev.err;
  auto production_dev =
      run_sleet("--dev db info", path, std::string(kNoServerVariables) + " NODE_ENV=production");
  EXPECT_EQ(production_dev.exit_code, 2) << production_dev.err;
  EXPECT_NE(production_dev.err.find("refusing --dev"), std::string::npos) << production_dev.err;
}

TEST(CliDev, StartedForADeveloperAtATerminal) {
  DevProject project;
  auto info = run_sleet_at_terminal("db info", project.dir().path(), kNoServerVariables);
  ASSERT_EQ(info.exit_code, 0) << info.out;
  EXPECT_NE(info.out.find("no database configured: using the development database"),
            std::string::npos)
      << info.out;
  EXPECT_NE(info.out.find("connected to postgres@127.0.0.1:"), std::string::npos) << info.out;
}

// The deploy-safety bug: a deploy script that sets only its own variable names must fail,
// not migrate a throwaway database and report success.
TEST(CliDev, DeployStepWithUnreadVariablesFailsAndSaysHowToMapThem) {
  TemporaryDirectory dir;
  write_migration_folder(dir);
  std::string deploy = std::string(kNoServerVariables) +
                       " DB_HOST=db.internal DB_PORT=5432 DB_USER=app DB_PASSWORD=secret";
  for (const char* command : {"up --wait 60", "migrate"}) {
    for (const char* marker : {"", " NODE_ENV=production", " SLEET_ENV=production", " CI=true"}) {
      auto result = run_sleet(command, dir.path(), deploy + marker);
      EXPECT_EQ(result.exit_code, 3) << command << marker << ": " << result.out << result.err;
      EXPECT_NE(result.err.find("no database configured"), std::string::npos) << result.err;
      EXPECT_NE(result.err.find("DB_HOST, DB_PASSWORD, DB_PORT, DB_USER"), std::string::npos)
          << result.err;
      EXPECT_NE(result.err.find(
                    R"(url = "postgresql://${DB_USER}@${DB_HOST}:${DB_PORT}/DBNAME")"),
                std::string::npos)
          << result.err;
      EXPECT_NE(result.err.find("PGPASSWORD"), std::string::npos) << result.err;
      EXPECT_EQ(result.out.find("applied"), std::string::npos) << result.out;
      // A deploy step is never offered a throwaway database; a CI job may ask for one.
      bool offered = result.err.find("--dev") != std::string::npos;
      bool developer_may_ask = std::string(command) == "migrate" &&
                               (std::string(marker).empty() || std::string(marker) == " CI=true");
      EXPECT_EQ(offered, developer_may_ask)
          << command << marker << ": " << result.err;
    }
  }
  // The other commands that change a database refuse the same way.
  TemporaryDirectory project;
  project.write("sleet.toml", "schema = \"schema/*.sql\"\nseed = \"seed/*.sql\"\n");
  project.write("schema/app.sql", "CREATE TABLE t (id int);\n");
  project.write("seed/data.sql", "INSERT INTO t VALUES (1);\n");
  ASSERT_EQ(run_sleet("generate --name init", project.path(), deploy).exit_code, 0);
  for (const char* command : {"seed", "push --force", "reset --force", "status"}) {
    auto result = run_sleet(command, project.path(), deploy);
    EXPECT_EQ(result.exit_code, 3) << command << ": " << result.out << result.err;
    EXPECT_NE(result.err.find("no database configured"), std::string::npos) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / ".sleet")) << "no development database";
  EXPECT_FALSE(std::filesystem::exists(project.path() / ".sleet")) << "no development database";

  // A URL-style variable maps to one line.
  auto url_style = run_sleet("migrate", dir.path(),
                             std::string(kNoServerVariables) + " DB_URL=postgres://x@y/z");
  EXPECT_EQ(url_style.exit_code, 3) << url_style.err;
  EXPECT_NE(url_style.err.find(R"(url = "${DB_URL}")"), std::string::npos) << url_style.err;

  // Even at a terminal, --wait means a deploy step: refused.
  auto waiting = run_sleet_at_terminal("up --wait 5", dir.path(), kNoServerVariables);
  EXPECT_EQ(waiting.exit_code, 3) << waiting.out;
  EXPECT_NE(waiting.out.find("--wait"), std::string::npos) << waiting.out;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / ".sleet")) << "no development database";
}

// `url = "${DATABASE_URL}"` (the line init suggests) with the variable unset: the offline
// commands work; a command that connects says which variable is missing.
TEST(CliDev, UnsetUrlVariableFailsOnlyCommandsThatConnect) {
  TemporaryDirectory dir;
  dir.write("sleet.toml", "schema = \"schema/*.sql\"\nurl = \"${DATABASE_URL}\"\n");
  dir.write("schema/app.sql", "CREATE TABLE t (id int);\n");
  auto generated = run_sleet("generate --name init", dir.path(), kNoServerVariables);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  auto checked = run_sleet("check", dir.path(), kNoServerVariables);
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  auto exported = run_sleet("export", dir.path(), kNoServerVariables);
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  auto migrated = run_sleet("migrate", dir.path(), kNoServerVariables);
  EXPECT_EQ(migrated.exit_code, 2) << migrated.err;
  EXPECT_NE(migrated.err.find("${DATABASE_URL}, which is not set"), std::string::npos)
      << migrated.err;
  EXPECT_NE(migrated.err.find("sleet.toml:2"), std::string::npos) << migrated.err;
}

}  // namespace
}  // namespace sleet::testing
