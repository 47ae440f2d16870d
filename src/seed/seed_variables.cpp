#include "seed/seed_variables.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <memory>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sql/tokens.h"

namespace sleet::seed {

namespace {

// The value quoted by libpq for this connection's encoding and settings.
std::string escaped(db::Connection& connection, const std::string& value, bool identifier) {
  char* quoted = identifier ? PQescapeIdentifier(connection.native(), value.data(), value.size())
                            : PQescapeLiteral(connection.native(), value.data(), value.size());
  if (quoted == nullptr) {
    throw Error(ErrorKind::Usage,
                fmt::format("cannot quote a seed variable's value: {}",
                            PQerrorMessage(connection.native())),
                "", "check that the value is text in the database's encoding");
  }
  std::unique_ptr<char, decltype(&PQfreemem)> owned(quoted, &PQfreemem);
  return std::string(owned.get());
}

}  // namespace

std::vector<VariableReference> find_variables(std::string_view text, const std::string& file) {
  std::vector<VariableReference> references;
  // Most seeds have none: do not scan what cannot hold one.
  if (text.find(":'") == std::string_view::npos && text.find(":\"") == std::string_view::npos) {
    return references;
  }
  std::vector<sql::Token> tokens = sql::scan_tokens(text, file);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const sql::Token& colon = tokens[i];
    const sql::Token& quoted = tokens[i + 1];
    if (colon.kind != PG_QUERY__TOKEN__ASCII_58 || quoted.start != colon.end) continue;
    char open = text[quoted.start];
    bool literal = quoted.kind == PG_QUERY__TOKEN__SCONST && open == '\'';
    bool identifier = quoted.kind == PG_QUERY__TOKEN__IDENT && open == '"';
    if (!literal && !identifier) continue;
    references.push_back(VariableReference{
        colon.start, quoted.end,
        std::string(text.substr(quoted.start + 1, quoted.end - quoted.start - 2)), identifier});
  }
  return references;
}

std::string without_colons(std::string_view text,
                           const std::vector<VariableReference>& references) {
  std::string out(text);
  for (const VariableReference& reference : references) out[reference.start] = ' ';
  return out;
}

int BoundStatement::original_offset(int offset) const {
  int shift = 0;
  for (const Span& span : spans_) {
    if (offset < span.bound_start) break;
    if (offset < span.bound_end) return span.original_start;
    shift = span.original_end - span.bound_end;
  }
  return offset + shift;
}

BoundStatement bind_variables(std::string_view text, const sql::StatementText& statement,
                              const std::vector<VariableReference>& references,
                              const std::string& file, const Environment& environment,
                              db::Connection& connection) {
  BoundStatement bound;
  const int begin = statement.offset;
  const int end = begin + static_cast<int>(statement.text.size());
  int copied = begin;
  for (const VariableReference& reference : references) {
    if (reference.start < begin || reference.end > end) continue;
    std::optional<std::string> value = environment.get(reference.name);
    if (!value) {
      auto [line, column] = line_and_column(text, reference.start);
      throw Error(
          ErrorKind::Usage, fmt::format("seed variable {} is not set", reference.name),
          format_location(file, line, column),
          fmt::format("set {} in the environment or the .env file; {} reads it as a "
                      "quoted {}",
                      reference.name,
                      std::string(text.substr(reference.start, reference.end - reference.start)),
                      reference.identifier ? "identifier" : "literal"));
    }
    bound.text.append(text.substr(copied, reference.start - copied));
    std::string quoted = escaped(connection, *value, reference.identifier);
    int bound_start = static_cast<int>(bound.text.size());
    bound.text += quoted;
    bound.spans_.push_back({reference.start - begin, reference.end - begin, bound_start,
                            static_cast<int>(bound.text.size())});
    copied = reference.end;
  }
  bound.text.append(text.substr(copied, end - copied));
  return bound;
}

}  // namespace sleet::seed
