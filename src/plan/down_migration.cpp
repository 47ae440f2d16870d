// Down scripts: generate's migration diffed the other way round, with the renames reversed.
#include "sleet/down_migration.h"

#include <fmt/format.h>

#include <algorithm>

#include "sleet/error.h"
#include "sleet/journal.h"

namespace sleet {

namespace {

// Answers the reverse diff's questions from the up diff's answers: "x was renamed from y"
// becomes "y was renamed from x"; everything else is new (what the up created, the down
// drops, and the other way round).
class ReversedRenames : public RenameResolver {
 public:
  explicit ReversedRenames(const std::vector<RenameAnswer>& up) : up_(up) {}

  std::optional<std::string> renamed_from(const RenameQuestion& question) override {
    const RenameAnswer* found = nullptr;
    for (const RenameAnswer& answer : up_) {
      if (answer.question.kind != question.kind || answer.renamed_from != question.created) {
        continue;
      }
      const auto& candidates = question.candidates;
      if (std::find(candidates.begin(), candidates.end(), answer.question.created) ==
          candidates.end()) {
        continue;
      }
      // The same column renamed in two tables: the one in this scope.
      if (!found || answer.question.scope == question.scope) found = &answer;
    }
    if (!found) return std::nullopt;
    return found->question.created;
  }

 private:
  const std::vector<RenameAnswer>& up_;
};

std::string header_of(const std::string& tag, const Plan& plan) {
  std::string text = fmt::format(
      "-- Down migration of {}: turns the schema back into what it was before {} ran.\n"
      "-- `sleet rollback` runs it and removes {} from the tracking table; drizzle-kit's\n"
      "-- migrate never reads it. Review it as you review the migration.\n",
      tag, tag, tag);
  auto losing = plan.with_hazard(kDataLoss);
  if (!losing.empty()) {
    text += fmt::format(
        "-- DATA LOSS: {} statement{} below drop{} what {} added, with everything written to it\n"
        "-- since {} ran:\n",
        losing.size(), losing.size() == 1 ? "" : "s", losing.size() == 1 ? "s" : "", tag, tag);
    for (const PlannedStatement* statement : losing) text += "--   " + describe(*statement) + "\n";
  }
  if (plan.statement_by_statement) {
    // An enum value the down adds back cannot be used in the transaction that adds it.
    text +=
        "-- sleet:transaction=off\n"
        "-- sleet rollback runs it outside a transaction, one statement at a time (a statement\n"
        "-- below cannot run in one, or uses what an earlier one commits), and removes the\n"
        "-- tracking row once every statement ran.\n";
  }
  return text;
}

}  // namespace

std::optional<std::string> RecordingRenameResolver::renamed_from(const RenameQuestion& question) {
  std::optional<std::string> answer = inner_.renamed_from(question);
  answers_.push_back({question, answer});
  return answer;
}

DownScript plan_down_script(const std::string& tag, const Schema& before, const Schema& after,
                            const std::vector<RenameAnswer>& up_answers, bool breakpoints) {
  DownScript down;
  ReversedRenames reversed(up_answers);
  std::vector<Change> changes;
  try {
    changes = diff_schemas(after, before, reversed);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::Usage) throw;
    // The up is fine but its reverse is a change sleet refuses (a type in use that cannot be
    // converted back): the down is left to be written by hand, as a custom migration's is.
    down.not_computed = fmt::format("sleet cannot reverse it ({})", error.what());
    down.text = fmt::format(
        "-- Down migration of {}: {}.\n"
        "-- Write below the SQL that undoes it; `sleet rollback` refuses to roll {} back while\n"
        "-- this file holds no statement, and drizzle-kit's migrate never reads it.\n",
        tag, down.not_computed, tag);
    return down;
  }
  down.plan = plan_changes(changes, after, before);
  std::vector<std::string> statements;
  for (const PlannedStatement& statement : down.plan.statements)
    statements.push_back(statement.sql);
  down.text = header_of(tag, down.plan) + join_statements(statements, breakpoints);
  return down;
}

DownScript custom_down_script(const std::string& tag) {
  DownScript down;
  down.not_computed =
      "a custom migration holds hand-written SQL, which may change data: sleet cannot compute "
      "its reverse";
  down.text = fmt::format(
      "-- Down migration of {}: {}.\n"
      "-- Write below the SQL that undoes it; `sleet rollback` refuses to roll {} back while\n"
      "-- this file holds no statement, and drizzle-kit's migrate never reads it.\n",
      tag, down.not_computed, tag);
  return down;
}

}  // namespace sleet
