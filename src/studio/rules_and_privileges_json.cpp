#include "studio/rules_and_privileges_json.h"

#include <map>
#include <string>
#include <tuple>

#include "sleet/ddl.h"

namespace sleet::studio {

namespace {

using Json = nlohmann::ordered_json;

// Every rule but the views' own _RETURN, as the server prints it (pg_get_ruledef, pretty), by
// (schema, relation, rule): one query.
std::map<std::tuple<std::string, std::string, std::string>, std::string> rule_definitions(
    db::Connection& connection) {
  db::Result result = connection.query(
      "SELECT n.nspname, c.relname, r.rulename, pg_catalog.pg_get_ruledef(r.oid, true) "
      "FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE r.rulename <> '_RETURN' "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
      std::vector<db::Parameter>{});
  std::map<std::tuple<std::string, std::string, std::string>, std::string> definitions;
  for (int row = 0; row < result.rows(); ++row) {
    definitions[{std::string(result.value(row, 0)), std::string(result.value(row, 1)),
                 std::string(result.value(row, 2))}] = std::string(result.value(row, 3));
  }
  return definitions;
}

// One rule on `relation` (a table, view or materialized view: `kind`), with its definition as
// the server prints it (the model's own rendering when the catalog has none to give).
Json optional_text(const std::optional<std::string>& text) {
  return text ? Json(*text) : Json();
}

Json rule_json(
    const QualifiedName& relation, const char* kind, const RewriteRule& rule,
    const std::map<std::tuple<std::string, std::string, std::string>, std::string>& definitions) {
  Json actions = Json::array();
  for (const Expression& action : rule.actions) actions.push_back(action.written());
  auto found = definitions.find({relation.schema, relation.name, rule.name});
  return {{"schema", relation.schema},
          {"name", rule.name},
          {"relation", {{"schema", relation.schema}, {"name", relation.name}, {"kind", kind}}},
          {"event", rule.event},
          {"instead", rule.instead},
          {"where", rule.where ? Json(rule.where->written()) : Json()},
          {"actions", actions},
          {"definition",
           found != definitions.end() ? found->second : ddl::create_rule(relation, rule) + ";"},
          {"comment", optional_text(rule.comment)}};
}

Json event_trigger_json(const EventTrigger& trigger) {
  std::string definition;
  for (const std::string& statement : ddl::event_trigger_statements(trigger))
    definition += statement + ";\n";
  definition.pop_back();
  return {{"name", trigger.name},
          {"event", trigger.event},
          {"tags", trigger.tags},
          {"function",
           {{"schema", trigger.function.schema},
            {"name", trigger.function.name},
            {"signature", trigger.function.name + "()"}}},
          {"enabled", trigger.enabled},
          {"definition", definition},
          {"comment", optional_text(trigger.comment)}};
}

Json grouped_default_privileges(const std::map<DefaultPrivilege, GrantState>& privileges,
                                const std::string& current_role) {
  Json out = Json::array();
  for (const auto& [privilege, state] : privileges) {
    Json role = privilege.role.empty() ? current_role : privilege.role;
    Json schema = privilege.schema.empty() ? Json() : Json(privilege.schema);
    Json* group = nullptr;
    for (Json& entry : out) {
      if (entry["role"] == role && entry["schema"] == schema &&
          entry["object_kind"] == privilege.object_kind && entry["grantee"] == privilege.grantee &&
          entry["grant_option"] == state.grant_option && entry["revoked"] == state.revoked)
        group = &entry;
    }
    if (!group) {
      out.push_back({{"role", role},
                     {"current_role", privilege.role.empty()},
                     {"schema", schema},
                     {"object_kind", privilege.object_kind},
                     {"grantee", privilege.grantee},
                     {"privileges", Json::array()},
                     {"grant_option", state.grant_option},
                     {"revoked", state.revoked}});
      group = &out.back();
    }
    (*group)["privileges"].push_back(privilege.privilege);
  }
  return out;
}

std::string current_role_name(db::Connection& connection) {
  db::Result result = connection.query("SELECT current_user", std::vector<db::Parameter>{});
  return std::string(result.value(0, 0));
}

}  // namespace

nlohmann::ordered_json rules_json(db::Connection& connection, const Schema& schema) {
  Json rules = Json::array();
  auto definitions = rule_definitions(connection);
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [rule_name, rule] : table.rules)
      rules.push_back(rule_json(name, "table", rule, definitions));
  }
  for (const auto& [name, view] : schema.views) {
    for (const auto& [rule_name, rule] : view.rules)
      rules.push_back(
          rule_json(name, view.materialized ? "materialized view" : "view", rule, definitions));
  }
  return rules;
}

nlohmann::ordered_json event_triggers_json(const Schema& schema) {
  Json triggers = Json::array();
  for (const auto& [name, trigger] : schema.event_triggers)
    triggers.push_back(event_trigger_json(trigger));
  return triggers;
}

nlohmann::ordered_json default_privileges_json(db::Connection& connection, const Schema& schema) {
  return grouped_default_privileges(schema.default_privileges, current_role_name(connection));
}

}  // namespace sleet::studio
