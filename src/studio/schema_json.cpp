#include "studio/schema_json.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "sleet/model.h"
#include "sleet/sql.h"
#include "studio/rules_and_privileges_json.h"

namespace sleet::studio {

namespace {

using Json = nlohmann::ordered_json;

// reltuples of every table and materialized view, by (schema, name): one query.
std::map<std::pair<std::string, std::string>, std::int64_t> row_estimates(
    db::Connection& connection) {
  db::Result result = connection.query(
      "SELECT n.nspname, c.relname, c.reltuples::bigint FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'm') "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
      std::vector<db::Parameter>{});
  std::map<std::pair<std::string, std::string>, std::int64_t> estimates;
  for (int row = 0; row < result.rows(); ++row) {
    estimates[{std::string(result.value(row, 0)), std::string(result.value(row, 1))}] =
        std::stoll(std::string(result.value(row, 2)));
  }
  return estimates;
}

// A type as the page shows it: schema.name (quoted only where needed), then [] per dimension.
std::string type_text(const TypeName& type) {
  std::string out = type.is_user_defined() ? sql::quote_identifier_if_needed(type.schema) + "." +
                                                 sql::quote_identifier_if_needed(type.name)
                                           : type.name;
  for (int i = 0; i < type.array_dimensions; ++i) out += "[]";
  return out;
}

Json optional_text(const std::optional<std::string>& text) {
  return text ? Json(*text) : Json();
}

Json optional_expression(const std::optional<Expression>& expression) {
  return expression ? Json(expression->text) : Json();
}

// The privileges of one object (or of its columns) grouped by grantee, column and state:
// [{"grantee", "column", "privileges", "grant_option", "revoked"}], in the map's order.
class GrantIndex {
 public:
  explicit GrantIndex(const std::map<Grant, GrantState>& grants) {
    for (const auto& [grant, state] : grants) {
      Json& list = by_object_[{grant.object_kind, grant.schema, grant.name}];
      if (!list.is_array()) list = Json::array();
      Json column = grant.column.empty() ? Json() : Json(grant.column);
      Json* group = nullptr;
      for (Json& entry : list) {
        if (entry["grantee"] == grant.grantee && entry["column"] == column &&
            entry["grant_option"] == state.grant_option && entry["revoked"] == state.revoked)
          group = &entry;
      }
      if (!group) {
        list.push_back({{"grantee", grant.grantee},
                        {"column", column},
                        {"privileges", Json::array()},
                        {"grant_option", state.grant_option},
                        {"revoked", state.revoked}});
        group = &list.back();
      }
      (*group)["privileges"].push_back(grant.privilege);
    }
  }
  Json of(const std::string& kind, const std::string& schema, const std::string& name) const {
    auto found = by_object_.find({kind, schema, name});
    return found == by_object_.end() ? Json::array() : found->second;
  }

 private:
  std::map<std::tuple<std::string, std::string, std::string>, Json> by_object_;
};

// A column's settings as pg_dump writes them, one short phrase each ("statistics 500").
Json column_settings(const Column& column) {
  Json out = Json::array();
  if (column.statistics != -1) out.push_back("statistics " + std::to_string(column.statistics));
  if (!column.storage.empty()) out.push_back("storage " + column.storage);
  if (!column.compression.empty()) out.push_back("compression " + column.compression);
  for (const auto& [key, value] : column.options) out.push_back(key + "=" + value);
  return out;
}

Json column_json(const Column& column, const Table& table) {
  bool key = table.primary_key &&
             std::find(table.primary_key->columns.begin(), table.primary_key->columns.end(),
                       column.name) != table.primary_key->columns.end();
  Json default_value = nullptr;
  if (column.default_value) default_value = column.default_value->text;
  if (column.identity) default_value = "generated identity";
  if (column.generated) default_value = "generated always as (" + column.generated->text + ")";
  return {{"name", column.name},
          {"type", column.type.is_user_defined() ? type_text(column.type) : column.type.sql()},
          {"nullable", !column.not_null},
          {"default", default_value},
          {"primary_key", key},
          {"collation", column.collation.empty() ? Json() : Json(column.collation)},
          {"settings", column_settings(column)},
          {"comment", optional_text(column.comment)}};
}

Json foreign_key_json(const ForeignKey& key) {
  return {{"name", key.name},
          {"columns", key.columns},
          {"references", {{"schema", key.references.schema}, {"table", key.references.name}}},
          {"referenced_columns", key.referenced_columns},
          {"on_delete", key.on_delete},
          {"on_update", key.on_update},
          {"valid", key.valid}};
}

// One element of an index or exclusion constraint as written: column or (expression), then
// COLLATE, operator class, DESC and NULLS where they differ from the defaults.
std::string element_text(const IndexElement& element) {
  std::string out = element.expression ? "(" + element.expression->text + ")"
                                       : sql::quote_identifier_if_needed(element.column);
  if (!element.collation.empty()) out += " COLLATE " + element.collation;
  if (!element.opclass.empty()) out += " " + element.opclass;
  if (element.descending) out += " DESC";
  if (element.nulls_first != element.descending)
    out += element.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return out;
}

Json index_json(const Index& index) {
  Json columns = Json::array();
  for (const IndexElement& element : index.elements) {
    columns.push_back(element_text(element));  // DESC, operator class, ... too
  }
  return {{"name", index.name},
          {"unique", index.unique},
          {"method", index.method},
          {"columns", columns},
          {"where", optional_expression(index.where)}};
}

Json exclusion_json(const ExclusionConstraint& constraint) {
  Json elements = Json::array();
  for (std::size_t i = 0; i < constraint.elements.size(); ++i) {
    elements.push_back(
        {{"element", element_text(constraint.elements[i])},
         {"operator", i < constraint.operators.size() ? constraint.operators[i] : ""}});
  }
  return {{"name", constraint.name},
          {"method", constraint.method},
          {"elements", elements},
          {"include", constraint.include},
          {"where", optional_expression(constraint.where)},
          {"deferrable", constraint.deferrable},
          {"initially_deferred", constraint.initially_deferred}};
}

// The function a trigger calls: its schema, name and the signature the functions list keys
// it by (a trigger function takes no arguments).
Json trigger_json(const Trigger& trigger) {
  return {{"name", trigger.name},
          {"timing", trigger.timing},
          {"events", trigger.events},
          {"update_columns", trigger.update_columns},
          {"for_each", trigger.for_each_row ? "row" : "statement"},
          {"when", optional_expression(trigger.when)},
          {"function",
           {{"schema", trigger.function.schema},
            {"name", trigger.function.name},
            {"signature", trigger.function.name + "()"}}},
          {"arguments", trigger.arguments},
          {"constraint", trigger.constraint},
          {"deferrable", trigger.deferrable},
          {"initially_deferred", trigger.initially_deferred},
          {"old_table", trigger.old_table.empty() ? Json() : Json(trigger.old_table)},
          {"new_table", trigger.new_table.empty() ? Json() : Json(trigger.new_table)},
          {"comment", optional_text(trigger.comment)}};
}

Json policy_json(const Policy& policy) {
  return {{"name", policy.name},
          {"permissive", policy.permissive},
          {"command", policy.command},
          {"roles", policy.roles},
          {"using", optional_expression(policy.using_expression)},
          {"with_check", optional_expression(policy.with_check)}};
}

Json qualified(const QualifiedName& name, const char* key = "name") {
  return {{"schema", name.schema}, {key, name.name}};
}

// A table's extended statistics: name, kinds (empty: all), what they are on, target, comment.
Json statistics_json(const std::map<QualifiedName, Statistics>& statistics) {
  Json out = Json::array();
  for (const auto& [name, object] : statistics) {
    std::string on;
    for (const std::string& column : object.columns)
      on += (on.empty() ? "" : ", ") + sql::quote_identifier_if_needed(column);
    for (const Expression& expression : object.expressions)
      on += (on.empty() ? "(" : ", (") + expression.written() + ")";
    out.push_back({{"name", name.display()},
                   {"kinds", object.kinds},
                   {"on", on},
                   {"target", object.target == -1 ? Json() : Json(object.target)},
                   {"comment", object.comment ? Json(*object.comment) : Json()}});
  }
  return out;
}

Json rule_names(const std::map<std::string, RewriteRule>& rules) {
  Json names = Json::array();
  for (const auto& [name, rule] : rules) names.push_back(name);
  return names;
}

Json table_json(const Schema& schema, const Table& table, std::int64_t estimated_rows,
                const GrantIndex& grants) {
  Json columns = Json::array(), foreign_keys = Json::array(), indexes = Json::array();
  for (const Column& column : table.columns) columns.push_back(column_json(column, table));
  for (const auto& [name, key] : table.foreign_keys) foreign_keys.push_back(foreign_key_json(key));
  for (const auto& [name, index] : table.indexes) indexes.push_back(index_json(index));
  Json unique = Json::array(), checks = Json::array(), exclusions = Json::array();
  for (const auto& [name, constraint] : table.unique_constraints) {
    unique.push_back({{"name", name}, {"columns", constraint.columns}});
  }
  for (const auto& [name, check] : table.check_constraints) {
    checks.push_back(
        {{"name", name}, {"expression", check.expression.text}, {"valid", check.valid}});
  }
  for (const auto& [name, constraint] : table.exclusion_constraints) {
    exclusions.push_back(exclusion_json(constraint));
  }
  Json triggers = Json::array(), policies = Json::array();
  for (const auto& [name, trigger] : table.triggers) triggers.push_back(trigger_json(trigger));
  for (const auto& [name, policy] : table.policies) policies.push_back(policy_json(policy));
  // A partitioned table's own partitions (each one's own partitions are in its entry).
  Json partitions = Json::array();
  if (!table.partition_by.empty()) {
    for (const auto& [name, other] : schema.tables) {
      if (other.partition_of && *other.partition_of == table.name) {
        partitions.push_back({{"schema", name.schema},
                              {"name", name.name},
                              {"bound", other.partition_bound},
                              {"partitioned", !other.partition_by.empty()}});
      }
    }
  }
  // Table inheritance: the parents in INHERITS order, and the tables that inherit from this one.
  Json inherits = Json::array(), inherited_by = Json::array();
  for (const QualifiedName& parent : table.inherits) inherits.push_back(qualified(parent, "table"));
  for (const auto& [name, other] : schema.tables) {
    if (std::find(other.inherits.begin(), other.inherits.end(), table.name) != other.inherits.end())
      inherited_by.push_back(qualified(name));
  }
  return {{"schema", table.name.schema},
          {"name", table.name.name},
          {"columns", columns},
          {"primary_key", table.primary_key ? Json(table.primary_key->columns) : Json::array()},
          {"primary_key_deferrable", table.primary_key && table.primary_key->deferrable},
          {"primary_key_initially_deferred",
           table.primary_key && table.primary_key->initially_deferred},
          {"foreign_keys", foreign_keys},
          {"unique_constraints", unique},
          {"check_constraints", checks},
          {"exclusion_constraints", exclusions},
          {"indexes", indexes},
          {"triggers", triggers},
          {"policies", policies},
          {"row_level_security", table.row_level_security},
          {"unlogged", table.unlogged},
          {"storage_parameters", table.with},
          {"replica_identity", table.replica_identity == "default" ? Json()
                               : table.replica_identity == "index"
                                   ? Json("using index " + table.replica_identity_index)
                                   : Json(table.replica_identity)},
          {"cluster_on", table.cluster_on.empty() ? Json() : Json(table.cluster_on)},
          {"partition_by", table.partition_by.empty() ? Json() : Json(table.partition_by)},
          {"partition_of", table.partition_of ? qualified(*table.partition_of, "table") : Json()},
          {"partition_bound", table.partition_of ? Json(table.partition_bound) : Json()},
          {"partitions", partitions},
          {"inherits", inherits},
          {"inherited_by", inherited_by},
          {"rules", rule_names(table.rules)},
          {"statistics", statistics_json(table.statistics)},
          {"grants", grants.of("TABLE", table.name.schema, table.name.name)},
          {"estimated_rows", estimated_rows},
          {"comment", optional_text(table.comment)}};
}

// What follows RETURNS: SETOF t, TABLE (a t, ...) or t; null for a procedure.
Json returns_text(const Function& function) {
  if (function.procedure || function.aggregate) return nullptr;
  std::string table;
  for (const FunctionParameter& parameter : function.parameters) {
    if (parameter.mode != "table") continue;
    if (!table.empty()) table += ", ";
    table += sql::quote_identifier_if_needed(parameter.name) + " " + type_text(parameter.type);
  }
  if (!table.empty()) return "TABLE(" + table + ")";
  return (function.returns_set ? "SETOF " : "") + type_text(function.returns);
}

// The triggers of `schema`, by the function they call: [{"schema", "table", "trigger"}].
std::map<QualifiedName, Json> trigger_callers(const Schema& schema) {
  std::map<QualifiedName, Json> callers;
  for (const auto& [table_name, table] : schema.tables) {
    for (const auto& [name, trigger] : table.triggers) {
      Json& list = callers[trigger.function];
      if (!list.is_array()) list = Json::array();
      list.push_back(
          {{"schema", table_name.schema}, {"table", table_name.name}, {"trigger", name}});
    }
  }
  return callers;
}

// The event triggers of `schema`, by the function they call: ["name", ...].
std::map<QualifiedName, Json> event_trigger_callers(const Schema& schema) {
  std::map<QualifiedName, Json> callers;
  for (const auto& [name, trigger] : schema.event_triggers) {
    Json& list = callers[trigger.function];
    if (!list.is_array()) list = Json::array();
    list.push_back(name);
  }
  return callers;
}

// An aggregate's parts as CREATE AGGREGATE names them: [{"option", "value"}], in its order.
Json aggregate_parts(const Aggregate& aggregate) {
  Json parts = Json::array();
  auto part = [&](const char* option, const std::string& value) {
    if (!value.empty()) parts.push_back({{"option", option}, {"value", value}});
  };
  auto function = [&](const char* option, const QualifiedName& name) {
    if (!name.name.empty()) part(option, name.display());
  };
  function("SFUNC", aggregate.state_function);
  part("STYPE", type_text(aggregate.state_type));
  if (aggregate.state_space != 0) part("SSPACE", std::to_string(aggregate.state_space));
  function("FINALFUNC", aggregate.final_function);
  if (aggregate.final_extra) part("FINALFUNC_EXTRA", "true");
  if (!aggregate.final_function.name.empty()) part("FINALFUNC_MODIFY", aggregate.final_modify);
  function("COMBINEFUNC", aggregate.combine_function);
  function("SERIALFUNC", aggregate.serial_function);
  function("DESERIALFUNC", aggregate.deserial_function);
  if (aggregate.initial_condition)
    part("INITCOND", sql::quote_literal(*aggregate.initial_condition));
  function("MSFUNC", aggregate.moving_state_function);
  function("MINVFUNC", aggregate.moving_inverse_function);
  if (!aggregate.moving_state_type.name.empty())
    part("MSTYPE", type_text(aggregate.moving_state_type));
  if (aggregate.moving_state_space != 0)
    part("MSSPACE", std::to_string(aggregate.moving_state_space));
  function("MFINALFUNC", aggregate.moving_final_function);
  if (aggregate.moving_final_extra) part("MFINALFUNC_EXTRA", "true");
  if (aggregate.moving_initial_condition)
    part("MINITCOND", sql::quote_literal(*aggregate.moving_initial_condition));
  return parts;
}

Json function_json(const QualifiedName& key, const Function& function,
                   const std::map<QualifiedName, Json>& callers,
                   const std::map<QualifiedName, Json>& event_callers, const GrantIndex& grants) {
  Json parameters = Json::array();
  for (const FunctionParameter& parameter : function.parameters) {
    if (parameter.mode == "table") continue;
    parameters.push_back({{"mode", parameter.mode},
                          {"name", parameter.name.empty() ? Json() : Json(parameter.name)},
                          {"type", type_text(parameter.type)},
                          {"default", optional_expression(parameter.default_value)}});
  }
  // The triggers that call it, so the page links back (a trigger function takes no arguments).
  Json triggers = Json::array(), event_triggers = Json::array();
  if (!function.procedure && function.parameters.empty()) {
    auto found = callers.find(function.name);
    if (found != callers.end()) triggers = found->second;
    auto event = event_callers.find(function.name);
    if (event != event_callers.end()) event_triggers = event->second;
  }
  return {{"schema", key.schema},
          {"name", function.name.name},
          {"signature", key.name},
          {"kind", function.aggregate   ? "aggregate"
                   : function.procedure ? "procedure"
                                        : "function"},
          {"aggregate", function.aggregate ? aggregate_parts(*function.aggregate) : Json()},
          {"parameters", parameters},
          {"returns", returns_text(function)},
          {"returns_set", function.returns_set},
          {"language", function.language},
          {"volatility", function.volatility},
          {"strict", function.strict},
          {"security_definer", function.security_definer},
          {"leakproof", function.leakproof},
          {"parallel", function.parallel},
          {"cost", function.cost},
          {"rows", function.rows},
          {"config", function.config},
          {"body", function.body},
          {"sql_standard_body", function.sql_standard_body},
          {"triggers", triggers},
          {"event_triggers", event_triggers},
          {"grants", grants.of("FUNCTION", key.schema, key.name)},
          {"comment", optional_text(function.comment)}};
}

Json domain_json(const Domain& domain, const GrantIndex& grants) {
  Json checks = Json::array();
  for (const auto& [name, constraint] : domain.constraints) {
    checks.push_back({{"name", name}, {"expression", constraint.expression.text}});
  }
  return {{"schema", domain.name.schema},
          {"name", domain.name.name},
          {"base_type", type_text(domain.base_type)},
          {"not_null", domain.not_null},
          {"default", optional_expression(domain.default_value)},
          {"collation", domain.collation.empty() ? Json() : Json(domain.collation)},
          {"checks", checks},
          {"grants", grants.of("TYPE", domain.name.schema, domain.name.name)},
          {"comment", optional_text(domain.comment)}};
}

Json collation_json(const Collation& collation) {
  return {{"schema", collation.name.schema},
          {"name", collation.name.name},
          {"provider", collation.provider},
          {"locale", collation.locale.empty() ? Json() : Json(collation.locale)},
          {"lc_collate", collation.lc_collate.empty() ? Json() : Json(collation.lc_collate)},
          {"lc_ctype", collation.lc_ctype.empty() ? Json() : Json(collation.lc_ctype)},
          {"deterministic", collation.deterministic},
          {"comment", optional_text(collation.comment)}};
}

Json composite_json(const CompositeType& type, const GrantIndex& grants) {
  Json attributes = Json::array();
  for (const CompositeAttribute& attribute : type.attributes) {
    attributes.push_back(
        {{"name", attribute.name},
         {"type", type_text(attribute.type)},
         {"collation", attribute.collation.empty() ? Json() : Json(attribute.collation)},
         {"comment", optional_text(attribute.comment)}});
  }
  return {{"schema", type.name.schema},
          {"name", type.name.name},
          {"attributes", attributes},
          {"grants", grants.of("TYPE", type.name.schema, type.name.name)},
          {"comment", optional_text(type.comment)}};
}

Json range_json(const RangeType& type, const GrantIndex& grants) {
  auto text_or_null = [](const std::string& text) { return text.empty() ? Json() : Json(text); };
  return {{"schema", type.name.schema},
          {"name", type.name.name},
          {"subtype", type_text(type.subtype)},
          {"subtype_opclass", text_or_null(type.subtype_opclass)},
          {"collation", text_or_null(type.collation)},
          {"canonical", text_or_null(type.canonical)},
          {"subtype_diff", text_or_null(type.subtype_diff)},
          {"multirange", type.multirange_type_name()},
          {"grants", grants.of("TYPE", type.name.schema, type.name.name)},
          {"comment", optional_text(type.comment)}};
}

Json sequence_json(const Sequence& sequence, const GrantIndex& grants) {
  const SequenceOptions& o = sequence.options;
  return {{"schema", sequence.name.schema},
          {"name", sequence.name.name},
          {"data_type", o.data_type},
          {"start", o.start},
          {"increment", o.increment},
          {"min_value", o.min_value},
          {"max_value", o.max_value},
          {"cache", o.cache},
          {"cycle", o.cycle},
          {"owned_by", optional_text(sequence.owned_by)},
          {"grants", grants.of("SEQUENCE", sequence.name.schema, sequence.name.name)},
          {"comment", optional_text(sequence.comment)}};
}

}  // namespace

nlohmann::ordered_json table_list_json(db::Connection& connection, const InspectOptions& options) {
  // Partitions too, with their parent and bound, and each inheriting table's parents in INHERITS
  // order, so the list can show both hierarchies.
  db::Result result = connection.query(
      "SELECT n.nspname, c.relname, c.relkind, c.reltuples::bigint, pn.nspname, p.relname, "
      "CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END, "
      "(SELECT pg_catalog.json_agg(pg_catalog.json_build_object('schema', hn.nspname, "
      "'table', h.relname) ORDER BY hi.inhseqno) FROM pg_catalog.pg_inherits hi "
      "JOIN pg_catalog.pg_class h ON h.oid = hi.inhparent "
      "JOIN pg_catalog.pg_namespace hn ON hn.oid = h.relnamespace "
      "WHERE hi.inhrelid = c.oid AND NOT c.relispartition) "
      "FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid "
      "LEFT JOIN pg_catalog.pg_class p ON p.oid = i.inhparent "
      "LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'v', 'm') "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
      "ORDER BY 1, 2",
      std::vector<db::Parameter>{});
  Json tables = Json::array();
  for (int row = 0; row < result.rows(); ++row) {
    QualifiedName name{std::string(result.value(row, 0)), std::string(result.value(row, 1))};
    if (!schema_selected(options, name.schema) || !table_selected(options, name)) continue;
    char kind = result.value(row, 2).empty() ? 'r' : result.value(row, 2)[0];
    const char* kind_name = kind == 'v' ? "view" : kind == 'm' ? "materialized view" : "table";
    Json parent = nullptr, bound = nullptr;
    if (!result.is_null(row, 5)) {
      parent = {{"schema", std::string(result.value(row, 4))},
                {"table", std::string(result.value(row, 5))}};
      bound = std::string(result.value(row, 6));
    }
    tables.push_back(
        {{"schema", name.schema},
         {"name", name.name},
         {"kind", kind_name},
         {"estimated_rows", std::stoll(std::string(result.value(row, 3)))},
         {"partitioned", kind == 'p'},
         {"partition_of", parent},
         {"partition_bound", bound},
         {"inherits", result.is_null(row, 7) ? Json::array()
                                             : Json::parse(std::string(result.value(row, 7)))}});
  }
  return {{"tables", tables}};
}

nlohmann::ordered_json schema_json(db::Connection& connection, const InspectOptions& options) {
  InspectOptions inspect = options;
  // Every role's privileges, as pull reads them (the owner's own are never reported).
  if (inspect.grantees.empty()) inspect.grantees = {"*"};
  Schema schema = inspect_database(connection, inspect);
  auto estimates = row_estimates(connection);
  GrantIndex grants(schema.grants);
  Json tables = Json::array(), views = Json::array(), enums = Json::array();
  Json schemas = Json::array();
  std::set<std::string> schema_names;
  for (const auto& [name, table] : schema.tables) {
    auto estimate = estimates.find({name.schema, name.name});
    tables.push_back(
        table_json(schema, table, estimate == estimates.end() ? -1 : estimate->second, grants));
    schema_names.insert(name.schema);
  }
  for (const auto& [name, view] : schema.views) {
    Json view_indexes = Json::array();
    for (const auto& [index_name, index] : view.indexes) view_indexes.push_back(index_json(index));
    views.push_back({{"schema", name.schema},
                     {"name", name.name},
                     {"materialized", view.materialized},
                     {"definition", view.query.text},
                     {"check_option", view.check_option.empty() ? Json() : Json(view.check_option)},
                     {"storage_parameters", view.with},
                     {"rules", rule_names(view.rules)},
                     {"indexes", view_indexes},
                     {"grants", grants.of("TABLE", name.schema, name.name)},
                     {"comment", optional_text(view.comment)}});
    schema_names.insert(name.schema);
  }
  for (const auto& [name, type] : schema.enums) {
    enums.push_back({{"schema", name.schema},
                     {"name", name.name},
                     {"values", type.values},
                     {"grants", grants.of("TYPE", name.schema, name.name)},
                     {"comment", optional_text(type.comment)}});
  }
  Json functions = Json::array(), domains = Json::array(), composite_types = Json::array(),
       range_types = Json::array(), sequences = Json::array(), extensions = Json::array(),
       collations = Json::array();
  for (const auto& [name, collation] : schema.collations)
    collations.push_back(collation_json(collation));
  auto callers = trigger_callers(schema);
  auto event_callers = event_trigger_callers(schema);
  for (const auto& [key, function] : schema.functions)
    functions.push_back(function_json(key, function, callers, event_callers, grants));
  for (const auto& [name, domain] : schema.domains) domains.push_back(domain_json(domain, grants));
  for (const auto& [name, type] : schema.composite_types)
    composite_types.push_back(composite_json(type, grants));
  for (const auto& [name, type] : schema.range_types)
    range_types.push_back(range_json(type, grants));
  for (const auto& [name, sequence] : schema.sequences)
    sequences.push_back(sequence_json(sequence, grants));
  for (const auto& [name, extension] : schema.extensions) {
    extensions.push_back(
        {{"name", name},
         {"schema", extension.schema.empty() ? Json() : Json(extension.schema)},
         {"version", extension.version.empty() ? Json() : Json(extension.version)}});
  }
  for (const auto& [name, space] : schema.namespaces) schema_names.insert(name);
  Json schema_grants = Json::array();
  for (const std::string& name : schema_names) {
    Json of = grants.of("SCHEMA", name, "");
    if (!of.empty()) schema_grants.push_back({{"schema", name}, {"grants", of}});
  }
  return {{"schemas", schema_names},
          {"tables", tables},
          {"views", views},
          {"enums", enums},
          {"functions", functions},
          {"domains", domains},
          {"composite_types", composite_types},
          {"range_types", range_types},
          {"collations", collations},
          {"sequences", sequences},
          {"rules", rules_json(connection, schema)},
          {"event_triggers", event_triggers_json(schema)},
          {"extensions", extensions},
          {"schema_grants", schema_grants},
          {"default_privileges", default_privileges_json(connection, schema)}};
}

}  // namespace sleet::studio
