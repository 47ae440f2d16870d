// plan_changes: the SQL of comment changes and their phase.

#include "plan/plan_builder.h"

namespace sleet::plan_detail {

// SetComment: COMMENT ON the object `detail` names.
void PlanBuilder::plan_comment_change(const Change& change) {
  const QualifiedName& object = change.object;
  const std::string* text = std::get_if<std::string>(&change.after);
  emit(kComments,
       comment_statement(comment_target(change.detail, object, change.name),
                         text ? std::optional<std::string>(*text) : std::nullopt),
       object, change.kind);
}

}  // namespace sleet::plan_detail
