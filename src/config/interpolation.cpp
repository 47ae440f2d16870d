#include "config/interpolation.h"

#include <fmt/format.h>

#include "sleet/error.h"

namespace sleet::config_detail {
namespace {

bool is_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Index of the "}" closing the reference whose "${" starts at `open`, or npos. Nested
// references in a fallback ("${A:-${B}}") are skipped whole.
size_t closing_brace(std::string_view text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      ++i;
    } else if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string interpolate(std::string_view text, const Environment& environment,
                        std::string_view setting, const std::string& where) {
  std::string result;
  result.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (text[i] != '$' || (next != '$' && next != '{')) {
      result += text[i];
      continue;
    }
    if (next == '$') {
      result += '$';
      ++i;
      continue;
    }
    size_t close = closing_brace(text, i);
    if (close == std::string_view::npos) {
      throw Error(ErrorKind::Usage,
                  fmt::format("`{}` has an unterminated ${{...}} reference", setting), where,
                  "close it with `}`, or write `$$` for a literal `$`");
    }
    std::string_view body = text.substr(i + 2, close - i - 2);
    size_t separator = body.find(":-");
    std::string_view name = body.substr(0, separator);
    if (!is_variable_name(name)) {
      throw Error(ErrorKind::Usage,
                  fmt::format("`{}` has an invalid reference ${{{}}}", setting, body), where,
                  "write ${NAME} or ${NAME:-default} with NAME made of letters, digits and _, "
                  "or `$$` for a literal `$`");
    }
    std::optional<std::string> value = environment.get(std::string(name));
    if (separator != std::string_view::npos && (!value || value->empty())) {
      result += interpolate(body.substr(separator + 2), environment, setting, where);
    } else if (value) {
      result += *value;
    } else {
      throw UnsetVariableError(ErrorKind::Usage,
                  fmt::format("`{}` uses ${{{}}}, which is not set", setting, name), where,
                  fmt::format("set {0} in the environment or in .env, or give a default: "
                              "${{{0}:-value}}",
                              name));
    }
    i = close;
  }
  return result;
}

}  // namespace sleet::config_detail
