#include "studio/studio_api.h"

#include <fmt/format.h>

#include "sleet/error.h"
#include "studio/http_error.h"
#include "studio/request_path.h"
#include "studio/row_writes.h"
#include "studio/schema_json.h"
#include "studio/sql_console.h"
#include "studio/table_info.h"
#include "studio/table_page.h"
#include "studio/web_assets.h"

namespace sleet::studio {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

// The page runs only its own scripts and styles and talks only to this server.
const httplib::Headers kSecurityHeaders = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cache-Control", "no-store"},
};

constexpr const char* kUnauthorizedPage =
    "<!doctype html><meta charset=utf-8><title>sleet studio</title>"
    "<p>Open the address <code>sleet studio</code> printed (it carries a token).</p>";

nlohmann::json request_body(const httplib::Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    throw HttpError(400, "the request body must be a JSON object");
  }
  return body;
}

nlohmann::ordered_json database_error_body(const db::DatabaseError& error) {
  nlohmann::ordered_json details = {
      {"sqlstate", error.sqlstate()}, {"hint", error.hint()}, {"detail", error.detail()}};
  if (error.position() > 0) details["position"] = error.position();
  return HttpError(400, error.what(), details).body();
}

db::ConnectionSettings studio_connection(db::ConnectionSettings settings) {
  settings.options.try_emplace("application_name", "sleet studio");
  return settings;
}

}  // namespace

StudioApi::StudioApi(const StudioOptions& options, const AccessGuard& guard)
    : options_(options),
      guard_(guard),
      pool_(studio_connection(options.connection), db::PoolOptions{.max_size = 4}) {}

void StudioApi::respond(httplib::Response& response, const httplib::Request& request,
                        const JsonHandler& handler) {
  nlohmann::ordered_json body;
  try {
    body = handler(request);
    response.status = 200;
  } catch (const HttpError& error) {
    response.status = error.status();
    body = error.body();
  } catch (const db::DatabaseError& error) {
    response.status = 400;
    body = database_error_body(error);
  } catch (const Error& error) {
    response.status = error.kind() == ErrorKind::Connection ? 503
                      : error.kind() == ErrorKind::Usage    ? 422
                                                            : 500;
    body =
        HttpError(response.status, error.what(), {{"where", error.where()}, {"hint", error.hint()}})
            .body();
  } catch (const std::exception& error) {
    response.status = 500;
    body = HttpError(500, error.what()).body();
  }
  response.set_content(body.dump(), kJson);
}

httplib::Server::HandlerResponse StudioApi::guard(const httplib::Request& request,
                                                  httplib::Response& response) const {
  AccessGuard::Verdict verdict = guard_.check(request);
  if (verdict == AccessGuard::Verdict::Allowed) return httplib::Server::HandlerResponse::Unhandled;
  bool api = request.path.starts_with("/api/");
  if (verdict == AccessGuard::Verdict::Forbidden) {
    response.status = 403;
    response.set_content(HttpError(403, guard_.forbidden_reason(request)).body().dump(), kJson);
  } else if (api) {
    response.status = 401;
    response.set_content(
        HttpError(401,
                  "the studio's token is missing or wrong: open the address sleet studio "
                  "printed, or send Authorization: Bearer TOKEN")
            .body()
            .dump(),
        kJson);
  } else {
    response.status = 401;
    response.set_content(kUnauthorizedPage, "text/html; charset=utf-8");
  }
  return httplib::Server::HandlerResponse::Handled;
}

void StudioApi::serve_page(const httplib::Request& request, httplib::Response& response) const {
  if (guard_.has_query_token(request)) {
    // The token moves from the address into a cookie scripts cannot read.
    response.set_header("Set-Cookie", guard_.cookie_header());
    response.set_redirect("/", 303);
    return;
  }
  serve_asset(request, response);
}

void StudioApi::serve_asset(const httplib::Request& request, httplib::Response& response) const {
  std::string path = request.path == "/" ? "index.html" : request.path.substr(1);
  const WebAsset* asset = find_web_asset(path);
  if (!asset) {
    response.status = 404;
    response.set_content("not found", "text/plain; charset=utf-8");
    return;
  }
  response.set_content(std::string(asset->content), std::string(asset->content_type).c_str());
}

nlohmann::ordered_json StudioApi::info() const {
  return {{"version", SLEET_VERSION},
          {"database", options_.connection.describe()},
          {"read_only", options_.read_only},
          {"schema_filter", options_.inspect.schema_filter},
          {"statement_timeout_ms", options_.statement_timeout.count()},
          {"console_row_limit", options_.console_row_limit}};
}

nlohmann::ordered_json StudioApi::rows(const httplib::Request& request) {
  std::optional<TablePath> path = parse_table_path(request.target);
  if (!path) throw HttpError(404, "expected /api/rows/{schema}/{table}, each part percent-encoded");
  if (!schema_selected(options_.inspect, path->schema) ||
      !table_selected(options_.inspect, QualifiedName{path->schema, path->table})) {
    throw HttpError(404, fmt::format("{}.{} is not among the target's schemas and tables",
                                     path->schema, path->table));
  }
  bool write = request.method != "GET";
  if (write && options_.read_only) {
    throw HttpError(403, "the studio is read-only (--read-only): writes are refused");
  }
  auto connection = pool_.acquire();
  TableInfo table = load_table_info(*connection, path->schema, path->table);
  if (!write) {
    std::multimap<std::string, std::string> parameters(request.params.begin(),
                                                       request.params.end());
    return read_table_page(*connection, table,
                           parse_page_request(parameters, options_.page_row_limit));
  }
  RowWrite kind = request.method == "POST"    ? RowWrite::Insert
                  : request.method == "PATCH" ? RowWrite::Update
                                              : RowWrite::Delete;
  return write_row(*connection, table, kind, request_body(request));
}

nlohmann::ordered_json StudioApi::sql(const httplib::Request& request) {
  nlohmann::json body = request_body(request);
  if (!body.contains("sql") || !body["sql"].is_string()) {
    throw HttpError(400, "the request needs \"sql\": \"...\"");
  }
  auto connection = pool_.acquire();
  return run_console_sql(*connection, body["sql"].get<std::string>(),
                         {.read_only = options_.read_only,
                          .statement_timeout = options_.statement_timeout,
                          .row_limit = options_.console_row_limit});
}

nlohmann::ordered_json StudioApi::provided(const std::function<nlohmann::ordered_json()>& provider,
                                           const char* what) const {
  if (!provider) throw HttpError(404, fmt::format("this studio does not report {}", what));
  return provider();
}

void StudioApi::install(httplib::Server& server) {
  server.set_default_headers(kSecurityHeaders);
  server.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        return guard(request, response);
      });
  server.Get("/", [this](const httplib::Request& request, httplib::Response& response) {
    serve_page(request, response);
  });
  server.Get(R"(/[a-z0-9_\-]+\.(js|css|svg|html))",
             [this](const httplib::Request& request, httplib::Response& response) {
               serve_asset(request, response);
             });
  auto json_route = [this](JsonHandler handler) {
    return [this, handler](const httplib::Request& request, httplib::Response& response) {
      respond(response, request, handler);
    };
  };
  server.Get("/api/info", json_route([this](const auto&) { return info(); }));
  server.Get("/api/schema", json_route([this](const auto&) {
               auto connection = pool_.acquire();
               return schema_json(*connection, options_.inspect);
             }));
  server.Get("/api/tables", json_route([this](const auto&) {
               auto connection = pool_.acquire();
               return table_list_json(*connection, options_.inspect);
             }));
  auto rows_route = json_route([this](const auto& request) { return rows(request); });
  const char* rows_pattern = R"(/api/rows/[\s\S]*)";
  server.Get(rows_pattern, rows_route);
  server.Post(rows_pattern, rows_route);
  server.Patch(rows_pattern, rows_route);
  server.Delete(rows_pattern, rows_route);
  server.Post("/api/sql", json_route([this](const auto& request) { return sql(request); }));
  server.Get("/api/migrations", json_route([this](const auto&) {
               return provided(options_.migrations, "migrations");
             }));
  server.Get("/api/plan",
             json_route([this](const auto&) { return provided(options_.plan, "a plan"); }));
}

}  // namespace sleet::studio
