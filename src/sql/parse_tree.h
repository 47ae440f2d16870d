// Internal: libpg_query parse trees as protobuf-c structs, and deparsing of sub-trees.
// Only the sql, sources and lint modules include this header.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <pg_query.h>
#include <pg_query.pb-c.h>

namespace sleet::sql {

// An unpacked parse tree of a whole script. Owns the protobuf-c message tree; not copyable.
class ParseTree {
 public:
  // How the tree's nodes are allocated. Heap: one malloc each, so nodes may be taken out of
  // the tree or replaced and freed one by one (sql::free_node; the normaliser does). Arena:
  // from one growing buffer released at once, much cheaper for large read-only trees (schema
  // files), but no node may be freed or handed out on its own.
  enum class Memory { Heap, Arena };

  // Parses `script`. Throws sleet::Error (Usage) at "file:line:col" on a syntax error.
  ParseTree(std::string_view script, const std::string& file, Memory memory = Memory::Heap);
  ~ParseTree();
  ParseTree(const ParseTree&) = delete;
  ParseTree& operator=(const ParseTree&) = delete;

  const PgQuery__ParseResult& result() const { return *result_; }
  size_t size() const { return result_->n_stmts; }
  const PgQuery__RawStmt& statement(size_t i) const { return *result_->stmts[i]; }

 private:
  struct Arena;
  PgQuery__ParseResult* result_ = nullptr;
  std::unique_ptr<Arena> arena_;
};

// Deparses one expression node (as it would appear in a SELECT list) to canonical text.
std::string deparse_expression(const PgQuery__Node& expression);

// Deparses a whole statement node (SelectStmt for a view body, ...) to canonical text.
std::string deparse_statement(const PgQuery__Node& statement);

}  // namespace sleet::sql
