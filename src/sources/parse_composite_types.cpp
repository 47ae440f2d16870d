// CREATE TYPE ... AS (attributes) and CREATE TYPE ... AS RANGE (SUBTYPE = ..., ...). Attribute
// and subtype types resolve like column types: built in, or enums, domains, composite and range
// types declared earlier in the files.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

void add_type(Context& context, const QualifiedName& name) {
  auto earlier = context.names.add_object("type", name.display(), context.where(), false);
  if (earlier) {
    context.fail(-1,
                 fmt::format("type {} is defined twice: at {} and at {}", name.display(),
                             earlier->where, context.where()),
                 "keep one definition");
  }
}

// The dotted name a range option holds (a function, operator class, collation or type name):
// written as a name, the parser reads it as a type name.
std::vector<std::string> option_names(Context& context, const PgQuery__DefElem& option) {
  if (option.arg && option.arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
    const PgQuery__TypeName& type = *option.arg->type_name;
    if (type.n_typmods == 0 && type.n_array_bounds == 0)
      return strings_of(type.names, type.n_names);
  }
  if (option.arg && option.arg->node_case == PG_QUERY__NODE__NODE_STRING)
    return {string_of(option.arg)};
  if (option.arg && option.arg->node_case == PG_QUERY__NODE__NODE_LIST)
    return strings_of(option.arg->list->items, option.arg->list->n_items);
  context.fail(option.location, fmt::format("{} takes a name", option.defname));
}

// A function or operator class as the model keeps it: bare when in pg_catalog or unqualified
// (qualify_range_functions qualifies a function the files declare), else schema.name.
std::string model_name(Context& context, const PgQuery__DefElem& option) {
  std::vector<std::string> names = option_names(context, option);
  if (names.size() > 2) context.fail(option.location, "cross-database names are not supported");
  if (names.size() == 2 && names[0] != "pg_catalog") return names[0] + "." + names[1];
  return names.back();
}

}  // namespace

void apply_create_composite_type(Context& context, const PgQuery__CompositeTypeStmt& statement) {
  CompositeType type;
  type.name = context.new_name(*statement.typevar);
  for (size_t i = 0; i < statement.n_coldeflist; ++i) {
    const PgQuery__Node& node = *statement.coldeflist[i];
    if (node.node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
      context.fail(location_of(&node), "a composite type lists attributes: name type");
    const PgQuery__ColumnDef& definition = *node.column_def;
    if (definition.n_constraints > 0 || definition.raw_default) {
      context.fail(definition.location, "a composite type's attributes take no constraints",
                   "put NOT NULL, DEFAULT and CHECK on a domain used as the attribute's type");
    }
    CompositeAttribute attribute;
    attribute.name = definition.colname;
    if (!definition.type_name) context.fail(definition.location, "an attribute needs a type");
    if (serial_of(*definition.type_name)) {
      context.fail(definition.type_name->location, "serial is not an attribute type",
                   "use integer or bigint");
    }
    attribute.type = resolve_type(context, *definition.type_name);
    if (definition.coll_clause) attribute.collation = collation_name(*definition.coll_clause);
    for (const CompositeAttribute& earlier : type.attributes) {
      if (earlier.name == attribute.name) {
        context.fail(definition.location,
                     fmt::format("attribute {} of type {} is declared twice", attribute.name,
                                 type.name.display()),
                     "rename or remove one of them");
      }
    }
    type.attributes.push_back(std::move(attribute));
  }
  add_type(context, type.name);
  context.schema.composite_types.emplace(type.name, std::move(type));
}

void apply_create_range_type(Context& context, const PgQuery__CreateRangeStmt& statement) {
  std::vector<std::string> names = strings_of(statement.type_name, statement.n_type_name);
  RangeType range;
  range.name = context.new_name(names.size() > 1 ? names[names.size() - 2] : "", names.back());
  bool has_subtype = false;
  for (size_t i = 0; i < statement.n_params; ++i) {
    const PgQuery__DefElem& option = *statement.params[i]->def_elem;
    std::string name = option.defname;
    if (name == "subtype") {
      if (!option.arg || option.arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
        context.fail(option.location, "SUBTYPE takes a type");
      range.subtype = resolve_type(context, *option.arg->type_name);
      has_subtype = true;
    } else if (name == "subtype_opclass") {
      range.subtype_opclass = model_name(context, option);
    } else if (name == "collation") {
      range.collation = model_name(context, option);
    } else if (name == "canonical") {
      range.canonical = model_name(context, option);
    } else if (name == "subtype_diff") {
      range.subtype_diff = model_name(context, option);
    } else if (name == "multirange_type_name") {
      std::vector<std::string> multirange = option_names(context, option);
      if (multirange.size() == 2 && multirange[0] != range.name.schema) {
        context.fail(option.location,
                     "a multirange type in another schema than its range is not supported",
                     "leave out its schema, or write the range's");
      }
      range.multirange_name = multirange.back();
    } else {
      context.fail(option.location, fmt::format("unknown range type option {}", name),
                   "use SUBTYPE, SUBTYPE_OPCLASS, COLLATION, CANONICAL, SUBTYPE_DIFF or "
                   "MULTIRANGE_TYPE_NAME");
    }
  }
  if (!has_subtype) context.fail(-1, "a range type needs SUBTYPE = type");
  // The default name spelled out is the default.
  if (!range.multirange_name.empty()) {
    RangeType unnamed = range;
    unnamed.multirange_name.clear();
    if (unnamed.multirange_type_name() == range.multirange_name) range.multirange_name.clear();
  }
  add_type(context, range.name);
  add_type(context, QualifiedName{range.name.schema, range.multirange_type_name()});
  context.schema.range_types.emplace(range.name, std::move(range));
}

void qualify_range_functions(Schema& schema) {
  auto qualify = [&](std::string& function, const std::string& range_schema) {
    if (function.empty() || function.find('.') != std::string::npos) return;
    for (const std::string& in : {range_schema, std::string("public")}) {
      for (const auto& [key, declared] : schema.functions) {
        if (declared.name.schema == in && declared.name.name == function) {
          function = in + "." + function;
          return;
        }
      }
    }
  };
  for (auto& [name, range] : schema.range_types) {
    qualify(range.canonical, name.schema);
    qualify(range.subtype_diff, name.schema);
  }
}

}  // namespace sleet::sources
