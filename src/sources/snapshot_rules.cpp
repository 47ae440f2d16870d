// Rules (per table and view), extended statistics (per table) and event triggers in the
// snapshot's "sleet" member, whole: drizzle-kit has no slot for any of them.
#include "sources/snapshot_internal.h"

namespace sleet::snapshot {

namespace {

Json rule_json(const RewriteRule& rule) {
  Json out = Json::object();
  out["event"] = rule.event;
  if (rule.instead) out["instead"] = true;
  if (rule.where) out["where"] = rule.where->written();
  Json actions = Json::array();
  for (const Expression& action : rule.actions) actions.push_back(action.written());
  out["actions"] = std::move(actions);
  if (rule.comment) out["comment"] = *rule.comment;
  return out;
}

RewriteRule read_rule(const SnapshotInput& input, const Json& json, const JsonPath& path,
                      const std::string& name) {
  RewriteRule rule;
  rule.name = name;
  rule.event = input.string(json, path, "event");
  rule.instead = input.optional_boolean(json, path, "instead", false);
  if (input.member(json, path, "where", true))
    rule.where = expression_from_text(input.string(json, path, "where"));
  for (const std::string& action : input.strings(json, path, "actions"))
    rule.actions.push_back(query_from_text(action));
  if (input.member(json, path, "comment", true)) rule.comment = input.string(json, path, "comment");
  return rule;
}

}  // namespace

void put_rules(Json& out, const std::map<std::string, RewriteRule>& rules) {
  if (rules.empty()) return;
  Json entries = Json::object();
  for (const auto& [name, rule] : rules) entries[name] = rule_json(rule);
  out["rules"] = std::move(entries);
}

void read_rules(const SnapshotInput& input, const Json& json, const JsonPath& path,
                std::map<std::string, RewriteRule>& rules) {
  const Json* entries = input.optional_object(json, path, "rules");
  if (!entries) return;
  for (const auto& [name, value] : entries->items()) {
    input.expect_object(value, path / "rules" / name);
    rules[name] = read_rule(input, value, path / "rules" / name, name);
  }
}

void put_statistics(Json& out, const std::map<QualifiedName, Statistics>& statistics) {
  if (statistics.empty()) return;
  Json entries = Json::object();
  for (const auto& [name, object] : statistics) {
    Json entry = Json::object();
    entry["schema"] = name.schema;
    entry["name"] = name.name;
    if (!object.kinds.empty()) entry["kinds"] = object.kinds;
    if (!object.columns.empty()) entry["columns"] = object.columns;
    if (!object.expressions.empty()) {
      Json expressions = Json::array();
      for (const Expression& expression : object.expressions)
        expressions.push_back(expression.written());
      entry["expressions"] = std::move(expressions);
    }
    if (object.target != -1) entry["target"] = object.target;
    if (object.comment) entry["comment"] = *object.comment;
    entries[name.display()] = std::move(entry);
  }
  out["statistics"] = std::move(entries);
}

void read_statistics(const SnapshotInput& input, const Json& json, const JsonPath& path,
                     std::map<QualifiedName, Statistics>& statistics) {
  const Json* entries = input.optional_object(json, path, "statistics");
  if (!entries) return;
  for (const auto& [key, value] : entries->items()) {
    JsonPath at = path / "statistics" / key;
    input.expect_object(value, at);
    Statistics object;
    object.name = {input.string(value, at, "schema"), input.string(value, at, "name")};
    if (input.member(value, at, "kinds", true)) object.kinds = input.strings(value, at, "kinds");
    if (input.member(value, at, "columns", true))
      object.columns = input.strings(value, at, "columns");
    if (input.member(value, at, "expressions", true)) {
      for (const std::string& text : input.strings(value, at, "expressions"))
        object.expressions.push_back(expression_from_text(text));
    }
    if (const Json* target = input.member(value, at, "target", true)) {
      if (!target->is_number_integer()) input.fail(at / "target", "expected an integer");
      object.target = target->get<int>();
    }
    if (input.member(value, at, "comment", true))
      object.comment = input.string(value, at, "comment");
    QualifiedName name = object.name;
    statistics[name] = std::move(object);
  }
}

void put_event_triggers(Json& extras, const Schema& schema) {
  if (schema.event_triggers.empty()) return;
  Json entries = Json::object();
  for (const auto& [name, trigger] : schema.event_triggers) {
    Json entry = Json::object();
    entry["event"] = trigger.event;
    if (!trigger.tags.empty()) entry["tags"] = trigger.tags;
    entry["functionSchema"] = trigger.function.schema;
    entry["function"] = trigger.function.name;
    if (trigger.enabled != "ENABLE") entry["enabled"] = trigger.enabled;
    if (trigger.comment) entry["comment"] = *trigger.comment;
    entries[name] = std::move(entry);
  }
  extras["eventTriggers"] = std::move(entries);
}

void read_event_triggers(const Json& extras, const SnapshotInput& input, const JsonPath& path,
                         Schema& schema) {
  const Json* entries = input.optional_object(extras, path, "eventTriggers");
  if (!entries) return;
  for (const auto& [name, value] : entries->items()) {
    JsonPath at = path / "eventTriggers" / name;
    input.expect_object(value, at);
    EventTrigger trigger;
    trigger.name = name;
    trigger.event = input.string(value, at, "event");
    if (input.member(value, at, "tags", true)) trigger.tags = input.strings(value, at, "tags");
    trigger.function = {input.string(value, at, "functionSchema"),
                        input.string(value, at, "function")};
    trigger.enabled = input.optional_string(value, at, "enabled", "ENABLE");
    if (input.member(value, at, "comment", true))
      trigger.comment = input.string(value, at, "comment");
    schema.event_triggers[name] = std::move(trigger);
  }
}

}  // namespace sleet::snapshot
