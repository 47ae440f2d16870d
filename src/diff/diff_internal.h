// Internal: the pieces diff_schemas is built from.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sleet/diff.h"

namespace sleet::diff_detail {

// A change with its kind, object and member set; the rest left empty.
Change make_change(ChangeKind kind, const QualifiedName& object, const std::string& name = {});

// A SetComment of `object` (COMMENT ON `what`) when `before` and `after` differ.
inline void add_comment_change(const char* what, const QualifiedName& object,
                               const std::optional<std::string>& before,
                               const std::optional<std::string>& after, std::vector<Change>& out) {
  if (before == after) return;
  Change change = make_change(ChangeKind::SetComment, object);
  change.detail = what;
  if (before) change.before = *before;
  if (after) change.after = *after;
  out.push_back(change);
}

// Puts rename questions for one scope to `resolver`, drizzle-kit's way: for each created
// item in order, "renamed from one of the remaining missing items?"; a chosen candidate
// leaves the list. Asks nothing unless both lists are non-empty. Returns (missing, created)
// pairs confirmed as renames. Throws sleet::Error (Usage) for an answer not offered.
std::vector<std::pair<std::string, std::string>> resolve_renames(
    RenameResolver& resolver, RenameKind kind, const std::string& scope,
    const std::vector<std::string>& created, const std::vector<std::string>& missing);

// Changes that create `table` with everything it holds (foreign keys, indexes, RLS,
// policies, comments), as separate changes so the plan can order them.
void create_table_changes(const Table& table, std::vector<Change>& out);

// The constraints and indexes of `from` that `to` holds under another name with the same
// definition (comments aside), reading only columns that are unchanged: RenameConstraint and
// RenameIndex changes, in a fixed order. A new name `taken` says is in use (a relation of
// the table's schema, a constraint of the table) is not used: that pair stays a drop and a
// create.
std::vector<Change> member_renames(const Table& from, const Table& to,
                                   const std::function<bool(const std::string&)>& taken);

// Function, procedure and trigger changes (diff_functions.cpp), `from` with renames applied.
// A trigger of a table only `to` holds is created; one of a table `to` drops goes with it.
void diff_functions_and_triggers(const Schema& from, const Schema& to, std::vector<Change>& out);

// Indexes of materialized views (diff_tables.cpp), `from` with renames applied, after the views'
// changes in `out`: a view only `to` holds, or one `out` drops and creates, gets all of its
// indexes created (the DROP took the old ones); a kept view's are compared like a table's.
void diff_view_indexes(const Schema& from, const Schema& to, std::vector<Change>& out);

// Rules and event triggers (diff_rules.cpp), `from` with renames applied, after the views' and
// functions' changes in `out`: a rule of a relation only `to` holds, or of a view `out` drops
// and creates, is created (the DROP VIEW took the old one); a changed rule is replaced; an event
// trigger whose function `out` drops and creates again is dropped and created with it.
void diff_rules_and_event_triggers(const Schema& from, const Schema& to, std::vector<Change>& out);

// Extended statistics (diff_statistics.cpp), `from` with renames applied, after the tables'
// changes in `out`: matched by name; a changed definition or table, or a column `out` drops or
// retypes that it reads, is drop + create; the target alone AlterStatistics.
void diff_statistics(const Schema& from, const Schema& to, std::vector<Change>& out);

// Domain changes (diff_domains.cpp), `from` with renames applied, in dependency order (a
// domain after its base domain; drops the other way). Throws sleet::Error (Usage) for a
// domain whose base type or collation changes while a column, domain or function uses it.
void diff_domains(const Schema& from, const Schema& to, std::vector<Change>& out);
// diff_collations.cpp: CreateCollation, DropCollation (a changed one both, the columns using it
// converted around them), comments. Runs after the tables: it leaves alone a column the diff
// already retypes. Throws sleet::Error (Usage) for a changed collation something else uses.
void diff_collations(const Schema& from, const Schema& to, std::vector<Change>& out);

// Privilege changes (diff_privileges.cpp), after every other change of `out` (objects it
// creates start with the default privileges): revokes, then grants.
void diff_privileges(const Schema& from, const Schema& to, std::vector<Change>& out);
// Default privilege changes (diff_privileges.cpp): revokes, then grants.
void diff_default_privileges(const Schema& from, const Schema& to, std::vector<Change>& out);
// The privileges (and a renamed schema's default privileges) of `schema` following the rename or move `change` (apply_rename); other
// changes leave them alone.
void rename_grants(Schema& schema, const Change& change);
// The SQL texts of `schema` that name what `change` renames (view bodies, rules, defaults,
// checks, index expressions, policies, trigger WHEN conditions, parameter defaults) name the
// new object, as PostgreSQL's catalog does after the rename (renamed_references.cpp). Call it
// before the rename is applied to the model: names are resolved against the old one.
void follow_rename_into_texts(Schema& schema, const Change& change);
// Composite and range type changes (diff_composite_types.cpp), `from` with renames applied;
// then every domain, composite and range change already in `out` put in dependency order.
// Throws sleet::Error (Usage) for a change the server cannot apply while the type is in use
// and that the plan cannot convert (a user other than a table column, arrays whose attributes
// change, a range type in use).
void diff_composite_and_range_types(const Schema& from, const Schema& to, std::vector<Change>& out);

// Changes that turn `from` into `to`: same table, renames already applied to `from`.
void diff_table(const Table& from, const Table& to, std::vector<Change>& out);

// A partition's changed bound (diff_partitions.cpp). Throws sleet::Error (Usage) for a changed
// partition key, a plain table becoming partitioned or a partition, or the other way: none of
// them can be done in place.
void diff_partitioning(const Table& from, const Table& to, std::vector<Change>& out);

// Parents added to and removed from the tables both schemas hold (diff_inheritance.cpp):
// DropInherit, after which the columns and checks a table inherited from that parent are its
// own in `work` (the table diff then keeps or drops them), and AddInherit. Throws sleet::Error
// (Usage) when a table would inherit a parent's column it does not hold (the server's INHERIT
// wants it there), or a column of its own should become inherited only (no SQL does that).
void diff_inheritance(Schema& work, const Schema& to, std::vector<Change>& out);

// SET LOGGED / UNLOGGED and storage parameter changes of one table (diff_table_storage.cpp).
void diff_table_storage(const Table& from, const Table& to, std::vector<Change>& out);
// A column's statistics target, storage mode, compression and options (diff_table_storage.cpp);
// new_column_settings: those of a column created (or re-added) with the table or ADD COLUMN.
void diff_column_settings(const QualifiedName& table, const Column& from, const Column& to,
                          std::vector<Change>& out);
void new_column_settings(const QualifiedName& table, const Column& column,
                         std::vector<Change>& out);
// REPLICA IDENTITY and CLUSTER ON of a table, also when `out` already drops the index they name
// (it is created again without them). Called after the table's index and constraint changes.
void diff_table_settings(const Table& from, const Table& to, std::vector<Change>& out);

// `object` without its comment, for comparing definitions.
template <typename T>
T without_comment(T object) {
  object.comment.reset();
  return object;
}

// Whether `a` and `b` are equal but for their comments; copies neither when the comments are
// equal, as they mostly are. (Not for views: see below.)
template <typename T>
bool same_but_comment(const T& a, const T& b) {
  if (a.comment == b.comment) return a == b;
  return without_comment(a) == without_comment(b);
}

// A view as the diff compares it: without its comment, nor its rules (diff_rules compares
// them apart; a changed rule does not recreate the view).
inline View without_comment(View view) {
  view.comment.reset();
  view.rules.clear();
  view.indexes.clear();
  return view;
}

}  // namespace sleet::diff_detail
