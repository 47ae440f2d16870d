// A project for CLI tests of one object family: schema files in schema/app.sql, a sleet.toml
// with the test cluster's database, the default drizzle/ folder.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <sys/wait.h>
#include <filesystem>
#include <string>
#include <vector>

#include "sleet/backup.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {

// Whether `text` holds `part`.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Writes sleet.toml (schema = "schema/*.sql", url = `database` on the test cluster) and
// `schema` as schema/app.sql in `dir`.
inline void write_schema_project(const TemporaryDirectory& dir, const std::string& database,
                                 const std::string& schema) {
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", test_cluster().url(database)));
  dir.write("schema/app.sql", schema);
}

// The migrations of `dir`'s drizzle/ folder (not their down scripts), in order.
inline std::vector<std::filesystem::path> migration_files(const TemporaryDirectory& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "drizzle")) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".sql" && !name.ends_with(".down.sql"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The project in `dir` is settled: generate finds no schema change, push no change, status
// no drift.
inline void expect_nothing_to_do(const TemporaryDirectory& dir) {
  auto again = run_sleet("generate", dir.path());
  EXPECT_TRUE(contains(again.out, "No schema changes")) << again.out << again.err;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;
  auto status = run_sleet("status", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_TRUE(contains(status.out, "no drift")) << status.out;
}

// After `pulled` (a `sleet pull` into `dir`): pull named nothing as not modelled, and the
// pulled files agree with the folder and the database: generate finds no schema change, push
// no change, status exits 0.
inline void expect_pulled_project_settled(const TemporaryDirectory& dir,
                                          const CommandResult& pulled) {
  std::string said = pulled.out + pulled.err;
  EXPECT_FALSE(contains(said, "not modelled")) << said;
  auto generated = run_sleet("generate", dir.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  EXPECT_TRUE(contains(generated.out, "No schema changes")) << generated.out << generated.err;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;
  auto status = run_sleet("status", dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
}

// Loads `sql` into `database` of the test cluster with psql (-X, ON_ERROR_STOP, one
// transaction) as the superuser, as a user would; returns psql's exit code and what it said.
inline std::pair<int, std::string> load_with_psql(const std::string& database,
                                                  const std::string& sql) {
  TestCluster& cluster = test_cluster();
  TemporaryDirectory dir;
  dir.write("load.sql", sql);
  std::string command = fmt::format(
      "'{}' -X -q -1 -v ON_ERROR_STOP=1 -h '{}' -p {} -U postgres -d '{}' -f '{}' 2>&1",
      db::find_postgres_tool("psql", 15).string(), cluster.socket_directory().string(),
      cluster.port(), database, (dir.path() / "load.sql").string());
  std::string said;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "could not run " + command};
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    said.append(buffer.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, said};
}

}  // namespace sleet::testing
