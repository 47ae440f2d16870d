#include "sql/parse_tree.h"

#include <fmt/format.h>

#include <cstddef>
#include <cstring>
#include <memory_resource>
#include <unordered_map>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/sql.h"

namespace sleet::sql {

namespace {

// libpg_query's protobuf deparser wants a whole ParseResult; this wraps one statement.
std::string deparse_single(PgQuery__Node* statement_node) {
  PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
  raw.stmt = statement_node;
  PgQuery__RawStmt* raws[] = {&raw};
  PgQuery__ParseResult result = PG_QUERY__PARSE_RESULT__INIT;
  result.version = PG_VERSION_NUM;
  result.n_stmts = 1;
  result.stmts = raws;

  std::string buffer(pg_query__parse_result__get_packed_size(&result), '\0');
  pg_query__parse_result__pack(&result, reinterpret_cast<uint8_t*>(buffer.data()));
  PgQueryProtobuf protobuf{buffer.size(), buffer.data()};
  PgQueryDeparseResult deparsed = pg_query_deparse_protobuf(protobuf);
  if (deparsed.error) {
    std::string message = deparsed.error->message ? deparsed.error->message : "deparse failed";
    pg_query_free_deparse_result(deparsed);
    throw Error(ErrorKind::Usage, fmt::format("cannot render expression: {}", message));
  }
  std::string text = deparsed.query;
  pg_query_free_deparse_result(deparsed);
  return text;
}

std::size_t scalar_size(ProtobufCType type) {
  switch (type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
      return 8;
    case PROTOBUF_C_TYPE_STRING:
      return sizeof(char*);
    case PROTOBUF_C_TYPE_BYTES:
      return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE:
      return sizeof(ProtobufCMessage*);
    case PROTOBUF_C_TYPE_BOOL:
      return sizeof(protobuf_c_boolean);
    default:  // the 32-bit integers, enums and float
      return 4;
  }
}

void append_bytes(std::string& key, const void* data, std::size_t size) {
  key.append(reinterpret_cast<const char*>(&size), sizeof size);
  key.append(static_cast<const char*>(data), size);
}

void append_message(std::string& key, const ProtobufCMessage* message);

void append_value(std::string& key, const ProtobufCFieldDescriptor& field, const char* value) {
  switch (field.type) {
    case PROTOBUF_C_TYPE_STRING: {
      const char* text = *reinterpret_cast<const char* const*>(value);
      key += text ? '\1' : '\0';
      if (text) append_bytes(key, text, std::strlen(text));
      return;
    }
    case PROTOBUF_C_TYPE_BYTES: {
      const auto& bytes = *reinterpret_cast<const ProtobufCBinaryData*>(value);
      append_bytes(key, bytes.data, bytes.len);
      return;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
      append_message(key, *reinterpret_cast<const ProtobufCMessage* const*>(value));
      return;
    default:
      key.append(value, scalar_size(field.type));
  }
}

// An encoding of a message tree from which it can be told apart from any other (field
// numbers, lengths and counts written out), leaving out `location`, which deparsing ignores:
// the same expression written in two places gets the same key.
void append_message(std::string& key, const ProtobufCMessage* message) {
  if (!message) {
    key += '\0';
    return;
  }
  key += '\1';
  key.append(reinterpret_cast<const char*>(&message->descriptor), sizeof message->descriptor);
  const char* base = reinterpret_cast<const char*>(message);
  const ProtobufCMessageDescriptor& descriptor = *message->descriptor;
  for (unsigned i = 0; i < descriptor.n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = descriptor.fields[i];
    if (field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      if (*reinterpret_cast<const uint32_t*>(base + field.quantifier_offset) != field.id) continue;
    } else if (std::strcmp(field.name, "location") == 0) {
      continue;
    }
    key.append(reinterpret_cast<const char*>(&field.id), sizeof field.id);
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      const std::size_t count =
          *reinterpret_cast<const std::size_t*>(base + field.quantifier_offset);
      key.append(reinterpret_cast<const char*>(&count), sizeof count);
      const char* items = *reinterpret_cast<const char* const*>(base + field.offset);
      for (std::size_t n = 0; n < count; ++n)
        append_value(key, field, items + n * scalar_size(field.type));
      continue;
    }
    if (field.label == PROTOBUF_C_LABEL_OPTIONAL && field.quantifier_offset != 0 &&
        field.type != PROTOBUF_C_TYPE_MESSAGE && field.type != PROTOBUF_C_TYPE_STRING) {
      const bool has = *reinterpret_cast<const protobuf_c_boolean*>(base + field.quantifier_offset);
      key += has ? '\1' : '\0';
      if (!has) continue;
    }
    append_value(key, field, base + field.offset);
  }
}

}  // namespace

// Unpacked nodes come from one monotonic buffer: protobuf-c makes an allocation per node,
// field and string, and freeing a large tree node by node costs as much as unpacking it.
struct ParseTree::Arena {
  std::pmr::monotonic_buffer_resource buffer;
  ProtobufCAllocator allocator{&allocate, &release, this};

  explicit Arena(std::size_t initial) : buffer(initial) {}
  static void* allocate(void* data, size_t size) {
    return static_cast<Arena*>(data)->buffer.allocate(size == 0 ? 1 : size,
                                                      alignof(std::max_align_t));
  }
  static void release(void*, void*) {}  // all at once, with the arena
};

ParseTree::ParseTree(std::string_view script, const std::string& file, Memory memory) {
  std::string input(script);
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf(input.c_str());
  if (parsed.error) {
    auto [line, column] = line_and_column(script, std::max(0, parsed.error->cursorpos - 1));
    std::string message = parsed.error->message ? parsed.error->message : "syntax error";
    pg_query_free_protobuf_parse_result(parsed);
    throw Error(ErrorKind::Usage, message, format_location(file, line, column),
                "fix the SQL at that position; sleet reads files with PostgreSQL's own parser");
  }
  // Unpacked, a tree takes about 11.7 times its packed size (measured on schema files): one
  // buffer of 13 times holds it.
  if (memory == Memory::Arena) arena_ = std::make_unique<Arena>(parsed.parse_tree.len * 13 + 4096);
  result_ = pg_query__parse_result__unpack(arena_ ? &arena_->allocator : nullptr,
                                           parsed.parse_tree.len,
                                           reinterpret_cast<const uint8_t*>(parsed.parse_tree.data));
  pg_query_free_protobuf_parse_result(parsed);
  if (!result_) throw Error(ErrorKind::Failure, "libpg_query returned an unreadable parse tree", file);
}

ParseTree::~ParseTree() {
  if (result_ && !arena_) pg_query__parse_result__free_unpacked(result_, nullptr);
}

std::string deparse_expression(const PgQuery__Node& expression) {
  // Schemas repeat the same expressions (a trigger's WHEN (NEW.n IS NULL), a default of 0 or
  // now()) in every table, and each deparse costs a protobuf round trip through libpg_query:
  // a per-thread memo by the tree's content makes the repeats cheap. Bounded, like
  // canonical_expression's.
  constexpr std::size_t kMemoLimit = 50000;
  thread_local std::unordered_map<std::string, std::string> memo;
  std::string key;
  append_message(key, &expression.base);
  if (auto found = memo.find(key); found != memo.end()) return found->second;
  PgQuery__ResTarget target = PG_QUERY__RES_TARGET__INIT;
  target.val = const_cast<PgQuery__Node*>(&expression);
  PgQuery__Node target_node = PG_QUERY__NODE__INIT;
  target_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
  target_node.res_target = &target;
  PgQuery__Node* targets[] = {&target_node};
  PgQuery__SelectStmt select = PG_QUERY__SELECT_STMT__INIT;
  select.n_target_list = 1;
  select.target_list = targets;
  select.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
  select.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
  PgQuery__Node select_node = PG_QUERY__NODE__INIT;
  select_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  select_node.select_stmt = &select;
  std::string text = deparse_single(&select_node);
  constexpr std::string_view prefix = "SELECT ";
  if (text.starts_with(prefix)) text.erase(0, prefix.size());
  if (memo.size() >= kMemoLimit) memo.clear();
  memo.emplace(std::move(key), text);
  return text;
}

std::string deparse_statement(const PgQuery__Node& statement) {
  return deparse_single(const_cast<PgQuery__Node*>(&statement));
}

}  // namespace sleet::sql
