// Small SQL renderings shared by the plan: sequences, comments.
#include <fmt/format.h>

#include "plan/plan_internal.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

std::optional<std::pair<QualifiedName, std::string>> sequence_owner(const Sequence& sequence) {
  if (!sequence.owned_by) return std::nullopt;
  auto dot = sequence.owned_by->rfind('.');
  return std::pair{QualifiedName{sequence.name.schema, sequence.owned_by->substr(0, dot)},
                   sequence.owned_by->substr(dot + 1)};
}

std::string all_sequence_options(const SequenceOptions& options, bool with_type) {
  std::string out = with_type ? "AS " + options.data_type + " " : "";
  out += fmt::format("INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
                     options.increment, options.min_value, options.max_value, options.start,
                     options.cache, options.cycle ? "CYCLE" : "NO CYCLE");
  return out;
}

std::string comment_target(const std::string& what, const QualifiedName& object,
                           const std::string& member) {
  if (what == "SCHEMA") return "SCHEMA " + sql::quote_identifier(object.schema);
  if (what == "COLUMN")
    return "COLUMN " + ddl::qualified(object) + "." + sql::quote_identifier(member);
  if (what == "EVENT TRIGGER") return what + " " + sql::quote_identifier(object.name);
  // `member`: the function's "name"(argument types).
  if (what == "FUNCTION" || what == "PROCEDURE" || what == "AGGREGATE")
    return what + " " + sql::quote_identifier(object.schema) + "." + member;
  if (what == "CONSTRAINT" || what == "POLICY" || what == "RULE" || what == "TRIGGER") {
    return what + " " + sql::quote_identifier(member) + " ON " + ddl::qualified(object);
  }
  if (what == "INDEX") return "INDEX " + ddl::qualified(QualifiedName{object.schema, member});
  return what + " " + ddl::qualified(object);  // TABLE, VIEW, MATERIALIZED VIEW, TYPE, SEQUENCE
}

std::string comment_statement(const std::string& target, const std::optional<std::string>& text) {
  return fmt::format("COMMENT ON {} IS {}", target, text ? sql::quote_literal(*text) : "NULL");
}

}  // namespace sleet::plan_detail
