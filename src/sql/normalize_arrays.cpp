// Array literals ('{a,"b c"}'), for the default rules: drizzle-kit writes '{"general"}' where
// the catalog prints '{general}'. The literal's inside is array_in's syntax, not SQL, so
// libpg_query cannot read it; this reads only the plain one-dimensional form and gives up on
// anything else (the default is then compared as written, and the server decides).
#include <cctype>

#include "sql/normalize_rules.h"

namespace sleet::normalize {

namespace {

// array_isspace: the whitespace array_in skips around elements.
bool is_array_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool equals_null(std::string_view value) {
  if (value.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != "null"[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::vector<std::string>> array_literal_elements(std::string_view literal) {
  if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}') return std::nullopt;
  std::string_view inside = literal.substr(1, literal.size() - 2);
  std::vector<std::string> elements;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < inside.size() && is_array_space(inside[i])) ++i;
  };
  skip_space();
  if (i == inside.size()) return elements;  // {}
  while (true) {
    skip_space();
    std::string element;
    if (i < inside.size() && inside[i] == '"') {
      for (++i; i < inside.size() && inside[i] != '"'; ++i) {
        if (inside[i] == '\\' && ++i == inside.size()) return std::nullopt;
        element += inside[i];
      }
      if (i == inside.size()) return std::nullopt;  // unterminated
      ++i;
    } else {
      size_t start = i;
      while (i < inside.size() && inside[i] != ',') {
        char c = inside[i];
        if (c == '{' || c == '}' || c == '"' || c == '\\') return std::nullopt;
        ++i;
      }
      size_t end = i;
      while (end > start && is_array_space(inside[end - 1])) --end;
      element = std::string(inside.substr(start, end - start));
      if (element.empty() || equals_null(element)) return std::nullopt;
    }
    elements.push_back(std::move(element));
    skip_space();
    if (i == inside.size()) return elements;
    if (inside[i] != ',') return std::nullopt;
    ++i;
  }
}

std::string array_literal(const std::vector<std::string>& elements) {
  std::string out = "{";
  for (const std::string& element : elements) {
    if (out.size() > 1) out += ',';
    // array_out quotes empty strings, NULL, and values holding its syntax or whitespace.
    bool quote = element.empty() || equals_null(element);
    for (char c : element) {
      if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || is_array_space(c))
        quote = true;
    }
    if (!quote) {
      out += element;
      continue;
    }
    out += '"';
    for (char c : element) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace sleet::normalize
