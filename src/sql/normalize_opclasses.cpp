// Default operator classes: the one PostgreSQL picks for an index key when none is written
// (pg_opclass.opcdefault, found through the key's type or a type it is binary-coercible to).
// The catalog does not say which was written, and the inspector drops default ones, so a
// written default (drizzle-kit's `.op("text_ops")`, which `drizzle-kit pull` puts on every
// key) must be dropped too. Only the built-in types and methods below are known offline; any
// other operator class is kept and, when the two sides still differ, the server decides.
// tests/inspect/default_opclasses_test.cpp checks every entry against a real server.
#include <string_view>

#include "sql/normalize_rules.h"

namespace sleet::normalize {

namespace {

// One built-in type (its format_type spelling without modifiers) and its default operator
// class per index method; nullptr where the method has none.
constexpr DefaultOpclasses kBuiltinTypes[] = {
    // type, then btree, hash, gin, gist, brin, spgist
    {"smallint", "int2_ops", "int2_ops", nullptr, nullptr, "int2_minmax_ops", nullptr},
    {"integer", "int4_ops", "int4_ops", nullptr, nullptr, "int4_minmax_ops", nullptr},
    {"bigint", "int8_ops", "int8_ops", nullptr, nullptr, "int8_minmax_ops", nullptr},
    {"numeric", "numeric_ops", "numeric_ops", nullptr, nullptr, "numeric_minmax_ops", nullptr},
    {"real", "float4_ops", "float4_ops", nullptr, nullptr, "float4_minmax_ops", nullptr},
    {"double precision", "float8_ops", "float8_ops", nullptr, nullptr, "float8_minmax_ops",
     nullptr},
    {"text", "text_ops", "text_ops", nullptr, nullptr, "text_minmax_ops", "text_ops"},
    // varchar has no operator classes of its own: it is binary-coercible to text.
    {"character varying", "text_ops", "text_ops", nullptr, nullptr, "text_minmax_ops", "text_ops"},
    {"character", "bpchar_ops", "bpchar_ops", nullptr, nullptr, "bpchar_minmax_ops", nullptr},
    {"boolean", "bool_ops", "bool_ops", nullptr, nullptr, nullptr, nullptr},
    {"uuid", "uuid_ops", "uuid_ops", nullptr, nullptr, "uuid_minmax_ops", nullptr},
    {"date", "date_ops", "date_ops", nullptr, nullptr, "date_minmax_ops", nullptr},
    {"time without time zone", "time_ops", "time_ops", nullptr, nullptr, "time_minmax_ops",
     nullptr},
    {"time with time zone", "timetz_ops", "timetz_ops", nullptr, nullptr, "timetz_minmax_ops",
     nullptr},
    {"timestamp without time zone", "timestamp_ops", "timestamp_ops", nullptr, nullptr,
     "timestamp_minmax_ops", nullptr},
    {"timestamp with time zone", "timestamptz_ops", "timestamptz_ops", nullptr, nullptr,
     "timestamptz_minmax_ops", nullptr},
    {"interval", "interval_ops", "interval_ops", nullptr, nullptr, "interval_minmax_ops", nullptr},
    {"bytea", "bytea_ops", "bytea_ops", nullptr, nullptr, "bytea_minmax_ops", nullptr},
    {"jsonb", "jsonb_ops", "jsonb_ops", "jsonb_ops", nullptr, nullptr, nullptr},
    {"inet", "inet_ops", "inet_ops", nullptr, nullptr, "inet_inclusion_ops", "inet_ops"},
    // cidr is binary-coercible to inet.
    {"cidr", "inet_ops", "inet_ops", nullptr, nullptr, "inet_inclusion_ops", "inet_ops"},
    {"macaddr", "macaddr_ops", "macaddr_ops", nullptr, nullptr, "macaddr_minmax_ops", nullptr},
    {"macaddr8", "macaddr8_ops", "macaddr8_ops", nullptr, nullptr, "macaddr8_minmax_ops", nullptr},
    {"tsvector", "tsvector_ops", nullptr, "tsvector_ops", "tsvector_ops", nullptr, nullptr},
    {"point", nullptr, nullptr, nullptr, "point_ops", nullptr, "quad_point_ops"},
    {"box", nullptr, nullptr, nullptr, "box_ops", "box_inclusion_ops", "box_ops"},
    // The built-in range types share anyrange's classes.
    {"int4range", "range_ops", "range_ops", nullptr, "range_ops", "range_inclusion_ops",
     "range_ops"},
    {"int8range", "range_ops", "range_ops", nullptr, "range_ops", "range_inclusion_ops",
     "range_ops"},
    {"numrange", "range_ops", "range_ops", nullptr, "range_ops", "range_inclusion_ops",
     "range_ops"},
    {"daterange", "range_ops", "range_ops", nullptr, "range_ops", "range_inclusion_ops",
     "range_ops"},
    {"tsrange", "range_ops", "range_ops", nullptr, "range_ops", "range_inclusion_ops", "range_ops"},
    {"tstzrange", "range_ops", "range_ops", nullptr, "range_ops", "range_inclusion_ops",
     "range_ops"},
};

// Every array (anyarray) and every enum (anyenum).
constexpr DefaultOpclasses kArrays{"anyarray", "array_ops", "array_ops", "array_ops",
                                   nullptr,    nullptr,     nullptr};
constexpr DefaultOpclasses kEnums{"anyenum", "enum_ops", "enum_ops", nullptr,
                                  nullptr,   nullptr,    nullptr};

const char* for_method(const DefaultOpclasses& entry, std::string_view method) {
  if (method == "btree") return entry.btree;
  if (method == "hash") return entry.hash;
  if (method == "gin") return entry.gin;
  if (method == "gist") return entry.gist;
  if (method == "brin") return entry.brin;
  if (method == "spgist") return entry.spgist;
  return nullptr;
}

std::string_view without_modifiers(std::string_view name, std::string& buffer) {
  buffer.clear();
  int depth = 0;
  for (char c : name) {
    if (c == '(') ++depth;
    if (depth == 0) buffer += c;
    if (c == ')') --depth;
  }
  return buffer;
}

}  // namespace

std::span<const DefaultOpclasses> builtin_default_opclasses() {
  return kBuiltinTypes;
}

std::optional<std::string> default_opclass(std::string_view method, const TypeName& type,
                                           const Schema& schema) {
  const DefaultOpclasses* entry = nullptr;
  if (type.array_dimensions > 0) {
    entry = &kArrays;
  } else if (type.is_user_defined()) {
    if (schema.enums.contains(QualifiedName{type.schema, type.name})) entry = &kEnums;
  } else {
    std::string buffer;
    std::string_view base = without_modifiers(type.name, buffer);
    for (const DefaultOpclasses& candidate : kBuiltinTypes) {
      if (base == candidate.type) entry = &candidate;
    }
  }
  const char* name = entry ? for_method(*entry, method) : nullptr;
  if (!name) return std::nullopt;
  return std::string(name);
}

}  // namespace sleet::normalize
