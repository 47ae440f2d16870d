// `sleet db info|wait` against the real test cluster: where sleet connects, and the exit
// codes and messages of every way a connection can fail.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "db/local_cluster.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

TEST(CliDb, InfoConnectsWithUrlFlagAndFromEnvironment) {
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  auto result = run_sleet(fmt::format("db info --url '{}'", cluster.url()), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(fmt::format("postgres@127.0.0.1:{}/postgres", cluster.port())),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("PostgreSQL 15."), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(cluster.password()), std::string::npos);

  // POSTGRES_* variables from a .env file, as compose files use them.
  dir.write(".env", fmt::format("POSTGRES_HOST=127.0.0.1\nPOSTGRES_PORT={}\nPOSTGRES_USER=postgres\n"
                                "POSTGRES_PASSWORD='{}'\nPOSTGRES_DB=postgres\n",
                                cluster.port(), cluster.password()));
  auto from_env = run_sleet("db info --verbose", dir.path(),
                            "-u DATABASE_URL -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE");
  ASSERT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_NE(from_env.err.find("POSTGRES_PORT"), std::string::npos) << from_env.err;
  EXPECT_EQ(from_env.err.find(cluster.password()), std::string::npos) << from_env.err;
}

TEST(CliDb, ConfigTargetsChooseTheDatabase) {
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("cli_target");
  dir.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\n[targets.auth]\nurl = \"{}\"\n"
                                      "[targets.users]\nurl = \"${{USERS_URL}}\"\n",
                                      cluster.url(database)));
  auto result = run_sleet("db info --target auth", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("auth: connected to postgres@127.0.0.1:" + std::to_string(cluster.port()) +
                            "/" + database),
            std::string::npos)
      << result.out;

  auto by_service = run_sleet("db info", dir.path(), "SERVICE=auth");
  EXPECT_EQ(by_service.exit_code, 0) << by_service.err;

  // The unselected target's unset ${USERS_URL} did not matter above; selecting it does.
  auto users = run_sleet("db info --target users", dir.path(), "-u USERS_URL");
  EXPECT_EQ(users.exit_code, 2) << users.err;
  EXPECT_NE(users.err.find("USERS_URL"), std::string::npos) << users.err;
  EXPECT_NE(users.err.find("sleet.toml:5:"), std::string::npos) << users.err;

  auto ambiguous = run_sleet("db info", dir.path(), "-u SERVICE");
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_NE(ambiguous.err.find("auth"), std::string::npos) << ambiguous.err;
  EXPECT_NE(ambiguous.err.find("users"), std::string::npos) << ambiguous.err;
}

TEST(CliDb, BadUrlIsAUsageError) {
  TemporaryDirectory dir;
  auto result = run_sleet("db info --url 'postgres://user:s3cret@host:notaport/db'", dir.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("--url"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("s3cret"), std::string::npos) << result.err;
}

TEST(CliDb, UnreachableServerExitsThreeNamingTheServer) {
  TemporaryDirectory dir;
  int port = find_free_port();  // nothing listens there
  auto result = run_sleet(
      fmt::format("db info --url 'postgres://alice:hunter2@127.0.0.1:{}/appdb'", port), dir.path());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find(fmt::format("alice@127.0.0.1:{}/appdb", port)), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("hint:"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("hunter2"), std::string::npos) << result.err;
}

TEST(CliDb, WrongPasswordExitsThreeWithoutEchoingIt) {
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  auto result = run_sleet(
      fmt::format("db info --url 'postgres://postgres:Wr%40ngPass@127.0.0.1:{}/postgres'",
                  cluster.port()),
      dir.path());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("password authentication failed"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Wr@ngPass"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Wr%40ngPass"), std::string::npos) << result.err;
}

TEST(CliDb, WaitReturnsWhenTheServerAcceptsAndTimesOutOtherwise) {
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  auto up = run_sleet(fmt::format("db wait --timeout 5 --url '{}'", cluster.url()), dir.path());
  EXPECT_EQ(up.exit_code, 0) << up.err;
  auto down = run_sleet(
      fmt::format("db wait --timeout 1 --url 'postgres://x@127.0.0.1:{}/db'", find_free_port()),
      dir.path());
  EXPECT_EQ(down.exit_code, 3) << down.err;
}

}  // namespace
}  // namespace sleet::testing
