// gateway: a small C++ service that migrates its own database at start-up with libsleet,
// then serves a health endpoint. Run: gateway [--port N]; DATABASE_URL names the database
// (or PG*/POSTGRES_* variables); GATEWAY_MIGRATIONS names the migration folder (default:
// the migrations folder beside this source file).
#include <httplib.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "sleet/db.h"
#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"

namespace {

httplib::Server* running_server = nullptr;

void stop_server(int) {
  if (running_server) running_server->stop();
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;  // 0: any free port, printed on start
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--port") port = std::atoi(argv[i + 1]);
  }
  const char* folder_env = std::getenv("GATEWAY_MIGRATIONS");
  std::string folder_path = folder_env ? folder_env : GATEWAY_DEFAULT_MIGRATIONS;

  sleet::db::Connection connection = [&] {
    sleet::db::ConnectionRequest request;
    request.environment = sleet::Environment::process();
    auto resolved = sleet::db::resolve_connection(request);
    try {
      return sleet::db::Connection(resolved.settings);
    } catch (const sleet::Error& error) {
      std::cerr << "gateway: " << error.describe() << '\n';
      std::exit(error.exit_code());
    }
  }();

  // Migrate before serving: a replica that cannot migrate must not take traffic.
  sleet::MigrationReport report;
  try {
    auto folder = sleet::MigrationFolder::open(folder_path);
    report = sleet::migrate(connection, folder);
  } catch (const sleet::Error& error) {
    std::cerr << "gateway: migration failed: " << error.describe() << '\n';
    return 1;
  }
  std::size_t total = report.applied.size() + report.already_applied;

  httplib::Server server;
  server.Get("/health", [&](const httplib::Request&, httplib::Response& response) {
    bool up = connection.is_open();
    if (up) {
      try {
        connection.execute("SELECT 1");
      } catch (const sleet::Error&) {
        up = false;
      }
    }
    nlohmann::json body{{"status", up ? "ok" : "database unavailable"},
                        {"migrations", total},
                        {"applied_at_start", report.applied.size()}};
    response.status = up ? 200 : 503;
    response.set_content(body.dump(), "application/json");
  });
  running_server = &server;
  std::signal(SIGTERM, stop_server);
  std::signal(SIGINT, stop_server);
  if (port == 0) port = server.bind_to_any_port("127.0.0.1");
  else if (!server.bind_to_port("127.0.0.1", port)) port = -1;
  if (port < 0) {
    std::cerr << "gateway: cannot listen on 127.0.0.1\n";
    return 1;
  }
  std::cout << "gateway: " << report.applied.size() << " migration(s) applied, listening on http://127.0.0.1:"
            << port << "/health" << std::endl;
  server.listen_after_bind();
  return 0;
}
