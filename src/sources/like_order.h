// Internal: the order in which the schema parser applies CREATE TABLE ... (LIKE ...) and the
// statements about such a table (like_order.cpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sources/schema_parser.h"

namespace sleet::sources {

// The tables the files create with LIKE ("copies"), and the statements about them held back.
// A copy is created once every statement of the alterations and comments phases about other
// tables is applied (so it copies what the files give its source), its sources that are copies
// first, each followed by the statements about it in their order. Not copyable.
class LikeOrder {
 public:
  // `tables_phase`: the CREATE TABLE statements of the files.
  explicit LikeOrder(const std::vector<const Statement*>& tables_phase);
  LikeOrder(const LikeOrder&) = delete;
  LikeOrder& operator=(const LikeOrder&) = delete;

  bool empty() const { return copies_.empty(); }
  // Whether `statement` is the CREATE TABLE of a copy.
  bool is_copy(const Statement& statement) const;
  // Holds back `statement` (ALTER TABLE, CREATE INDEX/POLICY/TRIGGER/RULE, COMMENT) when it is
  // about a copy; true when it did. `index_comment` is set for COMMENT ON INDEX, whose table
  // the text does not say.
  bool defer(const Statement& statement, bool& index_comment);
  // The copies' CREATE TABLE statements, each followed by the statements held back for it.
  // Throws sleet::Error (Usage) at a copy that is LIKE itself through other copies.
  std::vector<const Statement*> copies_in_order(Context& context) const;

 private:
  struct Copy {
    const Statement* create = nullptr;
    std::vector<const Statement*> statements;
  };
  std::optional<QualifiedName> copy_named(const Statement& statement,
                                          const std::vector<std::string>& names) const;
  std::set<QualifiedName> created_;
  std::map<QualifiedName, Copy> copies_;
};

}  // namespace sleet::sources
