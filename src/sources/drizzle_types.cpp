// Column type spellings: drizzle-orm's pg-core builders (getSQLType) <-> format_type().
#include <map>
#include <optional>
#include <regex>

#include "sources/snapshot_internal.h"

namespace sleet::snapshot {
namespace {

// Aliases PostgreSQL resolves to one type; drizzle's own builders use the left column for
// varchar/char/serial, pulled snapshots and custom types may use the others.
const std::map<std::string, std::string>& simple_aliases() {
  static const std::map<std::string, std::string> aliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"int2", "smallint"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"decimal", "numeric"},
      {"varchar", "character varying"},
      {"char", "character(1)"},
      {"character", "character(1)"},
      {"timestamptz", "timestamp with time zone"},
      {"timetz", "time with time zone"},
  };
  return aliases;
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// "timestamp (3) with time zone", "timestamptz(3)", "time(2)" -> format_type()'s spelling.
std::optional<std::string> canonical_datetime(const std::string& spelling) {
  static const std::regex pattern(
      R"(^(timestamp|time)(tz)?\s*(?:\(\s*(\d+)\s*\))?(?:\s+(with|without)\s+time\s+zone)?$)");
  std::smatch match;
  if (!std::regex_match(spelling, match, pattern)) return std::nullopt;
  bool with_zone = match[2].matched || (match[4].matched && match[4].str() == "with");
  std::string out = match[1].str();
  if (match[3].matched) out += "(" + match[3].str() + ")";
  return out + (with_zone ? " with time zone" : " without time zone");
}

// "numeric(10, 2)", "numeric(12)", "varchar(32)", "char(3)" -> format_type()'s spelling.
std::optional<std::string> canonical_sized(const std::string& spelling) {
  static const std::regex pattern(
      R"(^(numeric|decimal|varchar|character varying|char|character|bpchar)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$)");
  std::smatch match;
  if (!std::regex_match(spelling, match, pattern)) return std::nullopt;
  std::string base = match[1].str();
  std::string size = match[2].str();
  if (base == "numeric" || base == "decimal") {
    return "numeric(" + size + "," + (match[3].matched ? match[3].str() : "0") + ")";
  }
  if (match[3].matched) return std::nullopt;
  if (base == "varchar" || base == "character varying") return "character varying(" + size + ")";
  return "character(" + size + ")";
}

}  // namespace

ColumnType parse_drizzle_type(const std::string& spelling, const std::string& type_schema) {
  ColumnType result;
  std::string base = spelling;
  // Trailing [] or [n] groups are array dimensions; PostgreSQL ignores the sizes.
  while (!base.empty() && base.back() == ']') {
    std::size_t open = base.rfind('[');
    if (open == std::string::npos) break;
    base.erase(open);
    ++result.type.array_dimensions;
    while (!base.empty() && base.back() == ' ') base.pop_back();
  }
  if (!type_schema.empty()) {
    result.type.name = base;
    result.type.schema = type_schema;
    return result;
  }
  std::string key = lower(base);
  static const std::map<std::string, std::pair<std::string, Serial>> serials = {
      {"smallserial", {"smallint", Serial::SmallSerial}},
      {"serial2", {"smallint", Serial::SmallSerial}},
      {"serial", {"integer", Serial::Serial}},
      {"serial4", {"integer", Serial::Serial}},
      {"bigserial", {"bigint", Serial::BigSerial}},
      {"serial8", {"bigint", Serial::BigSerial}},
  };
  if (auto serial = serials.find(key); serial != serials.end()) {
    result.type.name = serial->second.first;
    result.serial = serial->second.second;
  } else if (auto alias = simple_aliases().find(key); alias != simple_aliases().end()) {
    result.type.name = alias->second;
  } else if (auto datetime = canonical_datetime(key)) {
    result.type.name = *datetime;
  } else if (auto sized = canonical_sized(key)) {
    result.type.name = *sized;
  } else {
    result.type.name = base;  // built-in names drizzle already spells canonically, or custom
  }
  return result;
}

std::string drizzle_type_spelling(const TypeName& type, Serial serial) {
  std::string out;
  switch (serial) {
    case Serial::SmallSerial:
      out = "smallserial";
      break;
    case Serial::Serial:
      out = "serial";
      break;
    case Serial::BigSerial:
      out = "bigserial";
      break;
    case Serial::None:
      out = type.name;
      break;
  }
  if (serial == Serial::None && !type.is_user_defined()) {
    static const std::regex datetime(
        R"(^(timestamp|time)(?:\((\d+)\))? (with|without) time zone$)");
    static const std::regex numeric(R"(^numeric\((\d+),(\d+)\)$)");
    static const std::regex sized(R"(^(character varying|character)\((\d+)\)$)");
    std::smatch match;
    if (std::regex_match(type.name, match, datetime)) {
      // drizzle-orm puts a space before a timestamp's precision but not before a time's.
      out = match[1].str();
      if (match[2].matched) out += (out == "timestamp" ? " (" : "(") + match[2].str() + ")";
      if (match[3].str() == "with") out += " with time zone";
    } else if (std::regex_match(type.name, match, numeric)) {
      out =
          "numeric(" + match[1].str() + (match[2].str() == "0" ? "" : ", " + match[2].str()) + ")";
    } else if (type.name == "character(1)") {
      out = "char";  // char() without a length, the common spelling of character(1)
    } else if (std::regex_match(type.name, match, sized)) {
      out = (match[1].str() == "character" ? "char(" : "varchar(") + match[2].str() + ")";
    } else if (type.name == "character varying") {
      out = "varchar";
    } else if (type.name == "character") {
      out = "char";
    }
  }
  for (int i = 0; i < type.array_dimensions; ++i) out += "[]";
  return out;
}

}  // namespace sleet::snapshot
