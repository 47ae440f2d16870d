// diff_schemas: renames first (asked of the resolver), then every other difference.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "diff/diff_internal.h"

namespace sleet {

namespace {

using diff_detail::make_change;
using diff_detail::without_comment;

class SchemaDiffer {
 public:
  SchemaDiffer(const Schema& from, const Schema& to, RenameResolver& resolver)
      : work_(from), to_(to), resolver_(resolver) {}

  std::vector<Change> run() {
    resolve_schema_renames();
    resolve_qualified_renames(work_.enums, to_.enums, RenameKind::Enum, ChangeKind::RenameEnum,
                              ChangeKind::MoveEnum);
    resolve_enum_value_renames();
    resolve_qualified_renames(work_.domains, to_.domains, RenameKind::Domain,
                              ChangeKind::RenameDomain, ChangeKind::MoveDomain);
    resolve_qualified_renames(work_.composite_types, to_.composite_types, RenameKind::CompositeType,
                              ChangeKind::RenameCompositeType, ChangeKind::MoveCompositeType);
    resolve_qualified_renames(work_.range_types, to_.range_types, RenameKind::RangeType,
                              ChangeKind::RenameRangeType, ChangeKind::MoveRangeType);
    resolve_attribute_renames();
    resolve_qualified_renames(work_.sequences, to_.sequences, RenameKind::Sequence,
                              ChangeKind::RenameSequence, ChangeKind::MoveSequence);
    resolve_qualified_renames(work_.tables, to_.tables, RenameKind::Table, ChangeKind::RenameTable,
                              ChangeKind::MoveTable);
    resolve_qualified_renames(work_.views, to_.views, RenameKind::View, ChangeKind::RenameView,
                              ChangeKind::MoveView);
    resolve_member_renames();
    follow_table_renames_into_primary_keys();
    resolve_member_name_changes();
    diff_namespaces();
    diff_extensions();
    diff_roles();
    diff_enums();
    diff_detail::diff_domains(work_, to_, out_);
    diff_detail::diff_composite_and_range_types(work_, to_, out_);
    diff_sequences();
    diff_tables();
    diff_views();
    diff_detail::diff_view_indexes(work_, to_, out_);
    diff_detail::diff_functions_and_triggers(work_, to_, out_);
    diff_detail::diff_default_privileges(work_, to_, out_);
    diff_detail::diff_rules_and_event_triggers(work_, to_, out_);
    diff_detail::diff_statistics(work_, to_, out_);
    diff_detail::diff_collations(work_, to_, out_);
    diff_detail::diff_privileges(work_, to_, out_);
    return std::move(out_);
  }

 private:
  void emit_rename(const Change& change) {
    if (change.kind == ChangeKind::RenameTable || change.kind == ChangeKind::MoveTable) {
      auto earlier = renamed_tables_.find(change.old_object);
      QualifiedName first = earlier == renamed_tables_.end() ? change.old_object : earlier->second;
      if (earlier != renamed_tables_.end()) renamed_tables_.erase(earlier);
      renamed_tables_[change.object] = first;
    }
    apply_rename(work_, change);
    out_.push_back(change);
  }

  // ALTER TABLE ... RENAME keeps the primary key's name: a key with the old table's default
  // name (<old>_pkey, which a snapshot's column-level key also means) is renamed to the new
  // table's default when that is what `to` holds, so the database ends as a fresh load of `to`
  // (a snapshot's unnamed key would otherwise take the stale name as its own).
  void follow_table_renames_into_primary_keys() {
    for (const auto& [name, old_name] : renamed_tables_) {
      auto current = work_.tables.find(name);
      auto target = to_.tables.find(name);
      if (current == work_.tables.end() || target == to_.tables.end()) continue;
      std::optional<PrimaryKey>& key = current->second.primary_key;
      const std::optional<PrimaryKey>& wanted = target->second.primary_key;
      if (!key || !wanted || key->columns != wanted->columns) continue;
      std::string stale = make_object_name(old_name.name, "", "pkey");
      std::string fresh = make_object_name(name.name, "", "pkey");
      if (key->name != stale || wanted->name != fresh || stale == fresh) continue;
      bool taken = false;
      for (const auto& [other_name, other] : work_.tables) {
        if (other_name.schema != name.schema) continue;
        for (const QualifiedName& held : relation_names(other)) taken |= held.name == fresh;
      }
      if (taken || work_.views.contains(QualifiedName{name.schema, fresh}) ||
          work_.sequences.contains(QualifiedName{name.schema, fresh}))
        continue;
      Change change = make_change(ChangeKind::RenameConstraint, name, fresh);
      change.old_name = stale;
      change.detail = "PRIMARY KEY";
      key->unnamed = false;
      emit_rename(change);
    }
  }

  void comment(const char* what, const QualifiedName& object,
               const std::optional<std::string>& before, const std::optional<std::string>& after) {
    if (before == after) return;
    Change change = make_change(ChangeKind::SetComment, object);
    change.detail = what;
    if (before) change.before = *before;
    if (after) change.after = *after;
    out_.push_back(change);
  }

  void resolve_schema_renames() {
    std::vector<std::string> created, missing;
    for (const auto& [name, ns] : to_.namespaces) {
      if (!work_.namespaces.contains(name)) created.push_back(name);
    }
    for (const auto& [name, ns] : work_.namespaces) {
      if (!to_.namespaces.contains(name)) missing.push_back(name);
    }
    for (const auto& [old_name, new_name] :
         diff_detail::resolve_renames(resolver_, RenameKind::Schema, "", created, missing)) {
      Change change = make_change(ChangeKind::RenameSchema, QualifiedName{new_name, ""});
      change.old_object = QualifiedName{old_name, ""};
      emit_rename(change);
    }
  }

  // Enums, domains, composite and range types, sequences, tables and views may be renamed and moved
  // to another schema; a move and a rename are two changes (SET SCHEMA, then RENAME in the new
  // schema).
  template <typename Object>
  void resolve_qualified_renames(std::map<QualifiedName, Object>& work,
                                 const std::map<QualifiedName, Object>& to, RenameKind kind,
                                 ChangeKind rename_kind, ChangeKind move_kind) {
    std::vector<std::string> created, missing;
    std::map<std::string, QualifiedName> by_display;
    for (const auto& [name, object] : to) {
      if (!work.contains(name)) created.push_back(name.display());
      by_display[name.display()] = name;
    }
    for (const auto& [name, object] : work) {
      if (!to.contains(name)) missing.push_back(name.display());
      by_display[name.display()] = name;
    }
    auto renames = diff_detail::resolve_renames(resolver_, kind, "", created, missing);
    for (const auto& [old_display, new_display] : renames) {
      QualifiedName old_name = by_display[old_display], new_name = by_display[new_display];
      if constexpr (std::is_same_v<Object, View>) {
        // A view whose definition also changed is dropped and created instead.
        View old_view = without_comment(work.at(old_name)),
             new_view = without_comment(to.at(new_name));
        old_view.name = new_view.name;
        if (old_view != new_view) continue;
      }
      QualifiedName step = old_name;
      if (old_name.schema != new_name.schema) {
        Change move = make_change(move_kind, QualifiedName{new_name.schema, old_name.name});
        move.old_object = old_name;
        emit_rename(move);
        step = move.object;
      }
      if (step.name != new_name.name) {
        Change rename = make_change(rename_kind, new_name);
        rename.old_object = step;
        emit_rename(rename);
      }
    }
  }

  // A label that disappeared while another appeared in the same enum may be a rename: rows
  // holding it keep their value only through ALTER TYPE ... RENAME VALUE.
  void resolve_enum_value_renames() {
    for (const auto& [name, target] : to_.enums) {
      auto it = work_.enums.find(name);
      if (it == work_.enums.end()) continue;
      const std::vector<std::string>& current = it->second.values;
      std::vector<std::string> created, missing;
      for (const std::string& value : target.values) {
        if (std::find(current.begin(), current.end(), value) == current.end()) {
          created.push_back(value);
        }
      }
      for (const std::string& value : current) {
        if (std::find(target.values.begin(), target.values.end(), value) == target.values.end()) {
          missing.push_back(value);
        }
      }
      for (const auto& [old_value, new_value] : diff_detail::resolve_renames(
               resolver_, RenameKind::EnumValue, name.display(), created, missing)) {
        Change change = make_change(ChangeKind::RenameEnumValue, name, new_value);
        change.old_name = old_value;
        emit_rename(change);
      }
    }
  }

  // An attribute that disappeared while another appeared in the same composite type may be a
  // rename: the values of the columns of the type keep it only through RENAME ATTRIBUTE.
  void resolve_attribute_renames() {
    for (const auto& [name, target] : to_.composite_types) {
      auto it = work_.composite_types.find(name);
      if (it == work_.composite_types.end()) continue;
      auto holds = [](const CompositeType& type, const std::string& attribute) {
        return std::any_of(type.attributes.begin(), type.attributes.end(),
                           [&](const CompositeAttribute& a) { return a.name == attribute; });
      };
      std::vector<std::string> created, missing;
      for (const CompositeAttribute& attribute : target.attributes) {
        if (!holds(it->second, attribute.name)) created.push_back(attribute.name);
      }
      for (const CompositeAttribute& attribute : it->second.attributes) {
        if (!holds(target, attribute.name)) missing.push_back(attribute.name);
      }
      for (const auto& [old_name, new_name] : diff_detail::resolve_renames(
               resolver_, RenameKind::Attribute, name.display(), created, missing)) {
        Change change = make_change(ChangeKind::RenameCompositeAttribute, name, new_name);
        change.old_name = old_name;
        emit_rename(change);
      }
    }
  }

  void resolve_member_renames() {
    for (const auto& [table_name, target] : to_.tables) {
      auto it = work_.tables.find(table_name);
      if (it == work_.tables.end()) continue;
      std::vector<std::string> created, missing;
      for (const Column& column : target.columns) {
        if (!it->second.find_column(column.name)) created.push_back(column.name);
      }
      for (const Column& column : it->second.columns) {
        if (!target.find_column(column.name)) missing.push_back(column.name);
      }
      for (const auto& [old_name, new_name] : diff_detail::resolve_renames(
               resolver_, RenameKind::Column, table_name.display(), created, missing)) {
        Change change = make_change(ChangeKind::RenameColumn, table_name, new_name);
        change.old_name = old_name;
        emit_rename(change);
      }
      created.clear();
      missing.clear();
      for (const auto& [name, policy] : target.policies) {
        if (!it->second.policies.contains(name)) created.push_back(name);
      }
      for (const auto& [name, policy] : it->second.policies) {
        if (!target.policies.contains(name)) missing.push_back(name);
      }
      for (const auto& [old_name, new_name] : diff_detail::resolve_renames(
               resolver_, RenameKind::Policy, table_name.display(), created, missing)) {
        Change change = make_change(ChangeKind::RenamePolicy, table_name, new_name);
        change.old_name = old_name;
        emit_rename(change);
      }
    }
  }

  // Constraints and indexes that only changed name (see diff_detail::member_renames). An
  // index name (also that of a primary key or unique constraint) must be free among the
  // relations of its schema, a constraint name among the table's constraints.
  void resolve_member_name_changes() {
    // schema -> relation names in use; built on first need (most diffs rename nothing).
    std::optional<std::map<std::string, std::set<std::string>>> relations;
    auto in_use = [&]() -> std::map<std::string, std::set<std::string>>& {
      if (relations) return *relations;
      relations.emplace();
      auto add = [&](const QualifiedName& name) { (*relations)[name.schema].insert(name.name); };
      for (const auto& [name, table] : work_.tables) {
        for (const QualifiedName& held : relation_names(table)) add(held);
      }
      // Serial sequences are named after their table, and the plan renames them along with
      // a renamed table: the names they will have count too.
      for (const auto& [name, table] : to_.tables) {
        for (const QualifiedName& sequence : column_sequences(table)) add(sequence);
      }
      for (const auto& [name, view] : work_.views) add(name);
      for (const auto& [name, sequence] : work_.sequences) add(name);
      return *relations;
    };
    // Applied once all are found, so that every table sees the names as they were.
    std::vector<Change> renames;
    for (const auto& [table_name, target] : to_.tables) {
      auto it = work_.tables.find(table_name);
      if (it == work_.tables.end()) continue;
      const Table& current = it->second;
      const std::string& schema = table_name.schema;  // a binding cannot be captured (clang 14)
      auto taken = [&](const std::string& name) {
        return in_use()[schema].contains(name) || current.foreign_keys.contains(name) ||
               current.check_constraints.contains(name);
      };
      for (Change& change : diff_detail::member_renames(current, target, taken)) {
        in_use()[table_name.schema].insert(change.name);
        renames.push_back(std::move(change));
      }
    }
    for (const Change& change : renames) emit_rename(change);
  }

  void diff_namespaces() {
    for (const auto& [name, ns] : to_.namespaces) {
      auto it = work_.namespaces.find(name);
      if (it == work_.namespaces.end()) {
        Change change = make_change(ChangeKind::CreateSchema, QualifiedName{name, ""});
        change.after = ns;
        out_.push_back(change);
      }
      comment("SCHEMA", QualifiedName{name, ""},
              it == work_.namespaces.end() ? std::nullopt : it->second.comment, ns.comment);
    }
    for (const auto& [name, ns] : work_.namespaces) {
      if (to_.namespaces.contains(name)) continue;
      Change change = make_change(ChangeKind::DropSchema, QualifiedName{name, ""});
      change.before = ns;
      out_.push_back(change);
    }
  }

  template <typename Object>
  void diff_named(const std::map<std::string, Object>& from,
                  const std::map<std::string, Object>& to, ChangeKind create, ChangeKind drop,
                  ChangeKind alter) {
    for (const auto& [name, object] : to) {
      auto it = from.find(name);
      if (it != from.end() && it->second == object) continue;
      Change change = make_change(it == from.end() ? create : alter, QualifiedName{"", name});
      if (it != from.end()) change.before = it->second;
      change.after = object;
      out_.push_back(change);
    }
    for (const auto& [name, object] : from) {
      if (to.contains(name)) continue;
      Change change = make_change(drop, QualifiedName{"", name});
      change.before = object;
      out_.push_back(change);
    }
  }

  void diff_extensions() {
    diff_named(work_.extensions, to_.extensions, ChangeKind::CreateExtension,
               ChangeKind::DropExtension, ChangeKind::AlterExtension);
  }

  void diff_roles() {
    diff_named(work_.roles, to_.roles, ChangeKind::CreateRole, ChangeKind::DropRole,
               ChangeKind::AlterRole);
  }

  void diff_enum_values(const Enum& from, const Enum& to) {
    if (from.values == to.values) return;
    // Only additions keep the old values as an ordered subsequence of the new ones.
    size_t matched = 0;
    for (const std::string& value : to.values) {
      if (matched < from.values.size() && from.values[matched] == value) ++matched;
    }
    bool only_additions = matched == from.values.size() &&
                          std::all_of(from.values.begin(), from.values.end(), [&](auto& v) {
                            return std::count(to.values.begin(), to.values.end(), v) == 1;
                          });
    if (!only_additions) {
      Change change = make_change(ChangeKind::RecreateEnum, to.name);
      change.before = from;
      change.after = to;
      out_.push_back(change);
      return;
    }
    for (size_t i = 0; i < to.values.size(); ++i) {
      const std::string& value = to.values[i];
      if (std::find(from.values.begin(), from.values.end(), value) != from.values.end()) continue;
      Change change = make_change(ChangeKind::AddEnumValue, to.name, value);
      // Consecutive new values go BEFORE the same old value in order, which keeps their order.
      for (size_t j = i + 1; j < to.values.size(); ++j) {
        if (std::find(from.values.begin(), from.values.end(), to.values[j]) != from.values.end()) {
          change.detail = to.values[j];
          break;
        }
      }
      change.before = from;
      change.after = to;
      out_.push_back(change);
    }
  }

  void diff_enums() {
    for (const auto& [name, type] : to_.enums) {
      auto it = work_.enums.find(name);
      if (it == work_.enums.end()) {
        Change change = make_change(ChangeKind::CreateEnum, name);
        change.after = type;
        out_.push_back(change);
        comment("TYPE", name, std::nullopt, type.comment);
        continue;
      }
      diff_enum_values(it->second, type);
      bool recreated = !out_.empty() && out_.back().kind == ChangeKind::RecreateEnum &&
                       out_.back().object == name;
      comment("TYPE", name, recreated ? std::nullopt : it->second.comment, type.comment);
    }
    for (const auto& [name, type] : work_.enums) {
      if (to_.enums.contains(name)) continue;
      Change change = make_change(ChangeKind::DropEnum, name);
      change.before = type;
      out_.push_back(change);
    }
  }

  void diff_sequences() {
    for (const auto& [name, sequence] : to_.sequences) {
      auto it = work_.sequences.find(name);
      if (it == work_.sequences.end()) {
        Change change = make_change(ChangeKind::CreateSequence, name);
        change.after = sequence;
        out_.push_back(change);
        comment("SEQUENCE", name, std::nullopt, sequence.comment);
        continue;
      }
      if (without_comment(it->second) != without_comment(sequence)) {
        Change change = make_change(ChangeKind::AlterSequence, name);
        change.before = it->second;
        change.after = sequence;
        out_.push_back(change);
      }
      comment("SEQUENCE", name, it->second.comment, sequence.comment);
    }
    for (const auto& [name, sequence] : work_.sequences) {
      if (to_.sequences.contains(name)) continue;
      Change change = make_change(ChangeKind::DropSequence, name);
      change.before = sequence;
      out_.push_back(change);
    }
  }

  // `ordered` with the plain tables (no partitions, no inheritance) whose column defaults call
  // nextval() last: such a default may call another table's serial sequence (a LIKE copy's does),
  // which exists once that table is created.
  std::vector<const Table*> in_creation_order(std::vector<const Table*> ordered) const {
    std::set<QualifiedName> parents;
    for (const Table* table : ordered) {
      if (table->partition_of) parents.insert(*table->partition_of);
      parents.insert(table->inherits.begin(), table->inherits.end());
    }
    auto calls_a_sequence = [&](const Table* table) {
      if (table->partition_of || !table->inherits.empty() || parents.contains(table->name))
        return false;
      return std::any_of(table->columns.begin(), table->columns.end(), [](const Column& column) {
        return column.default_value &&
               column.default_value->canonical.find("nextval(") != std::string::npos;
      });
    };
    std::stable_partition(ordered.begin(), ordered.end(),
                          [&](const Table* table) { return !calls_a_sequence(table); });
    return ordered;
  }

  void diff_tables() {
    // Parents removed first: what a table inherited from them is its own after NO INHERIT.
    diff_detail::diff_inheritance(work_, to_, out_);
    // A partition is created after its parent.
    for (const Table* table : in_creation_order(tables_in_partition_order(to_.tables))) {
      auto it = work_.tables.find(table->name);
      if (it == work_.tables.end()) {
        diff_detail::create_table_changes(*table, out_);
      } else {
        diff_detail::diff_table(it->second, *table, out_);
      }
    }
    for (const auto& [name, table] : work_.tables) {
      if (to_.tables.contains(name)) continue;
      Change change = make_change(ChangeKind::DropTable, name);
      change.before = table;
      out_.push_back(change);
    }
  }

  void diff_views() {
    for (const auto& [name, view] : work_.views) {
      auto it = to_.views.find(name);
      if (it != to_.views.end() && without_comment(view) == without_comment(it->second)) continue;
      Change change = make_change(ChangeKind::DropView, name);
      change.before = view;
      out_.push_back(change);
    }
    for (const auto& [name, view] : to_.views) {
      auto it = work_.views.find(name);
      const char* what = view.materialized ? "MATERIALIZED VIEW" : "VIEW";
      if (it != work_.views.end() && without_comment(view) == without_comment(it->second)) {
        comment(what, name, it->second.comment, view.comment);
        continue;
      }
      Change change = make_change(ChangeKind::CreateView, name);
      if (it != work_.views.end()) change.before = it->second;
      change.after = view;
      out_.push_back(change);
      comment(what, name, std::nullopt, view.comment);
    }
  }

  Schema work_;
  const Schema& to_;
  // Tables renamed or moved so far: new name -> name in `from`.
  std::map<QualifiedName, QualifiedName> renamed_tables_;
  RenameResolver& resolver_;
  std::vector<Change> out_;
};

}  // namespace

std::vector<Change> diff_schemas(const Schema& from, const Schema& to, RenameResolver& resolver) {
  // Equal models have no difference (the oracle holds every case's B -> B to it): one walk
  // instead of a copy of `from` and every family's comparison. The commonest run of push,
  // status and generate is one that finds nothing.
  if (from == to) return {};
  return SchemaDiffer(from, to, resolver).run();
}

}  // namespace sleet
