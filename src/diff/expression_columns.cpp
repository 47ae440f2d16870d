#include "sleet/diff.h"

#include <functional>

#include "sleet/error.h"
#include "sql/parse_tree.h"

namespace sleet::diff_detail {

namespace {

// Visits every ColumnRef in a protobuf-c message tree, generically through the message
// descriptors, so no node kind of the PostgreSQL grammar can be missed.
void visit_column_refs(ProtobufCMessage* message,
                       const std::function<void(PgQuery__ColumnRef&)>& visit) {
  if (message == nullptr) return;
  const ProtobufCMessageDescriptor* descriptor = message->descriptor;
  if (descriptor == &pg_query__column_ref__descriptor) {
    visit(*reinterpret_cast<PgQuery__ColumnRef*>(message));
  }
  char* base = reinterpret_cast<char*>(message);
  for (unsigned i = 0; i < descriptor->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = descriptor->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t count = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
      auto** items = *reinterpret_cast<ProtobufCMessage***>(base + field.offset);
      for (size_t j = 0; j < count; ++j) visit_column_refs(items[j], visit);
      continue;
    }
    // Members of a oneof share storage: only the active one may be followed.
    if ((field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
        *reinterpret_cast<uint32_t*>(base + field.quantifier_offset) != field.id) {
      continue;
    }
    visit_column_refs(*reinterpret_cast<ProtobufCMessage**>(base + field.offset), visit);
  }
}

// The String node holding a reference's column name, or null (a.* and the like).
PgQuery__String* last_name_part(PgQuery__ColumnRef& reference) {
  if (reference.n_fields == 0) return nullptr;
  PgQuery__Node* last = reference.fields[reference.n_fields - 1];
  if (last->node_case != PG_QUERY__NODE__NODE_STRING) return nullptr;
  return last->string;
}

PgQuery__Node* expression_root(const sql::ParseTree& tree) {
  return tree.statement(0).stmt->select_stmt->target_list[0]->res_target->val;
}

}  // namespace

}  // namespace sleet::diff_detail

namespace sleet {

using diff_detail::expression_root;
using diff_detail::last_name_part;
using diff_detail::visit_column_refs;

bool expression_mentions_column(const std::string& canonical, const std::string& column) {
  try {
    sql::ParseTree tree("SELECT " + canonical, "expression");
    if (tree.size() != 1) return true;
    bool found = false;
    visit_column_refs(&expression_root(tree)->base, [&](PgQuery__ColumnRef& reference) {
      PgQuery__String* name = last_name_part(reference);
      if (name && column == name->sval) found = true;
    });
    return found;
  } catch (const Error&) {
    return true;
  }
}

}  // namespace sleet
