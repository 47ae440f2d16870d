#include <fmt/format.h>

#include <filesystem>

#include "cli/cli.h"
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

const db::Environment& Project::database_environment() {
  if (!database_environment_) {
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
    database_environment_ =
        db::environment_with_env_file(db::Environment::process(), project_dir, explicit_file);
  }
  return *database_environment_;
}

const Environment& Project::environment() {
  if (!environment_) {
    db::Environment merged = database_environment();
    environment_ = [merged](const std::string& name) { return merged.get(name); };
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
  if (!options_.url.empty() || (target && target->url) ||
      DevDatabase(project_directory()).running_port()) {
    return connection(target);
  }
  db::ConnectionRequest request;
  if (target) request.config_database = target->database;
  request.environment = database_environment();
  db::ResolvedConnection resolved = db::resolve_connection(request);
  for (const auto& [key, source] : resolved.sources) {
    if (source != "default" && !(key == "database" && source == "config database")) {
      return resolved;
    }
  }
  return std::nullopt;
}

db::ResolvedConnection Project::connection(const Target* target,
                                           const std::function<void(const std::string&)>& note) {
  std::lock_guard lock(connection_mutex_);
  db::ConnectionRequest request;
  if (!options_.url.empty()) request.url_flag = options_.url;
  if (target) {
    request.config_url = target->url;
    request.config_database = target->database;
  }
  request.environment = database_environment();
  db::ResolvedConnection resolved = db::resolve_connection(request);
  // A database name alone does not name a server.
  bool server_named = false;
  for (const auto& [key, source] : resolved.sources) {
    if (source != "default" && !(key == "database" && source == "config database")) {
      server_named = true;
    }
  }
  if (server_named) return resolved;

  DevDatabase dev(project_directory());
  bool started = dev.start();
  std::string database = target && target->database ? *target->database : "postgres";
  resolved.settings = dev.settings(database);
  for (auto& [key, source] : resolved.sources) {
    if (source == "default") source = "development database";
  }
  if (note) {
    note(fmt::format("no database configured: using the development database {} ({}{})",
                     resolved.settings.describe(), started ? "started it; " : "",
                     "`sleet dev stop` stops it"));
  }
  return resolved;
}

}  // namespace sleet::cli
