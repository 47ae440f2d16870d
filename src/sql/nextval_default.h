// Internal: the default expression of a column that takes its values from a sequence.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sleet/model.h"
#include "sleet/sql.h"

namespace sleet::sql {

// The sequence name of `nextval('name'::regclass)` as the catalog prints a serial column's
// default, when the name needs no quoting (lower-case letters, digits, _; not a digit first):
// then the text is its own canonical form and names the sequence without a parse.
inline std::optional<std::string_view> plain_nextval_name(std::string_view text) {
  constexpr std::string_view prefix = "nextval('", suffix = "'::regclass)";
  if (text.size() <= prefix.size() + suffix.size() || !text.starts_with(prefix) ||
      !text.ends_with(suffix))
    return std::nullopt;
  std::string_view name = text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
  if (name.front() >= '0' && name.front() <= '9') return std::nullopt;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
  return name;
}

// `nextval('seq'::regclass)` as pg_get_expr prints it under the default search_path (the
// sequence's schema written unless it is public), as written text and canonical form: what a
// serial column's copy (LIKE) or a table leaving a parent it inherited a serial column from
// keeps calling.
inline Expression nextval_default(const QualifiedName& sequence) {
  std::string name = sequence.schema == "public"
                         ? quote_identifier_if_needed(sequence.name)
                         : quote_identifier_if_needed(sequence.schema) + "." +
                               quote_identifier_if_needed(sequence.name);
  std::string text = "nextval(" + quote_literal(name) + "::regclass)";
  return Expression{text, canonical_expression(text)};
}

}  // namespace sleet::sql
