// plan_changes: the SQL of sequence changes, their phase and hazards.

#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_sequence_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateSequence:
      emit(kSequences, ddl::create_sequence(as<Sequence>(change.after)), object, change.kind);
      if (as<Sequence>(change.after).owned_by)
        emit(kSequenceOwnership,
             "ALTER SEQUENCE " + qualified(object) + " " + owned_by(as<Sequence>(change.after)),
             object, change.kind);
      break;
    case ChangeKind::AlterSequence: {
      const auto& before = as<Sequence>(change.before);
      const auto& after = as<Sequence>(change.after);
      if (before.options != after.options) {
        // The server checks the sequence's current value against new bounds: one below a
        // raised MINVALUE (a sequence never used, or used only below it) first moves to the
        // new START, where a sequence created from `to` begins. No row holds an id there.
        if (after.options.min_value > before.options.min_value) {
          emit(kSequences,
               fmt::format("SELECT setval({}, {}, false) FROM {} WHERE last_value < {}",
                           sql::quote_literal(qualified(object)), after.options.start,
                           qualified(object), after.options.min_value),
               object, change.kind);
        }
        emit(kSequences,
             "ALTER SEQUENCE " + qualified(object) + " " +
                 all_sequence_options(after.options,
                                      before.options.data_type != after.options.data_type),
             object, change.kind);
      }
      if (before.owned_by != after.owned_by) {
        // A sequence owned by a column this plan drops (or re-adds, or drops with its table)
        // would go with it: it is released before the drops, and owned anew once the new
        // owner exists.
        auto owner = sequence_owner(before);
        bool owner_goes = owner && (!has_column(to_, *owner) || affected_columns_.contains(*owner));
        if (owner_goes) {
          emit(kDropConstraints, "ALTER SEQUENCE " + qualified(object) + " OWNED BY NONE", object,
               change.kind);
        }
        if (!owner_goes || after.owned_by) {
          emit(kSequenceOwnership, "ALTER SEQUENCE " + qualified(object) + " " + owned_by(after),
               object, change.kind);
        }
      }
      break;
    }
    case ChangeKind::DropSequence: {
      const auto& sequence = as<Sequence>(change.before);
      // An owned sequence goes with its column or table.
      if (auto owner = sequence_owner(sequence); owner && !has_column(to_, *owner)) break;
      emit(kDropSequences, "DROP SEQUENCE " + qualified(object), object, change.kind, kDataLoss,
           "drops the sequence and its current value");
      break;
    }
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
