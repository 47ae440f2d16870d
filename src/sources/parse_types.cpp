// Column and cast types: built-in types in format_type() spelling, enums, domains, composite
// and range types declared in the files, and the types of extensions the files create.
#include <fmt/format.h>

#include <map>
#include <set>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"
#include "sql/type_names.h"

namespace sleet::sources {

namespace {

// Types provided by common extensions. An extension not listed here may provide any type,
// so its presence lets every unknown type through.
const std::map<std::string, std::set<std::string>>& extension_types() {
  static const std::map<std::string, std::set<std::string>> types = {
      {"citext", {"citext"}},
      {"hstore", {"hstore"}},
      {"vector", {"vector", "halfvec", "sparsevec"}},
      {"postgis", {"geometry", "geography", "box2d", "box3d"}},
      {"ltree", {"ltree", "lquery", "ltxtquery"}},
      {"cube", {"cube"}},
      {"seg", {"seg"}},
      {"isn", {"isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "ean13", "upc"}},
      {"intarray", {"query_int"}},
      {"pg_trgm", {}},
      {"pgcrypto", {}},
      {"uuid-ossp", {}},
      {"btree_gin", {}},
      {"btree_gist", {}},
      {"unaccent", {}},
      {"fuzzystrmatch", {}},
      {"pg_stat_statements", {}},
      {"tablefunc", {}},
  };
  return types;
}

bool extension_provides(const Schema& schema, const std::string& type_name) {
  for (const auto& [name, extension] : schema.extensions) {
    auto known = extension_types().find(name);
    if (known == extension_types().end() || known->second.contains(type_name)) return true;
  }
  return false;
}

}  // namespace

std::optional<Serial> serial_of(const PgQuery__TypeName& type) {
  if (type.n_names != 1 || type.n_typmods > 0) return std::nullopt;
  std::string name = string_of(type.names[0]);
  if (name == "serial" || name == "serial4") return Serial::Serial;
  if (name == "bigserial" || name == "serial8") return Serial::BigSerial;
  if (name == "smallserial" || name == "serial2") return Serial::SmallSerial;
  return std::nullopt;
}

TypeName resolve_type(Context& context, const PgQuery__TypeName& type) {
  if (type.setof || type.pct_type)
    context.fail(type.location, "SETOF and %TYPE are not column types");
  TypeName result;
  result.array_dimensions = static_cast<int>(type.n_array_bounds);
  try {
    if (auto builtin = sql::builtin_type_name(type)) {
      result.name = *builtin;
      return result;
    }
  } catch (const Error& error) {
    context.fail(type.location, error.what(), "fix the type modifiers");
  }
  std::vector<std::string> names = strings_of(type.names, type.n_names);
  if (names.size() > 2)
    context.fail(type.location, "cross-database type references are not supported");
  std::string schema_name = names.size() == 2 ? names[0] : "";
  QualifiedName enum_name = context.resolve(schema_name, names.back(), [&](const QualifiedName& q) {
    return context.schema.enums.contains(q);
  });
  if (context.schema.enums.contains(enum_name)) {
    if (type.n_typmods > 0) context.fail(type.location, "enum types take no modifiers");
    result.name = enum_name.name;
    result.schema = enum_name.schema;
    return result;
  }
  QualifiedName domain_name =
      context.resolve(schema_name, names.back(),
                      [&](const QualifiedName& q) { return context.schema.domains.contains(q); });
  if (context.schema.domains.contains(domain_name)) {
    if (type.n_typmods > 0) context.fail(type.location, "domains take no type modifiers");
    result.name = domain_name.name;
    result.schema = domain_name.schema;
    return result;
  }
  // Composite and range types, and the multirange type that comes with each range.
  auto user_type = [&](const QualifiedName& q) {
    if (context.schema.composite_types.contains(q) || context.schema.range_types.contains(q))
      return true;
    for (const auto& [name, range] : context.schema.range_types)
      if (name.schema == q.schema && range.multirange_type_name() == q.name) return true;
    return false;
  };
  QualifiedName type_name = context.resolve(schema_name, names.back(), user_type);
  if (user_type(type_name)) {
    if (type.n_typmods > 0)
      context.fail(type.location, "composite and range types take no type modifiers");
    result.name = type_name.name;
    result.schema = type_name.schema;
    return result;
  }
  if (extension_provides(context.schema, names.back())) {
    // Extension types keep no schema: the model has no place for it yet.
    result.name = names.back();
    if (type.n_typmods > 0) result.name += fmt::format("({})", sql::type_modifiers_text(type));
    return result;
  }
  std::string written = schema_name.empty() ? names.back() : schema_name + "." + names.back();
  context.fail(type.location, fmt::format("unknown type \"{}\"", written),
               "declare it with CREATE TYPE (AS ENUM, AS (...) or AS RANGE) or CREATE DOMAIN, or "
               "CREATE EXTENSION the extension that provides it, in one of the schema files "
               "(before its first use)");
}

}  // namespace sleet::sources
