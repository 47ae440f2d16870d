// diff_schemas: functions, procedures and triggers. A function whose body or attributes
// change is replaced in place when PostgreSQL's CREATE OR REPLACE allows it; otherwise it is
// dropped and created, and the triggers that call it with it.
#include <set>

#include "diff/diff_internal.h"

namespace sleet::diff_detail {

namespace {

// What CREATE OR REPLACE cannot change: the kind, the result (OUT parameters are part of
// it), parameter names and modes, and a default cannot be removed.
bool replaceable(const Function& from, const Function& to) {
  if (from.procedure != to.procedure || from.returns != to.returns ||
      from.returns_set != to.returns_set || from.parameters.size() != to.parameters.size()) {
    return false;
  }
  for (size_t i = 0; i < from.parameters.size(); ++i) {
    const FunctionParameter& before = from.parameters[i];
    const FunctionParameter& after = to.parameters[i];
    if (before.mode != after.mode || before.name != after.name || before.type != after.type)
      return false;
    if (before.default_value && !after.default_value) return false;
  }
  return true;
}

bool same_definition(const Function& from, const Function& to) {
  Function left = from;
  Function right = to;
  left.comment.reset();
  right.comment.reset();
  return left == right;
}

void create_trigger(const QualifiedName& table, const Trigger& trigger, std::vector<Change>& out) {
  Change change = make_change(ChangeKind::CreateTrigger, table, trigger.name);
  change.after = trigger;
  out.push_back(change);
}

void drop_trigger(const QualifiedName& table, const Trigger& trigger, std::vector<Change>& out) {
  Change change = make_change(ChangeKind::DropTrigger, table, trigger.name);
  change.before = trigger;
  out.push_back(change);
}

}  // namespace

void diff_functions_and_triggers(const Schema& from, const Schema& to, std::vector<Change>& out) {
  // Functions dropped and created again: the triggers calling them go and come back too.
  std::set<QualifiedName> recreated;
  // SQL bodies are checked when created, and may call the others: those come last.
  for (bool sql_bodies : {false, true}) {
    for (const auto& [key, function] : to.functions) {
      if ((function.language == "sql") != sql_bodies) continue;
      auto it = from.functions.find(key);
      if (it != from.functions.end() && same_definition(it->second, function)) continue;
      if (it != from.functions.end() && replaceable(it->second, function)) {
        Change change = make_change(ChangeKind::ReplaceFunction, key);
        change.before = it->second;
        change.after = function;
        out.push_back(change);
        continue;
      }
      if (it != from.functions.end()) {
        Change change = make_change(ChangeKind::DropFunction, key);
        change.before = it->second;
        out.push_back(change);
        recreated.insert(function.name);
      }
      Change change = make_change(ChangeKind::CreateFunction, key);
      change.after = function;
      out.push_back(change);
    }
  }
  for (const auto& [key, function] : from.functions) {
    if (to.functions.contains(key)) continue;
    Change change = make_change(ChangeKind::DropFunction, key);
    change.before = function;
    out.push_back(change);
  }
  for (const auto& [table_name, table] : to.tables) {
    auto before = from.tables.find(table_name);
    for (const auto& [name, trigger] : table.triggers) {
      const Trigger* old = nullptr;
      if (before != from.tables.end()) {
        auto it = before->second.triggers.find(name);
        if (it != before->second.triggers.end()) old = &it->second;
      }
      if (old && *old == trigger && !recreated.contains(trigger.function)) continue;
      if (old) drop_trigger(table_name, *old, out);
      create_trigger(table_name, trigger, out);
    }
    if (before == from.tables.end()) continue;
    for (const auto& [name, trigger] : before->second.triggers)
      if (!table.triggers.contains(name)) drop_trigger(table_name, trigger, out);
  }
}

}  // namespace sleet::diff_detail
