// Internal: pieces of plan_changes.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>

#include "sleet/model.h"

namespace sleet::plan_detail {

// What changing a column from one type to another takes and risks.
struct TypeChange {
  std::string using_clause;  // " USING ..." when no assignment cast exists, else empty
  bool narrowing = false;    // values may not fit or may change (data loss)
  bool rewrite = true;       // the table is rewritten (false: binary-compatible widening)
};

// Classifies ALTER COLUMN ... TYPE from `from` to `to` (both Column::type values), with
// PostgreSQL 15's built-in cast table: a USING cast is added exactly when the server has no
// implicit or assignment cast between the types.
TypeChange classify_type_change(const std::string& column, const TypeName& from,
                                const TypeName& to);

}  // namespace sleet::plan_detail

namespace sleet::plan_detail {

// The column a sequence is OWNED BY (the model's "table.column", in the sequence's schema):
// the table and the column name; nullopt when it is not owned.
std::optional<std::pair<QualifiedName, std::string>> sequence_owner(const Sequence& sequence);

// ALTER SEQUENCE options clause listing every option explicitly ("AS integer INCREMENT BY 1
// MINVALUE 1 ..."), so the result does not depend on the sequence's current settings.
std::string all_sequence_options(const SequenceOptions& options, bool with_type);

// "TABLE "s"."t"", "COLUMN "s"."t"."c"", ... for COMMENT ON, from a SetComment change.
std::string comment_target(const std::string& what, const QualifiedName& object,
                           const std::string& member);

// COMMENT ON `target` IS 'text' / IS NULL, without the semicolon (emit adds it).
std::string comment_statement(const std::string& target, const std::optional<std::string>& text);

// Whether `sql` (an expression when `expression`) calls one of `functions` (schema and plain
// name), by name, and by schema where the call names one; false for text that does not parse.
bool calls_any_of(const std::string& sql, bool expression,
                  const std::set<QualifiedName>& functions);

}  // namespace sleet::plan_detail
