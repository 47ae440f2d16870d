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

}  // namespace sleet::sql
