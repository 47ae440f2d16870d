// psql and pg_dump run against the test cluster, the way a team loads and dumps a schema.
#pragma once

#include <fmt/format.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include "sleet/backup.h"
#include "support/test_cluster.h"

namespace sleet::testing {

// Runs `command` in a shell; returns its exit code and what it printed (both streams).
inline std::pair<int, std::string> shell(const std::string& command) {
  std::string said;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "could not run " + command};
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    said.append(buffer.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, said};
}

// psql or pg_dump on the test cluster's unix socket, as the superuser, for `database`.
inline std::string client(const std::string& tool, const std::string& database) {
  TestCluster& cluster = test_cluster();
  return fmt::format("'{}' -h '{}' -p {} -U postgres -d '{}'",
                     db::find_postgres_tool(tool, 15).string(), cluster.socket_directory().string(),
                     cluster.port(), database);
}

}  // namespace sleet::testing
