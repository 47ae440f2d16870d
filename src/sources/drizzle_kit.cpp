// The project's own drizzle-kit and node: found as node finds packages, version-checked, and
// their failures read back into a message and a place.
#include "sources/drizzle_kit.h"

#include <fmt/format.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/process.h"

namespace sleet::sources {

namespace fs = std::filesystem;

namespace {

constexpr int kOldestMinor = 31;  // drizzle-kit 0.31

std::string package_version(const fs::path& package_json) {
  try {
    auto json = nlohmann::json::parse(read_text_file(package_json));
    if (json.contains("version") && json["version"].is_string()) return json["version"];
  } catch (const std::exception&) {
  }
  return {};
}

// The leading major and minor numbers of a version ("0.31.11" → 0, 31).
std::pair<int, int> major_minor(const std::string& version) {
  int major = -1;
  int minor = -1;
  std::sscanf(version.c_str(), "%d.%d", &major, &minor);
  return {major, minor};
}

std::string without_terminal_colors(std::string_view text) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
      continue;
    }
    plain += text[i];
  }
  return plain;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// "path:line:col" at the start of `text` (a path outside node_modules and node's own
// modules), shown relative to the current directory; empty when there is none.
std::string location_in(std::string_view text) {
  // path:line:col, where path may itself hold no ':' (POSIX absolute paths).
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string path(text.substr(0, colon));
  if (path.find("/node_modules/") != std::string::npos || path.starts_with("node:") ||
      !path.starts_with("/")) {
    return {};
  }
  int line = 0;
  int column = 0;
  if (std::sscanf(std::string(text.substr(colon + 1)).c_str(), "%d:%d", &line, &column) < 1) {
    return {};
  }
  return format_location(shown(fs::path(path)), line, column);
}

}  // namespace

bool path_exists(const fs::path& path) {
  std::error_code error;
  return fs::exists(path, error);
}

void ignore_sleet_folder(const fs::path& cache_directory) {
  std::error_code error;
  fs::create_directories(cache_directory, error);
  if (error) return;
  fs::path sleet_directory = cache_directory.parent_path();
  if (path_exists(sleet_directory / ".gitignore")) return;
  try {
    write_text_file(sleet_directory / ".gitignore", "*\n");
  } catch (const Error&) {
  }
}

ScratchFolder::ScratchFolder(const fs::path& cache_directory) {
  static std::atomic<int> counter{0};
  path_ = cache_directory / fmt::format("run-{}-{}", getpid(), counter++);
  std::error_code error;
  fs::remove_all(path_, error);
  fs::create_directories(path_ / "out", error);
  if (error) {
    throw Error(ErrorKind::Usage,
                fmt::format("cannot create a scratch folder for node: {}", error.message()),
                path_.string(), "check that the project folder is writable");
  }
}

ScratchFolder::~ScratchFolder() {
  std::error_code error;
  fs::remove_all(path_, error);
}

// `path` as the user knows it: relative to the current directory when below it.
std::string shown(const fs::path& path) {
  std::error_code error;
  fs::path current = fs::current_path(error);
  if (error) return path.string();
  fs::path relative = path.lexically_relative(current);
  if (relative.empty() || relative.string().starts_with("..")) return path.string();
  return relative.string();
}

// The nearest folder at or above `start` holding `relative`, or empty.
fs::path nearest_holding(fs::path start, const fs::path& relative) {
  for (start = start.lexically_normal(); !start.empty(); start = start.parent_path()) {
    if (path_exists(start / relative)) return start;
    if (start == start.parent_path()) break;
  }
  return {};
}

std::string trimmed(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(start, end - start + 1));
}

DrizzleKit find_drizzle_kit(const fs::path& first_file, const fs::path& project_directory,
                            std::string_view purpose) {
  const fs::path kit = fs::path("node_modules") / "drizzle-kit" / "package.json";
  fs::path holder = nearest_holding(first_file.parent_path(), kit);
  if (holder.empty() && !project_directory.empty()) {
    holder = nearest_holding(fs::absolute(project_directory), kit);
  }
  if (holder.empty()) {
    fs::path where = project_directory.empty() ? first_file.parent_path() : project_directory;
    throw Error(ErrorKind::Usage,
                fmt::format("{} through the project's own drizzle-kit, and there is no "
                            "drizzle-kit in the node_modules of {} or of any folder above it",
                            purpose, first_file.parent_path().string()),
                shown(first_file),
                fmt::format("install it: `{}` in {}", kDrizzleKitInstallCommand,
                            fs::absolute(where).lexically_normal().string()));
  }
  DrizzleKit found;
  found.node_modules = holder / "node_modules";
  fs::path package = found.node_modules / "drizzle-kit" / "package.json";
  found.version = package_version(package);
  auto [major, minor] = major_minor(found.version);
  if (major < 0 || (major == 0 && minor < kOldestMinor)) {
    throw Error(ErrorKind::Usage,
                fmt::format("drizzle-kit {} is too old: sleet needs drizzle-kit 0.31 or later "
                            "(here: {} through it)",
                            found.version.empty() ? "(no version)" : found.version, purpose),
                shown(package),
                "upgrade it in the project: npm i -D drizzle-kit@latest drizzle-orm@latest");
  }
  fs::path orm = nearest_holding(first_file.parent_path(),
                                 fs::path("node_modules") / "drizzle-orm" / "package.json");
  if (!orm.empty())
    found.orm_version = package_version(orm / "node_modules/drizzle-orm/package.json");
  return found;
}

fs::path find_node(const DrizzleKit& kit, const fs::path& where, std::string_view purpose) {
  std::optional<fs::path> node = find_executable("node");
  if (!node) {
    throw Error(ErrorKind::Usage,
                fmt::format("{} through drizzle-kit, which runs on node, and there is no `node` "
                            "on PATH",
                            purpose),
                shown(where),
                fmt::format("install Node.js (18 or later) and put it on PATH; drizzle-kit {} is "
                            "in {}",
                            kit.version, shown(kit.node_modules)));
  }
  return *node;
}

// What drizzle-kit said went wrong, and where: esbuild's "file:line:col: ERROR: message"
// lines for a syntax error, else the error's first lines and the first stack frame in a
// file of the project.
std::pair<std::string, std::string> describe_node_failure(const std::string& output) {
  std::vector<std::string> lines = lines_of(without_terminal_colors(output));
  for (const std::string& line : lines) {
    std::size_t marker = line.find(": ERROR: ");
    if (marker == std::string::npos) continue;
    std::string where = location_in(line);
    if (!where.empty()) return {trimmed(line.substr(marker + 9)), where};
  }
  std::string message;
  std::string where;
  bool in_stack = false;
  int kept = 0;
  for (const std::string& line : lines) {
    std::string text = trimmed(line);
    if (text.starts_with("at ")) {
      in_stack = true;
      if (where.empty()) {
        std::size_t open = text.rfind('(');
        std::string frame = open != std::string::npos ? text.substr(open + 1) : text.substr(3);
        if (frame.ends_with(")")) frame.pop_back();
        where = location_in(frame);
      }
      continue;
    }
    if (in_stack || text.empty() || kept >= 8) continue;
    message += (message.empty() ? "" : "\n  ") + text;
    ++kept;
  }
  return {message.empty() ? "drizzle-kit failed without a message" : message, where};
}

}  // namespace sleet::sources
