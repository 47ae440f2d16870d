// plan_changes: the SQL of rule, event trigger and extended statistics changes, their phases, and
// the rules the plan drops and creates again on its own. Statistics are dropped before the
// columns they read are dropped or retyped and created after the indexes. Rules are created after
// every table and view (their actions may read or write any of them) and dropped before any is
// dropped; event triggers are dropped first and created last, so neither the old nor the new ones
// fire on the plan's DDL.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/error.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

namespace {

std::string drop_rule(const QualifiedName& relation, const std::string& name) {
  return fmt::format("DROP RULE {} ON {}", quote_identifier(name), qualified(relation));
}

// Every relation a rule's actions and condition name, schema "public" where they do not say.
std::vector<QualifiedName> rule_relations(const RewriteRule& rule) {
  std::vector<QualifiedName> out;
  auto add = [&](const std::vector<std::pair<std::string, std::string>>& names) {
    for (const auto& [schema, name] : names)
      out.push_back(QualifiedName{schema.empty() ? "public" : schema, name});
  };
  try {
    for (const Expression& action : rule.actions) add(sql::named_relations(action.canonical));
    if (rule.where) add(sql::referenced_relations("SELECT " + rule.where->canonical));
  } catch (const Error&) {
    // Text that does not parse cannot be analysed; the rule is only recreated when it changed.
  }
  return out;
}

const std::map<std::string, RewriteRule>* rules_of(const Schema& schema,
                                                   const QualifiedName& relation) {
  if (auto it = schema.tables.find(relation); it != schema.tables.end()) return &it->second.rules;
  if (auto it = schema.views.find(relation); it != schema.views.end()) return &it->second.rules;
  return nullptr;
}

}  // namespace

void PlanBuilder::plan_rule_change(const Change& change) {
  const QualifiedName& relation = change.object;
  switch (change.kind) {
    case ChangeKind::CreateRule:
    case ChangeKind::ReplaceRule: {
      const RewriteRule& rule = as<RewriteRule>(change.after);
      // A rule the plan dropped on its own is created, not replaced.
      bool replace = change.kind == ChangeKind::ReplaceRule &&
                     !dropped_rules_.contains({relation, change.name});
      emit(kRules, ddl::create_rule(relation, rule, replace), relation, change.kind);
      const RewriteRule* before = std::get_if<RewriteRule>(&change.before);
      if (rule.comment || (before && before->comment && replace)) {
        emit(kRules, comment_statement(comment_target("RULE", relation, rule.name), rule.comment),
             relation, ChangeKind::SetComment);
      }
      break;
    }
    case ChangeKind::DropRule:
      emit(kDropRules, drop_rule(relation, change.name), relation, change.kind);
      break;
    default:
      break;
  }
}

void PlanBuilder::plan_statistics_change(const Change& change) {
  const QualifiedName& table = change.object;
  switch (change.kind) {
    case ChangeKind::CreateStatistics:
      for (std::string& statement : ddl::statistics_statements(table, as<Statistics>(change.after)))
        emit(kStatistics, std::move(statement), table, change.kind);
      break;
    case ChangeKind::AlterStatistics:
      emit(kStatistics, ddl::alter_statistics_target(as<Statistics>(change.after)), table,
           change.kind);
      break;
    case ChangeKind::DropStatistics:
      emit(kDropStatistics, "DROP STATISTICS " + qualified(as<Statistics>(change.before).name),
           table, change.kind);
      break;
    default:
      break;
  }
}

void PlanBuilder::plan_event_trigger_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateEventTrigger:
      for (std::string& statement :
           ddl::event_trigger_statements(as<EventTrigger>(change.after)))
        emit(kEventTriggers, std::move(statement), object, change.kind);
      break;
    case ChangeKind::AlterEventTrigger:
      emit(kEventTriggers, ddl::alter_event_trigger(as<EventTrigger>(change.after)), object,
           change.kind);
      break;
    case ChangeKind::DropEventTrigger:
      emit(kDropEventTriggers,
           "DROP EVENT TRIGGER " + quote_identifier(as<EventTrigger>(change.before).name), object,
           change.kind);
      break;
    default:
      break;
  }
}

void PlanBuilder::find_dependent_rules() {
  std::set<ColumnKey> diff_drops;
  for (const Change& change : changes_) {
    if (change.kind == ChangeKind::CreateRule || change.kind == ChangeKind::ReplaceRule ||
        change.kind == ChangeKind::DropRule)
      changed_rules_.insert({change.object, change.name});
    if (change.kind == ChangeKind::DropRule) diff_drops.insert({change.object, change.name});
  }
  auto disturbed = [&](const QualifiedName& relation, const RewriteRule& rule) {
    if (structural_tables_.contains(relation)) return true;
    for (const QualifiedName& named : rule_relations(rule))
      if (structural_tables_.contains(named) || views_to_drop_.contains(named)) return true;
    for (const Expression& action : rule.actions)
      if (calls_replaced_function(action.canonical, false)) return true;
    return rule.where && calls_replaced_function(rule.where->canonical, true);
  };
  auto visit = [&](const QualifiedName& relation, const std::map<std::string, RewriteRule>& rules) {
    // A view the plan drops takes its rules; a dropped table likewise.
    bool relation_goes = views_to_drop_.contains(relation) ||
                         (work_.tables.contains(relation) && !to_.tables.contains(relation));
    const std::map<std::string, RewriteRule>* target = rules_of(to_, relation);
    for (const auto& [name, rule] : rules) {
      ColumnKey key{relation, name};
      bool dropped = relation_goes;
      if (!dropped && !diff_drops.contains(key) && disturbed(relation, rule)) {
        dropped_rules_.insert(key);
        dropped = true;
      }
      // A rule going with its table that names another table the plan drops (LedgerSMB's
      // DO INSTEAD rules on a parent writing to its children, dropped first): dropped on its
      // own before the tables, which the server would not drop while the rule names them.
      if (relation_goes && !views_to_drop_.contains(relation) && !diff_drops.contains(key)) {
        for (const QualifiedName& named : rule_relations(rule)) {
          if (named != relation && work_.tables.contains(named) && !to_.tables.contains(named)) {
            dropped_rules_.insert(key);
            break;
          }
        }
      }
      if (dropped && target && target->contains(name) && !changed_rules_.contains(key))
        recreated_rules_.insert(key);
    }
  };
  for (const auto& [name, table] : work_.tables) visit(name, table.rules);
  for (const auto& [name, view] : work_.views) visit(name, view.rules);
}

void PlanBuilder::plan_dependent_rules() {
  // No change names these rules: each statement names its rule itself, so the plan's summary
  // says "drop rule public.posts posts_log", not only the table.
  for (const auto& [relation, name] : dropped_rules_) {
    emit(kDropRules, drop_rule(relation, name), relation, ChangeKind::DropRule);
    phases_[kDropRules].back().member = name;
  }
  for (const auto& [relation, name] : recreated_rules_) {
    const RewriteRule& rule = rules_of(to_, relation)->at(name);
    emit(kRules, ddl::create_rule(relation, rule), relation, ChangeKind::CreateRule);
    phases_[kRules].back().member = name;
    if (rule.comment) {
      emit(kRules, comment_statement(comment_target("RULE", relation, name), rule.comment),
           relation, ChangeKind::SetComment);
      phases_[kRules].back().member = name;
    }
  }
}

}  // namespace sleet::plan_detail
