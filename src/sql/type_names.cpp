#include "sql/type_names.h"

#include <fmt/format.h>

#include <map>
#include <string_view>
#include <vector>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "sql/parse_tree.h"

namespace sleet::sql {

namespace {

// How a built-in type prints its modifiers.
enum class Modifiers { None, Length, Numeric, Precision, Interval };

struct BuiltinType {
  std::string_view name;  // format_type's spelling
  Modifiers modifiers;
  std::string_view suffix = {};  // after the modifiers: " with time zone"
  std::string_view bare = {};    // the spelling without modifiers, when it differs
};

// Keyed by pg_type.typname, which is what the parser leaves for SQL keywords and what a user
// who writes int4 or varchar spells.
const std::map<std::string_view, BuiltinType>& builtin_types() {
  static const std::map<std::string_view, BuiltinType> types = {
      {"int2", {"smallint", Modifiers::None}},
      {"int4", {"integer", Modifiers::None}},
      {"int8", {"bigint", Modifiers::None}},
      {"float4", {"real", Modifiers::None}},
      {"float8", {"double precision", Modifiers::None}},
      {"bool", {"boolean", Modifiers::None}},
      {"numeric", {"numeric", Modifiers::Numeric}},
      {"varchar", {"character varying", Modifiers::Length}},
      {"bpchar", {"character", Modifiers::Length, {}, "bpchar"}},
      {"bit", {"bit", Modifiers::Length}},
      {"varbit", {"bit varying", Modifiers::Length}},
      {"timestamp", {"timestamp", Modifiers::Precision, " without time zone"}},
      {"timestamptz", {"timestamp", Modifiers::Precision, " with time zone"}},
      {"time", {"time", Modifiers::Precision, " without time zone"}},
      {"timetz", {"time", Modifiers::Precision, " with time zone"}},
      {"interval", {"interval", Modifiers::Interval}},
      {"char", {"\"char\"", Modifiers::None}},
  };
  return types;
}

// Built-in types whose format_type spelling is their pg_type name and that take no modifiers.
bool is_plain_builtin(std::string_view name) {
  static constexpr std::string_view plain[] = {"text",
                                               "uuid",
                                               "json",
                                               "jsonb",
                                               "jsonpath",
                                               "bytea",
                                               "inet",
                                               "cidr",
                                               "macaddr",
                                               "macaddr8",
                                               "money",
                                               "xml",
                                               "tsvector",
                                               "tsquery",
                                               "point",
                                               "line",
                                               "lseg",
                                               "box",
                                               "path",
                                               "polygon",
                                               "circle",
                                               "date",
                                               "oid",
                                               "regclass",
                                               "regtype",
                                               "regproc",
                                               "regprocedure",
                                               "regoper",
                                               "regoperator",
                                               "regconfig",
                                               "regdictionary",
                                               "regnamespace",
                                               "regrole",
                                               "regcollation",
                                               "name",
                                               "int4range",
                                               "int8range",
                                               "numrange",
                                               "tsrange",
                                               "tstzrange",
                                               "daterange",
                                               "int4multirange",
                                               "int8multirange",
                                               "nummultirange",
                                               "tsmultirange",
                                               "tstzmultirange",
                                               "datemultirange",
                                               "pg_lsn",
                                               "txid_snapshot",
                                               "pg_snapshot",
                                               "xid",
                                               "xid8",
                                               "cid",
                                               "tid",
                                               "refcursor",
                                               "aclitem",
                                               "int2vector",
                                               "oidvector",
                                               "pg_node_tree"};
  for (std::string_view p : plain)
    if (p == name) return true;
  return false;
}

int modifier_value(const PgQuery__Node& node) {
  if (node.node_case == PG_QUERY__NODE__NODE_A_CONST &&
      node.a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
    return node.a_const->ival->ival;
  throw Error(ErrorKind::Usage, "type modifiers must be integer constants");
}

std::vector<int> modifier_values(const PgQuery__TypeName& type) {
  std::vector<int> values;
  for (size_t i = 0; i < type.n_typmods; ++i) values.push_back(modifier_value(*type.typmods[i]));
  return values;
}

// Interval field masks as the grammar encodes them (1 << YEAR, MONTH, DAY, HOUR, ...).
std::string interval_fields(int mask) {
  constexpr int kYear = 1 << 2, kMonth = 1 << 1, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11,
                kSecond = 1 << 12;
  static const std::map<int, std::string_view> fields = {
      {kYear, " year"},
      {kMonth, " month"},
      {kDay, " day"},
      {kHour, " hour"},
      {kMinute, " minute"},
      {kSecond, " second"},
      {kYear | kMonth, " year to month"},
      {kDay | kHour, " day to hour"},
      {kDay | kHour | kMinute, " day to minute"},
      {kDay | kHour | kMinute | kSecond, " day to second"},
      {kHour | kMinute, " hour to minute"},
      {kHour | kMinute | kSecond, " hour to second"},
      {kMinute | kSecond, " minute to second"},
      {0x7FFF, ""},
  };
  auto it = fields.find(mask);
  if (it == fields.end()) throw Error(ErrorKind::Usage, "invalid interval fields");
  return std::string(it->second);
}

std::string interval_name(const std::vector<int>& values) {
  constexpr int kFullPrecision = 0xFFFF;
  if (values.empty()) return "interval";
  std::string out = fmt::format("interval{}", interval_fields(values[0]));
  if (values.size() > 1 && values[1] != kFullPrecision) out += fmt::format("({})", values[1]);
  return out;
}

std::string format_builtin(const BuiltinType& type, const std::vector<int>& values,
                           std::string_view typname) {
  auto too_many = [&](size_t limit) {
    if (values.size() > limit)
      throw Error(ErrorKind::Usage, fmt::format("too many modifiers for type {}", typname));
  };
  switch (type.modifiers) {
    case Modifiers::None:
      too_many(0);
      return std::string(type.name);
    case Modifiers::Length:
      too_many(1);
      if (values.empty()) return std::string(type.bare.empty() ? type.name : type.bare);
      return fmt::format("{}({})", type.name, values[0]);
    case Modifiers::Numeric:
      too_many(2);
      if (values.empty()) return "numeric";
      return fmt::format("numeric({},{})", values[0], values.size() > 1 ? values[1] : 0);
    case Modifiers::Precision:
      too_many(1);
      if (values.empty()) return fmt::format("{}{}", type.name, type.suffix);
      return fmt::format("{}({}){}", type.name, values[0], type.suffix);
    case Modifiers::Interval:
      too_many(2);
      return interval_name(values);
  }
  return std::string(type.name);
}

std::string string_of(const PgQuery__Node& node) {
  return node.node_case == PG_QUERY__NODE__NODE_STRING ? node.string->sval : "";
}

}  // namespace

std::optional<std::string> builtin_type_name(const PgQuery__TypeName& type) {
  if (type.n_names == 0 || type.n_names > 2) return std::nullopt;
  if (type.n_names == 2 && string_of(*type.names[0]) != "pg_catalog") return std::nullopt;
  std::string typname = string_of(*type.names[type.n_names - 1]);
  auto it = builtin_types().find(typname);
  if (it != builtin_types().end())
    return format_builtin(it->second, modifier_values(type), typname);
  if (!is_plain_builtin(typname)) return std::nullopt;
  if (type.n_typmods > 0)
    throw Error(ErrorKind::Usage, fmt::format("type {} takes no modifiers", typname));
  return typname;
}

std::string type_modifiers_text(const PgQuery__TypeName& type) {
  std::string out;
  for (size_t i = 0; i < type.n_typmods; ++i) {
    const PgQuery__Node& node = *type.typmods[i];
    if (!out.empty()) out += ",";
    if (node.node_case == PG_QUERY__NODE__NODE_COLUMN_REF && node.column_ref->n_fields == 1) {
      // An identifier modifier such as geometry(Point): format_type prints the extension's
      // own spelling, which sleet cannot know; keep it as written.
      out += string_of(*node.column_ref->fields[0]);
    } else {
      out += deparse_expression(node);
    }
  }
  return out;
}

std::string canonical_type_name(std::string_view type) {
  std::string script = fmt::format("CREATE TABLE t (c {})", type);
  ParseTree tree(script, "type", ParseTree::Memory::Arena);
  const PgQuery__Node* statement = tree.size() == 1 ? tree.statement(0).stmt : nullptr;
  if (!statement || statement->node_case != PG_QUERY__NODE__NODE_CREATE_STMT ||
      statement->create_stmt->n_table_elts != 1 ||
      statement->create_stmt->table_elts[0]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) {
    throw Error(ErrorKind::Usage, fmt::format("not a type name: {}", type));
  }
  const PgQuery__TypeName& name = *statement->create_stmt->table_elts[0]->column_def->type_name;
  std::string out;
  if (auto builtin = builtin_type_name(name)) {
    out = *builtin;
  } else {
    for (size_t i = 0; i < name.n_names; ++i) {
      if (i > 0) out += ".";
      out += quote_identifier_if_needed(string_of(*name.names[i]));
    }
    if (name.n_typmods > 0) out += fmt::format("({})", type_modifiers_text(name));
  }
  for (size_t i = 0; i < name.n_array_bounds; ++i) out += "[]";
  return out;
}

std::string without_modifiers(std::string type) {
  for (size_t open = type.find('('); open != std::string::npos; open = type.find('(')) {
    size_t close = type.find(')', open);
    if (close == std::string::npos) break;
    type.erase(open, close - open + 1);
  }
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

}  // namespace sleet::sql
