// A studio served in-process on a free loopback port over a test database, and an HTTP
// client that sends the token the way scripts do.
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "sleet/studio.h"
#include "support/test_cluster.h"

namespace sleet::testing {

class RunningStudio {
 public:
  // Serves `database` of the test cluster with `options` (connection and port filled in).
  explicit RunningStudio(const std::string& database, studio::StudioOptions options = {}) {
    options.connection = test_cluster().settings(database);
    options.port = 0;
    server_ = std::make_unique<studio::StudioServer>(std::move(options));
    thread_ = std::thread([this] { server_->run(); });
    // Requests wait in the listen queue until the loop runs, so no readiness wait is needed.
  }
  ~RunningStudio() {
    server_->stop();
    thread_.join();
  }
  RunningStudio(const RunningStudio&) = delete;
  RunningStudio& operator=(const RunningStudio&) = delete;

  int port() const { return server_->port(); }
  const std::string& token() const { return server_->token(); }
  // A client with no credentials.
  httplib::Client client() const {
    httplib::Client client("127.0.0.1", port());
    client.set_connection_timeout(5);
    client.set_read_timeout(60);
    return client;
  }
  httplib::Headers bearer() const { return {{"Authorization", "Bearer " + token()}}; }

  // GET/POST/PATCH/DELETE with the token; the parsed JSON body, and the status.
  struct Answer {
    int status = 0;
    nlohmann::json body;
  };
  Answer get(const std::string& path) const { return answer(client().Get(path, bearer())); }
  Answer send(const std::string& method, const std::string& path,
              const nlohmann::json& body) const {
    auto c = client();
    std::string text = body.dump();
    const char* type = "application/json";
    if (method == "POST") return answer(c.Post(path, bearer(), text, type));
    if (method == "PATCH") return answer(c.Patch(path, bearer(), text, type));
    return answer(c.Delete(path, bearer(), text, type));
  }

 private:
  static Answer answer(const httplib::Result& result) {
    if (!result) return {-1, {}};
    return {result->status, nlohmann::json::parse(result->body, nullptr, false)};
  }
  std::unique_ptr<studio::StudioServer> server_;
  std::thread thread_;
};

// `text` with every byte but letters, digits and _-. percent-encoded.
inline std::string percent_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') {
      out += static_cast<char>(c);
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// "/api/rows/<schema>/<table>" with both names percent-encoded.
inline std::string rows_path(const std::string& schema, const std::string& table) {
  return "/api/rows/" + percent_encode(schema) + "/" + percent_encode(table);
}

}  // namespace sleet::testing
