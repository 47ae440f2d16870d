#include "snapshot/drizzle_fixture.h"

#include <sys/wait.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "support/test_files.h"

namespace sleet::testing {
namespace {

std::filesystem::path fixture_dir() {
  return source_dir() / "tests" / "fixtures" / "drizzle";
}

KitResult run_shell(const std::string& command, const std::filesystem::path& log) {
  std::string full = command + " </dev/null >'" + log.string() + "' 2>&1";
  int status = std::system(full.c_str());
  KitResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.output = read_file(log);
  return result;
}

}  // namespace

const std::filesystem::path& drizzle_output() {
  static std::unique_ptr<TemporaryDirectory> directory;
  static std::filesystem::path output;
  static std::string failure;
  if (!failure.empty()) throw std::runtime_error(failure);
  if (directory) return output;
  directory = std::make_unique<TemporaryDirectory>();
  output = directory->path() / "drizzle";
  if (std::system("command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1") != 0) {
    failure =
        "node and npm are required: the snapshot tests compare sleet with drizzle-kit itself "
        "(install nodejs and npm)";
    throw std::runtime_error(failure);
  }
  KitResult result =
      run_shell("bash '" + (fixture_dir() / "generate.sh").string() + "' '" + output.string() + "'",
                directory->path() / "generate.log");
  if (result.exit_code != 0 || !std::filesystem::exists(output / "meta" / "0002_snapshot.json")) {
    failure = "tests/fixtures/drizzle/generate.sh failed (exit " +
              std::to_string(result.exit_code) + "):\n" + result.output;
    throw std::runtime_error(failure);
  }
  return output;
}

std::vector<std::filesystem::path> drizzle_snapshots() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(drizzle_output() / "meta")) {
    std::string name = entry.path().filename().string();
    if (name.ends_with("_snapshot.json")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

KitResult run_drizzle_kit(const std::filesystem::path& folder, const std::string& schema_file,
                          const std::string& arguments) {
  TemporaryDirectory log;
  return run_shell("bash '" + (fixture_dir() / "kit.sh").string() + "' '" + folder.string() +
                       "' '" + schema_file + "' " + arguments,
                   log.path() / "kit.log");
}

}  // namespace sleet::testing
