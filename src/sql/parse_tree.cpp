#include "sql/parse_tree.h"

#include <fmt/format.h>

#include <cstddef>
#include <memory_resource>

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
  return text;
}

std::string deparse_statement(const PgQuery__Node& statement) {
  return deparse_single(const_cast<PgQuery__Node*>(&statement));
}

}  // namespace sleet::sql
