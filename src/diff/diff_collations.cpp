// diff_schemas: collations. PostgreSQL cannot alter a collation's definition: a changed one is
// dropped and created again, the table columns using it converted to the default collation
// before the drop and back after the create (AlterColumnCollation, which also recreates the
// views over them). Refused while a domain, type, index key or constraint names it, which the
// plan cannot convert.
#include <fmt/format.h>

#include "diff/diff_internal.h"
#include "sleet/error.h"

namespace sleet::diff_detail {

namespace {

// How columns, domains and index keys name `collation`: bare in public, else schema.name.
std::string reference_of(const QualifiedName& collation) {
  return collation.schema == "public" ? collation.name : collation.display();
}

// What in `schema` other than a table column names the collation `reference`; empty when
// nothing does.
std::string unconvertible_user(const Schema& schema, const std::string& reference) {
  for (const auto& [name, domain] : schema.domains)
    if (domain.collation == reference) return "domain " + name.display();
  for (const auto& [name, type] : schema.composite_types)
    for (const CompositeAttribute& attribute : type.attributes)
      if (attribute.collation == reference) return "type " + name.display();
  for (const auto& [name, range] : schema.range_types)
    if (range.collation == reference) return "range type " + name.display();
  auto in_elements = [&](const std::vector<IndexElement>& elements) {
    for (const IndexElement& element : elements)
      if (element.collation == reference) return true;
    return false;
  };
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [index_name, index] : table.indexes)
      if (in_elements(index.elements)) return fmt::format("index {}.{}", name.schema, index_name);
    for (const auto& [constraint, exclusion] : table.exclusion_constraints)
      if (in_elements(exclusion.elements))
        return fmt::format("constraint {} of {}", constraint, name.display());
  }
  for (const auto& [name, view] : schema.views)
    for (const auto& [index_name, index] : view.indexes)
      if (in_elements(index.elements)) return fmt::format("index {}.{}", name.schema, index_name);
  return {};
}

std::string definition_text(const Collation& collation) {
  std::string out = "provider " + collation.provider;
  if (!collation.locale.empty()) out += ", locale '" + collation.locale + "'";
  if (!collation.lc_collate.empty()) out += ", lc_collate '" + collation.lc_collate + "'";
  if (!collation.lc_ctype.empty()) out += ", lc_ctype '" + collation.lc_ctype + "'";
  if (!collation.deterministic) out += ", nondeterministic";
  return out;
}

void comment(const QualifiedName& name, const std::optional<std::string>& before,
             const std::optional<std::string>& after, std::vector<Change>& out) {
  add_comment_change("COLLATION", name, before, after, out);
}

// AlterColumnCollation for each column of `to` that names the recreated collation and that
// `from` holds with it, unless the diff already alters the column's type or collation.
void convert_columns(const Schema& from, const Schema& to, const std::string& reference,
                     std::vector<Change>& out) {
  std::set<std::pair<QualifiedName, std::string>> altered;
  for (const Change& change : out) {
    if (change.kind == ChangeKind::AlterColumnCollation ||
        change.kind == ChangeKind::AlterColumnType)
      altered.emplace(change.object, change.name);
  }
  for (const auto& [table_name, table] : to.tables) {
    auto old_table = from.tables.find(table_name);
    if (old_table == from.tables.end()) continue;
    for (const Column& column : table.columns) {
      if (column.collation != reference || altered.contains({table_name, column.name})) continue;
      const Column* old = old_table->second.find_column(column.name);
      if (!old || old->collation != reference) continue;
      Change change = make_change(ChangeKind::AlterColumnCollation, table_name, column.name);
      change.before = *old;
      change.after = column;
      change.detail = "collation " + reference + " created again";
      out.push_back(change);
    }
  }
}

}  // namespace

void diff_collations(const Schema& from, const Schema& to, std::vector<Change>& out) {
  for (const auto& [name, collation] : to.collations) {
    auto it = from.collations.find(name);
    if (it == from.collations.end()) {
      Change change = make_change(ChangeKind::CreateCollation, name);
      change.after = collation;
      out.push_back(change);
      comment(name, std::nullopt, collation.comment, out);
      continue;
    }
    const Collation& old = it->second;
    if (old.same_definition(collation)) {
      comment(name, old.comment, collation.comment, out);
      continue;
    }
    std::string reference = reference_of(name);
    if (std::string user = unconvertible_user(from, reference); !user.empty()) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("collation {} changes from {} to {}, and {} uses it: PostgreSQL "
                      "cannot change a collation in place, and sleet converts only "
                      "table columns around a new definition",
                      name.display(), definition_text(old), definition_text(collation), user),
          "collation " + name.display(),
          "declare the new definition under another collation name and move its users "
          "to it (the old collation is then dropped), or change the collation in a "
          "custom migration (sleet generate --custom)");
    }
    Change drop = make_change(ChangeKind::DropCollation, name);
    drop.before = old;
    drop.after = collation;  // set: dropped to be created again
    out.push_back(drop);
    Change create = make_change(ChangeKind::CreateCollation, name);
    create.before = old;
    create.after = collation;
    out.push_back(create);
    convert_columns(from, to, reference, out);
    comment(name, std::nullopt, collation.comment, out);
  }
  for (const auto& [name, collation] : from.collations) {
    if (to.collations.contains(name)) continue;
    Change change = make_change(ChangeKind::DropCollation, name);
    change.before = collation;
    out.push_back(change);
  }
}

}  // namespace sleet::diff_detail
