// A temporary node project for tests of drizzle TypeScript sources and drizzle configs:
// node_modules linked to tests/fixtures/drizzle's pinned copy (npm ci on first use).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "migrate/drizzle_kit.h"
#include "support/test_files.h"

namespace sleet::testing {

// npm ci of the fixture, once per run (kit.sh installs when node_modules is missing).
inline void install_fixture() {
  static const bool installed = [] {
    TemporaryDirectory scratch;
    std::string log = shell(fmt::format("'{}/kit.sh' '{}' schema.ts --version", fixture().string(),
                                        (scratch.path() / "out").string()));
    EXPECT_FALSE(log.starts_with("FAILED")) << log;
    return true;
  }();
  (void)installed;
}

// A temporary node project: node_modules linked to the fixture's, the schema files of
// tests/typescript/project/schema copied to schema/, and `config` as sleet.toml.
class TypeScriptProject {
 public:
  // `config` becomes sleet.toml unless empty.
  explicit TypeScriptProject(const std::string& config, bool link_node_modules = true) {
    install_fixture();
    if (link_node_modules) {
      std::filesystem::create_directory_symlink(fixture() / "node_modules",
                                                path() / "node_modules");
    }
    std::filesystem::copy(source_dir() / "tests/typescript/project/schema", path() / "schema",
                          std::filesystem::copy_options::recursive);
    if (!config.empty()) directory_.write("sleet.toml", config);
  }
  const std::filesystem::path& path() const { return directory_.path(); }
  std::filesystem::path write(const std::string& relative, const std::string& text) const {
    return directory_.write(relative, text);
  }
  std::string read(const std::string& relative) const { return read_file(path() / relative); }
  CommandResult sleet(const std::string& arguments, const std::string& environment = {}) const {
    return run_sleet(arguments, path(), environment);
  }
  // Replaces `from` by `to` in a file of the project.
  void edit(const std::string& relative, const std::string& from, const std::string& to) const {
    std::string text = read(relative);
    std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    write(relative, text.replace(at, from.size(), to));
  }

 private:
  TemporaryDirectory directory_;
};

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace sleet::testing
