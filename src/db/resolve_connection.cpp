// resolve_connection: merges every place that can say where to connect, field by field,
// in the precedence documented in docs/connections.md.
#include <fmt/format.h>

#include <array>
#include <utility>

#include "db/db_internal.h"
#include "sleet/db.h"

namespace sleet::db {
namespace {

// One source of settings and the name each of its fields is reported under.
struct Layer {
  ConnectionSettings settings;
  std::map<std::string, std::string> sources;
};

// libpq's environment variables and the connection keyword each one sets.
constexpr std::array<std::pair<const char*, const char*>, 20> kLibpqVariables{{
    {"PGHOST", "host"},
    {"PGPORT", "port"},
    {"PGUSER", "user"},
    {"PGPASSWORD", "password"},
    {"PGDATABASE", "dbname"},
    {"PGHOSTADDR", "hostaddr"},
    {"PGPASSFILE", "passfile"},
    {"PGSERVICE", "service"},
    {"PGOPTIONS", "options"},
    {"PGAPPNAME", "application_name"},
    {"PGSSLMODE", "sslmode"},
    {"PGSSLCERT", "sslcert"},
    {"PGSSLKEY", "sslkey"},
    {"PGSSLROOTCERT", "sslrootcert"},
    {"PGSSLCRL", "sslcrl"},
    {"PGCONNECT_TIMEOUT", "connect_timeout"},
    {"PGTARGETSESSIONATTRS", "target_session_attrs"},
    {"PGCHANNELBINDING", "channel_binding"},
    {"PGGSSENCMODE", "gssencmode"},
    {"PGCLIENTENCODING", "client_encoding"},
}};

constexpr std::array<std::pair<const char*, const char*>, 5> kDockerVariables{{
    {"POSTGRES_HOST", "host"},
    {"POSTGRES_PORT", "port"},
    {"POSTGRES_USER", "user"},
    {"POSTGRES_PASSWORD", "password"},
    {"POSTGRES_DB", "dbname"},
}};

// Records every field `settings` sets as coming from `source`.
Layer layer_from(ConnectionSettings settings, const std::string& source) {
  Layer layer;
  auto note = [&](bool is_set, const char* field) {
    if (is_set) layer.sources[field] = source;
  };
  note(!settings.host.empty(), "host");
  note(settings.port != 0, "port");
  note(!settings.user.empty(), "user");
  note(!settings.password.empty(), "password");
  note(!settings.database.empty(), "database");
  for (const auto& [key, value] : settings.options) layer.sources[key] = source;
  layer.settings = std::move(settings);
  return layer;
}

Layer url_layer(const std::string& url, const std::string& source) {
  try {
    return layer_from(parse_connection_string(url), source);
  } catch (const Error& error) {
    throw Error(ErrorKind::Usage, error.what(), source, error.hint());
  }
}

template <std::size_t N>
Layer variables_layer(const Environment& environment,
                      const std::array<std::pair<const char*, const char*>, N>& variables) {
  Layer layer;
  for (const auto& [variable, keyword] : variables) {
    auto found = environment.find(variable);
    if (!found || found->value.empty()) continue;
    std::string source = fmt::format("{} ({})", variable, found->origin);
    internal::set_keyword(layer.settings, keyword, found->value, source);
    layer.sources[std::string(keyword) == "dbname" ? "database" : keyword] = source;
  }
  return layer;
}

// Fills each field of `target` that is still unset from `layer`.
void fill_from(ResolvedConnection& target, const Layer& layer) {
  ConnectionSettings& into = target.settings;
  const ConnectionSettings& from = layer.settings;
  auto take = [&](auto& field, const auto& value, bool is_unset, const char* name) {
    if (is_unset && layer.sources.contains(name)) {
      field = value;
      target.sources[name] = layer.sources.at(name);
    }
  };
  take(into.host, from.host, into.host.empty(), "host");
  take(into.port, from.port, into.port == 0, "port");
  take(into.user, from.user, into.user.empty(), "user");
  take(into.password, from.password, into.password.empty(), "password");
  take(into.database, from.database, into.database.empty(), "database");
  for (const auto& [key, value] : from.options) {
    if (!into.options.contains(key)) {
      into.options[key] = value;
      target.sources[key] = layer.sources.at(key);
    }
  }
}

}  // namespace

ResolvedConnection resolve_connection(const ConnectionRequest& request) {
  std::vector<Layer> layers;
  if (request.url_flag) layers.push_back(url_layer(*request.url_flag, "--url"));
  if (request.config_url) layers.push_back(url_layer(*request.config_url, "config url"));
  if (request.config_database && !request.config_database->empty()) {
    ConnectionSettings only_database;
    only_database.database = *request.config_database;
    layers.push_back(layer_from(std::move(only_database), "config database"));
  }
  if (auto database_url = request.environment.find("DATABASE_URL");
      database_url && !database_url->value.empty()) {
    layers.push_back(
        url_layer(database_url->value, fmt::format("DATABASE_URL ({})", database_url->origin)));
  }
  layers.push_back(variables_layer(request.environment, kLibpqVariables));
  layers.push_back(variables_layer(request.environment, kDockerVariables));

  ResolvedConnection resolved;
  for (const Layer& layer : layers) fill_from(resolved, layer);

  ConnectionSettings defaults;
  defaults.host = "localhost";
  defaults.port = 5432;
  defaults.user = "postgres";
  // libpq's rule: the database defaults to the user name.
  defaults.database = resolved.settings.user.empty() ? "postgres" : resolved.settings.user;
  Layer default_layer = layer_from(std::move(defaults), "default");
  default_layer.sources.erase("password");
  fill_from(resolved, default_layer);
  return resolved;
}

}  // namespace sleet::db
