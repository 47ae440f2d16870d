// A project for CLI tests of one object family: schema files in schema/app.sql, a sleet.toml
// with the test cluster's database, the default drizzle/ folder.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

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

}  // namespace sleet::testing
