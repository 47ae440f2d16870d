// DDL of functions, procedures and triggers (ddl.h).
#include <fmt/format.h>

#include <cctype>
#include <set>

#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/sql.h"

namespace sleet::ddl {

namespace {

using sql::quote_identifier;
using sql::quote_literal;

// $function$ unless the body holds it; then $function1$, $function2$, ...
std::string dollar_tag(const std::string& body) {
  std::string tag = "$function$";
  for (int i = 1; body.find(tag) != std::string::npos; ++i) tag = fmt::format("$function{}$", i);
  return tag;
}

std::string parameter_text(const FunctionParameter& parameter) {
  std::string out;
  if (parameter.mode == "out") out += "OUT ";
  if (parameter.mode == "inout") out += "INOUT ";
  if (parameter.mode == "variadic") out += "VARIADIC ";
  if (!parameter.name.empty()) out += quote_identifier(parameter.name) + " ";
  out += parameter.type.sql();
  if (parameter.default_value) out += " DEFAULT " + parameter.default_value->written();
  return out;
}

bool is_list_setting(const std::string& name) {
  return name == "search_path" || name == "temp_tablespaces" ||
         name == "session_preload_libraries" || name == "local_preload_libraries" ||
         name == "shared_preload_libraries";
}

// proconfig's "name=value" as SET name = value: a list setting's items are identifiers
// (quoted where they need it); any other value a literal.
std::string set_clause(const std::string& entry) {
  std::size_t equals = entry.find('=');
  std::string name = entry.substr(0, equals);
  std::string value = equals == std::string::npos ? "" : entry.substr(equals + 1);
  if (!is_list_setting(name)) return fmt::format("SET {} = {}", name, quote_literal(value));
  if (value.empty() || value == "\"\"") return fmt::format("SET {} = ''", name);
  return fmt::format("SET {} = {}", name, value);
}

std::string upper_case(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string number(double value) {
  return fmt::format("{}", value);
}

}  // namespace

std::string create_aggregate(const Function& function, bool or_replace) {
  const Aggregate& aggregate = *function.aggregate;
  std::string arguments;
  for (const FunctionParameter& parameter : function.parameters)
    arguments += (arguments.empty() ? "" : ", ") + parameter_text(parameter);
  std::string out = fmt::format("CREATE {}AGGREGATE {}({}) (\n SFUNC = {},\n STYPE = {}",
                                or_replace ? "OR REPLACE " : "", qualified(function.name),
                                arguments.empty() ? "*" : arguments,
                                qualified(aggregate.state_function), aggregate.state_type.sql());
  auto option = [&](const char* name, const std::string& value) {
    out += fmt::format(",\n {} = {}", name, value);
  };
  auto function_option = [&](const char* name, const QualifiedName& support) {
    if (!support.name.empty()) option(name, qualified(support));
  };
  if (aggregate.state_space != 0) option("SSPACE", std::to_string(aggregate.state_space));
  function_option("FINALFUNC", aggregate.final_function);
  if (aggregate.final_extra) out += ",\n FINALFUNC_EXTRA";
  if (aggregate.final_modify != "read_only")
    option("FINALFUNC_MODIFY", upper_case(aggregate.final_modify));
  function_option("COMBINEFUNC", aggregate.combine_function);
  function_option("SERIALFUNC", aggregate.serial_function);
  function_option("DESERIALFUNC", aggregate.deserial_function);
  if (aggregate.initial_condition) option("INITCOND", quote_literal(*aggregate.initial_condition));
  function_option("MSFUNC", aggregate.moving_state_function);
  function_option("MINVFUNC", aggregate.moving_inverse_function);
  if (!aggregate.moving_state_type.name.empty())
    option("MSTYPE", aggregate.moving_state_type.sql());
  if (aggregate.moving_state_space != 0)
    option("MSSPACE", std::to_string(aggregate.moving_state_space));
  function_option("MFINALFUNC", aggregate.moving_final_function);
  if (aggregate.moving_final_extra) out += ",\n MFINALFUNC_EXTRA";
  if (aggregate.moving_final_modify != "read_only")
    option("MFINALFUNC_MODIFY", upper_case(aggregate.moving_final_modify));
  if (aggregate.moving_initial_condition)
    option("MINITCOND", quote_literal(*aggregate.moving_initial_condition));
  if (function.parallel != "unsafe") option("PARALLEL", upper_case(function.parallel));
  return out + "\n)";
}

std::string create_function(const Function& function, bool or_replace) {
  if (function.aggregate) return create_aggregate(function, or_replace);
  std::string parameters;
  std::string table_columns;
  for (const FunctionParameter& parameter : function.parameters) {
    std::string& list = parameter.mode == "table" ? table_columns : parameters;
    if (!list.empty()) list += ", ";
    list += parameter.mode == "table"
                ? quote_identifier(parameter.name) + " " + parameter.type.sql()
                : parameter_text(parameter);
  }
  std::string out = fmt::format("CREATE {}{} {}({})", or_replace ? "OR REPLACE " : "",
                                function.procedure ? "PROCEDURE" : "FUNCTION",
                                qualified(function.name), parameters);
  if (!function.procedure) {
    if (!table_columns.empty()) {
      out += "\n RETURNS TABLE(" + table_columns + ")";
    } else {
      out += fmt::format("\n RETURNS {}{}", function.returns_set ? "SETOF " : "",
                         function.returns.sql());
    }
  }
  out += "\n LANGUAGE " + sql::quote_identifier_if_needed(function.language);
  if (function.volatility != "volatile") out += " " + upper_case(function.volatility);
  if (function.strict) out += " STRICT";
  if (function.security_definer) out += " SECURITY DEFINER";
  if (function.leakproof) out += " LEAKPROOF";
  if (function.parallel != "unsafe") out += " PARALLEL " + upper_case(function.parallel);
  double default_cost = function.language == "c" || function.language == "internal" ? 1 : 100;
  if (function.cost != default_cost) out += " COST " + number(function.cost);
  if (function.returns_set && function.rows != 1000) out += " ROWS " + number(function.rows);
  for (const std::string& entry : function.config) out += "\n " + set_clause(entry);
  if (function.sql_standard_body) {
    out += "\n" + function.body;  // RETURN expr, or BEGIN ATOMIC ... END
    return out;
  }
  std::string tag = dollar_tag(function.body);
  out += "\nAS " + tag + function.body + tag;
  return out;
}

std::string drop_function(const Function& function) {
  return "DROP " + routine_comment_target(function);
}

std::string routine_comment_target(const Function& function) {
  std::string arguments = function.signature_sql();
  if (function.aggregate && arguments.empty()) arguments = "*";
  return fmt::format("{} {}({})",
                     function.aggregate   ? "AGGREGATE"
                     : function.procedure ? "PROCEDURE"
                                          : "FUNCTION",
                     qualified(function.name), arguments);
}

std::string create_trigger(const QualifiedName& table, const Trigger& trigger) {
  std::string events;
  for (const std::string& event : trigger.events) {
    if (!events.empty()) events += " OR ";
    events += event;
    if (event == "UPDATE" && !trigger.update_columns.empty()) {
      std::string columns;
      for (const std::string& column : trigger.update_columns)
        columns += (columns.empty() ? "" : ", ") + quote_identifier(column);
      events += " OF " + columns;
    }
  }
  std::string out =
      fmt::format("CREATE {}TRIGGER {} {} {} ON {}", trigger.constraint ? "CONSTRAINT " : "",
                  quote_identifier(trigger.name), trigger.timing, events, qualified(table));
  if (trigger.deferrable) out += " DEFERRABLE";
  if (trigger.initially_deferred) out += " INITIALLY DEFERRED";
  if (!trigger.old_table.empty() || !trigger.new_table.empty()) {
    out += " REFERENCING";
    if (!trigger.old_table.empty()) out += " OLD TABLE AS " + quote_identifier(trigger.old_table);
    if (!trigger.new_table.empty()) out += " NEW TABLE AS " + quote_identifier(trigger.new_table);
  }
  out += trigger.for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
  if (trigger.when) out += " WHEN (" + trigger.when->written() + ")";
  std::string arguments;
  for (const std::string& argument : trigger.arguments)
    arguments += (arguments.empty() ? "" : ", ") + quote_literal(argument);
  out += fmt::format(" EXECUTE FUNCTION {}({})", qualified(trigger.function), arguments);
  return out;
}

namespace {

// function_needs_relations, with the functions already being looked at (a call cycle).
bool needs_relations(const Function& function, const Schema& schema,
                     std::set<const Function*>& visiting) {
  auto is_relation = [&](const TypeName& type) {
    if (!type.is_user_defined()) return false;
    QualifiedName name{type.schema, type.name};
    return schema.tables.contains(name) || schema.views.contains(name);
  };
  if (is_relation(function.returns)) return true;
  for (const FunctionParameter& parameter : function.parameters)
    if (is_relation(parameter.type)) return true;
  if (function.aggregate) {
    // An aggregate goes where its state types and support functions go.
    const Aggregate& aggregate = *function.aggregate;
    if (is_relation(aggregate.state_type) || is_relation(aggregate.moving_state_type)) return true;
    visiting.insert(&function);
    for (const QualifiedName& support : aggregate.support_functions()) {
      for (const auto& [key, callee] : schema.functions) {
        if (callee.name == support && !visiting.contains(&callee) &&
            needs_relations(callee, schema, visiting))
          return true;
      }
    }
    return false;
  }
  if (function.language == "plpgsql") {
    // Its declared variables' types are resolved when it is created (check_function_bodies):
    // a variable of a table's row type (LedgerSMB's `l_row location;`) needs the table.
    for (const auto& [relation_schema, relation_name] :
         sql::plpgsql_declared_relations(create_function(function))) {
      QualifiedName name{relation_schema.empty() ? function.name.schema : relation_schema,
                         relation_name};
      QualifiedName in_public{"public", relation_name};
      if (schema.tables.contains(name) || schema.views.contains(name) ||
          (relation_schema.empty() &&
           (schema.tables.contains(in_public) || schema.views.contains(in_public))))
        return true;
    }
    return false;
  }
  if (function.language != "sql") return false;
  visiting.insert(&function);
  try {
    // Tables written to count as much as tables read (ulogd2's `DELETE FROM t WHERE ...`).
    for (const auto& [relation_schema, relation_name] :
         sql::named_relations(function_body_sql(function))) {
      QualifiedName name{relation_schema.empty() ? "public" : relation_schema, relation_name};
      if (schema.tables.contains(name) || schema.views.contains(name)) return true;
    }
    // A SQL body calling a SQL function that needs tables is checked against it: after it.
    for (const auto& [called_schema, called_name] :
         sql::called_functions(function_body_sql(function))) {
      for (const auto& [key, callee] : schema.functions) {
        if (callee.name.name != called_name || callee.language != "sql" ||
            (!called_schema.empty() && callee.name.schema != called_schema) ||
            visiting.contains(&callee))
          continue;
        if (needs_relations(callee, schema, visiting)) return true;
      }
    }
  } catch (const Error&) {
    return true;  // a body sleet cannot read: after the tables, to be safe
  }
  return false;
}

}  // namespace

bool function_needs_relations(const Function& function, const Schema& schema) {
  std::set<const Function*> visiting;
  return needs_relations(function, schema, visiting);
}

std::set<std::pair<std::string, std::string>> functions_called_by_tables(const Schema& schema) {
  std::set<std::pair<std::string, std::string>> called;
  auto add_calls = [&](const Expression& expression) {
    try {
      for (auto& call : sql::called_functions("SELECT " + expression.canonical))
        called.insert(std::move(call));
    } catch (const Error&) {
      // Text that does not parse cannot be analysed.
    }
  };
  for (const auto& [name, table] : schema.tables) {
    for (const Column& column : table.columns) {
      if (column.default_value) add_calls(*column.default_value);
      if (column.generated) add_calls(*column.generated);
    }
    for (const auto& [check_name, check] : table.check_constraints) add_calls(check.expression);
  }
  return called;
}

bool function_created_unchecked(const Function& function, const Schema& schema,
                                const std::set<std::pair<std::string, std::string>>& called) {
  if (function.language != "sql" || function.aggregate || function.procedure) return false;
  if (!called.contains({"", function.name.name}) &&
      !called.contains({function.name.schema, function.name.name}))
    return false;
  auto is_relation = [&](const TypeName& type) {
    if (!type.is_user_defined()) return false;
    QualifiedName name{type.schema, type.name};
    return schema.tables.contains(name) || schema.views.contains(name);
  };
  if (is_relation(function.returns)) return false;
  for (const FunctionParameter& parameter : function.parameters)
    if (is_relation(parameter.type)) return false;
  return function_needs_relations(function, schema);
}

}  // namespace sleet::ddl
