// psql-style variables in seed files: :'NAME' becomes NAME's value from the environment as a
// quoted literal, :"NAME" as a quoted identifier, both escaped by libpq for the connection
// (PQescapeLiteral, PQescapeIdentifier), never spliced raw. References are found with
// PostgreSQL's scanner, so the same text inside a string literal, a comment or a dollar
// quote is left alone (docs/commands/seed.md#variables).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sleet/db.h"
#include "sleet/environment.h"
#include "sleet/sql.h"

namespace sleet::seed {

struct VariableReference {
  int start = 0;  // byte offset of the ':'
  int end = 0;    // one past the closing quote
  std::string name;
  bool identifier = false;  // :"NAME" (else :'NAME')
};

// The variable references of a seed file's `text`, in order. Throws sleet::Error (Usage)
// naming `file` when the scanner rejects the text.
std::vector<VariableReference> find_variables(std::string_view text, const std::string& file);

// `text` with each reference's ':' blanked, so the parser reads :'NAME' as a string literal
// and :"NAME" as an identifier at the same offsets (for splitting into statements).
std::string without_colons(std::string_view text, const std::vector<VariableReference>& references);

// A statement with its variables bound, and where each value sits, to map the server's error
// positions back to the file.
class BoundStatement {
 public:
  std::string text;
  // The byte offset in the file's statement text of byte `offset` of `text`: inside a bound
  // value, the reference's ':'.
  int original_offset(int offset) const;

 private:
  friend BoundStatement bind_variables(std::string_view, const sql::StatementText&,
                                       const std::vector<VariableReference>&, const std::string&,
                                       const Environment&, db::Connection&);
  struct Span {
    int original_start, original_end, bound_start, bound_end;
  };
  std::vector<Span> spans_;
};

// `statement` (of the file `text`, named `file`) with the `references` inside it replaced by
// their values from `environment`, escaped for `connection`. Throws sleet::Error (Usage) at
// file:line:col naming a variable that is not set.
BoundStatement bind_variables(std::string_view text, const sql::StatementText& statement,
                              const std::vector<VariableReference>& references,
                              const std::string& file, const Environment& environment,
                              db::Connection& connection);

}  // namespace sleet::seed
