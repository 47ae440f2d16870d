#include "sources/parse_written.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <string_view>

#include "sleet/sql.h"
#include "sources/parse_nodes.h"
#include "sql/parse_tree.h"

namespace sleet::sources {

namespace {

using Tokens = std::vector<sql::Token>;

bool is_open(const sql::Token& token) {
  return token.kind == PG_QUERY__TOKEN__ASCII_40;
}
bool is_close(const sql::Token& token) {
  return token.kind == PG_QUERY__TOKEN__ASCII_41;
}

// The smallest `location` in the tree under `node`: its first token (or one inside it when the
// expression begins with parentheses, which have no node). -1 when none has one.
int first_location(const PgQuery__Node& node) {
  int lowest = INT_MAX;
  visit_tree(&node.base, [&](const ProtobufCMessage& message) {
    for (unsigned i = 0; i < message.descriptor->n_fields; ++i) {
      const ProtobufCFieldDescriptor& field = message.descriptor->fields[i];
      if (field.type != PROTOBUF_C_TYPE_INT32 || std::string_view(field.name) != "location")
        continue;
      int value =
          *reinterpret_cast<const int32_t*>(reinterpret_cast<const char*>(&message) + field.offset);
      if (value >= 0) lowest = std::min(lowest, value);
    }
  });
  return lowest == INT_MAX ? -1 : lowest;
}

// The index of the token starting at byte `offset`, if there is one.
std::optional<size_t> token_at(const Tokens& tokens, int offset) {
  auto found = std::lower_bound(tokens.begin(), tokens.end(), offset,
                                [](const sql::Token& token, int at) { return token.start < at; });
  if (found == tokens.end() || found->start != offset) return std::nullopt;
  return static_cast<size_t>(found - tokens.begin());
}

// The index of the ")" that closes the "(" at `open`, if the statement has it.
std::optional<size_t> matching_close(const Tokens& tokens, size_t open) {
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (is_open(tokens[i])) ++depth;
    if (is_close(tokens[i]) && --depth == 0) return i;
  }
  return std::nullopt;
}

// The "(" before token `from` that no ")" before `from` closes, nearest first, for which
// `accept(index)` holds.
template <typename Accept>
std::optional<size_t> enclosing_open(const Tokens& tokens, size_t from, Accept accept) {
  int depth = 0;
  for (size_t i = from; i-- > 0;) {
    if (is_close(tokens[i])) ++depth;
    if (!is_open(tokens[i])) continue;
    if (depth > 0) {
      --depth;
      continue;
    }
    if (accept(i)) return i;
  }
  return std::nullopt;
}

// The file's text of tokens [first, last].
std::string slice(const Context& context, const Tokens& tokens, size_t first, size_t last) {
  return context.statement().file->text.substr(tokens[first].start,
                                               tokens[last].end - tokens[first].start);
}

Expression with_text(const PgQuery__Node& node, std::optional<std::string> text) {
  Expression expression = expression_of(node);
  if (text && !text->empty()) expression.text = std::move(*text);
  return expression;
}

// Where the expression `node` starts among the statement's tokens.
std::optional<size_t> first_token(const Context& context, const PgQuery__Node& node) {
  int location = first_location(node);
  if (location < 0) return std::nullopt;
  return token_at(context.statement_tokens(), location);
}

std::optional<std::string> parenthesized_text(const Context& context, const PgQuery__Node& node) {
  const Tokens& tokens = context.statement_tokens();
  std::optional<size_t> first = first_token(context, node);
  if (!first) return std::nullopt;
  std::optional<size_t> open = enclosing_open(tokens, *first, [&](size_t i) {
    if (i == 0) return false;
    PgQuery__Token before = tokens[i - 1].kind;
    return before == PG_QUERY__TOKEN__CHECK || before == PG_QUERY__TOKEN__AS ||
           before == PG_QUERY__TOKEN__USING;
  });
  if (!open) return std::nullopt;
  std::optional<size_t> close = matching_close(tokens, *open);
  if (!close || *close <= *open + 1) return std::nullopt;
  return slice(context, tokens, *open + 1, *close - 1);
}

std::optional<std::string> index_key_text(const Context& context, const PgQuery__Node& node) {
  const Tokens& tokens = context.statement_tokens();
  std::optional<size_t> first = first_token(context, node);
  if (!first) return std::nullopt;
  // An element written "(expression)": its own parentheses follow the list's "(" or a ",".
  std::optional<size_t> wrapper;
  enclosing_open(tokens, *first, [&](size_t i) {
    bool element =
        i > 0 && (is_open(tokens[i - 1]) || tokens[i - 1].kind == PG_QUERY__TOKEN__ASCII_44);
    if (element) wrapper = i;
    return !element;  // the list's own "(" ends the walk
  });
  if (wrapper) {
    std::optional<size_t> close = matching_close(tokens, *wrapper);
    if (!close || *close <= *wrapper + 1) return std::nullopt;
    return slice(context, tokens, *wrapper + 1, *close - 1);
  }
  // A function call: its name, up to the ")" closing its arguments.
  for (size_t i = *first; i < tokens.size(); ++i) {
    if (!is_open(tokens[i])) continue;
    std::optional<size_t> close = matching_close(tokens, i);
    if (!close) return std::nullopt;
    return slice(context, tokens, *first, *close);
  }
  return std::nullopt;
}

std::optional<std::string> predicate_text(const Context& context) {
  const Tokens& tokens = context.statement_tokens();
  int depth = 0;
  std::optional<size_t> where;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (is_open(tokens[i])) ++depth;
    if (is_close(tokens[i])) --depth;
    if (depth == 0 && tokens[i].kind == PG_QUERY__TOKEN__WHERE) where = i;
  }
  if (!where || *where + 1 >= tokens.size()) return std::nullopt;
  size_t first = *where + 1;
  size_t last = tokens.size() - 1;
  if (tokens[last].kind == PG_QUERY__TOKEN__ASCII_59) {  // ";" when the statement holds one
    if (last == first) return std::nullopt;
    --last;
  }
  if (is_open(tokens[first]) && matching_close(tokens, first) == last && last > first + 1) {
    ++first;
    --last;
  }
  return slice(context, tokens, first, last);
}

// Whether the token at `i` (at the top level of a column definition, after a DEFAULT's
// first token) starts the column's next clause rather than continuing the expression.
bool starts_column_clause(const Tokens& tokens, size_t i) {
  switch (tokens[i].kind) {
    case PG_QUERY__TOKEN__CONSTRAINT:
    case PG_QUERY__TOKEN__NULL_P:
    case PG_QUERY__TOKEN__PRIMARY:
    case PG_QUERY__TOKEN__UNIQUE:
    case PG_QUERY__TOKEN__CHECK:
    case PG_QUERY__TOKEN__REFERENCES:
    case PG_QUERY__TOKEN__GENERATED:
    case PG_QUERY__TOKEN__DEFAULT:
    case PG_QUERY__TOKEN__COLLATE:
    case PG_QUERY__TOKEN__DEFERRABLE:
    case PG_QUERY__TOKEN__INITIALLY:
      return true;
    case PG_QUERY__TOKEN__NOT:
    case PG_QUERY__TOKEN__NOT_LA:
      return i + 1 < tokens.size() && (tokens[i + 1].kind == PG_QUERY__TOKEN__NULL_P ||
                                       tokens[i + 1].kind == PG_QUERY__TOKEN__DEFERRABLE);
    default:
      return false;
  }
}

std::optional<std::string> default_text(const Context& context, const PgQuery__Node& node) {
  const Tokens& tokens = context.statement_tokens();
  std::optional<size_t> first = first_token(context, node);
  if (!first) return std::nullopt;
  // Parentheses around the expression's start have no node: walk back over them to DEFAULT.
  size_t start = *first;
  while (start > 0 && is_open(tokens[start - 1])) --start;
  if (start == 0 || tokens[start - 1].kind != PG_QUERY__TOKEN__DEFAULT) return std::nullopt;
  int depth = 0;
  size_t end = start;  // one past the expression's last token
  for (; end < tokens.size(); ++end) {
    const sql::Token& token = tokens[end];
    if (is_open(token)) ++depth;
    if (is_close(token) && --depth < 0) break;
    if (depth > 0) continue;
    if (token.kind == PG_QUERY__TOKEN__ASCII_44 || token.kind == PG_QUERY__TOKEN__ASCII_59) break;
    if (end > start && starts_column_clause(tokens, end)) break;
  }
  if (end == start) return std::nullopt;
  std::string text = slice(context, tokens, start, end - 1);
  // Kept only when it is the expression the parser read (a clause this scan does not know
  // would have been swallowed otherwise).
  try {
    if (sql::canonical_expression(text) != sql::deparse_expression(node)) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return text;
}

}  // namespace

Expression parenthesized_as_written(const Context& context, const PgQuery__Node& node) {
  return with_text(node, parenthesized_text(context, node));
}

Expression index_key_as_written(const Context& context, const PgQuery__Node& node) {
  return with_text(node, index_key_text(context, node));
}

Expression predicate_as_written(const Context& context, const PgQuery__Node& node) {
  return with_text(node, predicate_text(context));
}

Expression default_as_written(const Context& context, const PgQuery__Node& node) {
  return with_text(node, default_text(context, node));
}

}  // namespace sleet::sources
