// CREATE FUNCTION / PROCEDURE and CREATE TRIGGER, from schema files and from the catalog's own
// definitions (pg_get_functiondef, pg_get_triggerdef): one reader for both, so a declared
// function and the one the server gives back are the same model value by construction.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"
#include "sql/parse_tree.h"
#include "sql/type_names.h"

namespace sleet::sources {

namespace {

// Types of pg_catalog that builtin_type_name leaves to the caller: pseudo-types and the
// catalog's own types, which a function's signature may name.
bool is_catalog_type(const std::string& name) {
  static const std::set<std::string> names = {"trigger",
                                              "event_trigger",
                                              "void",
                                              "record",
                                              "anyelement",
                                              "anyarray",
                                              "anynonarray",
                                              "anyenum",
                                              "anyrange",
                                              "anymultirange",
                                              "anycompatible",
                                              "anycompatiblearray",
                                              "anycompatiblenonarray",
                                              "anycompatiblerange",
                                              "internal",
                                              "cstring",
                                              "language_handler",
                                              "fdw_handler",
                                              "refcursor",
                                              "regproc",
                                              "regprocedure",
                                              "regoper",
                                              "regoperator",
                                              "regnamespace",
                                              "regrole",
                                              "regconfig",
                                              "regdictionary",
                                              "name",
                                              "char",
                                              "int4range",
                                              "int8range",
                                              "numrange",
                                              "tsrange",
                                              "tstzrange",
                                              "daterange",
                                              "pg_lsn",
                                              "txid_snapshot",
                                              "pg_snapshot",
                                              "xid",
                                              "xid8",
                                              "cid",
                                              "tid"};
  return names.contains(name);
}

// "character varying(32)" -> "character varying": the server keeps no typmod for a function's
// parameters or result.
using sql::without_modifiers;

}  // namespace

TypeName function_type(Context& context, const PgQuery__TypeName& type) {
  if (type.pct_type) {
    context.fail(type.location, "%TYPE in a function's signature is not supported yet",
                 "write the type itself (the server stores the type %TYPE resolves to)");
  }
  TypeName result;
  result.array_dimensions = static_cast<int>(type.n_array_bounds);
  try {
    if (auto builtin = sql::builtin_type_name(type)) {
      result.name = without_modifiers(*builtin);
      // A function's types have no modifier, and the server prints a bare bpchar so
      // (format_type without a modifier), where a column's keeps "bpchar".
      if (result.name == "bpchar") result.name = "character";
      return result;
    }
  } catch (const Error& error) {
    context.fail(type.location, error.what(), "fix the type modifiers");
  }
  std::vector<std::string> names = strings_of(type.names, type.n_names);
  if (names.empty() || names.size() > 2)
    context.fail(type.location, "cross-database type references are not supported");
  std::string schema_name = names.size() == 2 ? names[0] : "";
  if ((schema_name.empty() || schema_name == "pg_catalog") && is_catalog_type(names.back())) {
    result.name = names.back();
    return result;
  }
  const Schema& schema = context.schema;
  auto declared = [&](const QualifiedName& name) {
    if (schema.enums.contains(name) || schema.tables.contains(name) ||
        schema.views.contains(name) || schema.domains.contains(name) ||
        schema.composite_types.contains(name) || schema.range_types.contains(name))
      return true;
    for (const auto& [range_name, range] : schema.range_types)
      if (range_name.schema == name.schema && range.multirange_type_name() == name.name)
        return true;
    return false;
  };
  QualifiedName resolved = context.resolve(schema_name, names.back(), declared);
  // The server searches pg_catalog first: an unqualified pg_ name the files do not declare is
  // the catalog's own row type (RETURNS SETOF pg_roles), not one in the search_path's schema.
  if (schema_name.empty() && names.back().starts_with("pg_") && !declared(resolved))
    resolved.schema = "pg_catalog";
  result.name = resolved.name;
  result.schema = resolved.schema;
  return result;
}

std::string parameter_mode(PgQuery__FunctionParameterMode mode) {
  switch (mode) {
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
      return "out";
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
      return "inout";
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
      return "variadic";
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
      return "table";
    default:
      return "in";
  }
}

std::string lower_case(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

namespace {

// SET name = value as the catalog's proconfig holds it: "name=value", list settings with
// each element quoted as an identifier when it needs it (search_path=public, "$user").
std::string config_entry(Context& context, const PgQuery__VariableSetStmt& set) {
  if (set.kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) {
    context.fail(
        -1,
        fmt::format("SET {} FROM CURRENT or TO DEFAULT in a function is not supported", set.name),
        "write the value the function should run with");
  }
  static const std::set<std::string> list_settings = {
      "search_path", "temp_tablespaces", "session_preload_libraries", "local_preload_libraries",
      "shared_preload_libraries"};
  std::string name = lower_case(set.name);
  bool quoted_list = list_settings.contains(name);
  std::string value;
  for (size_t i = 0; i < set.n_args; ++i) {
    if (i > 0) value += ", ";
    std::string item = string_of(set.args[i]);
    value += quoted_list ? sql::quote_identifier_if_needed(item) : item;
  }
  return name + "=" + value;
}

void read_option(Context& context, Function& model, const PgQuery__DefElem& option,
                 bool& cost_written, bool& rows_written) {
  std::string name = option.defname;
  if (name == "as") {
    const PgQuery__List* list = option.arg && option.arg->node_case == PG_QUERY__NODE__NODE_LIST
                                    ? option.arg->list
                                    : nullptr;
    if (!list || list->n_items != 1) {
      context.fail(option.location,
                   "a function body of two strings (object file and symbol) is not supported",
                   "keep C functions in an extension");
    }
    model.body = string_of(list->items[0]);
  } else if (name == "language") {
    model.language = lower_case(string_of(option.arg));
  } else if (name == "volatility") {
    model.volatility = lower_case(string_of(option.arg));
  } else if (name == "strict") {
    model.strict = boolean_of(option);
  } else if (name == "security") {
    model.security_definer = boolean_of(option);
  } else if (name == "leakproof") {
    model.leakproof = boolean_of(option);
  } else if (name == "parallel") {
    model.parallel = lower_case(string_of(option.arg));
  } else if (name == "cost" || name == "rows") {
    double value = std::stod(string_of(option.arg));
    (name == "cost" ? model.cost : model.rows) = value;
    (name == "cost" ? cost_written : rows_written) = true;
  } else if (name == "set") {
    std::string entry = config_entry(context, *option.arg->variable_set_stmt);
    std::string key = entry.substr(0, entry.find('=') + 1);
    auto same = std::find_if(model.config.begin(), model.config.end(),
                             [&](const std::string& e) { return e.starts_with(key); });
    if (same != model.config.end()) {
      *same = entry;
    } else {
      model.config.push_back(entry);
    }
  } else if (name == "window") {
    context.fail(option.location, "WINDOW functions are not supported yet",
                 "keep them in a custom migration");
  } else {
    context.fail(option.location, fmt::format("function option {} is not supported yet", name));
  }
}

// A SQL-standard body (RETURN expr, BEGIN ATOMIC stmt; ... END) in one canonical spelling: each
// expression and statement as libpg_query deparses it, so the body a file writes and the one
// pg_get_functiondef prints (parenthesised, one statement a line) read back equal.
std::string sql_standard_body(Context& context, const PgQuery__Node& body) {
  if (body.node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
    const PgQuery__ReturnStmt& written = *body.return_stmt;
    if (!written.returnval) context.fail(-1, "RETURN needs an expression");
    return "RETURN " + sql::deparse_expression(*written.returnval);
  }
  // BEGIN ATOMIC ... END: a list holding the list of statements (empty for BEGIN ATOMIC END).
  std::string out = "BEGIN ATOMIC\n";
  if (body.node_case == PG_QUERY__NODE__NODE_LIST && body.list->n_items == 1 &&
      body.list->items[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
    const PgQuery__List& statements = *body.list->items[0]->list;
    for (size_t i = 0; i < statements.n_items; ++i)
      out += " " + sql::deparse_statement(*statements.items[i]) + ";\n";
  } else if (body.node_case != PG_QUERY__NODE__NODE_LIST) {
    context.fail(-1,
                 fmt::format("a function body of kind {} is not supported", node_kind_name(body)));
  }
  return out + "END";
}

QualifiedName trigger_function(Context& context, const PgQuery__CreateTrigStmt& statement) {
  std::vector<std::string> names = strings_of(statement.funcname, statement.n_funcname);
  if (names.empty() || names.size() > 2)
    context.fail(-1, "a trigger's function is named by [schema.]name");
  const Schema& schema = context.schema;
  // Keys are (schema, "name(types)"): a name's overloads sit together, from "name(" on. One
  // lookup per trigger, not a walk of every function.
  auto declared = [&](const QualifiedName& name) {
    std::string prefix = name.name + "(";
    auto it = schema.functions.lower_bound(QualifiedName{name.schema, prefix});
    return it != schema.functions.end() && it->first.schema == name.schema &&
           it->first.name.starts_with(prefix);
  };
  QualifiedName resolved = context.resolve(names.size() == 2 ? names[0] : "", names.back(), declared);
  // The server's own trigger functions, called unqualified as its documentation calls them
  // (pg_get_triggerdef prints them so too), when the files declare none of that name: they
  // live in pg_catalog, which the server searches first.
  static const std::set<std::string> kCatalogTriggerFunctions{
      "suppress_redundant_updates_trigger", "tsvector_update_trigger",
      "tsvector_update_trigger_column"};
  if (names.size() == 1 && kCatalogTriggerFunctions.contains(names.back()) && !declared(resolved))
    return QualifiedName{"pg_catalog", names.back()};
  return resolved;
}

}  // namespace

Function read_create_function(Context& context, const PgQuery__CreateFunctionStmt& statement) {
  Function model;
  std::vector<std::string> names = strings_of(statement.funcname, statement.n_funcname);
  if (names.size() > 2) context.fail(-1, "cross-database function names are not supported");
  model.name = context.new_name(names.size() == 2 ? names[0] : "", names.back());
  model.procedure = statement.is_procedure;
  if (statement.sql_body) {
    model.body = sql_standard_body(context, *statement.sql_body);
    model.sql_standard_body = true;
  }
  std::vector<TypeName> outputs;
  for (size_t i = 0; i < statement.n_parameters; ++i) {
    const PgQuery__FunctionParameter& written = *statement.parameters[i]->function_parameter;
    FunctionParameter parameter;
    parameter.mode = parameter_mode(written.mode);
    parameter.name = written.name ? written.name : "";
    parameter.type = function_type(context, *written.arg_type);
    if (written.defexpr) parameter.default_value = expression_of(*written.defexpr);
    if (parameter.mode == "out" || parameter.mode == "inout") outputs.push_back(parameter.type);
    model.parameters.push_back(std::move(parameter));
  }
  if (statement.return_type) {
    model.returns = function_type(context, *statement.return_type);
    model.returns_set = statement.return_type->setof;
  } else if (!model.procedure) {
    // Output parameters alone: one gives the result type, several a record.
    if (outputs.empty()) context.fail(-1, "a function needs RETURNS or OUT parameters");
    model.returns = outputs.size() == 1 ? outputs[0] : TypeName{"record", "", 0};
  }
  model.language.clear();
  bool cost_written = false;
  bool rows_written = false;
  for (size_t i = 0; i < statement.n_options; ++i)
    read_option(context, model, *statement.options[i]->def_elem, cost_written, rows_written);
  // A SQL-standard body is in SQL whether LANGUAGE says so or not.
  if (model.language.empty() && model.sql_standard_body) model.language = "sql";
  if (model.language.empty())
    context.fail(-1, fmt::format("function {} names no LANGUAGE", model.name.display()),
                 "add LANGUAGE plpgsql (or sql)");
  if (!cost_written) model.cost = model.language == "c" || model.language == "internal" ? 1 : 100;
  if (!rows_written) model.rows = model.returns_set ? 1000 : 0;
  return model;
}

std::pair<QualifiedName, Trigger> read_create_trigger(Context& context,
                                                      const PgQuery__CreateTrigStmt& statement,
                                                      const QualifiedName& table) {
  if (statement.constrrel) {
    context.fail(-1, "CREATE CONSTRAINT TRIGGER ... FROM is not supported yet",
                 "leave out FROM (it is for foreign keys the server makes)");
  }
  Trigger model;
  model.name = statement.trigname;
  // The server's TRIGGER_TYPE_* bits.
  model.timing = statement.timing & 2 ? "BEFORE" : statement.timing & 64 ? "INSTEAD OF" : "AFTER";
  if (statement.events & 4) model.events.push_back("INSERT");
  if (statement.events & 16) model.events.push_back("UPDATE");
  if (statement.events & 8) model.events.push_back("DELETE");
  if (statement.events & 32) model.events.push_back("TRUNCATE");
  model.update_columns = strings_of(statement.columns, statement.n_columns);
  model.for_each_row = statement.row;
  if (statement.when_clause) model.when = expression_of(*statement.when_clause);
  model.function = trigger_function(context, statement);
  model.arguments = strings_of(statement.args, statement.n_args);
  model.constraint = statement.isconstraint;
  model.deferrable = statement.deferrable;
  model.initially_deferred = statement.initdeferred;
  for (size_t i = 0; i < statement.n_transition_rels; ++i) {
    const PgQuery__TriggerTransition& transition =
        *statement.transition_rels[i]->trigger_transition;
    (transition.is_new ? model.new_table : model.old_table) = transition.name;
  }
  return {table, std::move(model)};
}

QualifiedName declared_function(Context& context, const PgQuery__ObjectWithArgs& object,
                                int location, const std::string& statement_words) {
  std::vector<std::string> names = strings_of(object.objname, object.n_objname);
  std::string schema_name = names.size() > 1 ? names[names.size() - 2] : "";
  Function probe;
  probe.name = QualifiedName{"", names.back()};
  for (size_t i = 0; i < object.n_objargs; ++i) {
    FunctionParameter parameter;
    parameter.type = function_type(context, *object.objargs[i]->type_name);
    probe.parameters.push_back(std::move(parameter));
  }
  std::string signature = probe.signature();
  auto found_in = [&](const std::string& schema) {
    std::vector<QualifiedName> found;
    for (const auto& [key, function] : context.schema.functions) {
      if (key.schema != schema || function.name.name != names.back()) continue;
      if (object.args_unspecified || key.name == signature) found.push_back(key);
    }
    return found;
  };
  QualifiedName where = context.resolve(schema_name, names.back(), [&](const QualifiedName& q) {
    return !found_in(q.schema).empty();
  });
  std::vector<QualifiedName> found = found_in(where.schema);
  if (found.empty()) {
    context.fail(
        location,
        fmt::format("{} on function {}.{}, which the schema files do not create", statement_words,
                    where.schema, object.args_unspecified ? names.back() : signature),
        "create the function in the schema files first, or write its argument types as "
        "CREATE FUNCTION declares them");
  }
  if (found.size() > 1) {
    context.fail(location,
                 fmt::format("function name {}.{} is not unique", where.schema, names.back()),
                 fmt::format("write the argument types: {} ON FUNCTION name(integer, text) ...",
                             statement_words));
  }
  return found.front();
}

void add_function(Context& context, Function model, bool replace, const char* kind) {
  QualifiedName key = function_key(model);
  auto earlier = context.names.add_object("function", key.display(), context.where(), false);
  if (earlier && !replace) {
    context.fail(-1,
                 fmt::format("{} {} is defined twice (first at {})", kind, key.display(),
                             earlier->where),
                 "remove one definition, or overload it with other parameter types");
  }
  // CREATE OR REPLACE keeps the comment, as the server does.
  if (auto it = context.schema.functions.find(key); it != context.schema.functions.end())
    model.comment = it->second.comment;
  context.schema.functions[key] = std::move(model);
}

void apply_create_function(Context& context, const PgQuery__CreateFunctionStmt& statement) {
  add_function(context, read_create_function(context, statement), statement.replace, "function");
}

void apply_create_trigger(Context& context, const PgQuery__CreateTrigStmt& statement) {
  Table& table = context.table(*statement.relation);
  auto [table_name, trigger] = read_create_trigger(context, statement, table.name);
  if (table.triggers.contains(trigger.name) && !statement.replace) {
    context.fail(
        -1, fmt::format("trigger {} on {} is defined twice", trigger.name, table.name.display()),
        "give each trigger of a table its own name");
  }
  table.triggers[trigger.name] = std::move(trigger);
}

namespace {

// A type as format_type prints it, read by the rule the parser reads a function's types with
// (function_type) from "SELECT NULL::type", once per spelling: as read_create_function reads
// the same spelling in pg_get_functiondef's text.
class CatalogTypes {
 public:
  explicit CatalogTypes(Context& context) : context_(context) {}

  const TypeName& operator()(const std::string& spelled) {
    auto found = seen_.find(spelled);
    if (found != seen_.end()) return found->second;
    SourceFile file;
    file.name = "type " + spelled + " in the database";
    file.text = "SELECT NULL::" + spelled;
    file.lines = LineIndex(file.text);
    file.tree = std::make_unique<sql::ParseTree>(file.text, file.name, sql::ParseTree::Memory::Arena);
    const PgQuery__Node& node = *file.tree->statement(0).stmt;
    const PgQuery__Node* value =
        node.node_case == PG_QUERY__NODE__NODE_SELECT_STMT && node.select_stmt->n_target_list == 1
            ? node.select_stmt->target_list[0]->res_target->val
            : nullptr;
    if (!value || value->node_case != PG_QUERY__NODE__NODE_TYPE_CAST)
      throw Error(ErrorKind::Failure, fmt::format("the server printed an unknown type: {}", spelled));
    Statement statement{&file, &node, 0, static_cast<int>(file.text.size()), "public"};
    context_.set_statement(&statement);
    TypeName type = function_type(context_, *value->type_cast->type_name);
    context_.set_statement(nullptr);
    return seen_.emplace(spelled, std::move(type)).first->second;
  }

 private:
  Context& context_;
  std::map<std::string, TypeName> seen_;
};

// A function from its columns (CatalogFunction), equal to what read_create_function reads
// from its pg_get_functiondef.
Function function_of(CatalogTypes& types, const CatalogFunction& catalog) {
  Function function = catalog.function;
  for (size_t i = 0; i < function.parameters.size(); ++i)
    function.parameters[i].type = types(catalog.parameter_types.at(i));
  if (!catalog.return_type.empty()) function.returns = types(catalog.return_type);
  if (!catalog.parameter_defaults.empty()) {
    // The defaults belong to the last input parameters.
    std::vector<std::string> defaults = sql::canonical_expression_list(catalog.parameter_defaults);
    auto next = defaults.rbegin();
    for (auto parameter = function.parameters.rbegin();
         parameter != function.parameters.rend() && next != defaults.rend(); ++parameter) {
      if (!parameter->is_input()) continue;
      parameter->default_value = Expression{*next, *next};
      ++next;
    }
  }
  return function;
}

}  // namespace

void read_catalog_definitions(Schema& schema, const std::vector<CatalogDefinition>& definitions) {
  ParseReport report;
  report.schema = std::move(schema);
  struct PutBack {
    Schema& target;
    Schema& source;
    ~PutBack() { target = std::move(source); }
  } put_back{schema, report.schema};
  Context context(report);
  CatalogTypes types(context);
  for (const CatalogDefinition& definition : definitions) {
    if (definition.function) {
      Function function = function_of(types, *definition.function);
      function.comment = definition.comment;
      report.schema.functions[function_key(function)] = std::move(function);
      continue;
    }
    SourceFile file;
    file.name = definition.what;
    file.text = definition.sql;
    file.lines = LineIndex(file.text);
    // Read-only, as schema files are: one arena, not a malloc and a free per node.
    file.tree =
        std::make_unique<sql::ParseTree>(file.text, file.name, sql::ParseTree::Memory::Arena);
    for (size_t i = 0; i < file.tree->size(); ++i) {
      const PgQuery__Node& node = *file.tree->statement(i).stmt;
      Statement statement{&file, &node, 0, static_cast<int>(file.text.size()), "public"};
      context.set_statement(&statement);
      if (node.node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
        Function function = read_create_function(context, *node.create_function_stmt);
        function.comment = definition.comment;
        report.schema.functions[function_key(function)] = std::move(function);
      } else if (node.node_case == PG_QUERY__NODE__NODE_DEFINE_STMT) {
        // An aggregate as the inspector writes it from pg_aggregate (parse_aggregates.cpp).
        Function aggregate = read_create_aggregate(context, *node.define_stmt);
        aggregate.comment = definition.comment;
        report.schema.functions[function_key(aggregate)] = std::move(aggregate);
      } else if (node.node_case == PG_QUERY__NODE__NODE_CREATE_TRIG_STMT) {
        const PgQuery__RangeVar& relation = *node.create_trig_stmt->relation;
        QualifiedName table_name{relation.schemaname[0] ? relation.schemaname : "public",
                                 relation.relname};
        auto table = report.schema.tables.find(table_name);
        if (table == report.schema.tables.end()) continue;  // a table the filters leave out
        auto [name, trigger] = read_create_trigger(context, *node.create_trig_stmt, table_name);
        trigger.comment = definition.comment;
        table->second.triggers[trigger.name] = std::move(trigger);
      } else if (node.node_case == PG_QUERY__NODE__NODE_RULE_STMT) {
        // A rule as pg_get_ruledef prints it (parse_rules.cpp).
        const PgQuery__RangeVar& relation = *node.rule_stmt->relation;
        QualifiedName name{relation.schemaname[0] ? relation.schemaname : "public",
                           relation.relname};
        RewriteRule rule = read_create_rule(context, *node.rule_stmt);
        if (auto table = report.schema.tables.find(name); table != report.schema.tables.end()) {
          table->second.rules[rule.name] = std::move(rule);
        } else if (auto view = report.schema.views.find(name); view != report.schema.views.end()) {
          view->second.rules[rule.name] = std::move(rule);
        }
      } else if (node.node_case == PG_QUERY__NODE__NODE_CREATE_STMT) {
        // A partition key as pg_get_partkeydef prints it (inspect_partitions.cpp).
        read_catalog_partition_key(context, *node.create_stmt);
      } else if (node.node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
        // An EXCLUDE constraint as pg_get_constraintdef prints it (inspect_database.cpp).
        const PgQuery__RangeVar& relation = *node.alter_table_stmt->relation;
        if (!report.schema.tables.contains(QualifiedName{relation.schemaname, relation.relname}))
          continue;
        apply_alter_table(context, *node.alter_table_stmt);
      }
    }
    context.set_statement(nullptr);
  }
}

}  // namespace sleet::sources
