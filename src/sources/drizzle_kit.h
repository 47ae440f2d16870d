// The project's own drizzle-kit and the node that runs it: finding them, and reading what
// they print when they fail. Shared by TypeScript schema sources (typescript_export.cpp) and
// drizzle config evaluation (drizzle_config_evaluate.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace sleet::sources {

inline constexpr const char* kDrizzleKitInstallCommand = "npm i -D drizzle-kit drizzle-orm";

// A drizzle-kit installation in some node_modules.
struct DrizzleKit {
  std::filesystem::path node_modules;  // the folder holding drizzle-kit/
  std::string version;
  std::string orm_version;  // of the drizzle-orm beside it (or above the schema); may be empty
};

// `path` as the user knows it: relative to the current directory when below it.
std::string shown(const std::filesystem::path& path);

// The nearest folder at or above `start` holding `relative`, or empty.
std::filesystem::path nearest_holding(std::filesystem::path start,
                                      const std::filesystem::path& relative);

// The drizzle-kit node would find from `first_file`'s folder (else from
// `project_directory`), 0.31 or later. Throws sleet::Error (Usage) with the install command
// when there is none, naming `first_file` and saying that `purpose` ("TypeScript schema
// files are read") needs it, and with the upgrade command when it is older than 0.31.
DrizzleKit find_drizzle_kit(const std::filesystem::path& first_file,
                            const std::filesystem::path& project_directory,
                            std::string_view purpose = "TypeScript schema files are read");

// node on PATH. Throws sleet::Error (Usage) at `where`, saying that `purpose` needs it, when
// there is none.
std::filesystem::path find_node(const DrizzleKit& kit, const std::filesystem::path& where,
                                std::string_view purpose = "TypeScript schema files are read");

// What node or drizzle-kit said went wrong, and where: esbuild's "file:line:col: ERROR:
// message" for a syntax error, else the error's first lines and the first stack frame in a
// file outside node_modules ("" when there is none).
std::pair<std::string, std::string> describe_node_failure(const std::string& output);

std::string trimmed(std::string_view text);

bool path_exists(const std::filesystem::path& path);  // false also when it cannot be checked

// Creates `cache_directory` (`<project>/.sleet/cache`) and a `.gitignore` of `*` in its
// parent, so .sleet/ stays out of git as the development database's folder does. Failures
// are ignored: a cache that cannot be written is no failure.
void ignore_sleet_folder(const std::filesystem::path& cache_directory);

// A folder `run-<pid>-<n>` (with an empty `out/` inside) below `cache_directory` for one node
// run, removed with the scope. Throws sleet::Error (Usage) when it cannot be created.
class ScratchFolder {
 public:
  explicit ScratchFolder(const std::filesystem::path& cache_directory);
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace sleet::sources
