#include "studio/access_guard.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include "sleet/error.h"

namespace sleet::studio {

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw Error(ErrorKind::Failure, "cannot make a studio token: OpenSSL has no random bytes");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char byte : bytes) {
    token += kHex[byte >> 4];
    token += kHex[byte & 15];
  }
  return token;
}

AccessGuard::AccessGuard(std::string token, std::vector<std::string> hosts, int port, bool any_host)
    : token_(std::move(token)),
      cookie_name_("sleet_studio_" + std::to_string(port)),
      any_host_(any_host) {
  for (const std::string& host : hosts) {
    bool ipv6 = host.find(':') != std::string::npos;
    hosts_.push_back((ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port));
  }
}

bool AccessGuard::host_allowed(const std::string& host) const {
  if (any_host_) return !host.empty();
  return std::find(hosts_.begin(), hosts_.end(), host) != hosts_.end();
}

bool AccessGuard::origin_allowed(const std::string& origin) const {
  return origin.starts_with("http://") && host_allowed(origin.substr(7));
}

bool AccessGuard::token_matches(const std::string& candidate) const {
  // Same length first, then a comparison whose time does not depend on the contents.
  return candidate.size() == token_.size() &&
         CRYPTO_memcmp(candidate.data(), token_.data(), token_.size()) == 0;
}

std::string AccessGuard::cookie_token(const httplib::Request& request) const {
  std::string cookies = request.get_header_value("Cookie");
  std::string prefix = cookie_name_ + "=";
  std::size_t start = 0;
  while (start < cookies.size()) {
    std::size_t end = cookies.find(';', start);
    if (end == std::string::npos) end = cookies.size();
    std::string item = cookies.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    if (item.starts_with(prefix)) return item.substr(prefix.size());
    start = end + 1;
  }
  return {};
}

bool AccessGuard::has_query_token(const httplib::Request& request) const {
  return request.has_param("token") && token_matches(request.get_param_value("token"));
}

std::string AccessGuard::forbidden_reason(const httplib::Request& request) const {
  std::string host = request.get_header_value("Host");
  if (!host_allowed(host)) return "the Host header is not the studio's own address";
  if (request.has_header("Origin")) {
    std::string origin = request.get_header_value("Origin");
    bool own = any_host_ ? origin == "http://" + host : origin_allowed(origin);
    if (!own) return "requests from another origin are refused";
  }
  // A link to the page (with its token) may be followed from anywhere; nothing else may be
  // started by another site.
  bool opens_page = request.method == "GET" && request.path == "/" &&
                    request.get_header_value("Sec-Fetch-Mode") == "navigate";
  std::string site = request.get_header_value("Sec-Fetch-Site");
  if (!opens_page && (site == "cross-site" || site == "same-site")) {
    return "requests from another site are refused";
  }
  return {};
}

AccessGuard::Verdict AccessGuard::check(const httplib::Request& request) const {
  if (!forbidden_reason(request).empty()) return Verdict::Forbidden;
  std::string authorization = request.get_header_value("Authorization");
  if (authorization.starts_with("Bearer ") && token_matches(authorization.substr(7))) {
    return Verdict::Allowed;
  }
  if (token_matches(cookie_token(request))) return Verdict::Allowed;
  // The first load of the page carries the token in its address (it then sets the cookie).
  if (request.method == "GET" && request.path == "/" && has_query_token(request)) {
    return Verdict::Allowed;
  }
  return Verdict::Unauthorized;
}

std::string AccessGuard::cookie_header() const {
  return cookie_name_ + "=" + token_ + "; Path=/; HttpOnly; SameSite=Strict";
}

}  // namespace sleet::studio
