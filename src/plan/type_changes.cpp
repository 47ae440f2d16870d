// Column type changes: when PostgreSQL needs a USING clause, and what a change risks.
#include <cstdlib>
#include <set>
#include <utility>

#include "plan/plan_internal.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

namespace {

// A type spelled by format_type(), split into its base name and modifiers:
// "character varying(10)" -> {"character varying", "10"}; "timestamp(3) with time zone" ->
// {"timestamp with time zone", "3"}.
std::pair<std::string, std::string> split_modifiers(const std::string& name) {
  auto open = name.find('(');
  if (open == std::string::npos) return {name, ""};
  auto close = name.find(')', open);
  std::string base = name.substr(0, open) + name.substr(close + 1);
  if (base.ends_with(" ")) base.pop_back();
  return {base, name.substr(open + 1, close - open - 1)};
}

bool is_string(const std::string& base) {
  return base == "text" || base == "character varying" || base == "character" || base == "name";
}

// Built-in implicit and assignment casts between common types (pg_cast, castcontext i/a),
// apart from casts to string types, which every type has (I/O conversion).
const std::set<std::pair<std::string, std::string>>& assignment_casts() {
  static const std::set<std::pair<std::string, std::string>> casts = {
      {"smallint", "integer"},
      {"smallint", "bigint"},
      {"smallint", "numeric"},
      {"smallint", "real"},
      {"smallint", "double precision"},
      {"integer", "smallint"},
      {"integer", "bigint"},
      {"integer", "numeric"},
      {"integer", "real"},
      {"integer", "double precision"},
      {"integer", "money"},
      {"bigint", "smallint"},
      {"bigint", "integer"},
      {"bigint", "numeric"},
      {"bigint", "real"},
      {"bigint", "double precision"},
      {"bigint", "money"},
      {"numeric", "smallint"},
      {"numeric", "integer"},
      {"numeric", "bigint"},
      {"numeric", "real"},
      {"numeric", "double precision"},
      {"numeric", "money"},
      {"real", "smallint"},
      {"real", "integer"},
      {"real", "bigint"},
      {"real", "numeric"},
      {"real", "double precision"},
      {"double precision", "smallint"},
      {"double precision", "integer"},
      {"double precision", "bigint"},
      {"double precision", "numeric"},
      {"double precision", "real"},
      {"money", "numeric"},
      {"date", "timestamp without time zone"},
      {"date", "timestamp with time zone"},
      {"timestamp without time zone", "date"},
      {"timestamp without time zone", "timestamp with time zone"},
      {"timestamp without time zone", "time without time zone"},
      {"timestamp with time zone", "date"},
      {"timestamp with time zone", "timestamp without time zone"},
      {"timestamp with time zone", "time without time zone"},
      {"timestamp with time zone", "time with time zone"},
      {"time without time zone", "time with time zone"},
      {"time without time zone", "interval"},
      {"time with time zone", "time without time zone"},
      {"interval", "time without time zone"},
      {"json", "jsonb"},
      {"jsonb", "json"},
      {"cidr", "inet"},
      {"inet", "cidr"},
      {"bit", "bit varying"},
      {"bit varying", "bit"},
  };
  return casts;
}

// Conversions that never lose information (values keep their meaning).
bool widens(const std::string& from, const std::string& to) {
  static const std::set<std::pair<std::string, std::string>> safe = {
      {"smallint", "integer"},
      {"smallint", "bigint"},
      {"smallint", "numeric"},
      {"smallint", "real"},
      {"smallint", "double precision"},
      {"integer", "bigint"},
      {"integer", "numeric"},
      {"integer", "double precision"},
      {"bigint", "numeric"},
      {"real", "double precision"},
      {"date", "timestamp without time zone"},
      {"date", "timestamp with time zone"},
      {"timestamp without time zone", "timestamp with time zone"},
      {"timestamp with time zone", "timestamp without time zone"},
      {"jsonb", "json"},
      {"cidr", "inet"},
      {"character", "text"},
      {"character", "character varying"},
      {"character varying", "text"},
      {"name", "text"},
      {"name", "character varying"},
  };
  return safe.contains({from, to});
}

long number(const std::string& text, size_t index) {
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) start = text.find(',', start) + 1;
  return std::strtol(text.c_str() + start, nullptr, 10);
}

// Same base type, different modifiers: does every old value fit unchanged?
bool modifier_widens(const std::string& base, const std::string& from, const std::string& to) {
  if (to.empty()) return true;  // unbounded: varchar, numeric, timestamp (6)
  if (from.empty()) return false;
  if (base == "numeric") {
    long p1 = number(from, 0), s1 = from.find(',') == std::string::npos ? 0 : number(from, 1);
    long p2 = number(to, 0), s2 = to.find(',') == std::string::npos ? 0 : number(to, 1);
    return s2 >= s1 && p2 - s2 >= p1 - s1;
  }
  return number(to, 0) >= number(from, 0);
}

}  // namespace

TypeChange classify_type_change(const std::string& column, const TypeName& from,
                                const TypeName& to) {
  TypeChange result;
  auto [from_base, from_mod] = split_modifiers(from.name);
  auto [to_base, to_mod] = split_modifiers(to.name);
  std::string quoted = sql::quote_identifier(column);
  bool same_dimensions = from.array_dimensions == to.array_dimensions;
  if (to.is_user_defined()) {
    // Enums: only an explicit cast reaches them; from another enum it goes through text.
    std::string via = from.is_user_defined() || !is_string(from_base) ? "::text" : "";
    if (!via.empty()) {
      for (int i = 0; i < from.array_dimensions; ++i) via += "[]";
    }
    result.using_clause = " USING " + quoted + via + "::" + to.sql();
    result.narrowing = true;
    return result;
  }
  if (from.is_user_defined()) {
    if (!is_string(to_base) || !same_dimensions) {
      std::string via = "::text";
      for (int i = 0; i < from.array_dimensions; ++i) via += "[]";
      result.using_clause = " USING " + quoted + via + "::" + to.sql();
    }
    result.narrowing = !result.using_clause.empty() || !to_mod.empty();
    return result;
  }
  bool assignment = same_dimensions && (from_base == to_base || is_string(to_base) ||
                                        assignment_casts().contains({from_base, to_base}));
  if (!assignment) result.using_clause = " USING " + quoted + "::" + to.sql();
  if (!same_dimensions || !result.using_clause.empty()) {
    result.narrowing = true;
  } else if (from_base == to_base) {
    result.narrowing = !modifier_widens(from_base, from_mod, to_mod);
  } else if (to_base == "text") {
    result.narrowing = false;
  } else {
    result.narrowing = !widens(from_base, to_base) || !to_mod.empty();
  }
  // Binary-compatible changes that PostgreSQL does without rewriting the table.
  bool text_like = (from_base == "character varying" || from_base == "text") &&
                   (to_base == "character varying" || to_base == "text");
  result.rewrite = !(same_dimensions && !result.narrowing &&
                     (text_like || (from_base == to_base && from_base != "numeric") ||
                      (from_base == "numeric" && to_base == "numeric" &&
                       (to_mod.empty() || number(from_mod, 1) == number(to_mod, 1))) ||
                      (from_base == "cidr" && to_base == "inet")));
  return result;
}

}  // namespace sleet::plan_detail
