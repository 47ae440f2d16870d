// plan_changes: the SQL of function, procedure and trigger changes, and their phases. A
// function is created before the tables unless it needs them (ddl::function_needs_relations),
// so defaults and checks may call it (one whose SQL body reads tables while a table calls it:
// before them all the same, between SET and RESET of check_function_bodies); triggers come
// after tables, functions and views.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

bool PlanBuilder::needs_relations_before_tables(const Function& function) {
  if (!ddl::function_needs_relations(function, work_)) return false;
  if (function.language != "sql") return true;
  if (!called_by_tables_before_) called_by_tables_before_ = ddl::functions_called_by_tables(work_);
  return !ddl::function_created_unchecked(function, work_, *called_by_tables_before_);
}

void PlanBuilder::plan_function_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateFunction:
    case ChangeKind::ReplaceFunction: {
      const Function& function = as<Function>(change.after);
      bool needs = ddl::function_needs_relations(function, to_);
      // A SQL function a table's default or check calls while its body reads tables: created
      // before the tables with its body unchecked (ddl::function_created_unchecked).
      bool unchecked = false;
      if (needs && function.language == "sql") {
        if (!called_by_tables_) called_by_tables_ = ddl::functions_called_by_tables(to_);
        unchecked = ddl::function_created_unchecked(function, to_, *called_by_tables_);
      }
      Phase phase = needs && !unchecked ? kFunctionsAfterTables : kFunctions;
      if (unchecked) {
        emit(phase, "SET check_function_bodies = false", object, change.kind);
        phases_[phase].back().member = "(check_function_bodies off)";
      }
      emit(phase, ddl::create_function(function, change.kind == ChangeKind::ReplaceFunction),
           object, change.kind);
      if (unchecked) {
        emit(phase, "RESET check_function_bodies", object, change.kind);
        phases_[phase].back().member = "(check_function_bodies reset)";
      }
      // A replaced function keeps its comment on the server; a created one has none yet.
      const Function* before = std::get_if<Function>(&change.before);
      std::optional<std::string> kept = before ? before->comment : std::nullopt;
      if (function.comment != kept) {
        emit(phase, comment_statement(ddl::routine_comment_target(function), function.comment),
             object, ChangeKind::SetComment);
      }
      break;
    }
    case ChangeKind::DropFunction: {
      // Dropped and created again under the same signature, or holding a table's row type
      // (which DROP TABLE would refuse): early, once the triggers on it are gone. Else after
      // the tables, whose defaults and checks may call it.
      // A function created again under another signature goes early too: the dependents
      // created again after it must call the new one, not an old overload still there.
      // A function dropped for good whose SQL-standard body calls one of those goes with them,
      // before its callee (find_early_function_drops).
      // One a table's default or check calls although its body reads tables is dropped after
      // the tables (ddl::function_created_unchecked).
      const Function& function = as<Function>(change.before);
      Phase phase =
          created_functions_.contains(object) || replaced_functions_.contains(function.name) ||
                  early_function_drops_.contains(object) || needs_relations_before_tables(function)
              ? kDropReplacedFunctions
              : kDropFunctions;
      emit(phase, ddl::drop_function(function), object, change.kind);
      break;
    }
    case ChangeKind::CreateTrigger: {
      const Trigger& trigger = as<Trigger>(change.after);
      emit(kTriggers, ddl::create_trigger(object, trigger), object, change.kind);
      if (trigger.comment) {
        emit(kTriggers,
             comment_statement(comment_target("TRIGGER", object, trigger.name), trigger.comment),
             object, ChangeKind::SetComment);
      }
      break;
    }
    case ChangeKind::DropTrigger:
      emit(kDropTriggers,
           fmt::format("DROP TRIGGER {} ON {}", quote_identifier(change.name), qualified(object)),
           object, change.kind);
      break;
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
