// CREATE AGGREGATE, from schema files and from the inspector's definitions (which it builds
// from pg_aggregate in this same syntax): one reader for both, so a declared aggregate and the
// catalog's are the same model value by construction.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"
#include "sql/parse_tree.h"

namespace sleet::sources {

namespace {

constexpr const char* kCustomMigrationHint = "keep this aggregate in a custom migration";

// A support function (SFUNC = name): the function the files declare under that name on the
// search path, else the server's own (pg_catalog), as the server resolves it.
QualifiedName support_function(Context& context, const PgQuery__DefElem& option) {
  std::vector<std::string> names;
  if (option.arg && option.arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
    names = strings_of(option.arg->type_name->names, option.arg->type_name->n_names);
  } else if (option.arg) {
    names = {string_of(option.arg)};
  }
  if (names.empty() || names.size() > 2 || names.back().empty()) {
    context.fail(option.location,
                 fmt::format("{} of an aggregate names a function as [schema.]name",
                             lower_case(option.defname)));
  }
  if (names.size() == 2) return {names[0], names[1]};
  const Schema& schema = context.schema;
  auto declared = [&](const QualifiedName& name) {
    for (const auto& [key, function] : schema.functions)
      if (function.name == name) return true;
    return false;
  };
  QualifiedName resolved = context.resolve("", names[0], declared);
  if (declared(resolved)) return resolved;
  return {"pg_catalog", names[0]};
}

TypeName state_type(Context& context, const PgQuery__DefElem& option) {
  if (!option.arg || option.arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
    context.fail(option.location,
                 fmt::format("{} of an aggregate must name a type", lower_case(option.defname)));
  return function_type(context, *option.arg->type_name);
}

int state_space(Context& context, const PgQuery__DefElem& option) {
  std::optional<int64_t> value = integer_of(option.arg);
  if (!value || *value < 0)
    context.fail(option.location, fmt::format("{} of an aggregate must be a number of bytes",
                                              lower_case(option.defname)));
  return static_cast<int>(*value);
}

std::string final_modify(Context& context, const PgQuery__DefElem& option) {
  std::string value = lower_case(string_of(option.arg));
  if (value != "read_only" && value != "shareable" && value != "read_write") {
    context.fail(option.location,
                 fmt::format("{} must be READ_ONLY, SHAREABLE or READ_WRITE", option.defname));
  }
  return value;
}

// The arguments of the current syntax: (*), (type, ...) or ([name] type, ...); ORDER BY in
// them makes an ordered-set aggregate.
void read_arguments(Context& context, const PgQuery__DefineStmt& statement, Function& model) {
  if (statement.n_args != 2 || statement.args[1]->node_case != PG_QUERY__NODE__NODE_INTEGER)
    context.fail(-1, "CREATE AGGREGATE needs its argument types in parentheses");
  if (statement.args[1]->integer->ival != -1) {
    context.fail(-1, "ordered-set aggregates (ORDER BY in the arguments) are not supported yet",
                 kCustomMigrationHint);
  }
  const PgQuery__Node& list = *statement.args[0];
  if (list.node_case != PG_QUERY__NODE__NODE_LIST) return;  // (*): no arguments
  for (size_t i = 0; i < list.list->n_items; ++i) {
    const PgQuery__FunctionParameter& written = *list.list->items[i]->function_parameter;
    FunctionParameter parameter;
    parameter.mode = parameter_mode(written.mode);
    if (parameter.mode != "in" && parameter.mode != "variadic")
      context.fail(written.arg_type ? written.arg_type->location : -1,
                   "an aggregate's arguments are IN or VARIADIC");
    parameter.name = written.name ? written.name : "";
    parameter.type = function_type(context, *written.arg_type);
    model.parameters.push_back(std::move(parameter));
  }
}

void read_option(Context& context, const PgQuery__DefElem& option, Function& model,
                 Aggregate& aggregate, std::optional<TypeName>& base_type) {
  std::string name = lower_case(option.defname);
  if (name == "sfunc" || name == "sfunc1") {
    aggregate.state_function = support_function(context, option);
  } else if (name == "stype" || name == "stype1") {
    aggregate.state_type = state_type(context, option);
  } else if (name == "sspace") {
    aggregate.state_space = state_space(context, option);
  } else if (name == "finalfunc") {
    aggregate.final_function = support_function(context, option);
  } else if (name == "finalfunc_extra") {
    aggregate.final_extra = boolean_of(option);
  } else if (name == "finalfunc_modify") {
    aggregate.final_modify = final_modify(context, option);
  } else if (name == "combinefunc") {
    aggregate.combine_function = support_function(context, option);
  } else if (name == "serialfunc") {
    aggregate.serial_function = support_function(context, option);
  } else if (name == "deserialfunc") {
    aggregate.deserial_function = support_function(context, option);
  } else if (name == "initcond" || name == "initcond1") {
    aggregate.initial_condition = string_of(option.arg);
  } else if (name == "msfunc") {
    aggregate.moving_state_function = support_function(context, option);
  } else if (name == "minvfunc") {
    aggregate.moving_inverse_function = support_function(context, option);
  } else if (name == "mstype") {
    aggregate.moving_state_type = state_type(context, option);
  } else if (name == "msspace") {
    aggregate.moving_state_space = state_space(context, option);
  } else if (name == "mfinalfunc") {
    aggregate.moving_final_function = support_function(context, option);
  } else if (name == "mfinalfunc_extra") {
    aggregate.moving_final_extra = boolean_of(option);
  } else if (name == "mfinalfunc_modify") {
    aggregate.moving_final_modify = final_modify(context, option);
  } else if (name == "minitcond") {
    aggregate.moving_initial_condition = string_of(option.arg);
  } else if (name == "parallel") {
    model.parallel = lower_case(string_of(option.arg));
    if (model.parallel != "safe" && model.parallel != "restricted" && model.parallel != "unsafe")
      context.fail(option.location, "PARALLEL must be SAFE, RESTRICTED or UNSAFE");
  } else if (name == "basetype") {
    // BASETYPE = ANY (a keyword, or "any" quoted) declares an aggregate of no arguments.
    bool any = option.arg && option.arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME
                   ? lower_case(string_of(option.arg)) == "any"
                   : option.arg && option.arg->type_name->n_names == 1 &&
                         lower_case(string_of(option.arg->type_name->names[0])) == "any";
    base_type = any ? TypeName{} : state_type(context, option);
  } else if (name == "sortop") {
    context.fail(option.location, "SORTOP of an aggregate is not supported yet",
                 kCustomMigrationHint);
  } else if (name == "hypothetical") {
    context.fail(option.location, "hypothetical-set aggregates are not supported yet",
                 kCustomMigrationHint);
  } else {
    context.fail(option.location, fmt::format("aggregate option {} is not known", option.defname),
                 "see CREATE AGGREGATE in the PostgreSQL manual for the options it takes");
  }
}

}  // namespace

Function read_create_aggregate(Context& context, const PgQuery__DefineStmt& statement) {
  Function model;
  std::vector<std::string> names = strings_of(statement.defnames, statement.n_defnames);
  if (names.empty() || names.size() > 2)
    context.fail(-1, "cross-database aggregate names are not supported");
  model.name = context.new_name(names.size() == 2 ? names[0] : "", names.back());
  // What the server stores for every aggregate's pg_proc row.
  model.language = "internal";
  model.cost = 1;
  Aggregate aggregate;
  std::optional<TypeName> base_type;
  if (!statement.oldstyle) read_arguments(context, statement, model);
  for (size_t i = 0; i < statement.n_definition; ++i)
    read_option(context, *statement.definition[i]->def_elem, model, aggregate, base_type);
  if (statement.oldstyle) {
    if (!base_type) context.fail(-1, "CREATE AGGREGATE (BASETYPE = ...) needs BASETYPE");
    if (!base_type->name.empty()) model.parameters.push_back({"in", "", *base_type, std::nullopt});
  } else if (base_type) {
    context.fail(-1, "BASETYPE belongs to the old CREATE AGGREGATE syntax",
                 "write the argument types in parentheses after the name instead");
  }
  if (aggregate.state_function.name.empty() || aggregate.state_type.name.empty()) {
    context.fail(-1, fmt::format("aggregate {} needs SFUNC and STYPE", model.name.display()));
  }
  bool moving = !aggregate.moving_state_function.name.empty();
  if (moving != !aggregate.moving_inverse_function.name.empty() ||
      moving != !aggregate.moving_state_type.name.empty()) {
    context.fail(
        -1,
        fmt::format("aggregate {}: MSFUNC, MINVFUNC and MSTYPE go together", model.name.display()),
        "write all three for the moving-aggregate mode, or none");
  }
  model.aggregate = std::move(aggregate);
  return model;
}

void apply_create_aggregate(Context& context, const PgQuery__DefineStmt& statement) {
  add_function(context, read_create_aggregate(context, statement), statement.replace, "aggregate");
}

}  // namespace sleet::sources
