// Who may talk to the studio: the token (cookie, bearer header or the first load's ?token=),
// and only through the studio's own host and origin (against DNS rebinding and other sites).
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

namespace sleet::studio {

class AccessGuard {
 public:
  enum class Verdict { Allowed, Unauthorized, Forbidden };

  // `hosts`: the names the studio answers to (127.0.0.1, localhost, ...), each with `port`.
  // `any_host` (bound to every address): any Host, but an Origin must then be that Host's.
  AccessGuard(std::string token, std::vector<std::string> hosts, int port, bool any_host = false);

  // Forbidden for a Host or Origin that is not the studio's own, or a request another site
  // started (Sec-Fetch-Site); else Unauthorized without the token; else Allowed.
  Verdict check(const httplib::Request& request) const;
  // Why check() said Forbidden, for the response body.
  std::string forbidden_reason(const httplib::Request& request) const;
  // The token given as ?token= on this request matches.
  bool has_query_token(const httplib::Request& request) const;
  // The Set-Cookie value that lets the browser in from now on.
  std::string cookie_header() const;
  const std::string& cookie_name() const { return cookie_name_; }

 private:
  bool host_allowed(const std::string& host) const;
  bool origin_allowed(const std::string& origin) const;
  bool token_matches(const std::string& candidate) const;
  std::string cookie_token(const httplib::Request& request) const;

  std::string token_;
  std::vector<std::string> hosts_;  // "name:port"
  std::string cookie_name_;
  bool any_host_;
};

// 32 random bytes from OpenSSL's RAND_bytes, as 64 hex digits. Throws sleet::Error when
// OpenSSL has no entropy.
std::string random_token();

}  // namespace sleet::studio
