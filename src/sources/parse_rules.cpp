// CREATE RULE, CREATE EVENT TRIGGER and ALTER EVENT TRIGGER, from schema files and (rules) from
// the catalog's pg_get_ruledef: one reader for both, so a declared rule and the one the server
// gives back are read the same way.
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

std::string rule_event(Context& context, PgQuery__CmdType event) {
  switch (event) {
    case PG_QUERY__CMD_TYPE__CMD_SELECT:
      return "SELECT";
    case PG_QUERY__CMD_TYPE__CMD_INSERT:
      return "INSERT";
    case PG_QUERY__CMD_TYPE__CMD_UPDATE:
      return "UPDATE";
    case PG_QUERY__CMD_TYPE__CMD_DELETE:
      return "DELETE";
    default:
      context.fail(-1, "a rule is ON SELECT, INSERT, UPDATE or DELETE");
  }
}

std::string enabled_state(Context& context, const std::string& code) {
  if (code == "O") return "ENABLE";
  if (code == "D") return "DISABLE";
  if (code == "R") return "ENABLE REPLICA";
  if (code == "A") return "ENABLE ALWAYS";
  context.fail(-1, fmt::format("unknown event trigger state '{}'", code));
}

std::string upper_case(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

RewriteRule read_create_rule(Context& context, const PgQuery__RuleStmt& statement) {
  RewriteRule rule;
  rule.name = statement.rulename;
  if (rule.name == "_RETURN") {
    context.fail(-1, "the _RETURN rule is a view's own query",
                 "write CREATE VIEW instead of a rule named _RETURN");
  }
  rule.event = rule_event(context, statement.event);
  rule.instead = statement.instead;
  if (statement.where_clause) rule.where = expression_of(*statement.where_clause);
  for (size_t i = 0; i < statement.n_actions; ++i) {
    Expression action;
    action.canonical = sql::deparse_statement(*statement.actions[i]);
    rule.actions.push_back(std::move(action));
  }
  if (rule.event == "SELECT") {
    context.fail(-1, fmt::format("rule {} is ON SELECT: only a view's _RETURN rule may be",
                                 rule.name),
                 "write a view (CREATE VIEW) for what the rule returns");
  }
  return rule;
}

void apply_create_rule(Context& context, const PgQuery__RuleStmt& statement) {
  const PgQuery__RangeVar& relation = *statement.relation;
  Schema& schema = context.schema;
  QualifiedName name = context.resolve(
      relation.schemaname, relation.relname,
      [&](const QualifiedName& q) { return schema.tables.contains(q) || schema.views.contains(q); });
  std::map<std::string, RewriteRule>* rules = nullptr;
  if (auto it = schema.tables.find(name); it != schema.tables.end()) rules = &it->second.rules;
  if (auto it = schema.views.find(name); it != schema.views.end()) {
    if (it->second.materialized) {
      context.fail(relation.location,
                   fmt::format("{} is a materialized view, which takes no rules", name.display()));
    }
    rules = &it->second.rules;
  }
  if (!rules) {
    context.fail(relation.location,
                 fmt::format("rule {} is on {}, which no schema file creates",
                             statement.rulename, name.display()),
                 "create the table or view in the schema files, or fix the name after TO");
  }
  RewriteRule rule = read_create_rule(context, statement);
  if (rules->contains(rule.name) && !statement.replace) {
    context.fail(-1,
                 fmt::format("rule {} on {} is defined twice", rule.name, name.display()),
                 "give each rule of a table or view its own name, or write CREATE OR REPLACE");
  }
  (*rules)[rule.name] = std::move(rule);
}

void apply_create_event_trigger(Context& context, const PgQuery__CreateEventTrigStmt& statement) {
  EventTrigger trigger;
  trigger.name = statement.trigname;
  trigger.event = statement.eventname;
  static const std::set<std::string> events = {"ddl_command_start", "ddl_command_end", "sql_drop",
                                               "table_rewrite"};
  if (!events.contains(trigger.event)) {
    context.fail(-1, fmt::format("event trigger {} is on the unknown event {}", trigger.name,
                                 trigger.event),
                 "use ddl_command_start, ddl_command_end, sql_drop or table_rewrite");
  }
  for (size_t i = 0; i < statement.n_whenclause; ++i) {
    const PgQuery__DefElem& filter = *statement.whenclause[i]->def_elem;
    if (std::string_view(filter.defname) != "tag") {
      context.fail(filter.location,
                   fmt::format("event trigger filter {} is not supported", filter.defname),
                   "filter with WHEN TAG IN ('CREATE TABLE', ...)");
    }
    const PgQuery__List& tags = *filter.arg->list;
    for (size_t k = 0; k < tags.n_items; ++k)
      trigger.tags.push_back(upper_case(string_of(tags.items[k])));
  }
  std::vector<std::string> names = strings_of(statement.funcname, statement.n_funcname);
  if (names.empty() || names.size() > 2)
    context.fail(-1, "an event trigger's function is named by [schema.]name");
  const Schema& schema = context.schema;
  trigger.function = context.resolve(names.size() == 2 ? names[0] : "", names.back(),
                                     [&](const QualifiedName& name) {
                                       for (const auto& [key, function] : schema.functions)
                                         if (function.name == name) return true;
                                       return false;
                                     });
  auto earlier = context.names.add_object("event trigger", trigger.name, context.where(), false);
  if (earlier) {
    context.fail(-1,
                 fmt::format("event trigger {} is defined twice (first at {})", trigger.name,
                             earlier->where),
                 "give each event trigger its own name");
  }
  context.schema.event_triggers[trigger.name] = std::move(trigger);
}

void apply_alter_event_trigger(Context& context, const PgQuery__AlterEventTrigStmt& statement) {
  auto it = context.schema.event_triggers.find(statement.trigname);
  if (it == context.schema.event_triggers.end()) {
    context.fail(-1, fmt::format("event trigger {} does not exist", statement.trigname),
                 "create it with CREATE EVENT TRIGGER in the schema files");
  }
  it->second.enabled = enabled_state(context, statement.tgenabled);
}

}  // namespace sleet::sources
