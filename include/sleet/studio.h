// The studio: an HTTP server with a JSON API over one database (its tables and rows, an SQL
// console, the migrations and the pending plan) and the web page that uses it, compiled into
// the binary. Bound to loopback unless allowed otherwise; every request needs a fresh random
// token. docs/commands/studio.md describes the API and the security rules.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sleet/db.h"
#include "sleet/inspect.h"

namespace sleet::studio {

// The port `sleet studio` tries first (drizzle-kit studio's), then the next free ones.
inline constexpr int kDefaultPort = 4983;

struct StudioOptions {
  std::string host = "127.0.0.1";
  // nullopt: kDefaultPort, else the next free port above it. A port given is used or fails.
  std::optional<int> port;
  // Needed for a host that is not loopback (127.0.0.0/8, ::1, localhost).
  bool allow_remote = false;
  // Writes answer 403; console SQL runs in a read-only transaction that is rolled back.
  bool read_only = false;
  db::ConnectionSettings connection;
  // Which schemas and tables the studio shows and lets the API read or write.
  InspectOptions inspect;
  // GET /api/migrations and GET /api/plan: documents the caller computes (the command line
  // reuses `status` and `generate`). Called on a server thread for each request; they may
  // throw sleet::Error, answered as a JSON error. Unset: the endpoint answers 404.
  std::function<nlohmann::ordered_json()> migrations;
  std::function<nlohmann::ordered_json()> plan;
  // Console SQL is cancelled by the server after this long.
  std::chrono::milliseconds statement_timeout{30'000};
  // Rows the console returns at most (more sets "truncated").
  std::size_t console_row_limit = 1'000;
  // Rows a page of a table holds at most.
  std::size_t page_row_limit = 1'000;
  // Empty: a fresh random token (32 bytes from OpenSSL's RAND_bytes, hex).
  std::string token;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

// One running studio. Construction binds the port (nothing is served until run()); the
// destructor stops it. Not copyable; stop() may be called from any thread (a signal
// handler's thread included), everything else from the owning thread.
class StudioServer {
 public:
  // Throws sleet::Error (Usage) for a host that is not loopback without allow_remote, and
  // (Failure) when the port given is taken or no port from kDefaultPort up to 100 above is
  // free. Does not connect to the database yet.
  explicit StudioServer(StudioOptions options);
  ~StudioServer();
  StudioServer(const StudioServer&) = delete;
  StudioServer& operator=(const StudioServer&) = delete;

  // The port bound, and whether it is not the one asked for (kDefaultPort was taken).
  int port() const;
  bool moved_from_default_port() const;
  const std::string& token() const;
  // http://HOST:PORT/?token=TOKEN: the address to open (it sets the cookie).
  std::string url() const;

  // Serves until stop(). Returns false when the server could not start listening.
  bool run();
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace sleet::studio
