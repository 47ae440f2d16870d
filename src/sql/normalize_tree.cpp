#include "sql/normalize_tree.h"

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "sleet/error.h"

namespace sleet::sql {

namespace {

void rewrite_slot(ProtobufCMessage*& slot, const ProtobufCMessageDescriptor* type,
                  const std::function<void(PgQuery__Node*&)>& rewrite) {
  if (!slot) return;
  rewrite_nodes(slot, rewrite);
  if (type == &pg_query__node__descriptor) rewrite(reinterpret_cast<PgQuery__Node*&>(slot));
}

}  // namespace

void rewrite_nodes(ProtobufCMessage* message, const std::function<void(PgQuery__Node*&)>& rewrite) {
  if (!message) return;
  const ProtobufCMessageDescriptor* descriptor = message->descriptor;
  char* base = reinterpret_cast<char*>(message);
  for (unsigned i = 0; i < descriptor->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = descriptor->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    auto type = static_cast<const ProtobufCMessageDescriptor*>(field.descriptor);
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t count = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
      auto items = *reinterpret_cast<ProtobufCMessage***>(base + field.offset);
      for (size_t k = 0; k < count; ++k) rewrite_slot(items[k], type, rewrite);
      continue;
    }
    if (field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      // Only the member a oneof (a Node's payload) currently holds is valid.
      uint32_t held = *reinterpret_cast<uint32_t*>(base + field.quantifier_offset);
      if (held != field.id) continue;
    }
    rewrite_slot(*reinterpret_cast<ProtobufCMessage**>(base + field.offset), type, rewrite);
  }
}

PgQuery__Node* parse_expression_node(const std::string& text) {
  ParseTree tree("SELECT " + text, "expression");
  auto* statement = const_cast<PgQuery__Node*>(tree.statement(0).stmt);
  if (tree.size() != 1 || statement->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
      statement->select_stmt->n_target_list != 1) {
    throw Error(ErrorKind::Usage, fmt::format("not a single SQL expression: {}", text));
  }
  PgQuery__ResTarget* target = statement->select_stmt->target_list[0]->res_target;
  PgQuery__Node* node = target->val;
  target->val = nullptr;  // the tree's destructor must not free what is handed out
  return node;
}

void free_node(PgQuery__Node* node) {
  if (node) protobuf_c_message_free_unpacked(&node->base, nullptr);
}

char* allocate_string(const std::string& text) {
  // protobuf-c frees string fields with the system allocator.
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

void drop_leading_fields(PgQuery__ColumnRef& ref, size_t count) {
  for (size_t i = 0; i < count; ++i) free_node(ref.fields[i]);
  std::memmove(ref.fields, ref.fields + count, (ref.n_fields - count) * sizeof(*ref.fields));
  ref.n_fields -= count;
}

}  // namespace sleet::sql
