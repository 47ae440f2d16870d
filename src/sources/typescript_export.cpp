// TypeScript schema files → SQL, through the project's own drizzle-kit run by node, cached by
// content under .sleet/cache/.
//
// drizzle-kit 0.31's `export` command ignores the config's `casing` (prepareAndExportPg
// serializes without it), so sleet runs `drizzle-kit generate` into a scratch folder instead
// and reads the one migration it writes from nothing: the same statements `export` prints,
// with `casing` applied, exactly what `drizzle-kit generate` writes as a first migration.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/process.h"
#include "sleet/sources.h"
#include "sources/typescript_imports.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

constexpr int kOldestMinor = 31;  // drizzle-kit 0.31
constexpr const char* kInstallCommand = "npm i -D drizzle-kit drizzle-orm";
constexpr const char* kCacheFormat = "sleet drizzle-kit export cache 1";

// `path` as the user knows it: relative to the current directory when below it.
std::string shown(const fs::path& path) {
  std::error_code error;
  fs::path current = fs::current_path(error);
  if (error) return path.string();
  fs::path relative = path.lexically_relative(current);
  if (relative.empty() || relative.string().starts_with("..")) return path.string();
  return relative.string();
}

bool path_exists(const fs::path& path) {
  std::error_code error;
  return fs::exists(path, error);
}

// The nearest folder at or above `start` holding `relative`, or empty.
fs::path nearest_holding(fs::path start, const fs::path& relative) {
  for (start = start.lexically_normal(); !start.empty(); start = start.parent_path()) {
    if (path_exists(start / relative)) return start;
    if (start == start.parent_path()) break;
  }
  return {};
}

struct DrizzleKit {
  fs::path node_modules;  // the folder holding drizzle-kit/
  std::string version;
  std::string orm_version;  // of the drizzle-orm beside it (or above the schema); may be empty
};

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

DrizzleKit find_drizzle_kit(const fs::path& first_file, const fs::path& project_directory) {
  const fs::path kit = fs::path("node_modules") / "drizzle-kit" / "package.json";
  fs::path holder = nearest_holding(first_file.parent_path(), kit);
  if (holder.empty() && !project_directory.empty()) {
    holder = nearest_holding(fs::absolute(project_directory), kit);
  }
  if (holder.empty()) {
    fs::path where = project_directory.empty() ? first_file.parent_path() : project_directory;
    throw Error(ErrorKind::Usage,
                fmt::format("TypeScript schema files are read through the project's own "
                            "drizzle-kit, and there is no drizzle-kit in the node_modules of {} "
                            "or of any folder above it",
                            first_file.parent_path().string()),
                shown(first_file),
                fmt::format("install it: `{}` in {}", kInstallCommand,
                            fs::absolute(where).lexically_normal().string()));
  }
  DrizzleKit found;
  found.node_modules = holder / "node_modules";
  fs::path package = found.node_modules / "drizzle-kit" / "package.json";
  found.version = package_version(package);
  auto [major, minor] = major_minor(found.version);
  if (major < 0 || (major == 0 && minor < kOldestMinor)) {
    throw Error(ErrorKind::Usage,
                fmt::format("drizzle-kit {} is too old: TypeScript schema files need drizzle-kit "
                            "0.31 or later",
                            found.version.empty() ? "(no version)" : found.version),
                shown(package),
                "upgrade it in the project: npm i -D drizzle-kit@latest drizzle-orm@latest");
  }
  fs::path orm = nearest_holding(first_file.parent_path(),
                                 fs::path("node_modules") / "drizzle-orm" / "package.json");
  if (!orm.empty())
    found.orm_version = package_version(orm / "node_modules/drizzle-orm/package.json");
  return found;
}

// What decides the SQL: the files (schema files and what they import), the options and
// the versions. The files' paths count relative to `base`, so a moved checkout keeps its
// cache.
std::string cache_key(const std::vector<fs::path>& files, const TypeScriptSchemaOptions& options,
                      const DrizzleKit& kit, const fs::path& base) {
  std::string text = fmt::format("{}\ndrizzle-kit {}\ndrizzle-orm {}\ncasing {}\n", kCacheFormat,
                                 kit.version, kit.orm_version, options.casing);
  for (const std::string& schema : options.schema_filter) text += "schema_filter " + schema + "\n";
  std::vector<sources::ImportedFile> read = sources::read_with_local_imports(files);
  for (std::size_t i = 0; i < read.size(); ++i) {
    text += fmt::format("{} {} {}\n", i < files.size() ? "file" : "import",
                        read[i].path.lexically_relative(base).string(), sha256_hex(read[i].text));
  }
  return sha256_hex(text);
}

// The cache file of this set of schema files and options (one per set, rewritten when the
// key changes, so the cache does not grow with every edit).
fs::path cache_file_for(const std::vector<fs::path>& files, const TypeScriptSchemaOptions& options,
                        const fs::path& cache_directory, const fs::path& base) {
  std::string set = options.casing;
  for (const std::string& schema : options.schema_filter) set += fmt::format("\n{}", schema);
  for (const fs::path& file : files) {
    set += fmt::format("\n{}", file.lexically_relative(base).string());
  }
  return cache_directory / fmt::format("drizzle-kit-{}.sql", sha256_hex(set).substr(0, 16));
}

std::string key_line(const std::string& key) {
  return fmt::format("-- {} {}\n", kCacheFormat, key);
}

// The cached SQL (with its key line, so line numbers match the file), or nullopt.
std::optional<std::string> read_cache(const fs::path& file, const std::string& key) {
  if (!path_exists(file)) return std::nullopt;
  std::string text;
  try {
    text = read_text_file(file);
  } catch (const Error&) {
    return std::nullopt;
  }
  if (!text.starts_with(key_line(key))) return std::nullopt;
  return text;
}

// Written whole and renamed into place: targets run in parallel may export the same files.
void write_cache(const fs::path& file, const std::string& text) {
  std::error_code error;
  fs::create_directories(file.parent_path(), error);
  if (error) return;  // a cache that cannot be written is no failure
  // .sleet/ stays out of git, as the development database's folder does.
  fs::path sleet_directory = file.parent_path().parent_path();
  if (!path_exists(sleet_directory / ".gitignore")) {
    try {
      write_text_file(sleet_directory / ".gitignore", "*\n");
    } catch (const Error&) {
    }
  }
  static std::atomic<int> counter{0};
  fs::path temporary = file;
  temporary += fmt::format(".{}-{}.tmp", getpid(), counter++);
  try {
    write_text_file(temporary, text);
  } catch (const Error&) {
    return;
  }
  fs::rename(temporary, file, error);
  if (error) fs::remove(temporary, error);
}

// A scratch folder removed with the scope.
class ScratchFolder {
 public:
  explicit ScratchFolder(const fs::path& cache_directory) {
    static std::atomic<int> counter{0};
    path_ = cache_directory / fmt::format("run-{}-{}", getpid(), counter++);
    std::error_code error;
    fs::remove_all(path_, error);
    fs::create_directories(path_ / "out", error);
    if (error) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("cannot create a scratch folder for drizzle-kit: {}", error.message()),
          path_.string(), "check that the project folder is writable");
    }
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code error;
    fs::remove_all(path_, error);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

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

std::string trimmed(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(start, end - start + 1));
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

// What drizzle-kit said went wrong, and where: esbuild's "file:line:col: ERROR: message"
// lines for a syntax error, else the error's first lines and the first stack frame in a
// file of the project.
std::pair<std::string, std::string> describe_failure(const std::string& output) {
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

std::string source_name(const std::vector<fs::path>& files) {
  std::string name = shown(files.front());
  if (files.size() == 2 || files.size() == 3) {
    for (std::size_t i = 1; i < files.size(); ++i) name += ", " + shown(files[i]);
  } else if (files.size() > 3) {
    name += fmt::format(" and {} more", files.size() - 1);
  }
  return name + " (drizzle-kit)";
}

// The config drizzle-kit reads: JSON is a valid object literal.
std::string config_text(const std::vector<fs::path>& files, const TypeScriptSchemaOptions& options,
                        const fs::path& out) {
  nlohmann::ordered_json config{{"dialect", "postgresql"}};
  nlohmann::ordered_json schema = nlohmann::ordered_json::array();
  for (const fs::path& file : files)
    schema.push_back(fs::absolute(file).lexically_normal().string());
  config["schema"] = schema;
  config["out"] = out.string();
  if (!options.schema_filter.empty()) config["schemaFilter"] = options.schema_filter;
  if (!options.casing.empty()) config["casing"] = options.casing;
  return "// Written by sleet for one drizzle-kit run; removed after it.\nexport default " +
         config.dump(2) + ";\n";
}

// The migration drizzle-kit wrote into `out` (its only .sql file), or nullopt.
std::optional<fs::path> written_migration(const fs::path& out) {
  std::error_code error;
  for (fs::recursive_directory_iterator it(out, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".sql") return it->path();
  }
  return std::nullopt;
}

std::string run_drizzle_kit(const std::vector<fs::path>& files,
                            const TypeScriptSchemaOptions& options, const DrizzleKit& kit,
                            const fs::path& cache_directory) {
  std::optional<fs::path> node = find_executable("node");
  if (!node) {
    throw Error(ErrorKind::Usage,
                "TypeScript schema files are read through drizzle-kit, which runs on node, and "
                "there is no `node` on PATH",
                shown(files.front()),
                fmt::format("install Node.js (18 or later) and put it on PATH; drizzle-kit {} is "
                            "in {}",
                            kit.version, shown(kit.node_modules)));
  }
  ScratchFolder scratch(cache_directory);
  fs::path config = scratch.path() / "drizzle.config.mjs";
  write_text_file(config, config_text(files, options, scratch.path() / "out"));
  // From the schema's package folder, as a developer runs drizzle-kit: its tsconfig.json
  // (path aliases) is read from there.
  fs::path directory = nearest_holding(files.front().parent_path(), "package.json");
  if (directory.empty()) directory = kit.node_modules.parent_path();
  ProcessResult result =
      run_process({node->string(), (kit.node_modules / "drizzle-kit" / "bin.cjs").string(),
                   "generate", "--config", config.string()},
                  directory);
  if (std::optional<fs::path> migration = written_migration(scratch.path() / "out")) {
    return read_text_file(*migration);
  }
  if (result.exit_code == 0 && trimmed(result.standard_error).empty() &&
      result.standard_output.find("No schema changes") != std::string::npos) {
    return {};  // the files declare nothing
  }
  auto [message, where] = describe_failure(
      trimmed(result.standard_error).empty() ? result.standard_output : result.standard_error);
  throw Error(ErrorKind::Usage,
              fmt::format("drizzle-kit {} could not read the schema: {}", kit.version, message),
              where.empty() ? shown(files.front()) : where,
              "fix the TypeScript schema; `npx drizzle-kit export` in the project shows the same "
              "error");
}

}  // namespace

TypeScriptExport export_typescript_schema(const std::vector<fs::path>& files,
                                          const TypeScriptSchemaOptions& options) {
  if (files.empty()) throw Error(ErrorKind::Failure, "export_typescript_schema: no files");
  std::vector<fs::path> absolute;
  for (const fs::path& file : files) absolute.push_back(fs::absolute(file).lexically_normal());
  DrizzleKit kit = find_drizzle_kit(absolute.front(), options.project_directory);
  fs::path project = options.project_directory.empty() ? kit.node_modules.parent_path()
                                                       : fs::absolute(options.project_directory);
  fs::path cache_directory = project / ".sleet" / "cache";

  TypeScriptExport result;
  result.drizzle_kit_version = kit.version;
  result.source.file_name = source_name(files);
  std::string key = cache_key(absolute, options, kit, project);
  result.cache_file = cache_file_for(absolute, options, cache_directory, project);
  if (std::optional<std::string> cached = read_cache(result.cache_file, key)) {
    result.source.sql = std::move(*cached);
    result.from_cache = true;
    return result;
  }
  result.source.sql = key_line(key) + run_drizzle_kit(absolute, options, kit, cache_directory);
  write_cache(result.cache_file, result.source.sql);
  return result;
}

}  // namespace sleet
