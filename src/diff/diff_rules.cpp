// diff_schemas: rules on tables and views, and event triggers. A changed rule is CREATE OR
// REPLACE RULE; a comment alone is a SetComment. An event trigger whose event, tags or function
// change is dropped and created; its enabled state alone is an ALTER EVENT TRIGGER.
#include <set>

#include "diff/diff_internal.h"

namespace sleet::diff_detail {

namespace {

void diff_rules_of(const QualifiedName& relation, const std::map<std::string, RewriteRule>* before,
                   const std::map<std::string, RewriteRule>& after, std::vector<Change>& out) {
  for (const auto& [name, rule] : after) {
    const RewriteRule* old = nullptr;
    if (before) {
      auto it = before->find(name);
      if (it != before->end()) old = &it->second;
    }
    if (old && without_comment(*old) == without_comment(rule)) {
      if (old->comment != rule.comment) {
        Change change = make_change(ChangeKind::SetComment, relation, name);
        change.detail = "RULE";
        if (rule.comment) change.after = *rule.comment;
        out.push_back(change);
      }
      continue;
    }
    Change change = make_change(old ? ChangeKind::ReplaceRule : ChangeKind::CreateRule, relation,
                                name);
    if (old) change.before = *old;
    change.after = rule;
    out.push_back(change);
  }
  if (!before) return;
  for (const auto& [name, rule] : *before) {
    if (after.contains(name)) continue;
    Change change = make_change(ChangeKind::DropRule, relation, name);
    change.before = rule;
    out.push_back(change);
  }
}

// Schema and plain name of functions `out` drops while `to` still has a function of that name.
std::set<QualifiedName> recreated_functions(const Schema& to, const std::vector<Change>& out) {
  std::set<QualifiedName> names;
  for (const auto& [key, function] : to.functions) names.insert(function.name);
  std::set<QualifiedName> recreated;
  for (const Change& change : out) {
    if (change.kind != ChangeKind::DropFunction) continue;
    const Function& function = std::get<Function>(change.before);
    if (names.contains(function.name)) recreated.insert(function.name);
  }
  return recreated;
}

void diff_event_triggers(const Schema& from, const Schema& to, std::vector<Change>& out) {
  std::set<QualifiedName> recreated = recreated_functions(to, out);
  auto emit = [&](ChangeKind kind, const EventTrigger* before, const EventTrigger* after) {
    Change change = make_change(kind, QualifiedName{"", (before ? before : after)->name});
    if (before) change.before = *before;
    if (after) change.after = *after;
    out.push_back(change);
  };
  for (const auto& [name, trigger] : to.event_triggers) {
    auto it = from.event_triggers.find(name);
    if (it == from.event_triggers.end()) {
      emit(ChangeKind::CreateEventTrigger, nullptr, &trigger);
      continue;
    }
    const EventTrigger& old = it->second;
    EventTrigger same_state = old;
    same_state.enabled = trigger.enabled;
    same_state.comment = trigger.comment;
    if (same_state != trigger || recreated.contains(trigger.function)) {
      emit(ChangeKind::DropEventTrigger, &old, nullptr);
      emit(ChangeKind::CreateEventTrigger, nullptr, &trigger);
      continue;
    }
    if (old.enabled != trigger.enabled) emit(ChangeKind::AlterEventTrigger, &old, &trigger);
    if (old.comment != trigger.comment) {
      Change change = make_change(ChangeKind::SetComment, QualifiedName{"", name});
      change.detail = "EVENT TRIGGER";
      if (trigger.comment) change.after = *trigger.comment;
      out.push_back(change);
    }
  }
  for (const auto& [name, trigger] : from.event_triggers)
    if (!to.event_triggers.contains(name)) emit(ChangeKind::DropEventTrigger, &trigger, nullptr);
}

}  // namespace

void diff_rules_and_event_triggers(const Schema& from, const Schema& to, std::vector<Change>& out) {
  // Views `out` drops and creates again lose their rules with the DROP VIEW.
  std::set<QualifiedName> recreated_views;
  for (const Change& change : out)
    if (change.kind == ChangeKind::DropView) recreated_views.insert(change.object);
  for (const auto& [name, table] : to.tables) {
    auto before = from.tables.find(name);
    diff_rules_of(name, before == from.tables.end() ? nullptr : &before->second.rules, table.rules,
                  out);
  }
  for (const auto& [name, view] : to.views) {
    auto before = from.views.find(name);
    bool kept = before != from.views.end() && !recreated_views.contains(name);
    diff_rules_of(name, kept ? &before->second.rules : nullptr, view.rules, out);
  }
  diff_event_triggers(from, to, out);
}

}  // namespace sleet::diff_detail
