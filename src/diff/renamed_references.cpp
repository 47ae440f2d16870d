// A confirmed rename followed into the SQL text of `from` that names the renamed object, as the
// server's catalog follows it (its definitions refer to objects by oid).
#include <optional>

#include "diff/diff_internal.h"
#include "sleet/rename_references.h"

namespace sleet::diff_detail {

namespace {

using sql::RenamedObject;

// What `change` renames, for the texts; nothing for renames no text can name.
std::optional<RenamedObject> renamed_object(const Change& change) {
  RenamedObject renamed;
  renamed.old_name = change.old_object;
  renamed.new_name = change.object;
  switch (change.kind) {
    case ChangeKind::RenameSchema:
      renamed.kind = RenamedObject::Kind::Schema;
      return renamed;
    case ChangeKind::RenameTable:
    case ChangeKind::MoveTable:
    case ChangeKind::RenameView:
    case ChangeKind::MoveView:
    case ChangeKind::RenameSequence:
    case ChangeKind::MoveSequence:
      renamed.kind = RenamedObject::Kind::Relation;
      return renamed;
    case ChangeKind::RenameEnum:
    case ChangeKind::MoveEnum:
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
      renamed.kind = RenamedObject::Kind::Type;
      return renamed;
    case ChangeKind::RenameColumn:
      renamed.kind = RenamedObject::Kind::Column;
      renamed.old_name = renamed.new_name = change.object;
      renamed.old_column = change.old_name;
      renamed.new_column = change.name;
      return renamed;
    default:
      return std::nullopt;
  }
}

class TextFollower {
 public:
  TextFollower(const Schema& schema, const RenamedObject& renamed)
      : renamed_(renamed), context_{&schema, std::nullopt, false} {}

  void owned_by(const std::optional<QualifiedName>& owner, bool new_and_old_rows) {
    context_.owner = owner;
    context_.new_and_old_rows = new_and_old_rows;
  }

  void expression(Expression& expression) {
    std::string text =
        sql::rename_references_in_expression(expression.canonical, renamed_, context_);
    if (text != expression.canonical) expression = Expression{text, text};
  }
  void expression(std::optional<Expression>& expression) {
    if (expression) this->expression(*expression);
  }
  void statement(Expression& statement) {
    std::string text = sql::rename_references_in_statement(statement.canonical, renamed_, context_);
    if (text != statement.canonical) statement = Expression{text, text};
  }
  void rule(RewriteRule& rule) {
    expression(rule.where);
    for (Expression& action : rule.actions) statement(action);
  }

 private:
  const RenamedObject& renamed_;
  sql::ReferenceContext context_;
};

void follow_in_table(Table& table, TextFollower& follow) {
  follow.owned_by(table.name, false);
  for (Column& column : table.columns) {
    follow.expression(column.default_value);
    follow.expression(column.generated);
  }
  for (auto& [name, check] : table.check_constraints) follow.expression(check.expression);
  for (auto& [name, index] : table.indexes) {
    for (IndexElement& element : index.elements) follow.expression(element.expression);
    follow.expression(index.where);
  }
  for (auto& [name, exclusion] : table.exclusion_constraints) {
    for (IndexElement& element : exclusion.elements) follow.expression(element.expression);
    follow.expression(exclusion.where);
  }
  for (auto& [name, policy] : table.policies) {
    follow.expression(policy.using_expression);
    follow.expression(policy.with_check);
  }
  for (auto& [name, statistics] : table.statistics)
    for (Expression& expression : statistics.expressions) follow.expression(expression);
  follow.owned_by(table.name, true);
  for (auto& [name, trigger] : table.triggers) follow.expression(trigger.when);
  for (auto& [name, rule] : table.rules) follow.rule(rule);
}

}  // namespace

void follow_rename_into_texts(Schema& schema, const Change& change) {
  std::optional<RenamedObject> renamed = renamed_object(change);
  if (!renamed) return;
  // The texts are resolved against the schema before the rename; they are rewritten in a
  // copy so that reading and writing never mix.
  const Schema before = schema;
  TextFollower follow(before, *renamed);
  for (auto& [name, table] : schema.tables) follow_in_table(table, follow);
  for (auto& [name, view] : schema.views) {
    follow.owned_by(std::nullopt, false);
    follow.statement(view.query);
    follow.owned_by(name, true);
    for (auto& [rule_name, rule] : view.rules) follow.rule(rule);
  }
  follow.owned_by(std::nullopt, false);
  for (auto& [name, domain] : schema.domains) {
    follow.expression(domain.default_value);
    for (auto& [constraint_name, constraint] : domain.constraints)
      follow.expression(constraint.expression);
  }
  for (auto& [name, function] : schema.functions) {
    for (FunctionParameter& parameter : function.parameters)
      follow.expression(parameter.default_value);
  }
}

}  // namespace sleet::diff_detail
