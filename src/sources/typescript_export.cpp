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
#include "sources/drizzle_kit.h"
#include "sources/typescript_imports.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

using sources::DrizzleKit;
using sources::nearest_holding;
using sources::path_exists;
using sources::ScratchFolder;
using sources::shown;
using sources::trimmed;

constexpr const char* kCacheFormat = "sleet drizzle-kit export cache 1";

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
  sources::ignore_sleet_folder(file.parent_path());
  std::error_code error;
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
  fs::path node = sources::find_node(kit, files.front());
  ScratchFolder scratch(cache_directory);
  fs::path config = scratch.path() / "drizzle.config.mjs";
  write_text_file(config, config_text(files, options, scratch.path() / "out"));
  // From the schema's package folder, as a developer runs drizzle-kit: its tsconfig.json
  // (path aliases) is read from there.
  fs::path directory = nearest_holding(files.front().parent_path(), "package.json");
  if (directory.empty()) directory = kit.node_modules.parent_path();
  ProcessResult result =
      run_process({node.string(), (kit.node_modules / "drizzle-kit" / "bin.cjs").string(),
                   "generate", "--config", config.string()},
                  directory);
  if (std::optional<fs::path> migration = written_migration(scratch.path() / "out")) {
    return read_text_file(*migration);
  }
  if (result.exit_code == 0 && trimmed(result.standard_error).empty() &&
      result.standard_output.find("No schema changes") != std::string::npos) {
    return {};  // the files declare nothing
  }
  auto [message, where] = sources::describe_node_failure(
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
  DrizzleKit kit = sources::find_drizzle_kit(absolute.front(), options.project_directory);
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
