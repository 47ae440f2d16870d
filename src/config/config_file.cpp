// Reading sleet.toml: TOML through toml++, then key-by-key validation into per-scope
// settings, then merging the top-level defaults into each target.
#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "config/interpolation.h"
#include "config/nearest_name.h"
#include "sleet/config.h"
#include "sleet/error.h"

namespace sleet {
namespace {

namespace fs = std::filesystem;
using config_detail::did_you_mean;
using config_detail::interpolate;

const std::vector<std::string> kScopeKeys = {"schema",        "out",
                                             "url",           "database",
                                             "schema_filter", "tables_filter",
                                             "extensions",    "migrations",
                                             "prefix",        "breakpoints",
                                             "seed",          "renames",
                                             "lock_timeout",  "statement_timeout",
                                             "lock_retries",  "casing",
                                             "online",        "backup",
                                             "tenants",       "format"};
const std::vector<std::string> kTopLevelKeys = [] {
  std::vector<std::string> keys = kScopeKeys;
  keys.push_back("targets");
  keys.push_back("lint");
  return keys;
}();
const std::vector<std::string> kMigrationsKeys = {"table", "schema"};
const std::vector<std::string> kSeedKeys = {"files", "bootstrap"};
const std::vector<std::string> kPrefixes = {"index", "timestamp", "unix", "none"};
const std::vector<std::string> kCasings = {"snake_case", "camelCase"};
const std::vector<std::string> kFolderFormats = {"journal", "v3"};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// What one scope (the top level or one [targets.NAME]) sets; unset keys inherit.
struct Settings {
  std::optional<std::vector<std::string>> schema;
  std::optional<std::string> out;
  std::optional<std::string> backup;
  bool sets_connection = false;  // url or database present, even if empty
  std::optional<std::string> url;
  std::optional<std::string> database;
  // `url` or `database` names a variable that is not set: only commands that connect fail.
  std::shared_ptr<const Error> connection_unset;
  std::optional<std::vector<std::string>> schema_filter;
  std::optional<std::vector<std::string>> tables_filter;
  std::optional<std::vector<std::string>> extensions;
  std::optional<std::string> migrations_table;
  std::optional<std::string> migrations_schema;
  std::optional<MigrationPrefix> prefix;
  std::optional<bool> breakpoints;
  std::optional<std::string> format;
  std::optional<bool> online;
  std::optional<std::string> casing;
  std::optional<double> lock_timeout;
  std::optional<double> statement_timeout;
  std::optional<int> lock_retries;
  std::optional<std::vector<std::string>> seed;
  std::optional<std::vector<std::string>> seed_bootstrap;
  std::optional<std::vector<std::string>> renames;
  std::optional<std::vector<std::string>> tenants;  // tenants = [...]
  std::optional<std::string> tenants_query;         // tenants = "SQL"
  bool tenant_databases = false;                    // tenants = { databases = ... }
};

std::string_view type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// Turns toml++ nodes into Settings, reporting every problem at its file:line:col.
class SettingsReader {
 public:
  SettingsReader(std::string file, const Environment& environment)
      : file_(std::move(file)), environment_(environment) {}

  std::string where(const toml::source_region& region) const {
    return format_location(file_, static_cast<int>(region.begin.line),
                           static_cast<int>(region.begin.column));
  }

  // `prefix` is "" at the top level and "targets.NAME." inside a target.
  Settings read_scope(const toml::table& table, const std::string& prefix) const {
    Settings settings;
    const toml::key* url_key = nullptr;
    const toml::key* database_key = nullptr;
    for (auto&& [key, node] : table) {
      const std::string name(key.str());
      std::string setting = prefix + name;
      if ((name == "targets" || name == "lint") && prefix.empty()) continue;
      if (name == "schema") {
        settings.schema = string_list(node, setting);
      } else if (name == "out") {
        settings.out = non_empty_string(node, setting);
      } else if (name == "backup") {
        settings.backup = non_empty_string(node, setting);
      } else if (name == "url") {
        settings.sets_connection = true;
        url_key = &key;
        if (auto url = connection_value(node, setting, settings); url && !url->empty()) {
          settings.url = *url;
        }
      } else if (name == "database") {
        settings.sets_connection = true;
        database_key = &key;
        if (auto database = connection_value(node, setting, settings);
            database && !database->empty()) {
          settings.database = *database;
        }
      } else if (name == "schema_filter") {
        settings.schema_filter = string_list(node, setting);
        if (settings.schema_filter->empty()) {
          throw Error(ErrorKind::Usage, fmt::format("`{}` is empty", setting), where(node.source()),
                      "name at least one schema, e.g. [\"public\"]");
        }
      } else if (name == "tables_filter") {
        settings.tables_filter = string_list(node, setting);
      } else if (name == "extensions") {
        settings.extensions = string_list(node, setting);
      } else if (name == "migrations") {
        read_migrations(node, setting, settings);
      } else if (name == "prefix") {
        settings.prefix = migration_prefix(node, setting);
      } else if (name == "breakpoints") {
        settings.breakpoints = boolean(node, setting);
      } else if (name == "format") {
        settings.format = folder_format(node, setting);
      } else if (name == "online") {
        settings.online = boolean(node, setting);
      } else if (name == "casing") {
        settings.casing = casing(node, setting);
      } else if (name == "lock_timeout") {
        settings.lock_timeout = seconds(node, setting);
      } else if (name == "statement_timeout") {
        settings.statement_timeout = seconds(node, setting);
      } else if (name == "lock_retries") {
        settings.lock_retries = count(node, setting);
      } else if (name == "seed") {
        read_seed(node, setting, settings);
      } else if (name == "renames") {
        settings.renames = string_list(node, setting);
      } else if (name == "tenants") {
        read_tenants(node, setting, settings);
      } else {
        unknown_key(key, prefix, prefix.empty() ? kTopLevelKeys : kScopeKeys, kMigrationsKeys,
                    "[migrations]");
      }
    }
    if (url_key && database_key) {
      const toml::key* later =
          url_key->source().begin.line > database_key->source().begin.line ? url_key : database_key;
      throw Error(ErrorKind::Usage, fmt::format("`{0}url` and `{0}database` are both set", prefix),
                  where(later->source()),
                  "keep one: `url` for a full connection URL, or `database` for a database "
                  "name on the default server");
    }
    return settings;
  }

 private:
  // `seed = [...]` (files) or a [seed] section with `files` and `bootstrap`.
  void read_seed(const toml::node& node, const std::string& setting, Settings& settings) const {
    const toml::table* table = node.as_table();
    if (!table) {
      settings.seed = string_list(node, setting);
      return;
    }
    for (auto&& [key, value] : *table) {
      std::string inner = setting + "." + std::string(key.str());
      if (key.str() == "files") {
        settings.seed = string_list(value, inner);
      } else if (key.str() == "bootstrap") {
        settings.seed_bootstrap = string_list(value, inner);
      } else {
        unknown_key(key, setting + ".", kSeedKeys, kScopeKeys, "the top level or [targets.NAME]");
      }
    }
  }

  void read_migrations(const toml::node& node, const std::string& setting,
                       Settings& settings) const {
    const toml::table* table = node.as_table();
    if (!table) {
      throw Error(ErrorKind::Usage,
                  fmt::format("`{}` must be a table, not {}", setting, type_name(node.type())),
                  where(node.source()),
                  fmt::format("write it as a section: [{}] with `table` and `schema`", setting));
    }
    for (auto&& [key, value] : *table) {
      std::string inner = setting + "." + std::string(key.str());
      if (key.str() == "table") {
        settings.migrations_table = non_empty_string(value, inner);
      } else if (key.str() == "schema") {
        settings.migrations_schema = non_empty_string(value, inner);
      } else {
        unknown_key(key, setting + ".", kMigrationsKeys, kScopeKeys,
                    "the top level or [targets.NAME]");
      }
    }
  }

  // `elsewhere_keys` are valid in `elsewhere`, so a key found there was merely misplaced.
  [[noreturn]] void unknown_key(const toml::key& key, const std::string& prefix,
                                const std::vector<std::string>& valid,
                                const std::vector<std::string>& elsewhere_keys,
                                std::string_view elsewhere) const {
    std::string section = prefix.empty()
                              ? std::string("at the top level")
                              : fmt::format("in [{}]", prefix.substr(0, prefix.size() - 1));
    std::string hint;
    if (contains(elsewhere_keys, key.str())) {
      hint = fmt::format("`{}` belongs in {}", key.str(), elsewhere);
    } else {
      hint = did_you_mean(key.str(), valid);
      if (hint.empty()) {
        std::string names;
        for (const auto& name : valid) names += (names.empty() ? "" : ", ") + name;
        hint = "valid keys here: " + names;
      }
    }
    throw Error(ErrorKind::Usage, fmt::format("unknown key `{}` {}", key.str(), section),
                where(key.source()), hint);
  }

  std::string text_value(const toml::node& node, const std::string& setting) const {
    const auto* text = node.as_string();
    if (!text) {
      throw Error(ErrorKind::Usage,
                  fmt::format("`{}` must be a string, not {}", setting, type_name(node.type())),
                  where(node.source()), "quote the value: key = \"...\"");
    }
    return interpolate(text->get(), environment_, setting, where(node.source()));
  }

  // `url` and `database` are interpolated now, but a variable they name that is not set
  // (`url = "${DATABASE_URL}"` on a machine without it) only fails the commands that
  // connect: it is kept in `settings` and the value is nullopt.
  std::optional<std::string> connection_value(const toml::node& node, const std::string& setting,
                                              Settings& settings) const {
    try {
      return text_value(node, setting);
    } catch (const config_detail::UnsetVariableError& unset) {
      settings.connection_unset = std::make_shared<const Error>(unset);
      return std::nullopt;
    }
  }

  std::string non_empty_string(const toml::node& node, const std::string& setting) const {
    std::string text = text_value(node, setting);
    if (text.empty()) {
      throw Error(ErrorKind::Usage, fmt::format("`{}` is empty", setting), where(node.source()),
                  "give it a value or remove the key to use the default");
    }
    return text;
  }

  // `tenants`: an array of schema names, or a string holding the query that returns them; or
  // a table `{ databases = ... }` holding the same for tenant databases.
  void read_tenants(const toml::node& node, const std::string& setting, Settings& settings) const {
    const toml::node* names_node = &node;
    std::string names_setting = setting;
    std::string what = "schema name";
    if (const toml::table* table = node.as_table()) {
      for (const auto& [key, value] : *table) {
        if (key.str() != "databases") {
          throw Error(ErrorKind::Usage,
                      fmt::format("`{}` has an unknown key `{}`", setting, key.str()),
                      where(value.source()),
                      "a tenant table holds only `databases`: tenants = { databases = [\"a\", "
                      "\"b\"] } or tenants = { databases = \"select ...\" } (docs/tenants.md)");
        }
      }
      names_node = table->get("databases");
      if (!names_node) {
        throw Error(ErrorKind::Usage, fmt::format("`{}` is a table without `databases`", setting),
                    where(node.source()),
                    "tenants = { databases = [\"a\", \"b\"] } or tenants = { databases = "
                    "\"select ...\" } (docs/tenants.md)");
      }
      names_setting = setting + ".databases";
      settings.tenant_databases = true;
      what = "database name or URL";
    }
    if (names_node->is_string()) {
      settings.tenants_query = non_empty_string(*names_node, names_setting);
      return;
    }
    std::vector<std::string> names = string_list(*names_node, names_setting);
    for (const auto& name : names) {
      // A database's URL may be long; a bare database name is an identifier.
      bool url = settings.tenant_databases && name.find("://") != std::string::npos;
      if (name.empty() || (!url && name.size() > 63)) {
        throw Error(
            ErrorKind::Usage,
            fmt::format("`{}` holds \"{}\", which is not a {}", names_setting, name, what),
            where(names_node->source()),
            fmt::format("a tenant is a {} ({} of 1 to 63 bytes)", what,
                        settings.tenant_databases ? "a postgres:// URL or a name" : "a name"));
      }
    }
    if (names.empty()) {
      throw Error(ErrorKind::Usage, fmt::format("`{}` is an empty list", names_setting),
                  where(names_node->source()), "name the tenants, or remove the key");
    }
    settings.tenants = std::move(names);
  }

  // A list setting accepts one string as a list of one, as drizzle-kit's config does.
  std::vector<std::string> string_list(const toml::node& node, const std::string& setting) const {
    if (node.is_string()) return {text_value(node, setting)};
    const toml::array* array = node.as_array();
    if (!array) {
      throw Error(ErrorKind::Usage,
                  fmt::format("`{}` must be a string or an array of strings, not {}", setting,
                              type_name(node.type())),
                  where(node.source()), fmt::format("e.g. {} = [\"...\"]", setting));
    }
    std::vector<std::string> values;
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      if (!element.is_string()) {
        throw Error(ErrorKind::Usage,
                    fmt::format("`{}` must be an array of strings, but element {} is {}", setting,
                                i + 1, type_name(element.type())),
                    where(element.source()), "quote every element");
      }
      values.push_back(text_value(element, setting));
    }
    return values;
  }

  // A positive number of seconds (integer or fractional).
  double seconds(const toml::node& node, const std::string& setting) const {
    std::optional<double> value;
    if (auto integer = node.as_integer()) value = static_cast<double>(integer->get());
    if (auto floating = node.as_floating_point()) value = floating->get();
    if (!value || *value <= 0) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("`{}` must be a positive number of seconds, not {}", setting,
                      value ? fmt::format("{}", *value) : std::string(type_name(node.type()))),
          where(node.source()), fmt::format("e.g. {} = 5", setting));
    }
    return *value;
  }

  int count(const toml::node& node, const std::string& setting) const {
    auto integer = node.as_integer();
    if (!integer || integer->get() < 0 || integer->get() > 100) {
      throw Error(ErrorKind::Usage,
                  fmt::format("`{}` must be a whole number from 0 to 100", setting),
                  where(node.source()), fmt::format("e.g. {} = 3", setting));
    }
    return static_cast<int>(integer->get());
  }

  bool boolean(const toml::node& node, const std::string& setting) const {
    const auto* value = node.as_boolean();
    if (!value) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("`{}` must be true or false, not {}", setting, type_name(node.type())),
          where(node.source()), "write true or false without quotes");
    }
    return value->get();
  }

  MigrationPrefix migration_prefix(const toml::node& node, const std::string& setting) const {
    std::string text = text_value(node, setting);
    if (text == "index") return MigrationPrefix::Index;
    if (text == "timestamp") return MigrationPrefix::Timestamp;
    if (text == "unix") return MigrationPrefix::Unix;
    if (text == "none") return MigrationPrefix::None;
    std::string hint = did_you_mean(text, kPrefixes);
    throw Error(ErrorKind::Usage, fmt::format("`{}` cannot be \"{}\"", setting, text),
                where(node.source()),
                (hint.empty() ? "" : hint + " ") +
                    "valid values: \"index\" (default), \"timestamp\", \"unix\", \"none\"");
  }

  // drizzle's `casing`: how column keys written without a name become column names.
  std::string folder_format(const toml::node& node, const std::string& setting) const {
    std::string text = text_value(node, setting);
    if (contains(kFolderFormats, text)) return text;
    std::string hint = did_you_mean(text, kFolderFormats);
    throw Error(ErrorKind::Usage, fmt::format("`{}` cannot be \"{}\"", setting, text),
                where(node.source()),
                (hint.empty() ? "" : hint + " ") +
                    "valid values: \"journal\" (drizzle-kit 0.x folders), \"v3\" (drizzle-kit 1.0)");
  }

  std::string casing(const toml::node& node, const std::string& setting) const {
    std::string text = text_value(node, setting);
    if (contains(kCasings, text)) return text;
    std::string hint = did_you_mean(text, kCasings);
    throw Error(ErrorKind::Usage, fmt::format("`{}` cannot be \"{}\"", setting, text),
                where(node.source()),
                (hint.empty() ? "" : hint + " ") + "valid values: \"snake_case\", \"camelCase\"");
  }

  std::string file_;
  const Environment& environment_;
};

std::string resolve_path(const fs::path& project_directory, const std::string& path) {
  fs::path candidate(path);
  if (candidate.is_absolute()) return candidate.lexically_normal().string();
  return (project_directory / candidate).lexically_normal().string();
}

std::vector<std::string> resolve_paths(const fs::path& project_directory,
                                       const std::vector<std::string>& paths) {
  std::vector<std::string> resolved;
  for (const auto& path : paths) resolved.push_back(resolve_path(project_directory, path));
  return resolved;
}

// Arrays replace rather than append: a target lists exactly what it wants.
Target merge(const Settings& defaults, const Settings& own, std::string name, const fs::path& file,
             const fs::path& project_directory) {
  auto pick = [](const auto& inner, const auto& outer) { return inner ? inner : outer; };
  Target target;
  target.name = std::move(name);
  target.config_file = file;
  target.project_directory = project_directory;
  target.schema = resolve_paths(
      project_directory, pick(own.schema, defaults.schema).value_or(std::vector<std::string>{}));
  target.out = resolve_path(project_directory, pick(own.out, defaults.out).value_or("drizzle"));
  if (auto backup = pick(own.backup, defaults.backup)) {
    target.backup = resolve_path(project_directory, *backup);
  }
  const Settings& connection = own.sets_connection ? own : defaults;
  target.url = connection.url;
  target.database = connection.database;
  target.connection_unset = connection.connection_unset;
  if (auto value = pick(own.schema_filter, defaults.schema_filter)) target.schema_filter = *value;
  if (auto value = pick(own.tables_filter, defaults.tables_filter)) target.tables_filter = *value;
  if (auto value = pick(own.extensions, defaults.extensions)) target.extensions = *value;
  if (auto value = pick(own.migrations_table, defaults.migrations_table)) {
    target.migrations_table = *value;
  }
  if (auto value = pick(own.migrations_schema, defaults.migrations_schema)) {
    target.migrations_schema = *value;
  }
  if (auto value = pick(own.prefix, defaults.prefix)) target.prefix = *value;
  if (auto value = pick(own.breakpoints, defaults.breakpoints)) target.breakpoints = *value;
  if (auto value = pick(own.format, defaults.format)) target.format = *value;
  if (auto value = pick(own.online, defaults.online)) target.online = *value;
  if (auto value = pick(own.casing, defaults.casing)) target.casing = *value;
  if (auto value = pick(own.lock_timeout, defaults.lock_timeout)) target.lock_timeout = *value;
  if (auto value = pick(own.statement_timeout, defaults.statement_timeout)) {
    target.statement_timeout = *value;
  }
  if (auto value = pick(own.lock_retries, defaults.lock_retries)) target.lock_retries = *value;
  if (auto value = pick(own.seed, defaults.seed)) {
    target.seed = resolve_paths(project_directory, *value);
  }
  if (auto value = pick(own.seed_bootstrap, defaults.seed_bootstrap)) {
    target.seed_bootstrap = resolve_paths(project_directory, *value);
  }
  if (auto value = pick(own.renames, defaults.renames)) target.renames = *value;
  // The innermost scope that sets `tenants` wins, list or query.
  if (own.tenants || own.tenants_query) {
    target.tenants = own.tenants.value_or(std::vector<std::string>{});
    target.tenants_query = own.tenants_query.value_or("");
    target.tenant_databases = own.tenant_databases;
  } else {
    target.tenants = defaults.tenants.value_or(std::vector<std::string>{});
    target.tenants_query = defaults.tenants_query.value_or("");
    target.tenant_databases = defaults.tenant_databases;
  }
  return target;
}

toml::table parse_toml(std::string_view text, const std::string& file) {
  auto report = [&](const toml::parse_error& error) {
    return Error(ErrorKind::Usage, fmt::format("invalid TOML: {}", error.description()),
                 format_location(file, static_cast<int>(error.source().begin.line),
                                 static_cast<int>(error.source().begin.column)),
                 "fix the syntax at that position (see https://toml.io)");
  };
#if TOML_EXCEPTIONS
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    throw report(error);
  }
#else
  toml::parse_result result = toml::parse(text, file);
  if (!result) throw report(result.error());
  return std::move(result).table();
#endif
}

}  // namespace

std::string_view to_string(MigrationPrefix prefix) {
  switch (prefix) {
    case MigrationPrefix::Index:
      return "index";
    case MigrationPrefix::Timestamp:
      return "timestamp";
    case MigrationPrefix::Unix:
      return "unix";
    case MigrationPrefix::None:
      return "none";
  }
  return "index";
}

std::optional<fs::path> find_config_file(const fs::path& start_directory) {
  fs::path directory = fs::absolute(start_directory).lexically_normal();
  while (true) {
    fs::path candidate = directory / "sleet.toml";
    std::error_code error;
    if (fs::is_regular_file(candidate, error)) return candidate;
    if (!directory.has_relative_path()) return std::nullopt;
    directory = directory.parent_path();
  }
}

fs::path locate_config_file(const std::optional<fs::path>& explicit_path,
                            const fs::path& start_directory) {
  if (explicit_path) {
    std::error_code error;
    if (!fs::is_regular_file(*explicit_path, error)) {
      throw Error(ErrorKind::Usage,
                  fmt::format("config file {} does not exist", explicit_path->string()), {},
                  "check the path given to --config");
    }
    return fs::absolute(*explicit_path).lexically_normal();
  }
  if (auto found = find_config_file(start_directory)) return *found;
  throw Error(ErrorKind::Usage,
              fmt::format("no sleet.toml in {} or any directory above it",
                          fs::absolute(start_directory).lexically_normal().string()),
              {},
              "create one (see docs/config.md), run from the project directory, or pass "
              "--config PATH");
}

Config parse_config(std::string_view text, const fs::path& path, const Environment& environment) {
  std::string file = path.string();
  toml::table root = parse_toml(text, file);
  SettingsReader reader(file, environment);

  Config config;
  config.file = fs::absolute(path).lexically_normal();
  config.project_directory = config.file.parent_path();
  Settings defaults = reader.read_scope(root, "");
  if (const toml::node* lint = root.get("lint")) {
    const toml::table* rules = lint->as_table();
    if (!rules) {
      throw Error(ErrorKind::Usage,
                  fmt::format("`lint` must be a table, not {}", type_name(lint->type())),
                  reader.where(lint->source()), "write it as a section: [lint]");
    }
    for (auto&& [rule, level] : *rules) {
      if (rule.str() == "small_table_rows") {
        const auto* rows = level.as_integer();
        if (!rows || rows->get() < 0) {
          throw Error(ErrorKind::Usage, "`lint.small_table_rows` must be a whole number >= 0",
                      reader.where(level.source()), "e.g. small_table_rows = 10000");
        }
        config.lint_small_table_rows = rows->get();
        continue;
      }
      const auto* text = level.as_string();
      if (!text) {
        throw Error(
            ErrorKind::Usage,
            fmt::format("`lint.{}` must be a string, not {}", rule.str(), type_name(level.type())),
            reader.where(level.source()),
            fmt::format("e.g. {} = \"error\" (error, warning, info or off)", rule.str()));
      }
      config.lint.push_back({std::string(rule.str()), text->get(), reader.where(level.source())});
    }
  }

  const toml::node* targets = root.get("targets");
  if (!targets) {
    config.targets.push_back(
        merge(defaults, Settings{}, "default", config.file, config.project_directory));
    return config;
  }
  config.has_targets_section = true;
  const toml::table* table = targets->as_table();
  if (!table || table->empty()) {
    throw Error(ErrorKind::Usage,
                table
                    ? std::string("[targets] defines no target")
                    : fmt::format("`targets` must be a table, not {}", type_name(targets->type())),
                reader.where(targets->source()),
                "add a section per database, e.g. [targets.auth] with its own `database`, or "
                "remove `targets` to use the top-level settings alone");
  }
  for (auto&& [key, node] : *table) {
    std::string prefix = fmt::format("targets.{}.", key.str());
    const toml::table* own = node.as_table();
    if (!own) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("`targets.{}` must be a table, not {}", key.str(), type_name(node.type())),
          reader.where(node.source()),
          fmt::format("write it as a section: [targets.{}]", key.str()));
    }
    if (key.str().empty()) {
      throw Error(ErrorKind::Usage, "a target has an empty name", reader.where(key.source()),
                  "name it, e.g. [targets.auth]");
    }
    try {
      config.targets.push_back(merge(defaults, reader.read_scope(*own, prefix),
                                     std::string(key.str()), config.file,
                                     config.project_directory));
    } catch (const config_detail::UnsetVariableError& unset) {
      // Only fatal when this target is selected: another service's variables may be unset.
      Target deferred;
      deferred.name = std::string(key.str());
      deferred.config_file = config.file;
      deferred.project_directory = config.project_directory;
      deferred.unusable = std::make_shared<const Error>(unset);
      config.targets.push_back(std::move(deferred));
    }
  }
  // toml++ keeps keys in a sorted map, but say so here rather than rely on it.
  std::sort(config.targets.begin(), config.targets.end(),
            [](const Target& a, const Target& b) { return a.name < b.name; });
  return config;
}

Config load_config(const fs::path& path, const Environment& environment) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::Usage, fmt::format("cannot read config file {}", path.string()), {},
                "check that the file exists and is readable");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path, environment);
}

}  // namespace sleet
