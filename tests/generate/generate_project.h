// A throwaway sleet project for the generate tests: sleet.toml, one schema file, and the
// migration folder sleet writes into.
#pragma once

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_files.h"

namespace sleet::testing {

class GenerateProject {
 public:
  explicit GenerateProject(const std::string& schema_sql, const std::string& extra_config = "") {
    directory_.write("sleet.toml", "schema = \"schema/*.sql\"\nout = \"drizzle\"\n" + extra_config);
    set_schema(schema_sql);
  }

  const std::filesystem::path& path() const { return directory_.path(); }
  std::filesystem::path out() const { return path() / "drizzle"; }
  void set_schema(const std::string& sql) const { directory_.write("schema/schema.sql", sql); }
  void write(const std::string& relative, const std::string& text) const {
    directory_.write(relative, text);
  }
  CommandResult sleet(const std::string& arguments) const { return run_sleet(arguments, path()); }
  std::string read(const std::string& relative) const { return read_file(path() / relative); }
  nlohmann::json json(const std::string& relative) const {
    return nlohmann::json::parse(read(relative));
  }

  // Every file under the migration folder, relative to it, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    if (!std::filesystem::exists(out())) return names;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(out())) {
      if (entry.is_regular_file()) {
        names.push_back(std::filesystem::relative(entry.path(), out()).string());
      }
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  TemporaryDirectory directory_;
};

}  // namespace sleet::testing
