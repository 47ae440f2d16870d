#include "studio/request_path.h"

namespace sleet::studio {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return decoded;
}

std::optional<TablePath> parse_table_path(std::string_view target) {
  constexpr std::string_view kPrefix = "/api/rows/";
  std::string_view path = target.substr(0, target.find('?'));
  if (!path.starts_with(kPrefix)) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  std::size_t slash = path.find('/');
  if (slash == std::string_view::npos || path.find('/', slash + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto schema = percent_decode(path.substr(0, slash));
  auto table = percent_decode(path.substr(slash + 1));
  if (!schema || !table || schema->empty() || table->empty()) return std::nullopt;
  return TablePath{*schema, *table};
}

}  // namespace sleet::studio
