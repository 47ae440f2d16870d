// DEFAULT NULL as the server stores it. It converts the default to the column's type and
// keeps nothing when the result is a plain NULL constant; a conversion that stays in the
// expression (to varchar(10), to a domain, from another type) makes it a stored default,
// which pg_dump prints (`DEFAULT NULL::character varying`).
#include "sleet/sql.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"
#include "sql/type_names.h"

namespace sleet::sources {

namespace {

// The converted default while it is still a plain constant: its type (none while the NULL is
// untyped) and whether it is a constant at all.
struct NullConstant {
  std::optional<TypeName> type;
  bool constant = true;
};

bool has_modifiers(const TypeName& type) {
  return sql::without_modifiers(type.name) != type.name;
}

bool same_type(const TypeName& a, const TypeName& b) {
  return a.schema == b.schema && a.array_dimensions == b.array_dimensions &&
         sql::without_modifiers(a.name) == sql::without_modifiers(b.name);
}

bool is_domain(const Context& context, const TypeName& type) {
  return type.is_user_defined() && type.array_dimensions == 0 &&
         context.schema.domains.contains(QualifiedName{type.schema, type.name});
}

// One conversion (an explicit cast, or the final one to the column's type), as the server's
// coerce_type and coerce_type_typmod build it.
void convert(const Context& context, NullConstant& value, const TypeName& target) {
  if (!value.constant) return;  // a cast of an expression stays an expression
  if (is_domain(context, target)) {
    value.constant = false;  // CoerceToDomain
    return;
  }
  if (!value.type) {
    value.type = target;
    // An untyped NULL becomes a constant of the type; a length coercion follows when the type
    // has modifiers, except for a plain interval, whose input takes them directly.
    bool interval = target.array_dimensions == 0 && !target.is_user_defined() &&
                    sql::without_modifiers(target.name) == "interval";
    if (has_modifiers(target) && !interval) value.constant = false;
    return;
  }
  if (!same_type(*value.type, target) || has_modifiers(target)) value.constant = false;
}

// The base type of a domain (of a domain...), as far as the model knows it.
TypeName ultimate_base(const Context& context, TypeName type) {
  for (int depth = 0; depth < 32 && is_domain(context, type); ++depth)
    type = context.schema.domains.at(QualifiedName{type.schema, type.name}).base_type;
  return type;
}

// The type in a cast as pg_get_expr prints it, without modifiers.
std::string printed_type(const TypeName& type) {
  std::string name = sql::without_modifiers(type.name);
  if (name == "character") name = "bpchar";
  if (name == "bit") name = "\"bit\"";
  TypeName bare = type;
  bare.name = name;
  bare.array_dimensions = 0;
  std::string out = type.is_user_defined() ? bare.sql() : name;
  for (int i = 0; i < type.array_dimensions; ++i) out += "[]";
  return out;
}

}  // namespace

std::optional<Expression> stored_null_default(Context& context, const TypeName& column_type,
                                              const PgQuery__Node& expression) {
  std::vector<const PgQuery__TypeName*> casts;  // outermost first
  const PgQuery__Node* inner = &expression;
  while (inner->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
    casts.push_back(inner->type_cast->type_name);
    inner = inner->type_cast->arg;
  }
  NullConstant value;
  for (auto cast = casts.rbegin(); cast != casts.rend(); ++cast)
    convert(context, value, resolve_type(context, **cast));
  convert(context, value, column_type);
  if (value.constant) return std::nullopt;
  if (!casts.empty()) return expression_of(expression);
  // A bare NULL: the server's expression is the NULL constant of the column's (base) type
  // under the conversion, which pg_get_expr does not print.
  // Written as the canonical text, as a cast NULL is (expression_of): an exported schema
  // read back prints the same default.
  std::string canonical =
      sql::canonical_expression("NULL::" + printed_type(ultimate_base(context, column_type)));
  return Expression{canonical, canonical};
}

}  // namespace sleet::sources
