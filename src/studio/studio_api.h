// The routes of the studio: the page and its assets, and the JSON API under /api/, each
// behind the AccessGuard. Handlers borrow connections from a small pool.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "sleet/db.h"
#include "sleet/studio.h"
#include "studio/access_guard.h"

namespace sleet::studio {

class StudioApi {
 public:
  // `options` and `guard` must outlive this object.
  StudioApi(const StudioOptions& options, const AccessGuard& guard);

  // Registers every route, the guard (before routing) and the security headers on `server`.
  void install(httplib::Server& server);

 private:
  using JsonHandler = std::function<nlohmann::ordered_json(const httplib::Request&)>;
  // Runs `handler` and answers its JSON, or the error it throws with its status.
  void respond(httplib::Response& response, const httplib::Request& request,
               const JsonHandler& handler);
  httplib::Server::HandlerResponse guard(const httplib::Request& request,
                                         httplib::Response& response) const;
  void serve_page(const httplib::Request& request, httplib::Response& response) const;
  void serve_asset(const httplib::Request& request, httplib::Response& response) const;
  nlohmann::ordered_json info() const;
  nlohmann::ordered_json rows(const httplib::Request& request);
  nlohmann::ordered_json sql(const httplib::Request& request);
  nlohmann::ordered_json provided(const std::function<nlohmann::ordered_json()>& provider,
                                  const char* what) const;

  const StudioOptions& options_;
  const AccessGuard& guard_;
  db::ConnectionPool pool_;
};

}  // namespace sleet::studio
