// Literals of types whose output function spells a value differently from the usual input:
// bytea (always hex) and the floating-point types (shortest digits that read back the same).
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "sql/normalize_rules.h"

namespace sleet::normalize {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_octal(char c, char highest) {
  return c >= '0' && c <= highest;
}

}  // namespace

std::optional<std::string> bytea_output(std::string_view input) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "\\x";
  auto put = [&](unsigned char byte) {
    out += digits[byte >> 4];
    out += digits[byte & 0xf];
  };
  if (input.starts_with("\\x")) {
    // Hex format: pairs of digits, whitespace allowed between pairs.
    for (size_t at = 2; at < input.size();) {
      if (std::isspace(static_cast<unsigned char>(input[at]))) {
        ++at;
        continue;
      }
      if (at + 1 >= input.size()) return std::nullopt;
      int high = hex_digit(input[at]), low = hex_digit(input[at + 1]);
      if (high < 0 || low < 0) return std::nullopt;
      put(static_cast<unsigned char>(high * 16 + low));
      at += 2;
    }
    return out;
  }
  // Escape format: a backslash starts \\ or a three-digit octal byte, anything else is itself.
  for (size_t at = 0; at < input.size();) {
    if (input[at] != '\\') {
      put(static_cast<unsigned char>(input[at++]));
    } else if (at + 1 < input.size() && input[at + 1] == '\\') {
      put('\\');
      at += 2;
    } else if (at + 3 < input.size() && is_octal(input[at + 1], '3') &&
               is_octal(input[at + 2], '7') && is_octal(input[at + 3], '7')) {
      put(static_cast<unsigned char>((input[at + 1] - '0') * 64 + (input[at + 2] - '0') * 8 +
                                     (input[at + 3] - '0')));
      at += 4;
    } else {
      return std::nullopt;  // the server refuses it: left as written
    }
  }
  return out;
}

std::optional<std::string> float_output(std::string_view number, bool single_precision) {
  std::string text(number);
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  // float4out and float8out print the shortest digits that read back the same value, in
  // exponent form when the decimal exponent is below -4 or at least FLT_DIG / DBL_DIG.
  int exponent = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  bool scientific = exponent < -4 || exponent >= (single_precision ? 6 : 15);
  auto format = scientific ? std::chars_format::scientific : std::chars_format::fixed;
  char buffer[64];
  std::to_chars_result written =
      single_precision
          ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<float>(value), format)
          : std::to_chars(buffer, buffer + sizeof buffer, value, format);
  if (written.ec != std::errc()) return std::nullopt;
  return std::string(buffer, written.ptr);
}

}  // namespace sleet::normalize
