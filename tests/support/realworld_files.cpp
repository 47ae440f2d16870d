#include "support/realworld_files.h"

#include <fmt/format.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "support/test_files.h"

namespace sleet::testing {

std::filesystem::path realworld_file(const std::string& name) {
  static std::once_flag fetched;
  static const std::filesystem::path directory =
      std::filesystem::path(SLEET_BINARY).parent_path() / "tests" / "fixtures" / "realworld";
  std::call_once(fetched, [] {
    std::string command =
        fmt::format("'{}' '{}'", (source_dir() / "tests/fixtures/realworld/fetch.sh").string(),
                    directory.string());
    if (std::system(command.c_str()) != 0) {
      throw std::runtime_error("tests/fixtures/realworld/fetch.sh failed: see its message");
    }
  });
  std::filesystem::path file = directory / name;
  if (!std::filesystem::exists(file)) {
    throw std::runtime_error("no real-world schema file named " + name);
  }
  return file;
}

}  // namespace sleet::testing
