// ConnectionSettings: parsing with libpq's own parser, describing, and password scrubbing.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <regex>

#include "db/db_internal.h"
#include "sleet/db.h"

namespace sleet::db {

std::optional<int> internal::parse_port(std::string_view text) {
  int port = 0;
  auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (status != std::errc() || end != text.data() + text.size() || port <= 0 || port > 65535) {
    return std::nullopt;
  }
  return port;
}

void internal::set_keyword(ConnectionSettings& settings, const std::string& keyword,
                           const std::string& value, const std::string& source) {
  if (keyword == "host") {
    settings.host = value;
  } else if (keyword == "port") {
    auto port = parse_port(value);
    if (!port) {
      throw Error(ErrorKind::Usage, fmt::format("invalid port \"{}\"", value), source,
                  "a port is a number from 1 to 65535");
    }
    settings.port = *port;
  } else if (keyword == "user") {
    settings.user = value;
  } else if (keyword == "password") {
    settings.password = value;
  } else if (keyword == "dbname") {
    settings.database = value;
  } else {
    settings.options[keyword] = value;
  }
}

namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view text, bool lower_case = false) {
  std::string out;
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += lower_case ? fmt::format("%{:02x}", c) : fmt::format("%{:02X}", c);
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view needle, std::string_view replacement) {
  if (needle.empty()) return;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + replacement.size())) {
    text.replace(at, needle.size(), replacement);
  }
}

std::string host_for_display(const std::string& host) {
  if (host.empty()) return "localhost";
  if (host.find(':') != std::string::npos && host.front() != '[') return "[" + host + "]";
  return host;
}

}  // namespace

std::string ConnectionSettings::describe() const {
  std::string shown_user = user.empty() ? "(default user)" : user;
  std::string shown_database = database.empty() ? shown_user : database;
  return fmt::format("{}@{}:{}/{}", shown_user, host_for_display(host), port ? port : 5432,
                     shown_database);
}

std::string ConnectionSettings::url(bool with_password) const {
  std::string text = "postgres://";
  if (!user.empty()) {
    text += percent_encode(user);
    if (with_password && !password.empty()) {
      text += ':';
      text += percent_encode(password);
    }
    text += '@';
  }
  bool socket = !host.empty() && host.front() == '/';
  if (!socket && !host.empty()) {
    text += host.find(':') != std::string::npos ? "[" + host + "]" : percent_encode(host);
  }
  if (port) text += fmt::format(":{}", port);
  text += '/';
  text += percent_encode(database);
  std::map<std::string, std::string> query = options;
  if (socket) query["host"] = host;
  char separator = '?';
  for (const auto& [key, value] : query) {
    text += fmt::format("{}{}={}", separator, percent_encode(key), percent_encode(value));
    separator = '&';
  }
  return text;
}

std::string scrub_password(std::string text, std::string_view password) {
  const std::string mask = "****";
  if (!password.empty()) {
    // The encoded forms first: the literal may be a substring of them.
    replace_all(text, percent_encode(password), mask);
    replace_all(text, percent_encode(password, true), mask);
    replace_all(text, password, mask);
  }
  static const std::regex url_userinfo(R"((postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@)",
                                       std::regex::icase);
  static const std::regex keyword_value(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+))",
                                        std::regex::icase);
  text = std::regex_replace(text, url_userinfo, "$1****@");
  text = std::regex_replace(text, keyword_value, "$1****");
  return text;
}

ConnectionSettings parse_connection_string(std::string_view text) {
  std::string input(text);
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(input.c_str(), &error);
  if (!parsed) {
    std::string reason = error ? error : "out of memory";
    PQfreemem(error);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    // libpq quotes the part it stumbled on, which in a URL whose password holds an unencoded
    // @ : / ? # or % is a piece of the password: then its reason is not shown at all.
    std::string_view rest = text;
    if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
      rest.remove_prefix(scheme + 3);
      std::size_t at = rest.rfind('@');
      if (at != std::string_view::npos && rest.substr(0, at).find(':') != std::string_view::npos) {
        reason = "a URL whose user or password holds @ : / ? # or % must percent-encode them";
      }
    }
    throw Error(ErrorKind::Usage,
                fmt::format("invalid connection string: {}", scrub_password(reason)), "",
                "use postgres://user:password@host:port/database (percent-encode special "
                "characters in the password)");
  }
  ConnectionSettings settings;
  std::optional<Error> bad_value;
  for (PQconninfoOption* option = parsed; option->keyword; ++option) {
    if (!option->val) continue;
    try {
      internal::set_keyword(settings, option->keyword, option->val, "");
    } catch (const Error& error) {
      bad_value = error;
      break;
    }
  }
  PQconninfoFree(parsed);
  if (bad_value) throw *bad_value;
  return settings;
}

}  // namespace sleet::db
