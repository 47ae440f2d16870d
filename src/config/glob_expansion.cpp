// Expanding schema and seed globs. glob(3) matches within directories; the only walking
// done here is for "**", which POSIX glob does not know.
#include <fmt/format.h>
#include <glob.h>

#include <set>

#include "sleet/config.h"
#include "sleet/error.h"
#include "sleet/files.h"

namespace sleet {
namespace {

namespace fs = std::filesystem;

bool has_glob_characters(std::string_view text) {
  return text.find_first_of("*?[") != std::string_view::npos;
}

// A literal path made safe to embed in a glob(3) pattern.
std::string escape_for_glob(const std::string& literal) {
  std::string escaped;
  for (char c : literal) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

bool is_hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

std::vector<fs::path> run_glob(const std::string& pattern) {
  glob_t matches{};
  std::vector<fs::path> paths;
  if (glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
    for (size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
  }
  globfree(&matches);
  return paths;
}

bool is_existing_directory(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error);
}

// `directory` and every visible directory below it: what "**" stands for.
std::vector<fs::path> with_subdirectories(const fs::path& directory) {
  std::vector<fs::path> directories{directory};
  std::error_code error;
  fs::recursive_directory_iterator it(directory, error), end;
  for (; !error && it != end; it.increment(error)) {
    if (is_hidden(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(error)) directories.push_back(it->path());
  }
  return directories;
}

// A matched directory stands for the .sql files below it or, when it holds none, for the
// TypeScript schema files below it (as drizzle-kit's `schema` folder), node_modules aside.
void add_match(const fs::path& path, std::set<fs::path>& files) {
  std::error_code error;
  if (fs::is_regular_file(path, error)) {
    files.insert(path);
    return;
  }
  if (!fs::is_directory(path, error)) return;
  std::set<fs::path> sql;
  std::set<fs::path> typescript;
  fs::recursive_directory_iterator it(path, error), end;
  for (; !error && it != end; it.increment(error)) {
    if (is_hidden(it->path()) || it->path().filename() == "node_modules") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(error)) continue;
    if (it->path().extension() == ".sql") sql.insert(it->path());
    // Declaration files (.d.ts) declare no tables.
    if (is_typescript_schema_file(it->path()) && it->path().stem().extension() != ".d") {
      typescript.insert(it->path());
    }
  }
  files.merge(sql.empty() ? typescript : sql);
}

std::set<fs::path> expand_one(const std::string& pattern, const fs::path& project_directory) {
  // The project directory is literal even if its name holds glob characters.
  std::string project = project_directory.string();
  fs::path base = "/";
  std::string rest = pattern;
  if (!project.empty() && pattern.size() > project.size() && pattern.starts_with(project) &&
      pattern[project.size()] == '/') {
    base = project_directory;
    rest = pattern.substr(project.size() + 1);
  } else if (!pattern.starts_with("/")) {
    base = project_directory;
  }

  std::vector<std::string> components;
  for (const auto& part : fs::path(rest)) {
    std::string text = part.string();
    if (!text.empty() && text != "/") components.push_back(text);
  }
  // Leading literal components need no matching.
  size_t next = 0;
  while (next < components.size() && !has_glob_characters(components[next])) {
    base /= components[next++];
  }

  std::vector<fs::path> current{base};
  while (next < components.size()) {
    if (components[next] == "**") {
      std::vector<fs::path> expanded;
      for (const auto& directory : current) {
        if (!is_existing_directory(directory)) continue;
        auto below = with_subdirectories(directory);
        expanded.insert(expanded.end(), below.begin(), below.end());
      }
      current = std::move(expanded);
      ++next;
      continue;
    }
    std::string run;
    while (next < components.size() && components[next] != "**") {
      run += "/" + components[next++];
    }
    bool more = next < components.size();
    std::vector<fs::path> matched;
    for (const auto& directory : current) {
      for (auto& path : run_glob(escape_for_glob(directory.string()) + run)) {
        if (!more || is_existing_directory(path)) matched.push_back(path.lexically_normal());
      }
    }
    current = std::move(matched);
  }

  std::set<fs::path> files;
  for (const auto& path : current) add_match(path, files);
  return files;
}

std::string shown_pattern(const std::string& pattern, const fs::path& project_directory) {
  std::string project = project_directory.string() + "/";
  return pattern.starts_with(project) ? pattern.substr(project.size()) : pattern;
}

}  // namespace

std::vector<fs::path> expand_globs(const std::vector<std::string>& patterns, std::string_view name,
                                   std::string_view where, const fs::path& directory) {
  std::set<fs::path> files;
  for (const auto& pattern : patterns) {
    std::string absolute = (directory / pattern).lexically_normal().string();
    std::set<fs::path> matched = expand_one(absolute, directory);
    if (matched.empty()) {
      throw Error(ErrorKind::Usage,
                  fmt::format("{} pattern \"{}\" matches no files", name,
                              shown_pattern(absolute, directory)),
                  std::string(where),
                  fmt::format("patterns are relative to {}; check the path and its * ? ** "
                              "parts, or create the files",
                              directory.string()));
    }
    files.merge(matched);
  }
  return {files.begin(), files.end()};
}

std::vector<fs::path> expand_target_globs(const Target& target,
                                          const std::vector<std::string>& patterns,
                                          std::string_view key) {
  std::string name = target.name == "default"
                         ? fmt::format("`{}`", key)
                         : fmt::format("`{}` of target `{}`", key, target.name);
  return expand_globs(patterns, name, target.config_file.string(), target.project_directory);
}

std::vector<fs::path> expand_schema_globs(const Target& target) {
  if (target.schema.empty()) {
    std::string scope =
        target.name == "default" ? "" : fmt::format(" for target `{}`", target.name);
    throw Error(ErrorKind::Usage, fmt::format("no `schema` is set{}", scope),
                target.config_file.string(),
                "add e.g. schema = \"schema/*.sql\" to sleet.toml, at the top level or in the "
                "target's section");
  }
  return expand_target_globs(target, target.schema, "schema");
}

}  // namespace sleet
