#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/target_runner.h"
#include "sleet/dev_database.h"

namespace sleet::cli {

namespace fs = std::filesystem;

namespace {

std::optional<fs::path> explicit_config_path(const GlobalOptions& options) {
  if (options.config_path.empty()) return std::nullopt;
  return fs::absolute(options.config_path);
}

}  // namespace

Project::Project(const GlobalOptions& options) : options_(options) {}

const Environment& Project::environment() {
  if (!environment_) {
    // The .env beside sleet.toml (or in the current directory when there is none) fills in
    // variables the real environment does not set.
    std::optional<fs::path> explicit_file;
    if (!options_.env_file.empty()) explicit_file = fs::absolute(options_.env_file);
    fs::path project_dir = fs::current_path();
    if (auto config = explicit_config_path(options_)) {
      project_dir = config->parent_path();
    } else if (auto found = find_config_file(fs::current_path())) {
      project_dir = found->parent_path();
    }
    environment_ = environment_with_env_file(Environment::process(), project_dir, explicit_file);
  }
  return *environment_;
}

bool Project::has_config() {
  return config_.has_value() || explicit_config_path(options_).has_value() ||
         find_config_file(fs::current_path()).has_value();
}

const Config& Project::config() {
  if (!config_) {
    config_ = load_config(locate_config_file(explicit_config_path(options_), fs::current_path()),
                          environment());
  }
  return *config_;
}

std::vector<Target> Project::targets() {
  std::optional<std::string> flag;
  if (!options_.target.empty()) flag = options_.target;
  return select_targets(config(), flag, options_.all, environment());
}

TypeScriptSchemaOptions typescript_options(const Target* target) {
  TypeScriptSchemaOptions options;
  if (!target) return options;
  options.project_directory = target->project_directory;
  options.schema_filter = target->schema_filter;
  options.casing = target->casing;
  return options;
}

fs::path migration_folder_path(const Target* target, const std::string& out_flag) {
  if (!out_flag.empty()) return fs::absolute(out_flag);
  if (target) return target->out;
  return fs::absolute("drizzle");
}

MigrateOptions tracking_options(const Target* target) {
  MigrateOptions options;
  if (target) {
    options.migrations_schema = target->migrations_schema;
    options.migrations_table = target->migrations_table;
  }
  return options;
}

fs::path Project::project_directory() {
  if (auto config = explicit_config_path(options_)) return config->parent_path();
  if (auto found = find_config_file(fs::current_path())) return found->parent_path();
  return fs::current_path();
}

std::vector<std::optional<Target>> Project::targets_or_none() {
  std::vector<std::optional<Target>> out;
  if (!has_config()) {
    out.emplace_back(std::nullopt);
    return out;
  }
  for (auto& target : targets()) out.emplace_back(std::move(target));
  return out;
}

std::optional<db::ResolvedConnection> Project::existing_connection(const Target* target) {
  if (!options_.url.empty() || (target && (target->url || target->connection_unset)) ||
      options_.dev || DevDatabase(project_directory()).running_port()) {
    return connection(target);
  }
  db::ConnectionRequest request;
  if (target) request.config_database = target->database;
  request.environment = environment();
  db::ResolvedConnection resolved = db::resolve_connection(request);
  if (!db::names_a_server(resolved)) return std::nullopt;
  json_document().set_database(target ? target->name : "", resolved.settings.describe());
  return resolved;
}

std::optional<Project::Refusal> Project::development_database_refusal(ConnectionUse use) {
  const Environment& variables = environment();
  if (options_.dev) {
    if (!options_.url.empty()) {
      throw Error(ErrorKind::Usage, "--dev and --url cannot be used together", "",
                  "--dev uses the project's development database; drop one of them");
    }
    if (is_production(variables)) {
      throw Error(ErrorKind::Usage,
                  "refusing --dev: this environment is marked production (SLEET_ENV or NODE_ENV)",
                  "", "name the production database with --url, `url` or DATABASE_URL");
    }
    return std::nullopt;
  }
  if (is_production(variables)) {
    return Refusal{
        "this environment is marked production (SLEET_ENV or NODE_ENV), where sleet "
        "never uses a development database",
        ""};
  }
  if (use.waits_for_server) {
    return Refusal{
        "--wait says a deploy step is waiting for its server, so sleet will not use "
        "a development database in its place",
        ""};
  }
  if (auto ci = variables.get("CI"); ci && !ci->empty() && *ci != "false" && *ci != "0") {
    return Refusal{"CI is set, and a CI job gets a development database only when it passes --dev",
                   "for a throwaway development database in this job, pass --dev"};
  }
  if (DevDatabase(project_directory()).running_port()) return std::nullopt;
  if (isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) return std::nullopt;
  return Refusal{
      "without a terminal sleet uses the development database only when it is "
      "running already (`sleet dev start`) or --dev asks for it",
      "for the project's private development database instead, run `sleet dev start` "
      "or pass --dev"};
}

db::ResolvedConnection Project::connection(const Target* target,
                                           const std::function<void(const std::string&)>& note,
                                           ConnectionUse use) {
  db::ResolvedConnection resolved = resolve(target, note, use);
  json_document().set_database(target ? target->name : "", resolved.settings.describe());
  return resolved;
}

db::ResolvedConnection Project::resolve(const Target* target,
                                        const std::function<void(const std::string&)>& note,
                                        ConnectionUse use) {
  std::lock_guard lock(connection_mutex_);
  // --url overrides the config's url, so only without it does the config's unset variable
  // matter.
  if (target && target->connection_unset && options_.url.empty()) throw *target->connection_unset;
  db::ConnectionRequest request;
  if (!options_.url.empty()) request.url_flag = options_.url;
  if (target) {
    request.config_url = target->url;
    request.config_database = target->database;
  }
  request.environment = environment();
  db::ResolvedConnection resolved = db::resolve_connection(request);
  if (db::names_a_server(resolved) && !options_.dev) return resolved;
  if (options_.dev && (target && target->url)) {
    throw Error(ErrorKind::Usage,
                fmt::format("--dev, but target {} names its server with `url`", target->name),
                target->config_file.string(),
                "drop --dev, or use `database` instead of `url` for this target");
  }
  if (auto refusal = development_database_refusal(use)) {
    throw db::no_database_configured(environment(), refusal->why, refusal->offer);
  }

  DevDatabase dev(project_directory());
  bool started = dev.start();
  std::string database = target && target->database ? *target->database : "postgres";
  db::ConnectionSettings named = std::move(resolved.settings);
  std::map<std::string, std::string> named_sources = std::move(resolved.sources);
  resolved.settings = dev.settings(database);
  resolved.sources.clear();
  // Session options (PGOPTIONS, PGAPPNAME) still apply on the development server.
  for (const char* key : {"options", "application_name"}) {
    if (auto found = named.options.find(key); found != named.options.end()) {
      resolved.settings.options[key] = found->second;
      resolved.sources[key] = named_sources[key];
    }
  }
  for (const char* key : {"host", "port", "user", "password"}) {
    resolved.sources[key] = "development database";
  }
  resolved.sources["database"] =
      target && target->database ? "config database" : "development database";
  if (note) {
    note(fmt::format("no database configured: using the development database {} ({}{})",
                     resolved.settings.describe(), started ? "started it; " : "",
                     "`sleet dev stop` stops it"));
  }
  return resolved;
}

}  // namespace sleet::cli
