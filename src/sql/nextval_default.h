// Internal: the default expression of a column that takes its values from a sequence.
#pragma once

#include <string>

#include "sleet/model.h"
#include "sleet/sql.h"

namespace sleet::sql {

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
