// Internal: the token stream of a script, from PostgreSQL's own scanner. Used where the parse
// tree gives only a start position and the parser needs the end of a clause (a view body).
#pragma once

#include <string_view>
#include <vector>

#include <pg_query.pb-c.h>

namespace sleet::sql {

struct Token {
  int start = 0;  // byte offset of the first character
  int end = 0;    // byte offset one past the last character
  PgQuery__Token kind = PG_QUERY__TOKEN__NUL;
};

// The tokens of `script` without comments. Throws sleet::Error (Usage) when the scanner
// rejects the text (an unterminated string, ...); `file` names it in the message.
std::vector<Token> scan_tokens(std::string_view script, const std::string& file);

// The byte offset in `script` of the first token at or after `from` and before `to`, skipping
// whitespace and comments: where a statement that the parser says starts at `from` really
// starts. Only the beginning of the range is scanned (a window that grows while it ends
// inside a comment or a literal), so asking for every statement of a large file costs a
// fraction of scanning it whole. `from` when the range holds no token or does not scan.
int first_token_start(std::string_view script, int from, int to);

// The byte offsets one past each top-level semicolon of `script`, from the scanner (no
// protobuf tokens): where a large file may be cut into pieces parsed apart. Empty when the
// scanner rejects the text. The scanner knows nothing of parentheses, so a caller whose text
// may hold a BEGIN ATOMIC body (semicolons inside a statement) must not use it.
std::vector<std::size_t> statement_ends(const std::string& script);

}  // namespace sleet::sql
