// diff_schemas: functions, procedures and triggers. A function whose body or attributes
// change is replaced in place when PostgreSQL's CREATE OR REPLACE allows it; otherwise it is
// dropped and created, and the triggers that call it with it.
#include <functional>
#include <map>
#include <set>

#include "sleet/error.h"
#include "sleet/sql.h"

#include "diff/diff_internal.h"

namespace sleet::diff_detail {

namespace {

// What CREATE OR REPLACE cannot change: the kind, the result (OUT parameters are part of
// it), parameter names and modes, and a default cannot be removed.
bool replaceable(const Function& from, const Function& to) {
  // CREATE OR REPLACE AGGREGATE keeps the arguments and the result type: the state type and
  // the final function (whose result it is) stay.
  if (from.aggregate || to.aggregate) {
    return from.aggregate && to.aggregate && from.parameters == to.parameters &&
           from.aggregate->state_type == to.aggregate->state_type &&
           from.aggregate->final_function == to.aggregate->final_function;
  }
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

// How COMMENT ON FUNCTION names `function` after its schema: "name"(argument types).
std::string function_comment_member(const Function& function) {
  std::string arguments = function.signature_sql();
  if (function.aggregate && arguments.empty()) arguments = "*";
  return sql::quote_identifier(function.name.name) + "(" + arguments + ")";
}

bool same_definition(const Function& from, const Function& to) {
  return same_but_comment(from, to);
}

// Whether `condition` calls one of `functions` (schema and plain name) by name.
bool calls_any(const std::optional<Expression>& condition, const std::set<QualifiedName>& functions) {
  if (!condition || functions.empty()) return false;
  try {
    for (const auto& [schema, name] : sql::called_functions("SELECT " + condition->canonical)) {
      for (const QualifiedName& function : functions)
        if (function.name == name && (schema.empty() || function.schema == schema)) return true;
    }
  } catch (const Error&) {
  }
  return false;
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

// The relations `changes` (the tables' and views' changes so far) alter under what reads them:
// tables dropped or with a column dropped or retyped, views dropped, and the views of `from`
// over those.
std::set<QualifiedName> disturbed_relations(const Schema& from,
                                            const std::vector<Change>& changes) {
  std::set<QualifiedName> out;
  for (const Change& change : changes) {
    switch (change.kind) {
      case ChangeKind::DropTable:
      case ChangeKind::DropColumn:
      case ChangeKind::AlterColumnType:
      case ChangeKind::AlterColumnCollation:
      case ChangeKind::DropView:
        out.insert(change.object);
        break;
      default:
        break;
    }
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [name, view] : from.views) {
      if (out.contains(name)) continue;
      try {
        for (const auto& [schema, relation] : sql::referenced_relations(view.query.canonical)) {
          if (out.contains(QualifiedName{schema.empty() ? "public" : schema, relation})) {
            out.insert(name);
            grew = true;
            break;
          }
        }
      } catch (const Error&) {
      }
    }
  }
  return out;
}

// Functions of both sides whose SQL-standard body in `from` reads a relation `changes`
// disturb, or calls a function held so: the server refuses those changes while the body
// exists (it records the columns a body reads), so they are dropped and created again.
std::set<QualifiedName> held_by_standard_bodies(const Schema& from, const Schema& to,
                                                const std::vector<Change>& changes) {
  std::set<QualifiedName> held;
  std::set<QualifiedName> disturbed = disturbed_relations(from, changes);
  if (disturbed.empty()) return held;
  std::set<QualifiedName> held_names;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [key, function] : from.functions) {
      if (!function.sql_standard_body || held.contains(key) || !to.functions.contains(key))
        continue;
      bool holds = false;
      try {
        std::string body = function_body_sql(function);
        for (const auto& [schema, relation] : sql::named_relations(body))
          holds = holds ||
                  disturbed.contains(QualifiedName{schema.empty() ? "public" : schema, relation});
        for (const auto& [schema, name] : sql::called_functions(body)) {
          for (const QualifiedName& callee : held_names)
            holds = holds || (callee.name == name && (schema.empty() || callee.schema == schema));
        }
      } catch (const Error&) {
      }
      if (!holds) continue;
      held.insert(key);
      held_names.insert(function.name);
      grew = true;
    }
  }
  return held;
}

// The functions of `dropping` (from `from`), each after every one of them that calls it:
// by the catalog's graph where `from` was read from a database, else by the bodies' text.
std::vector<const Function*> drop_order(const Schema& from,
                                        const std::map<QualifiedName, Function>& dropping) {
  if (from.dependencies.empty()) {
    std::vector<const Function*> order = functions_in_creation_order(dropping);
    return {order.rbegin(), order.rend()};
  }
  std::map<QualifiedName, std::vector<QualifiedName>> callers;
  for (const Dependency& edge : from.dependencies.edges) {
    if (edge.dependent.kind == ObjectId::Kind::Function &&
        edge.referenced.kind == ObjectId::Kind::Function && dropping.contains(edge.dependent.name))
      callers[edge.referenced.name].push_back(edge.dependent.name);
  }
  std::vector<const Function*> out;
  std::map<QualifiedName, int> mark;  // 1: being visited, 2: placed
  std::function<void(const QualifiedName&)> visit = [&](const QualifiedName& key) {
    if (mark[key] != 0) return;
    mark[key] = 1;
    for (const QualifiedName& caller : callers[key]) visit(caller);
    mark[key] = 2;
    out.push_back(&dropping.at(key));
  };
  // `visit` places every caller of a function before it.
  for (const auto& [key, function] : dropping) visit(key);
  return out;
}

// What the catalog graph of `from` says depends on the functions `dropped` (keys), directly
// or through others; empty when `from` has no graph (a schema file, a snapshot).
std::set<ObjectId> catalog_dependents(const Schema& from, const std::set<QualifiedName>& dropped) {
  std::set<ObjectId> roots;
  for (const QualifiedName& key : dropped) roots.insert({ObjectId::Kind::Function, key, ""});
  return from.dependencies.dependents_of(roots, /*through_data=*/false);
}

}  // namespace

void diff_functions_and_triggers(const Schema& from, const Schema& to, std::vector<Change>& out) {
  // Functions dropped and created again: the triggers calling them go and come back too.
  std::set<QualifiedName> recreated;
  // SQL bodies are checked when created, and may call the others: those come last. Only the
  // functions that change are ordered (their bodies parsed): the others exist already.
  std::map<QualifiedName, Function> changed;
  for (const auto& [key, function] : to.functions) {
    auto it = from.functions.find(key);
    if (it == from.functions.end() || !same_definition(it->second, function))
      changed.emplace(key, function);
  }
  // SQL-standard bodies the server keeps as dependencies on what they read: dropped before
  // the tables and views they read change, created again after.
  std::set<QualifiedName> held = held_by_standard_bodies(from, to, out);
  // The functions dropped: for good, or to be created again (CREATE OR REPLACE cannot).
  std::set<QualifiedName> dropped_keys = held;
  for (const auto& [key, function] : from.functions) {
    auto it = changed.find(key);
    if (!to.functions.contains(key) || (it != changed.end() && !replaceable(function, it->second)))
      dropped_keys.insert(key);
  }
  // What the catalog says depends on them: functions of both sides (a SQL-standard body that
  // calls one, through any name) are dropped and created again too, and triggers below.
  std::set<ObjectId> dependents = catalog_dependents(from, dropped_keys);
  for (const ObjectId& dependent : dependents) {
    if (dependent.kind == ObjectId::Kind::Function && to.functions.contains(dependent.name) &&
        from.functions.contains(dependent.name))
      held.insert(dependent.name);
  }
  // Without the catalog's graph: an aggregate holds its support functions by name.
  if (from.dependencies.empty()) {
    std::set<QualifiedName> dropped_names;
    for (const QualifiedName& key : dropped_keys)
      if (auto it = from.functions.find(key); it != from.functions.end())
        dropped_names.insert(it->second.name);
    for (const auto& [key, function] : from.functions) {
      if (!function.aggregate || !to.functions.contains(key)) continue;
      for (const QualifiedName& support : function.aggregate->support_functions())
        if (dropped_names.contains(support)) held.insert(key);
    }
  }
  for (const QualifiedName& key : held) changed.emplace(key, to.functions.at(key));
  std::vector<const Function*> order = functions_in_creation_order(changed);
  // Every function dropped, for good or to come back, callers before what they call (a
  // SQL-standard body holds its callees), in one order: a body dropped for good that calls a
  // function created again goes before it.
  std::map<QualifiedName, Function> dropping;
  for (const Function* created : order) {
    QualifiedName key = function_key(*created);
    auto it = from.functions.find(key);
    if (it == from.functions.end() || (replaceable(it->second, *created) && !held.contains(key)))
      continue;
    dropping.emplace(key, it->second);
    recreated.insert(created->name);
  }
  std::set<QualifiedName> created_names;
  for (const auto& [key, function] : to.functions) created_names.insert(function.name);
  for (const auto& [key, function] : from.functions) {
    if (to.functions.contains(key)) continue;
    dropping.emplace(key, function);
    // Another signature under the same name: what calls it by name is recreated too.
    if (created_names.contains(function.name)) recreated.insert(function.name);
  }
  for (const Function* function : drop_order(from, dropping)) {
    Change change = make_change(ChangeKind::DropFunction, function_key(*function));
    change.before = *function;
    out.push_back(change);
  }
  for (const Function* created : order) {
    const Function& function = *created;
    QualifiedName key = function_key(function);
    auto it = from.functions.find(key);
    bool replace =
        it != from.functions.end() && replaceable(it->second, function) && !held.contains(key);
    Change change =
        make_change(replace ? ChangeKind::ReplaceFunction : ChangeKind::CreateFunction, key);
    if (replace) change.before = it->second;
    change.after = function;
    out.push_back(change);
  }
  // A comment alone: COMMENT ON (a function replaced or created again gets its own).
  for (const auto& [key, function] : to.functions) {
    auto it = from.functions.find(key);
    if (it == from.functions.end() || changed.contains(key) ||
        it->second.comment == function.comment)
      continue;
    Change change = make_change(ChangeKind::SetComment, key, function_comment_member(function));
    change.detail = function.aggregate ? "AGGREGATE" : function.procedure ? "PROCEDURE" : "FUNCTION";
    if (function.comment) change.after = *function.comment;
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
      // The catalog's graph where there is one (a call through any name, the WHEN too);
      // else by the names of the functions created again.
      bool dependent =
          from.dependencies.empty()
              ? recreated.contains(trigger.function) || calls_any(trigger.when, recreated)
              : dependents.contains({ObjectId::Kind::Trigger, table_name, name});
      if (old && same_but_comment(*old, trigger) && !dependent) {
        if (old->comment != trigger.comment) {
          Change change = make_change(ChangeKind::SetComment, table_name, name);
          change.detail = "TRIGGER";
          if (trigger.comment) change.after = *trigger.comment;
          out.push_back(change);
        }
        continue;
      }
      if (old) drop_trigger(table_name, *old, out);
      create_trigger(table_name, trigger, out);
    }
    if (before == from.tables.end()) continue;
    for (const auto& [name, trigger] : before->second.triggers)
      if (!table.triggers.contains(name)) drop_trigger(table_name, trigger, out);
  }
}

}  // namespace sleet::diff_detail

namespace sleet {

std::vector<const Function*> functions_in_creation_order(
    const std::map<QualifiedName, Function>& functions) {
  std::vector<const Function*> out;
  // SQL bodies and aggregates (after their support functions), in dependency order.
  std::vector<const Function*> sql_bodies;
  for (const auto& [key, function] : functions) {
    (function.language == "sql" || function.aggregate ? sql_bodies : out).push_back(&function);
  }
  std::map<const Function*, int> mark;  // 1: being visited, 2: placed
  std::function<void(const Function*)> visit = [&](const Function* function) {
    if (mark[function] != 0) return;  // placed, or a cycle the server would refuse anyway
    mark[function] = 1;
    std::vector<std::pair<std::string, std::string>> calls;
    if (function->aggregate) {
      for (const QualifiedName& support : function->aggregate->support_functions())
        calls.emplace_back(support.schema, support.name);
    } else {
      try {
        calls = sql::called_functions(function_body_sql(*function));
      } catch (const Error&) {
      }
    }
    for (const auto& [schema, name] : calls) {
      for (const Function* callee : sql_bodies) {
        if (callee != function && callee->name.name == name &&
            (schema.empty() || callee->name.schema == schema))
          visit(callee);
      }
    }
    mark[function] = 2;
    out.push_back(function);
  };
  for (const Function* function : sql_bodies) visit(function);
  return out;
}

std::string function_body_sql(const Function& function) {
  if (!function.sql_standard_body) return function.body;
  return "CREATE FUNCTION sleet_body() RETURNS void LANGUAGE sql " + function.body;
}

}  // namespace sleet
