// plan_changes: the SQL of schema, extension and role changes, their phase and hazards.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_schema_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateSchema:
      emit(kCreateSchemas, ddl::create_namespace(as<Namespace>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropSchema:
      emit(kDropSchemas, "DROP SCHEMA " + quote_identifier(object.schema), object, change.kind);
      break;
    case ChangeKind::CreateExtension:
      emit(kExtensions, ddl::create_extension(as<Extension>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropExtension:
      emit(kDropExtensions, "DROP EXTENSION " + quote_identifier(object.name), object, change.kind);
      break;
    case ChangeKind::AlterExtension: {
      const auto& before = as<Extension>(change.before);
      const auto& after = as<Extension>(change.after);
      if (before.schema != after.schema && !after.schema.empty()) {
        emit(kExtensions,
             fmt::format("ALTER EXTENSION {} SET SCHEMA {}", quote_identifier(object.name),
                         quote_identifier(after.schema)),
             object, change.kind);
      }
      if (before.version != after.version && !after.version.empty()) {
        emit(kExtensions,
             fmt::format("ALTER EXTENSION {} UPDATE TO {}", quote_identifier(object.name),
                         quote_literal(after.version)),
             object, change.kind);
      }
      break;
    }
    case ChangeKind::CreateRole:
      emit(kRoles, ddl::create_role(as<Role>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropRole:
      emit(kDropRoles, "DROP ROLE " + quote_identifier(object.name), object, change.kind);
      break;
    case ChangeKind::AlterRole:
      emit(kRoles,
           "ALTER ROLE " + quote_identifier(object.name) + " " + role_flags(as<Role>(change.after)),
           object, change.kind);
      break;
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
