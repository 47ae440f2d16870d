// The "sleet" member of a snapshot: model details drizzle-kit's format has no key for
// (comments, collations, constraint timing, index INCLUDE, extensions, EXCLUDE constraints,
// UNLOGGED and storage parameters, rules, extended statistics and event triggers
// (snapshot_rules.cpp), ...). drizzle-kit's top-level schema is not strict, so it accepts the
// member and drops it. Written only when something is to be said, so plain drizzle-kit snapshots
// round-trip unchanged.
#include <map>

#include "sources/snapshot_internal.h"

namespace sleet::snapshot {
namespace {

void put_comment(Json& out, const std::optional<std::string>& comment) {
  if (comment) out["comment"] = *comment;
}

void put_child(Json& parent, const std::string& key, Json child) {
  if (!child.empty()) parent[key] = std::move(child);
}

Json type_json(const TypeName& type) {
  Json out = Json::object();
  out["name"] = type.name;
  if (!type.schema.empty()) out["schema"] = type.schema;
  if (type.array_dimensions > 0) out["dimensions"] = type.array_dimensions;
  return out;
}

// An aggregate's parts: support functions as {schema, name}, options other than the defaults.
Json aggregate_json(const Aggregate& aggregate) {
  Json out = Json::object();
  auto function = [&](const char* key, const QualifiedName& name) {
    if (!name.name.empty()) out[key] = Json{{"schema", name.schema}, {"name", name.name}};
  };
  function("stateFunction", aggregate.state_function);
  out["stateType"] = type_json(aggregate.state_type);
  if (aggregate.state_space != 0) out["stateSpace"] = aggregate.state_space;
  function("finalFunction", aggregate.final_function);
  if (aggregate.final_extra) out["finalExtra"] = true;
  out["finalModify"] = aggregate.final_modify;
  function("combineFunction", aggregate.combine_function);
  function("serialFunction", aggregate.serial_function);
  function("deserialFunction", aggregate.deserial_function);
  if (aggregate.initial_condition) out["initialCondition"] = *aggregate.initial_condition;
  function("movingStateFunction", aggregate.moving_state_function);
  function("movingInverseFunction", aggregate.moving_inverse_function);
  if (!aggregate.moving_state_type.name.empty())
    out["movingStateType"] = type_json(aggregate.moving_state_type);
  if (aggregate.moving_state_space != 0) out["movingStateSpace"] = aggregate.moving_state_space;
  function("movingFinalFunction", aggregate.moving_final_function);
  if (aggregate.moving_final_extra) out["movingFinalExtra"] = true;
  out["movingFinalModify"] = aggregate.moving_final_modify;
  if (aggregate.moving_initial_condition)
    out["movingInitialCondition"] = *aggregate.moving_initial_condition;
  return out;
}

// A function as the model holds it, every attribute spelled out: drizzle-kit has no slot for
// functions, so nothing here has to match its layout.
Json function_json(const Function& function) {
  Json out = Json::object();
  out["schema"] = function.name.schema;
  out["name"] = function.name.name;
  if (function.procedure) out["procedure"] = true;
  Json parameters = Json::array();
  for (const FunctionParameter& parameter : function.parameters) {
    Json entry = Json::object();
    entry["mode"] = parameter.mode;
    if (!parameter.name.empty()) entry["name"] = parameter.name;
    entry["type"] = type_json(parameter.type);
    if (parameter.default_value) entry["default"] = parameter.default_value->written();
    parameters.push_back(std::move(entry));
  }
  out["parameters"] = std::move(parameters);
  if (!function.procedure) out["returns"] = type_json(function.returns);
  if (function.returns_set) out["returnsSet"] = true;
  out["language"] = function.language;
  out["body"] = function.body;
  if (function.sql_standard_body) out["sqlStandardBody"] = true;
  out["volatility"] = function.volatility;
  if (function.strict) out["strict"] = true;
  if (function.security_definer) out["securityDefiner"] = true;
  if (function.leakproof) out["leakproof"] = true;
  out["parallel"] = function.parallel;
  out["cost"] = function.cost;
  out["rows"] = function.rows;
  if (!function.config.empty()) out["config"] = function.config;
  put_comment(out, function.comment);
  if (function.aggregate) out["aggregate"] = aggregate_json(*function.aggregate);
  return out;
}

// A collation (drizzle-kit has no slot for collations): the options CREATE COLLATION writes.
Json collation_json(const Collation& collation) {
  Json out = Json::object();
  out["schema"] = collation.name.schema;
  out["name"] = collation.name.name;
  out["provider"] = collation.provider;
  if (!collation.locale.empty()) out["locale"] = collation.locale;
  if (!collation.lc_collate.empty()) out["lcCollate"] = collation.lc_collate;
  if (!collation.lc_ctype.empty()) out["lcCtype"] = collation.lc_ctype;
  if (!collation.deterministic) out["deterministic"] = false;
  put_comment(out, collation.comment);
  return out;
}

// A domain, as the model holds it (drizzle-kit has no slot for domains either).
Json domain_json(const Domain& domain) {
  Json out = Json::object();
  out["schema"] = domain.name.schema;
  out["name"] = domain.name.name;
  out["baseType"] = type_json(domain.base_type);
  if (!domain.collation.empty()) out["collation"] = domain.collation;
  if (domain.default_value) out["default"] = domain.default_value->written();
  if (domain.not_null) out["notNull"] = true;
  Json constraints = Json::object();
  for (const auto& [name, constraint] : domain.constraints)
    constraints[name] = Json{{"expression", constraint.expression.written()}};
  put_child(out, "checks", std::move(constraints));
  put_comment(out, domain.comment);
  return out;
}

Json trigger_json(const Trigger& trigger) {
  Json out = Json::object();
  out["timing"] = trigger.timing;
  out["events"] = trigger.events;
  if (!trigger.update_columns.empty()) out["updateColumns"] = trigger.update_columns;
  out["forEachRow"] = trigger.for_each_row;
  if (trigger.when) out["when"] = trigger.when->written();
  out["functionSchema"] = trigger.function.schema;
  out["function"] = trigger.function.name;
  if (!trigger.arguments.empty()) out["arguments"] = trigger.arguments;
  if (trigger.constraint) out["constraint"] = true;
  if (trigger.deferrable) out["deferrable"] = true;
  if (trigger.initially_deferred) out["initiallyDeferred"] = true;
  if (!trigger.old_table.empty()) out["oldTable"] = trigger.old_table;
  if (!trigger.new_table.empty()) out["newTable"] = trigger.new_table;
  put_comment(out, trigger.comment);
  return out;
}

// What drizzle-kit's index object has no field for: INCLUDE, NULLS NOT DISTINCT, collations
// and the comment.
Json index_extras(const Index& index) {
  Json entry = Json::object();
  if (!index.include.empty()) entry["include"] = index.include;
  if (index.nulls_not_distinct) entry["nullsNotDistinct"] = true;
  Json collations = Json::array();
  bool any_collation = false;
  for (const IndexElement& element : index.elements) {
    collations.push_back(element.collation);
    any_collation = any_collation || !element.collation.empty();
  }
  if (any_collation) entry["collations"] = std::move(collations);
  put_comment(entry, index.comment);
  return entry;
}

Json table_extras(const Table& table) {
  Json out = Json::object();
  put_comment(out, table.comment);
  if (table.force_row_level_security) out["forceRowLevelSecurity"] = true;
  if (table.unlogged) out["unlogged"] = true;
  if (!table.with.empty()) out["with"] = table.with;
  if (table.replica_identity != "default") out["replicaIdentity"] = table.replica_identity;
  if (!table.replica_identity_index.empty())
    out["replicaIdentityIndex"] = table.replica_identity_index;
  if (!table.cluster_on.empty()) out["clusterOn"] = table.cluster_on;
  put_partitioning(out, table);
  if (table.primary_key && table.primary_key->comment) {
    out["primaryKeyComment"] = *table.primary_key->comment;
  }
  if (table.primary_key && table.primary_key->deferrable) {
    Json entry = Json::object();
    entry["deferrable"] = true;
    if (table.primary_key->initially_deferred) entry["initiallyDeferred"] = true;
    out["primaryKeys"] = Json::object({{table.primary_key->name, std::move(entry)}});
  }
  Json columns = Json::object();
  for (const Column& column : table.columns) {
    Json entry = Json::object();
    if (!column.collation.empty()) entry["collation"] = column.collation;
    if (column.statistics != -1) entry["statistics"] = column.statistics;
    if (!column.storage.empty()) entry["storage"] = column.storage;
    if (!column.compression.empty()) entry["compression"] = column.compression;
    if (!column.options.empty()) entry["options"] = column.options;
    put_comment(entry, column.comment);
    put_child(columns, column.name, std::move(entry));
  }
  put_child(out, "columns", std::move(columns));
  Json keys = Json::object();
  for (const auto& [name, key] : table.foreign_keys) {
    Json entry = Json::object();
    if (key.match != "simple") entry["match"] = key.match;
    if (key.deferrable) entry["deferrable"] = true;
    if (key.initially_deferred) entry["initiallyDeferred"] = true;
    if (!key.valid) entry["notValid"] = true;
    put_comment(entry, key.comment);
    put_child(keys, name, std::move(entry));
  }
  put_child(out, "foreignKeys", std::move(keys));
  Json uniques = Json::object();
  for (const auto& [name, unique] : table.unique_constraints) {
    Json entry = Json::object();
    if (unique.deferrable) entry["deferrable"] = true;
    if (unique.initially_deferred) entry["initiallyDeferred"] = true;
    put_comment(entry, unique.comment);
    put_child(uniques, name, std::move(entry));
  }
  put_child(out, "uniqueConstraints", std::move(uniques));
  Json checks = Json::object();
  for (const auto& [name, check] : table.check_constraints) {
    Json entry = Json::object();
    if (check.no_inherit) entry["noInherit"] = true;
    if (!check.valid) entry["notValid"] = true;
    put_comment(entry, check.comment);
    put_child(checks, name, std::move(entry));
  }
  put_child(out, "checkConstraints", std::move(checks));
  Json exclusions = Json::object();
  for (const auto& [name, exclusion] : table.exclusion_constraints)
    exclusions[name] = exclusion_json(exclusion);
  put_child(out, "exclusionConstraints", std::move(exclusions));
  Json indexes = Json::object();
  for (const auto& [name, index] : table.indexes) put_child(indexes, name, index_extras(index));
  put_child(out, "indexes", std::move(indexes));
  Json policies = Json::object();
  for (const auto& [name, policy] : table.policies) {
    Json entry = Json::object();
    put_comment(entry, policy.comment);
    put_child(policies, name, std::move(entry));
  }
  put_child(out, "policies", std::move(policies));
  Json triggers = Json::object();
  for (const auto& [name, trigger] : table.triggers) triggers[name] = trigger_json(trigger);
  put_child(out, "triggers", std::move(triggers));
  put_rules(out, table.rules);
  put_statistics(out, table.statistics);
  return out;
}

template <typename Value>
Value& named(const SnapshotInput& input, std::map<std::string, Value>& map, const std::string& key,
             const JsonPath& path, const std::string& what) {
  auto found = map.find(key);
  if (found == map.end()) input.fail(path, "no " + what + " of that name in the snapshot");
  return found->second;
}

template <typename Value>
Value& displayed(const SnapshotInput& input, std::map<QualifiedName, Value>& map,
                 const std::string& key, const JsonPath& path, const std::string& what) {
  for (auto& [name, value] : map) {
    if (name.display() == key) return value;
  }
  input.fail(path, "no " + what + " of that name in the snapshot");
}

std::optional<std::string> read_comment(const SnapshotInput& input, const Json& json,
                                        const JsonPath& path) {
  if (!input.member(json, path, "comment", true)) return std::nullopt;
  return input.string(json, path, "comment");
}

template <typename Read>
void each(const SnapshotInput& input, const Json& parent, const JsonPath& path,
          std::string_view key, Read read) {
  const Json* record = input.optional_object(parent, path, key);
  if (!record) return;
  for (const auto& [name, value] : record->items()) {
    input.expect_object(value, path / key / name);
    read(name, value, path / key / name);
  }
}

double number(const SnapshotInput& input, const Json& object, const JsonPath& path,
              std::string_view key) {
  const Json* value = input.member(object, path, key);
  if (!value->is_number()) input.fail(path / std::string(key), "expected a number");
  return value->get<double>();
}

std::vector<std::string> optional_strings(const SnapshotInput& input, const Json& object,
                                          const JsonPath& path, std::string_view key) {
  if (!input.member(object, path, key, true)) return {};
  return input.strings(object, path, key);
}

TypeName read_type(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  TypeName type;
  type.name = input.string(json, path, "name");
  type.schema = input.optional_string(json, path, "schema");
  if (input.member(json, path, "dimensions", true))
    type.array_dimensions = static_cast<int>(number(input, json, path, "dimensions"));
  return type;
}

Aggregate read_aggregate(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  Aggregate aggregate;
  auto function = [&](const char* key, QualifiedName& name) {
    if (!input.member(json, path, key, true)) return;
    const Json& entry = input.object(json, path, key);
    name = {input.string(entry, path / key, "schema"), input.string(entry, path / key, "name")};
  };
  auto optional_text = [&](const char* key, std::optional<std::string>& value) {
    if (input.member(json, path, key, true)) value = input.string(json, path, key);
  };
  auto space = [&](const char* key) {
    return input.member(json, path, key, true) ? static_cast<int>(number(input, json, path, key))
                                               : 0;
  };
  function("stateFunction", aggregate.state_function);
  aggregate.state_type =
      read_type(input, input.object(json, path, "stateType"), path / "stateType");
  aggregate.state_space = space("stateSpace");
  function("finalFunction", aggregate.final_function);
  aggregate.final_extra = input.optional_boolean(json, path, "finalExtra", false);
  aggregate.final_modify = input.string(json, path, "finalModify");
  function("combineFunction", aggregate.combine_function);
  function("serialFunction", aggregate.serial_function);
  function("deserialFunction", aggregate.deserial_function);
  optional_text("initialCondition", aggregate.initial_condition);
  function("movingStateFunction", aggregate.moving_state_function);
  function("movingInverseFunction", aggregate.moving_inverse_function);
  if (input.member(json, path, "movingStateType", true))
    aggregate.moving_state_type =
        read_type(input, input.object(json, path, "movingStateType"), path / "movingStateType");
  aggregate.moving_state_space = space("movingStateSpace");
  function("movingFinalFunction", aggregate.moving_final_function);
  aggregate.moving_final_extra = input.optional_boolean(json, path, "movingFinalExtra", false);
  aggregate.moving_final_modify = input.string(json, path, "movingFinalModify");
  optional_text("movingInitialCondition", aggregate.moving_initial_condition);
  if (aggregate.state_function.name.empty())
    input.fail(path / "stateFunction", "an aggregate needs its state function");
  return aggregate;
}

Function read_function(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  Function function;
  function.name = {input.string(json, path, "schema"), input.string(json, path, "name")};
  function.procedure = input.optional_boolean(json, path, "procedure", false);
  const Json* parameters = input.member(json, path, "parameters");
  if (!parameters->is_array()) input.fail(path / "parameters", "expected an array");
  for (std::size_t i = 0; i < parameters->size(); ++i) {
    const Json& entry = (*parameters)[i];
    JsonPath at = path / "parameters" / i;
    input.expect_object(entry, at);
    FunctionParameter parameter;
    parameter.mode = input.string(entry, at, "mode");
    parameter.name = input.optional_string(entry, at, "name");
    parameter.type = read_type(input, input.object(entry, at, "type"), at / "type");
    if (input.member(entry, at, "default", true))
      parameter.default_value = expression_from_text(input.string(entry, at, "default"));
    function.parameters.push_back(std::move(parameter));
  }
  if (!function.procedure)
    function.returns = read_type(input, input.object(json, path, "returns"), path / "returns");
  function.returns_set = input.optional_boolean(json, path, "returnsSet", false);
  function.language = input.string(json, path, "language");
  function.body = input.string(json, path, "body");
  function.sql_standard_body = input.optional_boolean(json, path, "sqlStandardBody", false);
  function.volatility = input.string(json, path, "volatility");
  function.strict = input.optional_boolean(json, path, "strict", false);
  function.security_definer = input.optional_boolean(json, path, "securityDefiner", false);
  function.leakproof = input.optional_boolean(json, path, "leakproof", false);
  function.parallel = input.string(json, path, "parallel");
  function.cost = number(input, json, path, "cost");
  function.rows = number(input, json, path, "rows");
  function.config = optional_strings(input, json, path, "config");
  function.comment = read_comment(input, json, path);
  if (input.member(json, path, "aggregate", true))
    function.aggregate =
        read_aggregate(input, input.object(json, path, "aggregate"), path / "aggregate");
  return function;
}

// A privilege (privileges.h): one entry per grantee, privilege and column.
Json grant_json(const Grant& grant, const GrantState& state) {
  Json out = Json::object();
  out["on"] = grant.object_kind;
  out["schema"] = grant.schema;
  if (!grant.name.empty()) out["name"] = grant.name;
  if (!grant.column.empty()) out["column"] = grant.column;
  out["grantee"] = grant.grantee;
  out["privilege"] = grant.privilege;
  if (state.grant_option) out["grantOption"] = true;
  if (state.revoked) out["revoked"] = true;
  return out;
}

void read_grant(const SnapshotInput& input, const Json& json, const JsonPath& path,
                Schema& schema) {
  Grant grant{input.string(json, path, "on"),
              input.string(json, path, "schema"),
              input.optional_string(json, path, "name"),
              input.optional_string(json, path, "column"),
              input.string(json, path, "grantee"),
              input.string(json, path, "privilege")};
  schema.grants[grant] = GrantState{input.optional_boolean(json, path, "grantOption", false),
                                    input.optional_boolean(json, path, "revoked", false)};
}

// A default privilege (privileges.h): one entry per role, schema, kind, grantee and privilege.
Json default_privilege_json(const DefaultPrivilege& privilege, const GrantState& state) {
  Json out = Json::object();
  if (!privilege.role.empty()) out["role"] = privilege.role;
  if (!privilege.schema.empty()) out["schema"] = privilege.schema;
  out["on"] = privilege.object_kind;
  out["grantee"] = privilege.grantee;
  out["privilege"] = privilege.privilege;
  if (state.grant_option) out["grantOption"] = true;
  if (state.revoked) out["revoked"] = true;
  return out;
}

void read_default_privilege(const SnapshotInput& input, const Json& json, const JsonPath& path,
                            Schema& schema) {
  DefaultPrivilege privilege{
      input.optional_string(json, path, "role"), input.optional_string(json, path, "schema"),
      input.string(json, path, "on"), input.string(json, path, "grantee"),
      input.string(json, path, "privilege")};
  schema.default_privileges[privilege] =
      GrantState{input.optional_boolean(json, path, "grantOption", false),
                 input.optional_boolean(json, path, "revoked", false)};
}

Collation read_collation(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  Collation collation;
  collation.name = {input.string(json, path, "schema"), input.string(json, path, "name")};
  collation.provider = input.string(json, path, "provider");
  if (collation.provider != "icu" && collation.provider != "libc")
    input.fail(path / "provider", "expected \"icu\" or \"libc\"");
  collation.locale = input.optional_string(json, path, "locale");
  collation.lc_collate = input.optional_string(json, path, "lcCollate");
  collation.lc_ctype = input.optional_string(json, path, "lcCtype");
  collation.deterministic = input.optional_boolean(json, path, "deterministic", true);
  collation.comment = read_comment(input, json, path);
  return collation;
}

Domain read_domain(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  Domain domain;
  domain.name = {input.string(json, path, "schema"), input.string(json, path, "name")};
  domain.base_type = read_type(input, input.object(json, path, "baseType"), path / "baseType");
  domain.collation = input.optional_string(json, path, "collation");
  if (input.member(json, path, "default", true))
    domain.default_value = expression_from_text(input.string(json, path, "default"));
  domain.not_null = input.optional_boolean(json, path, "notNull", false);
  each(input, json, path, "checks",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         domain.constraints[name] =
             DomainConstraint{name, expression_from_text(input.string(value, at, "expression"))};
       });
  domain.comment = read_comment(input, json, path);
  return domain;
}

Trigger read_trigger(const SnapshotInput& input, const Json& json, const JsonPath& path,
                     const std::string& name) {
  Trigger trigger;
  trigger.name = name;
  trigger.timing = input.string(json, path, "timing");
  trigger.events = input.strings(json, path, "events");
  trigger.update_columns = optional_strings(input, json, path, "updateColumns");
  trigger.for_each_row = input.boolean(json, path, "forEachRow");
  if (input.member(json, path, "when", true))
    trigger.when = expression_from_text(input.string(json, path, "when"));
  trigger.function = {input.string(json, path, "functionSchema"),
                      input.string(json, path, "function")};
  trigger.arguments = optional_strings(input, json, path, "arguments");
  trigger.constraint = input.optional_boolean(json, path, "constraint", false);
  trigger.deferrable = input.optional_boolean(json, path, "deferrable", false);
  trigger.initially_deferred = input.optional_boolean(json, path, "initiallyDeferred", false);
  trigger.old_table = input.optional_string(json, path, "oldTable");
  trigger.new_table = input.optional_string(json, path, "newTable");
  trigger.comment = read_comment(input, json, path);
  return trigger;
}

void read_index_extras(const SnapshotInput& input, const Json& value, const JsonPath& at,
                       Index& index) {
  if (input.member(value, at, "include", true)) index.include = input.strings(value, at, "include");
  index.nulls_not_distinct = input.optional_boolean(value, at, "nullsNotDistinct", false);
  if (input.member(value, at, "collations", true)) {
    std::vector<std::string> collations = input.strings(value, at, "collations");
    if (collations.size() != index.elements.size()) {
      input.fail(at / "collations", "expected one entry per index column");
    }
    for (std::size_t i = 0; i < collations.size(); ++i) index.elements[i].collation = collations[i];
  }
  index.comment = read_comment(input, value, at);
}

// A column's statistics target, storage mode, compression and options (model.h's Column).
void read_column_settings(const SnapshotInput& input, const Json& json, const JsonPath& path,
                          Column& column) {
  if (const Json* statistics = input.member(json, path, "statistics", true)) {
    if (!statistics->is_number_integer()) input.fail(path / "statistics", "expected an integer");
    column.statistics = statistics->get<int>();
  }
  column.storage = input.optional_string(json, path, "storage");
  column.compression = input.optional_string(json, path, "compression");
  if (const Json* options = input.optional_object(json, path, "options")) {
    for (const auto& [key, value] : options->items()) {
      if (!value.is_string()) input.fail(path / "options" / key, "expected a string");
      column.options[key] = value.get<std::string>();
    }
  }
}

void read_table_extras(const SnapshotInput& input, const Json& json, const JsonPath& path,
                       Table& table) {
  table.comment = read_comment(input, json, path);
  table.force_row_level_security =
      input.optional_boolean(json, path, "forceRowLevelSecurity", false);
  table.unlogged = input.optional_boolean(json, path, "unlogged", false);
  table.replica_identity = input.optional_string(json, path, "replicaIdentity", "default");
  table.replica_identity_index = input.optional_string(json, path, "replicaIdentityIndex");
  table.cluster_on = input.optional_string(json, path, "clusterOn");
  if (const Json* with = input.optional_object(json, path, "with")) {
    for (const auto& [key, value] : with->items()) {
      if (!value.is_string()) input.fail(path / "with" / key, "expected a string");
      table.with[key] = value.get<std::string>();
    }
  }
  read_partitioning(input, json, path, table);
  each(input, json, path, "exclusionConstraints",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         table.exclusion_constraints[name] = read_exclusion(input, value, at, name);
       });
  if (input.member(json, path, "primaryKeyComment", true)) {
    if (!table.primary_key) input.fail(path / "primaryKeyComment", "the table has no primary key");
    table.primary_key->comment = input.string(json, path, "primaryKeyComment");
  }
  // A map by the key's name, as the other constraints' (an overlay on drizzle-kit 1.0's row).
  each(input, json, path, "primaryKeys",
       [&](const std::string&, const Json& value, const JsonPath& at) {
         if (!table.primary_key) input.fail(at, "the table has no primary key");
         table.primary_key->deferrable = input.optional_boolean(value, at, "deferrable", false);
         table.primary_key->initially_deferred =
             input.optional_boolean(value, at, "initiallyDeferred", false);
       });
  each(input, json, path, "columns",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         Column* column = table.find_column(name);
         if (!column) input.fail(at, "no column of that name in the snapshot");
         column->collation = input.optional_string(value, at, "collation");
         read_column_settings(input, value, at, *column);
         column->comment = read_comment(input, value, at);
       });
  each(input, json, path, "foreignKeys",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         ForeignKey* key = &named(input, table.foreign_keys, name, at, "foreign key");
         key->match = input.optional_string(value, at, "match", "simple");
         key->deferrable = input.optional_boolean(value, at, "deferrable", false);
         key->initially_deferred = input.optional_boolean(value, at, "initiallyDeferred", false);
         key->valid = !input.optional_boolean(value, at, "notValid", false);
         key->comment = read_comment(input, value, at);
       });
  each(input, json, path, "uniqueConstraints",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         UniqueConstraint* unique =
             &named(input, table.unique_constraints, name, at, "unique constraint");
         unique->deferrable = input.optional_boolean(value, at, "deferrable", false);
         unique->initially_deferred = input.optional_boolean(value, at, "initiallyDeferred", false);
         unique->comment = read_comment(input, value, at);
       });
  each(input, json, path, "checkConstraints",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         CheckConstraint* check =
             &named(input, table.check_constraints, name, at, "check constraint");
         check->no_inherit = input.optional_boolean(value, at, "noInherit", false);
         check->valid = !input.optional_boolean(value, at, "notValid", false);
         check->comment = read_comment(input, value, at);
       });
  each(input, json, path, "indexes",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         read_index_extras(input, value, at, named(input, table.indexes, name, at, "index"));
       });
  each(input, json, path, "policies",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         Policy* policy = &named(input, table.policies, name, at, "policy");
         policy->comment = read_comment(input, value, at);
       });
  each(input, json, path, "triggers",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         table.triggers[name] = read_trigger(input, value, at, name);
       });
  read_rules(input, json, path, table.rules);
  read_statistics(input, json, path, table.statistics);
}

}  // namespace

Json extras_type_json(const TypeName& type) {
  return type_json(type);
}

TypeName read_extras_type(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  return read_type(input, json, path);
}

Json write_extras(const Schema& schema) {
  Json out = Json::object();
  Json extensions = Json::object();
  for (const auto& [name, extension] : schema.extensions) {
    Json entry = Json::object();
    if (!extension.schema.empty()) entry["schema"] = extension.schema;
    if (!extension.version.empty()) entry["version"] = extension.version;
    extensions[name] = std::move(entry);
  }
  put_child(out, "extensions", std::move(extensions));
  Json namespaces = Json::object();
  for (const auto& [name, value] : schema.namespaces) {
    Json entry = Json::object();
    put_comment(entry, value.comment);
    put_child(namespaces, name, std::move(entry));
  }
  put_child(out, "schemas", std::move(namespaces));
  Json enums = Json::object();
  for (const auto& [name, value] : schema.enums) {
    Json entry = Json::object();
    put_comment(entry, value.comment);
    put_child(enums, name.display(), std::move(entry));
  }
  put_child(out, "enums", std::move(enums));
  Json sequences = Json::object();
  for (const auto& [name, sequence] : schema.sequences) {
    Json entry = Json::object();
    if (sequence.options.data_type != "bigint") entry["dataType"] = sequence.options.data_type;
    if (sequence.owned_by) entry["ownedBy"] = *sequence.owned_by;
    put_comment(entry, sequence.comment);
    put_child(sequences, name.display(), std::move(entry));
  }
  put_child(out, "sequences", std::move(sequences));
  Json tables = Json::object();
  for (const auto& [name, table] : schema.tables)
    put_child(tables, name.display(), table_extras(table));
  put_child(out, "tables", std::move(tables));
  Json views = Json::object();
  for (const auto& [name, view] : schema.views) {
    Json entry = Json::object();
    if (!view.column_names.empty()) entry["columnNames"] = view.column_names;
    put_comment(entry, view.comment);
    put_rules(entry, view.rules);
    put_view_indexes(entry, view.indexes);
    put_child(views, name.display(), std::move(entry));
  }
  put_child(out, "views", std::move(views));
  Json collations = Json::object();
  for (const auto& [name, collation] : schema.collations)
    collations[name.display()] = collation_json(collation);
  put_child(out, "collations", std::move(collations));
  Json domains = Json::object();
  for (const auto& [name, domain] : schema.domains) domains[name.display()] = domain_json(domain);
  put_child(out, "domains", std::move(domains));
  write_user_types(schema, out);
  Json functions = Json::object();
  for (const auto& [key, function] : schema.functions)
    functions[key.display()] = function_json(function);
  put_child(out, "functions", std::move(functions));
  put_event_triggers(out, schema);
  Json grants = Json::array();
  for (const auto& [grant, state] : schema.grants) grants.push_back(grant_json(grant, state));
  if (!grants.empty()) out["grants"] = std::move(grants);
  Json defaults = Json::array();
  for (const auto& [privilege, state] : schema.default_privileges)
    defaults.push_back(default_privilege_json(privilege, state));
  if (!defaults.empty()) out["defaultPrivileges"] = std::move(defaults);
  return out;
}

void read_extras(const Json& extras, const SnapshotInput& input, Schema& schema) {
  JsonPath path = JsonPath() / "sleet";
  each(input, extras, path, "extensions",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         schema.extensions[name] = Extension{name, input.optional_string(value, at, "schema"),
                                             input.optional_string(value, at, "version")};
       });
  each(input, extras, path, "schemas",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         named(input, schema.namespaces, name, at, "schema").comment =
             read_comment(input, value, at);
       });
  each(input, extras, path, "enums",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         displayed(input, schema.enums, name, at, "enum").comment = read_comment(input, value, at);
       });
  each(input, extras, path, "sequences",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         Sequence* sequence = &displayed(input, schema.sequences, name, at, "sequence");
         sequence->options.data_type = input.optional_string(value, at, "dataType", "bigint");
         if (input.member(value, at, "ownedBy", true))
           sequence->owned_by = input.string(value, at, "ownedBy");
         sequence->comment = read_comment(input, value, at);
       });
  each(input, extras, path, "tables",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         read_table_extras(input, value, at, *&displayed(input, schema.tables, name, at, "table"));
       });
  each(input, extras, path, "views",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         View* view = &displayed(input, schema.views, name, at, "view");
         if (input.member(value, at, "columnNames", true))
           view->column_names = input.strings(value, at, "columnNames");
         // Storage parameters drizzle-kit 1.0's view row has no field for (a v3 overlay).
         if (const Json* options = input.optional_object(value, at, "storageParameters")) {
           for (const auto& [option, text] : options->items()) {
             if (!text.is_string())
               input.fail(at / "storageParameters" / option, "expected a string");
             view->with[option] = text.get<std::string>();
           }
         }
         view->comment = read_comment(input, value, at);
         read_rules(input, value, at, view->rules);
         read_view_indexes(input, value, at, view->indexes);
       });
  each(input, extras, path, "collations",
       [&](const std::string&, const Json& value, const JsonPath& at) {
         Collation collation = read_collation(input, value, at);
         schema.collations[collation.name] = std::move(collation);
       });
  each(input, extras, path, "domains",
       [&](const std::string&, const Json& value, const JsonPath& at) {
         Domain domain = read_domain(input, value, at);
         schema.domains[domain.name] = std::move(domain);
       });
  read_user_types(extras, input, path, schema);
  each(input, extras, path, "functions",
       [&](const std::string&, const Json& value, const JsonPath& at) {
         Function function = read_function(input, value, at);
         schema.functions[function_key(function)] = std::move(function);
       });
  read_event_triggers(extras, input, path, schema);
  if (const Json* grants = input.member(extras, path, "grants", true)) {
    if (!grants->is_array()) input.fail(path / "grants", "expected an array");
    for (std::size_t i = 0; i < grants->size(); ++i) {
      const Json& entry = (*grants)[i];
      input.expect_object(entry, path / "grants" / i);
      read_grant(input, entry, path / "grants" / i, schema);
    }
  }
  if (const Json* defaults = input.member(extras, path, "defaultPrivileges", true)) {
    if (!defaults->is_array()) input.fail(path / "defaultPrivileges", "expected an array");
    for (std::size_t i = 0; i < defaults->size(); ++i) {
      const Json& entry = (*defaults)[i];
      input.expect_object(entry, path / "defaultPrivileges" / i);
      read_default_privilege(input, entry, path / "defaultPrivileges" / i, schema);
    }
  }
}

void put_view_indexes(Json& out, const std::map<std::string, Index>& indexes) {
  Json entries = Json::object();
  for (const auto& [name, index] : indexes) {
    Json entry = index_json(index);
    entry.update(index_extras(index));
    entries[name] = std::move(entry);
  }
  put_child(out, "indexes", std::move(entries));
}

void read_view_indexes(const SnapshotInput& input, const Json& json, const JsonPath& path,
                       std::map<std::string, Index>& indexes) {
  each(input, json, path, "indexes",
       [&](const std::string& name, const Json& value, const JsonPath& at) {
         Index index = read_index(input, value, at);
         read_index_extras(input, value, at, index);
         index.name = name;
         indexes[name] = std::move(index);
       });
}

}  // namespace sleet::snapshot

namespace sleet {

void drop_what_drizzle_snapshots_cannot_hold(Schema& schema) {
  schema.extensions.clear();
  schema.functions.clear();
  schema.domains.clear();
  schema.collations.clear();
  schema.grants.clear();
  schema.default_privileges.clear();
  schema.composite_types.clear();
  schema.range_types.clear();
  schema.event_triggers.clear();
  for (auto& [name, ns] : schema.namespaces) ns.comment.reset();
  for (auto& [name, type] : schema.enums) type.comment.reset();
  for (auto& [name, sequence] : schema.sequences) sequence.comment.reset();
  for (auto& [name, view] : schema.views) {
    view.comment.reset();
    view.rules.clear();
    view.indexes.clear();
  }
  for (auto& [name, table] : schema.tables) {
    table.comment.reset();
    for (Column& column : table.columns) column.comment.reset();
    if (table.primary_key) table.primary_key->comment.reset();
    for (auto& [key, member] : table.foreign_keys) member.comment.reset();
    for (auto& [key, member] : table.unique_constraints) member.comment.reset();
    for (auto& [key, member] : table.check_constraints) member.comment.reset();
    for (auto& [key, member] : table.indexes) member.comment.reset();
    for (auto& [key, member] : table.policies) member.comment.reset();
    table.triggers.clear();
    table.rules.clear();
    table.statistics.clear();
    table.exclusion_constraints.clear();
    table.unlogged = false;
    table.with.clear();
    table.replica_identity = "default";
    table.replica_identity_index.clear();
    table.cluster_on.clear();
    for (Column& column : table.columns) {
      column.statistics = -1;
      column.storage.clear();
      column.compression.clear();
      column.options.clear();
    }
    table.partition_by.clear();
    table.inherits.clear();
  }
  std::erase_if(schema.tables,
                [](const auto& entry) { return entry.second.partition_of.has_value(); });
}

}  // namespace sleet
