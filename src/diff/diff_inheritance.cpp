// diff_schemas: the parents of a table both schemas hold. A parent removed is NO INHERIT: the
// columns and checks the table inherited from it become its own, so they are added to the
// table in `work` and compared like the rest (kept when the new schema declares them, dropped
// otherwise). A parent added is INHERIT, which PostgreSQL allows only when the table already
// has the parent's columns: the new schema must declare them in the child too (they stay the
// child's own, merged with the parent's).
#include <fmt/format.h>

#include <algorithm>

#include "diff/diff_internal.h"
#include "sleet/error.h"
#include "sleet/sql.h"
#include "sql/nextval_default.h"

namespace sleet::diff_detail {

namespace {

bool contains(const std::vector<QualifiedName>& names, const QualifiedName& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The columns `table` has in `schema`: its own, then those of its parents (recursively).
void effective_columns(const Schema& schema, const Table& table, std::vector<Column>& out,
                       int depth = 0) {
  for (const Column& column : table.columns) {
    bool seen = std::any_of(out.begin(), out.end(),
                            [&](const Column& other) { return other.name == column.name; });
    if (!seen) out.push_back(column);
  }
  if (depth > 64) return;
  for (const QualifiedName& parent : table.inherits) {
    auto it = schema.tables.find(parent);
    if (it != schema.tables.end()) effective_columns(schema, it->second, out, depth + 1);
  }
}

// The checks `table` passes on to its children: its own (but NO INHERIT) and its parents'.
void inheritable_checks(const Schema& schema, const Table& table,
                        std::map<std::string, CheckConstraint>& out, int depth = 0) {
  for (const auto& [name, check] : table.check_constraints)
    if (!check.no_inherit) out.emplace(name, check);
  if (depth > 64) return;
  for (const QualifiedName& parent : table.inherits) {
    auto it = schema.tables.find(parent);
    if (it != schema.tables.end()) inheritable_checks(schema, it->second, out, depth + 1);
  }
}

const Column* find(const std::vector<Column>& columns, const std::string& name) {
  for (const Column& column : columns)
    if (column.name == name) return &column;
  return nullptr;
}

// The columns `child` keeps having through the parents it inherits from in both schemas.
std::vector<Column> kept_inherited_columns(const Schema& work, const Table& before,
                                           const Table& after) {
  std::vector<Column> out;
  for (const QualifiedName& parent : after.inherits) {
    if (!contains(before.inherits, parent)) continue;
    auto it = work.tables.find(parent);
    if (it != work.tables.end()) effective_columns(work, it->second, out);
  }
  return out;
}

// The column `parent` gives a child that leaves it: the parent's, but a serial column's
// sequence stays the parent's (the child keeps calling nextval() on it) and an identity is not
// inherited at all.
Column left_with(const Table& parent, Column column) {
  if (column.serial != Serial::None) {
    column.default_value = sql::nextval_default(serial_sequence(parent.name, column));
    column.serial = Serial::None;
    column.serial_sequence_name.reset();
  }
  column.identity.reset();
  return column;
}

void drop_parents(Schema& work, Table& before, const Table& after, std::vector<Change>& out) {
  std::vector<QualifiedName> removed;
  for (const QualifiedName& parent : before.inherits)
    if (!contains(after.inherits, parent)) removed.push_back(parent);
  for (const QualifiedName& parent_name : removed) {
    auto parent = work.tables.find(parent_name);
    Change change = make_change(ChangeKind::DropInherit, before.name, parent_name.display());
    if (parent != work.tables.end()) change.before = parent->second;
    out.push_back(std::move(change));
    std::erase(before.inherits, parent_name);
    if (parent == work.tables.end()) continue;
    std::vector<Column> still;
    effective_columns(work, before, still);
    std::vector<Column> gained;
    effective_columns(work, parent->second, gained);
    for (const Column& column : gained)
      if (!find(still, column.name)) before.columns.push_back(left_with(parent->second, column));
    std::map<std::string, CheckConstraint> checks;
    inheritable_checks(work, parent->second, checks);
    for (auto& [name, check] : checks) before.check_constraints.emplace(name, check);
  }
}

[[noreturn]] void refuse(const Table& table, const std::string& message, const std::string& hint) {
  throw Error(ErrorKind::Usage, message, "table " + table.name.display(), hint);
}

void add_parents(const Schema& work, const Schema& to, const Table& before, const Table& after,
                 std::vector<Change>& out) {
  std::vector<Column> kept = kept_inherited_columns(work, before, after);
  for (const QualifiedName& parent_name : after.inherits) {
    if (contains(before.inherits, parent_name)) continue;
    const Table& parent = to.tables.at(parent_name);
    std::vector<Column> wanted;
    effective_columns(to, parent, wanted);
    for (const Column& column : wanted) {
      const Column* own = after.find_column(column.name);
      if (!own) own = find(kept, column.name);
      if (!own) {
        refuse(after,
               fmt::format("table {} comes to inherit from {}, but does not hold its column {}: "
                           "PostgreSQL's ALTER TABLE ... INHERIT needs the column there already",
                           after.name.display(), parent_name.display(), column.name),
               fmt::format("declare {} {} in {} too (it stays the table's own, merged with the "
                           "parent's)",
                           column.name, column.type.sql(), after.name.display()));
      }
      if (!(own->type == column.type)) {
        refuse(after,
               fmt::format("column {} of table {} has type {}, but its new parent {} has {}",
                           column.name, after.name.display(), own->type.sql(),
                           parent_name.display(), column.type.sql()),
               "give both the same type");
      }
    }
    Change change = make_change(ChangeKind::AddInherit, after.name, parent_name.display());
    change.after = parent;
    out.push_back(std::move(change));
  }
}

// A column the table holds as its own that a parent also has can only stay its own.
void refuse_columns_becoming_inherited(const Schema& to, const Table& before, const Table& after) {
  std::vector<Column> inherited;
  for (const QualifiedName& parent : after.inherits) {
    auto it = to.tables.find(parent);
    if (it != to.tables.end()) effective_columns(to, it->second, inherited);
  }
  for (const Column& column : before.columns) {
    if (after.find_column(column.name) || !find(inherited, column.name)) continue;
    refuse(after,
           fmt::format("column {} of table {} is the table's own, and the schema files now leave "
                       "it to a parent: PostgreSQL cannot make a column inherited only",
                       column.name, after.name.display()),
           fmt::format("keep declaring {} in {} (merged with the parent's column), or drop it "
                       "with a custom migration first",
                       column.name, after.name.display()));
  }
}

}  // namespace

void diff_inheritance(Schema& work, const Schema& to, std::vector<Change>& out) {
  for (const auto& [name, after] : to.tables) {
    auto it = work.tables.find(name);
    if (it == work.tables.end()) continue;
    Table& before = it->second;
    if (before.inherits == after.inherits && after.inherits.empty()) continue;
    drop_parents(work, before, after, out);
    refuse_columns_becoming_inherited(to, before, after);
    add_parents(work, to, before, after, out);
    // Kept in the order the new schema gives (the catalog's inhseqno follows INHERIT order;
    // a reorder alone is not worth rebuilding a table for).
    before.inherits = after.inherits;
  }
}

}  // namespace sleet::diff_detail
