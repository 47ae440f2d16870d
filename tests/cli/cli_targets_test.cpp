// --all as a user reads it: one label style for every target's lines, and the exit code of
// the run (docs/errors.md#several-targets).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// Two targets whose servers do not listen (port 1): neither can be reached.
void write_unreachable_project(TemporaryDirectory& dir, const std::string& out_b = "drizzle") {
  dir.write("sleet.toml",
            "[targets.auth]\n"
            "url = \"postgres://u:secret@127.0.0.1:1/auth\"\n"
            "[targets.users]\n"
            "url = \"postgres://u:secret@127.0.0.1:1/users\"\n"
            "out = \"" +
                out_b + "\"\n");
  dir.write("drizzle/meta/_journal.json", R"({"version":"7","dialect":"postgresql","entries":[]})");
}

TEST(CliTargets, EveryTargetUnreachableKeepsExitCodeThree) {
  TemporaryDirectory dir;
  write_unreachable_project(dir);
  auto migrate = run_sleet("migrate --all", dir.path());
  EXPECT_EQ(migrate.exit_code, 3) << migrate.err;
  EXPECT_NE(migrate.err.find("FAIL auth: "), std::string::npos) << migrate.err;
  EXPECT_NE(migrate.err.find("users: error: "), std::string::npos) << migrate.err;
  EXPECT_NE(migrate.err.find("auth: error: "), std::string::npos) << migrate.err;

  auto status = run_sleet("status --all", dir.path());
  EXPECT_EQ(status.exit_code, 3) << status.err;
  EXPECT_NE(status.err.find("auth: error: "), std::string::npos) << status.err;
  EXPECT_NE(status.err.find("users: error: "), std::string::npos) << status.err;
}

TEST(CliTargets, DifferentFailuresExitOne) {
  TemporaryDirectory dir;
  // users' folder is missing (exit 2 alone), auth cannot be reached (exit 3 alone).
  write_unreachable_project(dir, "missing");
  auto auth = run_sleet("migrate --target auth", dir.path());
  EXPECT_EQ(auth.exit_code, 3) << auth.err;
  auto users = run_sleet("migrate --target users", dir.path());
  EXPECT_EQ(users.exit_code, 2) << users.err;

  auto both = run_sleet("migrate --all", dir.path());
  EXPECT_EQ(both.exit_code, 1) << both.err;
  EXPECT_NE(both.out.find("2 targets: 0 ok, 2 failed"), std::string::npos) << both.out;
  auto status = run_sleet("status --all", dir.path());
  EXPECT_EQ(status.exit_code, 1) << status.err;
}

TEST(CliTargets, EveryLineAboutATargetStartsWithItsName) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("[targets.auth]\nurl = \"{}\"\n[targets.users]\nurl = \"{}\"\n",
                        cluster.url(cluster.fresh_database("labels_auth")),
                        cluster.url(cluster.fresh_database("labels_users"))));
  dir.write(
      "drizzle/meta/_journal.json",
      R"({"version":"7","dialect":"postgresql","entries":[)"
      R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]})");
  dir.write("drizzle/0000_init.sql", "CREATE TABLE t (id int);\n");
  auto result = run_sleet("migrate --all", dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  int auth = 0, users = 0;
  for (std::string line; std::getline(lines, line);) {
    bool labelled = line.starts_with("auth: ") || line.starts_with("users: ") ||
                    line.starts_with("ok   auth: ") || line.starts_with("ok   users: ") ||
                    line == "2 targets: 2 ok, 0 failed";
    EXPECT_TRUE(labelled) << line << "\n" << result.out;
    auth += line.starts_with("auth: ");
    users += line.starts_with("users: ");
  }
  EXPECT_GT(auth, 0) << result.out;
  EXPECT_GT(users, 0) << result.out;
}

}  // namespace
}  // namespace sleet::testing
