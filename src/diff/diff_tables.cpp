// Differences inside one table: columns, constraints, indexes, policies, RLS, comments.
#include <algorithm>
#include <functional>
#include <optional>
#include <regex>
#include <set>

#include "diff/diff_internal.h"

namespace sleet::diff_detail {

namespace {

using ColumnSet = std::set<std::string>;

void comment_change(const char* what, const QualifiedName& object, const std::string& name,
                    const std::optional<std::string>& before,
                    const std::optional<std::string>& after, std::vector<Change>& out) {
  if (before == after) return;
  Change change = make_change(ChangeKind::SetComment, object, name);
  change.detail = what;
  if (before) change.before = *before;
  if (after) change.after = *after;
  out.push_back(std::move(change));
}

// A comment on an object that is being created: nothing to compare against.
void new_comment(const char* what, const QualifiedName& object, const std::string& name,
                 const std::optional<std::string>& comment, std::vector<Change>& out) {
  comment_change(what, object, name, std::nullopt, comment, out);
}

bool mentions(const std::optional<Expression>& expression, const ColumnSet& columns) {
  if (!expression) return false;
  for (const std::string& column : columns) {
    if (expression_mentions_column(expression->canonical, column)) return true;
  }
  return false;
}

bool lists(const std::vector<std::string>& names, const ColumnSet& columns) {
  for (const std::string& name : names) {
    if (columns.contains(name)) return true;
  }
  return false;
}

// Whether a constraint, index or policy reads one of `columns` (columns being re-added).
bool touches(const PrimaryKey& key, const ColumnSet& columns) {
  return lists(key.columns, columns);
}
bool touches(const ForeignKey& key, const ColumnSet& columns) {
  return lists(key.columns, columns);
}
bool touches(const UniqueConstraint& unique, const ColumnSet& columns) {
  return lists(unique.columns, columns);
}
bool touches(const CheckConstraint& check, const ColumnSet& columns) {
  return mentions(check.expression, columns);
}
bool touches(const Index& index, const ColumnSet& columns) {
  for (const IndexElement& element : index.elements) {
    if (columns.contains(element.column) || mentions(element.expression, columns)) return true;
  }
  return lists(index.include, columns) || mentions(index.where, columns);
}
bool touches(const ExclusionConstraint& exclusion, const ColumnSet& columns) {
  for (const IndexElement& element : exclusion.elements) {
    if (columns.contains(element.column) || mentions(element.expression, columns)) return true;
  }
  return lists(exclusion.include, columns) || mentions(exclusion.where, columns);
}
bool touches(const Policy& policy, const ColumnSet& columns) {
  return mentions(policy.using_expression, columns) || mentions(policy.with_check, columns);
}

// Members keyed by name: created, dropped, or changed (drop + add; PostgreSQL cannot alter
// their definitions), plus comment changes.
template <typename Member>
void diff_members(const QualifiedName& table, const std::map<std::string, Member>& from,
                  const std::map<std::string, Member>& to, ChangeKind add, ChangeKind drop,
                  const char* comment_kind, const ColumnSet& recreated, std::vector<Change>& out) {
  for (const auto& [name, member] : from) {
    auto it = to.find(name);
    bool changed =
        it != to.end() && (!same_but_comment(member, it->second) || touches(member, recreated));
    if (it == to.end() || changed) {
      Change change = make_change(drop, table, name);
      change.before = member;
      out.push_back(std::move(change));
    }
  }
  for (const auto& [name, member] : to) {
    auto it = from.find(name);
    bool changed = it != from.end() &&
                   (!same_but_comment(member, it->second) || touches(it->second, recreated));
    if (it == from.end() || changed) {
      Change change = make_change(add, table, name);
      if (it != from.end()) change.before = it->second;
      change.after = member;
      out.push_back(std::move(change));
      new_comment(comment_kind, table, name, member.comment, out);
    } else {
      comment_change(comment_kind, table, name, it->second.comment, member.comment, out);
    }
  }
}

// CHECKs or FOREIGN KEYs of `from` that only become valid in `to`: a ValidateConstraint each,
// and `from` returned with them valid so that diff_members sees nothing else to do. The other
// way (valid to NOT VALID) is left to diff_members: a drop and an add NOT VALID.
template <typename Member>
std::map<std::string, Member> validated_members(const QualifiedName& table,
                                                const std::map<std::string, Member>& from,
                                                const std::map<std::string, Member>& to,
                                                const ColumnSet& recreated,
                                                std::vector<Change>& out) {
  std::map<std::string, Member> result = from;
  for (auto& [name, member] : result) {
    auto target = to.find(name);
    if (member.valid || target == to.end() || !target->second.valid || touches(member, recreated))
      continue;
    Member validated = without_comment(member);
    validated.valid = true;
    if (validated != without_comment(target->second)) continue;
    Change change = make_change(ChangeKind::ValidateConstraint, table, name);
    change.before = member;
    change.after = target->second;
    out.push_back(std::move(change));
    member.valid = true;
  }
  return result;
}

// Policies: ALTER POLICY changes roles, USING and WITH CHECK, but cannot change the command
// or permissiveness, nor remove an expression; those are drop + create.
void diff_policies(const Table& from, const Table& to, const ColumnSet& recreated,
                   std::vector<Change>& out) {
  std::map<std::string, Policy> recreate_from, recreate_to;
  for (const auto& [name, policy] : from.policies) {
    auto it = to.policies.find(name);
    if (it == to.policies.end()) {
      recreate_from.emplace(name, policy);
      continue;
    }
    const Policy& target = it->second;
    Policy old = without_comment(policy), next = without_comment(target);
    bool needs_recreate = old.command != next.command || old.permissive != next.permissive ||
                          (old.using_expression && !next.using_expression) ||
                          (old.with_check && !next.with_check) || touches(policy, recreated);
    if (needs_recreate) {
      recreate_from.emplace(name, policy);
      recreate_to.emplace(name, target);
    } else {
      if (old != next) {
        Change change = make_change(ChangeKind::AlterPolicy, to.name, name);
        change.before = policy;
        change.after = target;
        out.push_back(std::move(change));
      }
      comment_change("POLICY", to.name, name, policy.comment, target.comment, out);
    }
  }
  for (const auto& [name, policy] : to.policies) {
    if (!from.policies.contains(name)) recreate_to.emplace(name, policy);
  }
  diff_members(to.name, recreate_from, recreate_to, ChangeKind::CreatePolicy,
               ChangeKind::DropPolicy, "POLICY", recreated, out);
}

std::optional<Expression> effective_default(const Column& column) {
  return column.serial == Serial::None ? column.default_value : std::nullopt;
}

// The text of a canonical expression that is one plain string literal ('a''b'), else nullopt.
// A scan rather than std::regex: the regex engine recurses per character, which a long JSON
// default would turn into a stack overflow, and this runs for every column push compares.
std::optional<std::string> string_literal(const std::string& canonical) {
  if (canonical.size() < 2 || canonical.front() != '\'' || canonical.back() != '\'')
    return std::nullopt;
  std::string text;
  for (std::size_t i = 1; i + 1 < canonical.size(); ++i) {
    if (canonical[i] == '\'') {
      if (i + 2 >= canonical.size() || canonical[i + 1] != '\'') return std::nullopt;
      ++i;  // a doubled quote inside the literal
    }
    text += canonical[i];
  }
  return text;
}

// A date or time column (not a domain or array) whose literal is a word the server replaces by
// the moment of creation.
bool is_frozen_moment(const Column& column, const std::string& text) {
  if (column.type.is_user_defined() || column.type.array_dimensions != 0) return false;
  static const std::regex temporal(R"((date|(timestamp|time)(\([0-9]+\))? with(out)? time zone))");
  static const std::regex moment(R"(\s*(now|today|tomorrow|yesterday)\s*(\(\s*\))?\s*)",
                                 std::regex::icase);
  return text.size() < 32 && std::regex_match(column.type.name, temporal) &&
         std::regex_match(text, moment);
}

// A declared DEFAULT 'now()' (FreeRADIUS's `creationdate timestamptz default 'now()'`) and
// the constant the server stored for it: comparing them would plan a change on every push.
bool same_frozen_moment(const Column& from, const Column& to) {
  auto a = effective_default(from), b = effective_default(to);
  if (!a || !b || from.type != to.type) return false;
  auto first = string_literal(a->canonical), second = string_literal(b->canonical);
  if (!first || !second) return false;
  return is_frozen_moment(from, *first) != is_frozen_moment(to, *second);
}

// Column attributes; returns true when the column is re-added (a new generated expression),
// in which case the ADD COLUMN carries the whole new definition.
// `readd`: a column it reads changes type, which PostgreSQL refuses while a stored generated
// column reads it; the column is then re-added too.
bool diff_column(const QualifiedName& table, const Column& from, const Column& to, bool readd,
                 std::vector<Change>& out) {
  auto change = [&](ChangeKind kind) -> Change& {
    out.push_back(make_change(kind, table, to.name));
    out.back().before = from;
    out.back().after = to;
    return out.back();
  };
  if (to.generated && (from.generated != to.generated || readd)) {
    change(ChangeKind::SetGenerated);
    new_comment("COLUMN", table, to.name, to.comment, out);
    return true;
  }
  if (from.generated && !to.generated) change(ChangeKind::DropGenerated);
  if (from.type != to.type) {
    change(ChangeKind::AlterColumnType);
  } else if (from.collation != to.collation) {
    change(ChangeKind::AlterColumnCollation);
  }
  // Serial-ness travels as a default: nextval of the owned sequence.
  if (from.serial != Serial::None && to.serial == Serial::None) {
    change(ChangeKind::DropColumnDefault);
    if (to.default_value) change(ChangeKind::SetColumnDefault);
  } else if (from.serial == Serial::None && to.serial != Serial::None) {
    change(ChangeKind::SetColumnDefault);
  } else if (effective_default(from) != effective_default(to) && !same_frozen_moment(from, to)) {
    change(to.default_value ? ChangeKind::SetColumnDefault : ChangeKind::DropColumnDefault);
  }
  if (!from.identity && to.identity) {
    change(ChangeKind::AddIdentity);
  } else if (from.identity && !to.identity) {
    change(ChangeKind::DropIdentity);
  } else if (from.identity != to.identity) {
    change(ChangeKind::AlterIdentity);
  }
  if (from.not_null != to.not_null) {
    change(to.not_null ? ChangeKind::SetNotNull : ChangeKind::DropNotNull);
  }
  comment_change("COLUMN", table, to.name, from.comment, to.comment, out);
  return false;
}

// The primary keys of `from` and `to` by name. A key the source did not name (a drizzle-kit
// snapshot's) takes the other side's name when both are on the same columns: its name was
// only a guess.
std::pair<std::map<std::string, PrimaryKey>, std::map<std::string, PrimaryKey>> primary_keys(
    const Table& from, const Table& to) {
  std::map<std::string, PrimaryKey> old_key, new_key;
  if (from.primary_key) old_key.emplace(from.primary_key->name, *from.primary_key);
  if (to.primary_key) new_key.emplace(to.primary_key->name, *to.primary_key);
  if (from.primary_key && to.primary_key && from.primary_key->columns == to.primary_key->columns &&
      from.primary_key->name != to.primary_key->name) {
    if (from.primary_key->unnamed) {
      auto node = old_key.extract(old_key.begin());
      node.key() = node.mapped().name = to.primary_key->name;
      old_key.insert(std::move(node));
    } else if (to.primary_key->unnamed) {
      auto node = new_key.extract(new_key.begin());
      node.key() = node.mapped().name = from.primary_key->name;
      new_key.insert(std::move(node));
    }
  }
  return {std::move(old_key), std::move(new_key)};
}

// A UNIQUE on exactly the primary key's columns enforces nothing the key does not, and the
// server folds one written in the same CREATE TABLE into the key (drizzle-kit's snapshot
// keeps it): on one side only, with the same key on both, it is no difference. The unique
// constraints of `table` without those; nullopt when there is none to leave out.
std::optional<std::map<std::string, UniqueConstraint>> without_key_duplicates(const Table& table,
                                                                              const Table& other) {
  if (!table.primary_key || !other.primary_key ||
      table.primary_key->columns != other.primary_key->columns)
    return std::nullopt;
  std::vector<std::string> key = table.primary_key->columns;
  std::sort(key.begin(), key.end());
  auto duplicates_key = [&](const std::pair<const std::string, UniqueConstraint>& item) {
    if (other.unique_constraints.contains(item.first)) return false;
    std::vector<std::string> columns = item.second.columns;
    std::sort(columns.begin(), columns.end());
    return columns == key;
  };
  if (std::none_of(table.unique_constraints.begin(), table.unique_constraints.end(),
                   duplicates_key))
    return std::nullopt;
  std::map<std::string, UniqueConstraint> kept = table.unique_constraints;
  std::erase_if(kept, duplicates_key);
  return kept;
}

void diff_primary_key(const Table& from, const Table& to, const ColumnSet& recreated,
                      std::vector<Change>& out) {
  auto [old_key, new_key] = primary_keys(from, to);
  diff_members(to.name, old_key, new_key, ChangeKind::AddPrimaryKey, ChangeKind::DropPrimaryKey,
               "CONSTRAINT", recreated, out);
}

// Whether `from` and `to` name their members differently: only then can one be renamed.
template <typename Member>
bool names_differ(const std::map<std::string, Member>& from,
                  const std::map<std::string, Member>& to) {
  if (from.size() != to.size()) return true;
  return !std::equal(from.begin(), from.end(), to.begin(),
                     [](const auto& a, const auto& b) { return a.first == b.first; });
}

// Pairs members only in `from` with members only in `to` that differ in nothing but the
// name; see member_renames. `changed` is computed when first needed.
template <typename Member>
void pair_renamed(const QualifiedName& table, const std::map<std::string, Member>& from,
                  const std::map<std::string, Member>& to, ChangeKind kind, const char* what,
                  const std::function<const ColumnSet&()>& changed,
                  const std::function<bool(const std::string&)>& taken,
                  std::set<std::string>& given, std::vector<Change>& out) {
  if (!names_differ(from, to)) return;
  std::vector<const Member*> dropped;
  for (const auto& [name, member] : from) {
    if (!to.contains(name) && !touches(member, changed())) dropped.push_back(&member);
  }
  for (const auto& [name, member] : to) {
    if (dropped.empty()) return;
    if (from.contains(name) || given.contains(name) || taken(name)) continue;
    const Member wanted = without_comment(member);
    for (auto candidate = dropped.begin(); candidate != dropped.end(); ++candidate) {
      Member renamed = without_comment(**candidate);
      renamed.name = name;
      if (renamed != wanted) continue;
      Change change = make_change(kind, table, name);
      change.old_name = (*candidate)->name;
      change.detail = what;
      out.push_back(std::move(change));
      given.insert(name);
      dropped.erase(candidate);
      break;
    }
  }
}

}  // namespace

std::vector<Change> member_renames(const Table& from, const Table& to,
                                   const std::function<bool(const std::string&)>& taken) {
  // Columns dropped or changed in any way (comments aside): a member reading one is left to
  // the drop and create the column change may need.
  std::optional<ColumnSet> changed_columns;
  std::function<const ColumnSet&()> changed = [&]() -> const ColumnSet& {
    if (!changed_columns) {
      changed_columns.emplace();
      for (const Column& column : from.columns) {
        const Column* now = to.find_column(column.name);
        if (!now || without_comment(*now) != without_comment(column)) {
          changed_columns->insert(column.name);
        }
      }
    }
    return *changed_columns;
  };
  std::vector<Change> out;
  std::set<std::string> given;
  auto [old_key, new_key] = primary_keys(from, to);
  pair_renamed(to.name, old_key, new_key, ChangeKind::RenameConstraint, "PRIMARY KEY", changed,
               taken, given, out);
  pair_renamed(to.name, from.unique_constraints, to.unique_constraints,
               ChangeKind::RenameConstraint, "UNIQUE", changed, taken, given, out);
  pair_renamed(to.name, from.check_constraints, to.check_constraints,
               ChangeKind::RenameConstraint, "CHECK", changed, taken, given, out);
  pair_renamed(to.name, from.foreign_keys, to.foreign_keys, ChangeKind::RenameConstraint,
               "FOREIGN KEY", changed, taken, given, out);
  pair_renamed(to.name, from.indexes, to.indexes, ChangeKind::RenameIndex, "INDEX", changed,
               taken, given, out);
  return out;
}

void create_table_changes(const Table& table, std::vector<Change>& out) {
  Change create = make_change(ChangeKind::CreateTable, table.name);
  create.after = table;
  out.push_back(std::move(create));
  for (const auto& [name, key] : table.foreign_keys) {
    Change change = make_change(ChangeKind::AddForeignKey, table.name, name);
    change.after = key;
    out.push_back(std::move(change));
  }
  // CREATE TABLE cannot hold a check NOT VALID (the server would validate it): added after.
  for (const auto& [name, check] : table.check_constraints) {
    if (check.valid) continue;
    Change change = make_change(ChangeKind::AddCheck, table.name, name);
    change.after = check;
    out.push_back(std::move(change));
  }
  for (const auto& [name, index] : table.indexes) {
    Change change = make_change(ChangeKind::CreateIndex, table.name, name);
    change.after = index;
    out.push_back(std::move(change));
  }
  for (const Column& column : table.columns) new_column_settings(table.name, column, out);
  diff_table_settings(Table{.name = table.name}, table, out);
  if (table.row_level_security) {
    out.push_back(make_change(ChangeKind::EnableRowLevelSecurity, table.name));
  }
  if (table.force_row_level_security) {
    out.push_back(make_change(ChangeKind::ForceRowLevelSecurity, table.name));
  }
  for (const auto& [name, policy] : table.policies) {
    Change change = make_change(ChangeKind::CreatePolicy, table.name, name);
    change.after = policy;
    out.push_back(std::move(change));
  }
  new_comment("TABLE", table.name, "", table.comment, out);
  for (const Column& column : table.columns) {
    new_comment("COLUMN", table.name, column.name, column.comment, out);
  }
  if (table.primary_key) {
    new_comment("CONSTRAINT", table.name, table.primary_key->name, table.primary_key->comment, out);
  }
  for (const auto& [name, key] : table.foreign_keys) {
    new_comment("CONSTRAINT", table.name, name, key.comment, out);
  }
  for (const auto& [name, unique] : table.unique_constraints) {
    new_comment("CONSTRAINT", table.name, name, unique.comment, out);
  }
  for (const auto& [name, check] : table.check_constraints) {
    new_comment("CONSTRAINT", table.name, name, check.comment, out);
  }
  for (const auto& [name, exclusion] : table.exclusion_constraints) {
    new_comment("CONSTRAINT", table.name, name, exclusion.comment, out);
  }
  for (const auto& [name, index] : table.indexes) {
    new_comment("INDEX", table.name, name, index.comment, out);
  }
  for (const auto& [name, policy] : table.policies) {
    new_comment("POLICY", table.name, name, policy.comment, out);
  }
}

void diff_view_indexes(const Schema& from, const Schema& to, std::vector<Change>& out) {
  std::set<QualifiedName> recreated_views;
  for (const Change& change : out)
    if (change.kind == ChangeKind::DropView) recreated_views.insert(change.object);
  static const std::map<std::string, Index> kNone;
  for (const auto& [name, view] : to.views) {
    auto before = from.views.find(name);
    bool kept = before != from.views.end() && !recreated_views.contains(name);
    diff_members(name, kept ? before->second.indexes : kNone, view.indexes, ChangeKind::CreateIndex,
                 ChangeKind::DropIndex, "INDEX", {}, out);
  }
}

void diff_table(const Table& from, const Table& to, std::vector<Change>& out) {
  diff_partitioning(from, to, out);  // first: it refuses what cannot be done in place
  const QualifiedName& name = to.name;
  ColumnSet recreated, retyped;
  for (const Column& column : to.columns) {
    const Column* old = from.find_column(column.name);
    if (old && old->type != column.type) retyped.insert(column.name);
  }
  for (const Column& column : from.columns) {
    if (!to.find_column(column.name)) {
      Change change = make_change(ChangeKind::DropColumn, name, column.name);
      change.before = column;
      out.push_back(std::move(change));
    }
  }
  for (const Column& column : to.columns) {
    const Column* old = from.find_column(column.name);
    if (!old) {
      Change change = make_change(ChangeKind::AddColumn, name, column.name);
      change.after = column;
      out.push_back(std::move(change));
      new_comment("COLUMN", name, column.name, column.comment, out);
      new_column_settings(name, column, out);
    } else if (diff_column(name, *old, column, old->generated && mentions(old->generated, retyped),
                           out)) {
      recreated.insert(column.name);
      new_column_settings(name, column, out);
    } else {
      diff_column_settings(name, *old, column, out);
    }
  }
  diff_primary_key(from, to, recreated, out);
  diff_members(name, validated_members(name, from.foreign_keys, to.foreign_keys, recreated, out),
               to.foreign_keys, ChangeKind::AddForeignKey, ChangeKind::DropForeignKey, "CONSTRAINT",
               recreated, out);
  {
    auto old_unique = without_key_duplicates(from, to);
    auto new_unique = without_key_duplicates(to, from);
    diff_members(name, old_unique ? *old_unique : from.unique_constraints,
                 new_unique ? *new_unique : to.unique_constraints, ChangeKind::AddUnique,
                 ChangeKind::DropUnique, "CONSTRAINT", recreated, out);
  }
  diff_members(
      name, validated_members(name, from.check_constraints, to.check_constraints, recreated, out),
      to.check_constraints, ChangeKind::AddCheck, ChangeKind::DropCheck, "CONSTRAINT", recreated,
      out);
  diff_members(name, from.exclusion_constraints, to.exclusion_constraints, ChangeKind::AddExclusion,
               ChangeKind::DropExclusion, "CONSTRAINT", recreated, out);
  diff_members(name, from.indexes, to.indexes, ChangeKind::CreateIndex, ChangeKind::DropIndex,
               "INDEX", recreated, out);
  diff_policies(from, to, recreated, out);
  diff_table_storage(from, to, out);
  diff_table_settings(from, to, out);
  if (from.row_level_security != to.row_level_security) {
    out.push_back(make_change(to.row_level_security ? ChangeKind::EnableRowLevelSecurity
                                                    : ChangeKind::DisableRowLevelSecurity,
                              name));
  }
  if (from.force_row_level_security != to.force_row_level_security) {
    out.push_back(make_change(to.force_row_level_security ? ChangeKind::ForceRowLevelSecurity
                                                          : ChangeKind::NoForceRowLevelSecurity,
                              name));
  }
  comment_change("TABLE", name, "", from.comment, to.comment, out);
}

}  // namespace sleet::diff_detail

namespace sleet {

bool default_is_frozen_moment(const Column& column) {
  using namespace diff_detail;
  auto value = effective_default(column);
  if (!value) return false;
  auto text = string_literal(value->canonical);
  return text && is_frozen_moment(column, *text);
}

}  // namespace sleet
