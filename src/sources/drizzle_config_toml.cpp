// A drizzle config (evaluated: drizzle_config_evaluate.cpp) as sleet.toml text, and the
// account of what was mapped and what was not.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sleet/drizzle_config.h"
#include "sleet/error.h"
#include "sources/drizzle_config_internal.h"
#include "sources/drizzle_kit.h"

namespace sleet {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Why a drizzle setting has no sleet.toml counterpart.
const std::map<std::string, std::string>& unmapped_reasons() {
  static const std::map<std::string, std::string> reasons = {
      {"driver", "sleet connects with libpq; there is no driver to choose"},
      {"strict", "a flag, not a setting: `sleet push --strict`"},
      {"verbose", "a flag, not a setting: `sleet --verbose ...`"},
      {"entities.roles",
       "sleet has no switch: roles declared in the schema files are part of the schema"},
      {"extensionsFilters",
       "sleet's inspector does not read extensions' own objects (sleet.toml's `extensions` "
       "creates extensions, which is something else)"},
      {"introspect", "`sleet pull` writes SQL files; drizzle's introspect settings do not apply"},
  };
  return reasons;
}

std::string toml_quoted(std::string_view text) {
  std::string result = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      result += '\\';
      result += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      result += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
    } else {
      result += c;
    }
  }
  return result + "\"";
}

std::string bare_or_quoted(const std::string& key) {
  bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  return bare ? key : toml_quoted(key);
}

// A path as drizzle-kit takes it (relative to where it runs), as sleet.toml takes it.
std::string as_path(std::string text) {
  while (text.starts_with("./")) text.erase(0, 2);
  return text;
}

// One scope of sleet.toml (the top level, or one target) being written.
class ScopeWriter {
 public:
  ScopeWriter(std::string target, DrizzleConfigImport& import, std::set<std::string>& variables)
      : target_(std::move(target)), import_(import), variables_(variables) {}

  // `value` (a string with markers) as a TOML string.
  std::string string(const std::string& value) {
    return toml_quoted(sources::with_references(value, variables_));
  }

  // A string or a list of strings as a TOML array; nullopt for anything else.
  std::optional<std::string> strings(const json& value, bool paths) {
    json list = value.is_array() ? value : json::array({value});
    std::string text;
    for (const json& item : list) {
      if (!item.is_string()) return std::nullopt;
      std::string entry = paths ? as_path(item.get<std::string>()) : item.get<std::string>();
      text += (text.empty() ? "" : ", ") + string(entry);
    }
    return "[" + text + "]";
  }

  void set(const std::string& drizzle_key, const std::string& key, const std::string& value,
           bool migrations = false) {
    std::string line = key + " = " + value;
    (migrations ? migrations_ : lines_).push_back(line);
    import_.mapped.push_back({target_, drizzle_key, migrations ? "[migrations] " + line : line});
  }

  void skip(const std::string& drizzle_key, const std::string& why) {
    import_.not_mapped.push_back({target_, drizzle_key, why});
  }

  void note(const std::string& text) {
    import_.notes.push_back(target_.empty() ? text : fmt::format("[{}] {}", target_, text));
  }

  const std::string& target() const { return target_; }

  std::string text(const std::string& header) const {
    std::string result = header.empty() ? "" : "[" + header + "]\n";
    for (const std::string& line : lines_) result += line + "\n";
    if (!migrations_.empty()) {
      result += "\n[" + (header.empty() ? "" : header + ".") + "migrations]\n";
      for (const std::string& line : migrations_) result += line + "\n";
    }
    return result;
  }

 private:
  std::string target_;
  DrizzleConfigImport& import_;
  std::set<std::string>& variables_;
  std::vector<std::string> lines_;
  std::vector<std::string> migrations_;
};

// The variable a literal password gives way to: DATABASE_PASSWORD, or AUTH_DATABASE_PASSWORD
// for target `auth`.
std::string password_variable(const std::string& target) {
  std::string name;
  for (char c : target) {
    name += std::isalnum(static_cast<unsigned char>(c))
                ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                : '_';
  }
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) name = "_" + name;
  return (name.empty() ? "" : name + "_") + "DATABASE_PASSWORD";
}

// A literal password as a placeholder the user must set (never written to the file).
std::string password_reference(ScopeWriter& scope, const std::string& where) {
  std::string variable = password_variable(scope.target());
  scope.note(
      fmt::format("{} holds a literal password: sleet.toml refers to ${{{}}} instead; "
                  "set {} (in the environment or .env) to that password",
                  where, variable, variable));
  return "@@sleet-env:" + variable + "@@";
}

// Where the password of postgres://user:password@host... is, if it has one.
std::optional<std::pair<std::size_t, std::size_t>> password_span(const std::string& url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return std::nullopt;
  std::size_t start = scheme + 3;
  std::size_t at = url.find('@', start);
  std::size_t slash = url.find('/', start);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return std::nullopt;
  std::size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at || colon + 1 == at) return std::nullopt;
  return std::make_pair(colon + 1, at - colon - 1);
}

// `url` with a literal password replaced by a placeholder, and without fallbacks that hold
// one (process.env.DATABASE_URL ?? "postgres://me:secret@localhost/db").
std::string url_without_literal_password(std::string url, ScopeWriter& scope) {
  for (const std::string& fallback : sources::fallbacks_in(url)) {
    if (password_span(fallback)) {
      scope.note(
          "dbCredentials.url falls back to a URL with a password when its variable is "
          "unset: that fallback is not written");
      url = sources::without_fallbacks(url);
      break;
    }
  }
  auto span = password_span(url);
  if (!span || sources::reads_environment(url.substr(span->first, span->second))) return url;
  return url.replace(span->first, span->second, password_reference(scope, "dbCredentials.url"));
}

// A password read from a variable, without the fallback the config may give it.
std::string password_from_variable(const std::string& password, ScopeWriter& scope) {
  if (!sources::fallbacks_in(password).empty()) {
    scope.note(
        "dbCredentials.password falls back to a literal password when its variable is "
        "unset: that fallback is not written");
  }
  return sources::without_fallbacks(password);
}

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return value.dump();
}

// ssl as libpq's sslmode, or "" when it adds nothing.
std::string ssl_mode(const json& ssl, ScopeWriter& scope) {
  static const std::vector<std::string> modes = {"disable", "allow",     "prefer",
                                                 "require", "verify-ca", "verify-full"};
  if (ssl.is_boolean()) return ssl.get<bool>() ? "require" : "disable";
  if (ssl.is_string()) {
    std::string text = ssl.get<std::string>();
    if (std::find(modes.begin(), modes.end(), text) != modes.end() ||
        sources::reads_environment(text))
      return text;
  }
  scope.skip("dbCredentials.ssl",
             fmt::format("{}: TLS options are not carried over; the URL says sslmode=require "
                         "(libpq's sslrootcert, sslcert, sslkey parameters set the rest)",
                         sources::readable(ssl.dump())));
  return "require";
}

// host/port/user/password/database/ssl as one URL.
std::string url_from_parts(const json& credentials, ScopeWriter& scope) {
  std::string url = "postgres://";
  if (credentials.contains("user")) {
    url += text_of(credentials["user"]);
    if (credentials.contains("password")) {
      std::string password = text_of(credentials["password"]);
      url += ':';
      url += sources::reads_environment(password)
                 ? password_from_variable(password, scope)
                 : password_reference(scope, "dbCredentials.password");
    }
    url += "@";
  }
  url += credentials.contains("host") ? text_of(credentials["host"]) : "localhost";
  // Appended piece by piece: GCC 12 warns (-Wrestrict) about `":" + text` here, wrongly.
  if (credentials.contains("port")) (url += ':') += text_of(credentials["port"]);
  if (credentials.contains("database")) (url += '/') += text_of(credentials["database"]);
  if (credentials.contains("ssl")) {
    std::string mode = ssl_mode(credentials["ssl"], scope);
    if (!mode.empty()) url += "?sslmode=" + mode;
  }
  return url;
}

void map_credentials(const json& credentials, ScopeWriter& scope) {
  if (!credentials.is_object()) {
    scope.skip("dbCredentials", "not an object");
    return;
  }
  if (credentials.contains("url") && credentials["url"].is_string()) {
    std::string url = url_without_literal_password(credentials["url"].get<std::string>(), scope);
    scope.set("dbCredentials.url", "url", scope.string(url));
  } else if (credentials.contains("host") || credentials.contains("database")) {
    std::string url = url_from_parts(credentials, scope);
    scope.set("dbCredentials (host, port, user, password, database, ssl)", "url",
              scope.string(url));
    if (sources::reads_environment(credentials.value("user", json()).dump() +
                                   credentials.value("password", json()).dump())) {
      scope.note(
          "the URL is built from variables: a user or password holding `@`, `:`, `/` "
          "or `%` must be percent-encoded in its variable");
    }
  }
  for (const auto& [key, value] : credentials.items()) {
    static const std::set<std::string> used = {"url",      "host",     "port", "user",
                                               "password", "database", "ssl"};
    if (!used.contains(key)) {
      scope.skip("dbCredentials." + key, "not a libpq connection setting");
    }
  }
}

void map_migrations(const json& migrations, ScopeWriter& scope) {
  for (const auto& [key, value] : migrations.items()) {
    std::string name = "migrations." + key;
    if ((key == "table" || key == "schema") && value.is_string()) {
      scope.set(name, key, scope.string(value.get<std::string>()), true);
    } else if (key == "prefix" && value == "supabase") {
      scope.set(name, "prefix", toml_quoted("timestamp"));
      scope.note("migrations.prefix \"supabase\" is drizzle-kit's name for timestamp prefixes");
    } else if (key == "prefix" && value.is_string()) {
      scope.set(name, "prefix", scope.string(value.get<std::string>()));
    } else {
      scope.skip(name, "sleet has no such setting");
    }
  }
}

void map_entities(const json& entities, ScopeWriter& scope) {
  for (const auto& [key, value] : entities.items()) {
    std::string name = "entities." + key;
    auto reason = unmapped_reasons().find(name);
    scope.skip(name,
               reason != unmapped_reasons().end() ? reason->second : "sleet has no such setting");
  }
}

void map_setting(const std::string& key, const json& value, ScopeWriter& scope) {
  std::optional<std::string> list;
  if (key == "dialect") {
    return;  // checked before
  } else if (key == "schema" && (list = scope.strings(value, true))) {
    scope.set(key, "schema",
              value.is_string() ? scope.string(as_path(value.get<std::string>())) : *list);
  } else if (key == "out" && value.is_string()) {
    scope.set(key, "out", scope.string(as_path(value.get<std::string>())));
  } else if (key == "dbCredentials") {
    map_credentials(value, scope);
  } else if (key == "schemaFilter" && (list = scope.strings(value, false))) {
    scope.set(key, "schema_filter", *list);
  } else if (key == "tablesFilter" && (list = scope.strings(value, false))) {
    scope.set(key, "tables_filter", *list);
  } else if (key == "migrations" && value.is_object()) {
    map_migrations(value, scope);
  } else if (key == "breakpoints" && value.is_boolean()) {
    scope.set(key, "breakpoints", value.get<bool>() ? "true" : "false");
  } else if (key == "casing" && value.is_string()) {
    scope.set(key, "casing", scope.string(value.get<std::string>()));
  } else if (key == "entities" && value.is_object()) {
    map_entities(value, scope);
  } else {
    auto reason = unmapped_reasons().find(key);
    scope.skip(key,
               reason != unmapped_reasons().end() ? reason->second : "sleet has no such setting");
  }
}

// One config's settings into `scope`, in sleet.toml's usual order, then the rest.
void map_settings(const json& config, ScopeWriter& scope) {
  static const std::vector<std::string> order = {
      "dialect",      "schema",     "out",         "dbCredentials", "schemaFilter",
      "tablesFilter", "migrations", "breakpoints", "casing",        "entities"};
  for (const std::string& key : order) {
    if (config.contains(key)) map_setting(key, config[key], scope);
  }
  for (const auto& [key, value] : config.items()) {
    if (std::find(order.begin(), order.end(), key) == order.end()) map_setting(key, value, scope);
  }
}

// Stops on what sleet cannot use at all: another database, or no schema.
void check_config(const json& config, const std::string& service, const fs::path& file) {
  std::string in = service.empty() ? "" : fmt::format(" (SERVICE={})", service);
  if (!config.is_object()) {
    throw Error(ErrorKind::Usage, fmt::format("the drizzle config{} does not export an object", in),
                sources::shown(file), "export default defineConfig({ ... })");
  }
  std::string dialect = config.value("dialect", std::string());
  if (dialect != "postgresql") {
    throw Error(ErrorKind::Usage,
                fmt::format("the drizzle config{} says dialect: {}: sleet works with PostgreSQL "
                            "only",
                            in, dialect.empty() ? "(none)" : "\"" + dialect + "\""),
                sources::shown(file),
                "sleet reads configs with dialect: \"postgresql\"; keep drizzle-kit for other "
                "databases");
  }
  if (!config.contains("schema")) {
    throw Error(ErrorKind::Usage, fmt::format("the drizzle config{} has no `schema`", in),
                sources::shown(file), "add schema: \"./src/db/schema.ts\" (or a glob) to it");
  }
}

std::string header_comment(const DrizzleConfigImport& import, const fs::path& project) {
  std::string text = fmt::format(
      "# Written by `sleet init --from-drizzle` from {} (drizzle-kit {}).\n"
      "# Every key: docs/config.md of sleet.\n",
      import.config_file.lexically_relative(project).string(), import.drizzle_kit_version);
  if (!import.targets.empty()) {
    text +=
        "# One target per service of the config: SERVICE=NAME selects one, as it did for\n"
        "# drizzle-kit (or --target NAME, or --all).\n";
  }
  return text + "\n";
}

}  // namespace

fs::path find_drizzle_config(const fs::path& directory,
                             const std::optional<fs::path>& explicit_path) {
  if (explicit_path) {
    fs::path path = explicit_path->is_absolute() ? *explicit_path : directory / *explicit_path;
    if (!sources::path_exists(path)) {
      throw Error(ErrorKind::Usage, "the drizzle config does not exist", path.string(),
                  "pass the path of drizzle.config.ts with --config");
    }
    return fs::absolute(path).lexically_normal();
  }
  for (const char* extension : {"ts", "js", "json", "mjs", "cjs", "mts", "cts"}) {
    fs::path path = directory / fmt::format("drizzle.config.{}", extension);
    if (sources::path_exists(path)) return fs::absolute(path).lexically_normal();
  }
  throw Error(ErrorKind::Usage,
              "no drizzle.config.ts (nor .js, .json, .mjs, .cjs, .mts, .cts) in this directory",
              fs::absolute(directory).lexically_normal().string(),
              "run it where drizzle.config.ts is, or pass --config PATH");
}

DrizzleConfigImport import_drizzle_config(const fs::path& config_file,
                                          const fs::path& project_directory) {
  fs::path project = fs::absolute(project_directory).lexically_normal();
  sources::EvaluatedDrizzleConfig read = sources::evaluate_drizzle_config(config_file, project);
  DrizzleConfigImport import;
  import.config_file = fs::absolute(config_file).lexically_normal();
  import.drizzle_kit_version = read.drizzle_kit_version;
  import.tried_names = read.tried;
  std::set<std::string> variables;
  std::string body;
  if (read.services.empty()) {
    check_config(read.config, "", config_file);
    ScopeWriter scope("", import, variables);
    map_settings(read.config, scope);
    body = scope.text("");
    if (read.reads_service && variables.contains("SERVICE")) {
      import.notes.push_back(
          "the config builds settings from SERVICE: sleet.toml keeps "
          "${SERVICE} in them, so SERVICE must be set for sleet too");
    }
  } else {
    if (read.service_fallback) {
      import.notes.push_back(
          "with SERVICE unset (or unknown) the config falls back to one of "
          "its services; sleet asks for a target instead (SERVICE=NAME, "
          "--target NAME or --all)");
    }
    for (const auto& service : read.services) {
      check_config(service.config, service.name, config_file);
      import.targets.push_back(service.name);
      ScopeWriter scope(service.name, import, variables);
      map_settings(service.config, scope);
      if (!body.empty()) body += "\n";
      body += scope.text("targets." + bare_or_quoted(service.name));
    }
  }
  // drizzle-kit 1.x writes one folder per migration: a new folder gets its layout too (a folder
  // that exists keeps its own).
  if (import.drizzle_kit_version.starts_with("1.")) {
    body = "format = \"v3\"\n" + body;
    import.mapped.push_back(
        {"", "drizzle-kit version", fmt::format("format = \"v3\" (drizzle-kit {} folders)",
                                                import.drizzle_kit_version)});
  }
  import.toml = header_comment(import, project) + body;
  import.variables.assign(variables.begin(), variables.end());
  return import;
}

}  // namespace sleet
