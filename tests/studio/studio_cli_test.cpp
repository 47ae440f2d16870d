// `sleet studio` as a user runs it: one line with the address, the API answering with the
// token, the migrations (pending, then drift after a hand change) and the plan of the schema
// files, a refused non-loopback host, and a clean stop on Ctrl-C.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "studio_process.h"
#include "studio_test_support.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

using nlohmann::json;

json get_json(int port, const std::string& token, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(120);
  auto result = client.Get(path, {{"Authorization", "Bearer " + token}});
  if (!result) return {{"http_error", true}};
  json body = json::parse(result->body, nullptr, false);
  body["http_status"] = result->status;
  return body;
}

TEST(StudioCli, ServesStatusDriftAndPlanAndStopsOnCtrlC) {
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("cli");
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", cluster.url(database)));
  dir.write("schema/app.sql", "CREATE TABLE users (id serial PRIMARY KEY, email text);\n");
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);

  StudioProcess studio("studio --no-open --port 0", dir.path());
  ASSERT_GT(studio.port, 0) << studio.output();
  // One line: the database and the address.
  EXPECT_NE(studio.output().find("sleet studio: postgres@127.0.0.1:"), std::string::npos);
  json pending = get_json(studio.port, studio.token, "/api/migrations");
  ASSERT_EQ(pending["http_status"], 200) << pending.dump();
  EXPECT_EQ(pending["status"]["migrations"][0]["state"], "pending") << pending.dump();
  EXPECT_EQ(pending["drift"]["checked"], false);

  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute("ALTER TABLE users ADD COLUMN nickname text", database);
  json drift = get_json(studio.port, studio.token, "/api/migrations");
  EXPECT_EQ(drift["status"]["migrations"][0]["state"], "applied") << drift.dump();
  EXPECT_EQ(drift["drift"]["found"], true) << drift.dump();
  EXPECT_NE(drift["drift"]["statements"][0]["sql"].get<std::string>().find("nickname"),
            std::string::npos);

  json none = get_json(studio.port, studio.token, "/api/plan");
  EXPECT_EQ(none["status"], "no_changes") << none.dump();
  dir.write(
      "schema/app.sql",
      "CREATE TABLE users (id serial PRIMARY KEY);\nCREATE TABLE teams (id int PRIMARY KEY);\n");
  json plan = get_json(studio.port, studio.token, "/api/plan");
  ASSERT_EQ(plan["status"], "changes") << plan.dump();
  bool drops_email = false;
  for (const json& statement : plan["statements"]) {
    if (statement["kind"] == "drop column") {
      drops_email = true;
      EXPECT_EQ(statement["hazards"][0], "data loss");
    }
  }
  EXPECT_TRUE(drops_email) << plan.dump();
  EXPECT_EQ(get_json(studio.port, studio.token, "/api/rows/public/users")["http_status"], 200);
  // A schema file that does not parse: the plan says where, as generate would.
  dir.write("schema/app.sql", "CREATE TABLE users (id serial PRIMARY KEY,);\n");
  json broken = get_json(studio.port, studio.token, "/api/plan");
  EXPECT_EQ(broken["http_status"], 422) << broken.dump();
  EXPECT_NE(broken["error"]["where"].get<std::string>().find("app.sql:1:"), std::string::npos)
      << broken.dump();
  EXPECT_EQ(studio.stop(SIGINT), 0);
}

TEST(StudioCli, ReadOnlyAndRefusedHost) {
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  auto refused = run_sleet(fmt::format("studio --no-open --host 0.0.0.0 --url '{}'", cluster.url()),
                           dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("--allow-remote"), std::string::npos) << refused.err;

  StudioProcess studio(
      fmt::format("studio --no-open --read-only --port 0 --url '{}'", cluster.url()), dir.path());
  ASSERT_GT(studio.port, 0) << studio.output();
  EXPECT_NE(studio.output().find("(read-only)"), std::string::npos);
  EXPECT_EQ(get_json(studio.port, studio.token, "/api/info")["read_only"], true);
  EXPECT_EQ(studio.stop(SIGTERM), 0);
}

// With a display, the address (token included) goes to xdg-open; without one it does not.
TEST(StudioCli, OpensTheBrowserOnlyWithADisplay) {
  TemporaryDirectory dir;
  dir.write("bin/xdg-open",
            fmt::format("#!/bin/sh\necho \"$1\" > '{}'\n", (dir.path() / "opened").string()));
  std::filesystem::permissions(dir.path() / "bin/xdg-open", std::filesystem::perms::owner_all);
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  const char* display = std::getenv("DISPLAY");
  std::string saved_display = display ? display : "";
  setenv("PATH", ((dir.path() / "bin").string() + ":" + path).c_str(), 1);
  unsetenv("DISPLAY");
  unsetenv("WAYLAND_DISPLAY");
  {
    StudioProcess headless(fmt::format("studio --port 0 --url '{}'", test_cluster().url()),
                           dir.path());
    ASSERT_GT(headless.port, 0) << headless.output();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "opened"));
    EXPECT_EQ(headless.stop(SIGINT), 0);
  }
  setenv("DISPLAY", ":99", 1);
  {
    StudioProcess shown(fmt::format("studio --port 0 --url '{}'", test_cluster().url()),
                        dir.path());
    ASSERT_GT(shown.port, 0) << shown.output();
    for (int i = 0; i < 100 && !std::filesystem::exists(dir.path() / "opened"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(read_file(dir.path() / "opened"), shown.url() + "\n");
    EXPECT_EQ(shown.stop(SIGINT), 0);
  }
  setenv("PATH", path.c_str(), 1);
  if (saved_display.empty()) {
    unsetenv("DISPLAY");
  } else {
    setenv("DISPLAY", saved_display.c_str(), 1);
  }
}

}  // namespace
}  // namespace sleet::testing
