// `sleet dev`: the project's development database, and its use as the default when nothing
// names a database server.
#include <gtest/gtest.h>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

// Nothing in the environment may name a server for the automatic default to apply.
constexpr const char* kNoServerVariables =
    "-u DATABASE_URL -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE -u PGSERVICE "
    "-u POSTGRES_HOST -u POSTGRES_PORT -u POSTGRES_USER -u POSTGRES_PASSWORD -u POSTGRES_DB";

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

TEST(CliDev, UsedAutomaticallyWhenNothingIsConfigured) {
  DevProject project;
  auto info = run_sleet("db info", project.dir().path(), kNoServerVariables);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.err.find("no database configured: using the development database"),
            std::string::npos)
      << info.err;
  EXPECT_NE(info.out.find("connected to postgres@127.0.0.1:"), std::string::npos) << info.out;

  // With a server named anywhere, the development database is not used.
  auto named = run_sleet("db info", project.dir().path(),
                         std::string(kNoServerVariables) + " PGHOST=127.0.0.1 PGPORT=1");
  EXPECT_EQ(named.exit_code, 3) << named.err;
  EXPECT_EQ(named.err.find("development database"), std::string::npos) << named.err;
}

}  // namespace
}  // namespace sleet::testing
