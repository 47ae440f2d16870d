#include "sources/parse_nodes.h"

#include <charconv>
#include <string_view>

namespace sleet::sources {

std::string string_of(const PgQuery__Node* node) {
  if (!node) return {};
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
      return node->string->sval;
    case PG_QUERY__NODE__NODE_INTEGER:
      return std::to_string(node->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT:
      return node->float_->fval;
    case PG_QUERY__NODE__NODE_BOOLEAN:
      return node->boolean->boolval ? "true" : "false";
    case PG_QUERY__NODE__NODE_A_CONST:
      switch (node->a_const->val_case) {
        case PG_QUERY__A__CONST__VAL_SVAL:
          return node->a_const->sval->sval;
        case PG_QUERY__A__CONST__VAL_IVAL:
          return std::to_string(node->a_const->ival->ival);
        case PG_QUERY__A__CONST__VAL_FVAL:
          return node->a_const->fval->fval;
        case PG_QUERY__A__CONST__VAL_BOOLVAL:
          return node->a_const->boolval->boolval ? "true" : "false";
        default:
          return {};
      }
    case PG_QUERY__NODE__NODE_TYPE_NAME: {
      // Some options (check_option=local) arrive as a one-word type name.
      const PgQuery__TypeName& type = *node->type_name;
      return type.n_names > 0 ? string_of(type.names[type.n_names - 1]) : std::string();
    }
    default:
      return {};
  }
}

std::vector<std::string> strings_of(PgQuery__Node* const* items, size_t count) {
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(string_of(items[i]));
  return out;
}

std::optional<int64_t> integer_of(const PgQuery__Node* node) {
  if (!node) return std::nullopt;
  if (node->node_case == PG_QUERY__NODE__NODE_INTEGER) return node->integer->ival;
  std::string text = string_of(node);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

bool boolean_of(const PgQuery__DefElem& option) {
  if (!option.arg) return true;
  std::string text = string_of(option.arg);
  return text == "true" || text == "on" || text == "1";
}

std::string option_text(const PgQuery__DefElem& option) {
  if (!option.arg) return "true";
  std::string text = string_of(option.arg);
  return text.empty() ? sql::deparse_expression(*option.arg) : text;
}

Expression expression_of(const PgQuery__Node& node) {
  std::string canonical = sql::deparse_expression(node);
  return Expression{canonical, canonical};
}

bool is_null_constant(const PgQuery__Node& node) {
  if (node.node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
    return is_null_constant(*node.type_cast->arg);
  return node.node_case == PG_QUERY__NODE__NODE_A_CONST && node.a_const->isnull;
}

void visit_tree(const ProtobufCMessage* node,
                const std::function<void(const ProtobufCMessage&)>& visit) {
  if (!node) return;
  visit(*node);
  const ProtobufCMessageDescriptor* descriptor = node->descriptor;
  const char* base = reinterpret_cast<const char*>(node);
  for (unsigned i = 0; i < descriptor->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = descriptor->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t count = *reinterpret_cast<const size_t*>(base + field.quantifier_offset);
      auto items = *reinterpret_cast<ProtobufCMessage* const* const*>(base + field.offset);
      for (size_t k = 0; k < count; ++k) visit_tree(items[k], visit);
      continue;
    }
    if (field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      // Only the member a oneof (a Node's payload) currently holds is valid.
      uint32_t held = *reinterpret_cast<const uint32_t*>(base + field.quantifier_offset);
      if (held != field.id) continue;
    }
    visit_tree(*reinterpret_cast<ProtobufCMessage* const*>(base + field.offset), visit);
  }
}

std::vector<std::string> column_references(const PgQuery__Node& expression) {
  std::vector<std::string> names;
  visit_tree(&expression.base, [&](const ProtobufCMessage& message) {
    if (message.descriptor != &pg_query__column_ref__descriptor) return;
    const auto& ref = reinterpret_cast<const PgQuery__ColumnRef&>(message);
    if (ref.n_fields > 0) names.push_back(string_of(ref.fields[ref.n_fields - 1]));
  });
  return names;
}

int location_of(const PgQuery__Node* node) {
  if (!node) return -1;
  int location = -1;
  // The payload of a Node is its only message field; most payloads have a `location`.
  visit_tree(&node->base, [&](const ProtobufCMessage& message) {
    if (location >= 0 || message.descriptor == &pg_query__node__descriptor) return;
    const ProtobufCFieldDescriptor* field = nullptr;
    for (unsigned i = 0; i < message.descriptor->n_fields; ++i) {
      if (std::string_view(message.descriptor->fields[i].name) == "location")
        field = &message.descriptor->fields[i];
    }
    if (field && field->type == PROTOBUF_C_TYPE_INT32) {
      int value = *reinterpret_cast<const int32_t*>(reinterpret_cast<const char*>(&message) +
                                                    field->offset);
      if (value >= 0) location = value;
    }
  });
  return location;
}

std::string node_kind_name(const PgQuery__Node& node) {
  const ProtobufCMessageDescriptor& descriptor = pg_query__node__descriptor;
  for (unsigned i = 0; i < descriptor.n_fields; ++i) {
    if (descriptor.fields[i].id == static_cast<uint32_t>(node.node_case))
      return descriptor.fields[i].name;
  }
  return "statement";
}

}  // namespace sleet::sources
