#include "support/test_files.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace sleet::testing {

TemporaryDirectory::TemporaryDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sleet-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TemporaryDirectory::~TemporaryDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TemporaryDirectory::write(const std::string& relative,
                                                const std::string& content) const {
  std::filesystem::path full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary);
  out << content;
  return full;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult run_sleet(const std::string& arguments, const std::filesystem::path& directory,
                        const std::string& environment) {
  TemporaryDirectory capture;
  auto out_file = capture.path() / "out";
  auto err_file = capture.path() / "err";
  std::string command = fmt::format("cd '{}' && env {} '{}' {} </dev/null >'{}' 2>'{}'",
                                    directory.string(), environment, SLEET_BINARY, arguments,
                                    out_file.string(), err_file.string());
  int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_file);
  result.err = read_file(err_file);
  return result;
}

std::filesystem::path source_dir() { return SLEET_SOURCE_DIR; }

std::string schema_violations(const std::string& document) {
  TemporaryDirectory scratch;
  std::filesystem::path file = scratch.write("document.json", document);
  std::string command =
      fmt::format("python3 '{}' '{}' < '{}' 2>&1; echo \"exit $?\"",
                  (source_dir() / "tests/cli/validate_json.py").string(),
                  (source_dir() / "docs/json.schema.json").string(), file.string());
  std::string said;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "could not run python3";
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    said.append(buffer.data(), n);
  pclose(pipe);
  return said == "exit 0\n" ? "" : said;
}

}  // namespace sleet::testing
