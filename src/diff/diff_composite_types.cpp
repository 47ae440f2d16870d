// diff_schemas: composite and range types, and the order of every user-defined type change.
// A composite type changes in place (ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE) when the server
// allows it; attributes reordered, or an attribute's type changed while a table column uses the
// type (the server refuses ALTER ATTRIBUTE TYPE then), make it a RecreateCompositeType whose
// columns the plan converts. A changed range type is dropped and created, refused while in use.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diff/diff_internal.h"
#include "sleet/error.h"

namespace sleet::diff_detail {

namespace {

bool is_type(const TypeName& type, const QualifiedName& name) {
  return type.schema == name.schema && type.name == name.name;
}

// What in `schema` uses the type `name`: table columns holding it directly, and the first
// other user (a domain, composite or range built on it, a function, or a column holding it
// through another type), empty when there is none.
struct TypeUsers {
  std::vector<std::string> columns;  // "table.column", columns of the type or arrays of it
  bool array_columns = false;
  bool indirect_columns = false;  // columns holding it inside another type
  std::string other;
};

TypeUsers users_of(const Schema& schema, const QualifiedName& name) {
  TypeUsers users;
  // Types built on `name`, directly or through each other.
  std::set<QualifiedName> built_on{name};
  if (auto range = schema.range_types.find(name); range != schema.range_types.end())
    built_on.insert(QualifiedName{name.schema, range->second.multirange_type_name()});
  for (bool grew = true; grew;) {
    grew = false;
    auto add = [&](const QualifiedName& type, const TypeName& used) {
      if (built_on.contains(type)) return;
      if (std::optional<QualifiedName> user = user_type_of(used); user && built_on.contains(*user))
        grew = built_on.insert(type).second;
    };
    for (const auto& [key, domain] : schema.domains) add(key, domain.base_type);
    for (const auto& [key, composite] : schema.composite_types)
      for (const CompositeAttribute& attribute : composite.attributes) add(key, attribute.type);
    for (const auto& [key, range] : schema.range_types) add(key, range.subtype);
  }
  auto note = [&](std::string what) {
    if (users.other.empty()) users.other = std::move(what);
  };
  for (const auto& [key, domain] : schema.domains)
    if (is_type(domain.base_type, name)) note("domain " + key.display());
  for (const auto& [key, composite] : schema.composite_types)
    for (const CompositeAttribute& attribute : composite.attributes)
      if (is_type(attribute.type, name)) note("composite type " + key.display());
  for (const auto& [key, range] : schema.range_types)
    if (is_type(range.subtype, name)) note("range type " + key.display());
  for (const auto& [key, function] : schema.functions) {
    bool uses = is_type(function.returns, name);
    for (const FunctionParameter& parameter : function.parameters)
      uses = uses || is_type(parameter.type, name);
    if (uses) note("function " + key.display());
  }
  for (const auto& [table_name, table] : schema.tables) {
    for (const Column& column : table.columns) {
      std::optional<QualifiedName> type = user_type_of(column.type);
      if (!type || !built_on.contains(*type)) continue;
      std::string where = fmt::format("column {}.{}", table_name.display(), column.name);
      if (*type != name) {
        users.indirect_columns = true;
        note(where);
      } else {
        users.columns.push_back(where);
        users.array_columns = users.array_columns || column.type.array_dimensions > 0;
      }
    }
  }
  return users;
}

std::vector<CompositeAttribute> without_comments(std::vector<CompositeAttribute> attributes) {
  for (CompositeAttribute& attribute : attributes) attribute.comment.reset();
  return attributes;
}

std::vector<std::string> names_of(const std::vector<CompositeAttribute>& attributes) {
  std::vector<std::string> names;
  for (const CompositeAttribute& attribute : attributes) names.push_back(attribute.name);
  return names;
}

const CompositeAttribute* find(const CompositeType& type, const std::string& name) {
  for (const CompositeAttribute& attribute : type.attributes)
    if (attribute.name == name) return &attribute;
  return nullptr;
}

// Whether dropping the attributes `after` lacks and adding its new ones at the end (all ALTER
// TYPE can do) gives `after`'s order.
bool reachable_in_place(const CompositeType& before, const CompositeType& after) {
  std::vector<std::string> order;
  for (const CompositeAttribute& attribute : before.attributes)
    if (find(after, attribute.name)) order.push_back(attribute.name);
  for (const CompositeAttribute& attribute : after.attributes)
    if (!find(before, attribute.name)) order.push_back(attribute.name);
  return order == names_of(after.attributes);
}

bool attribute_retyped(const CompositeType& before, const CompositeType& after) {
  for (const CompositeAttribute& attribute : after.attributes) {
    const CompositeAttribute* old = find(before, attribute.name);
    if (old && (old->type != attribute.type || old->collation != attribute.collation)) return true;
  }
  return false;
}

void comment(const char* what, const QualifiedName& name, const std::string& member,
             const std::optional<std::string>& before, const std::optional<std::string>& after,
             std::vector<Change>& out) {
  if (before == after) return;
  Change change = make_change(ChangeKind::SetComment, name, member);
  change.detail = what;
  if (before) change.before = *before;
  if (after) change.after = *after;
  out.push_back(change);
}

// Comments of the type and of its attributes; `before` is null for a created type.
void composite_comments(const CompositeType* before, const CompositeType& after,
                        std::vector<Change>& out) {
  comment("TYPE", after.name, "", before ? before->comment : std::nullopt, after.comment, out);
  for (const CompositeAttribute& attribute : after.attributes) {
    const CompositeAttribute* old = before ? find(*before, attribute.name) : nullptr;
    comment("COLUMN", after.name, attribute.name, old ? old->comment : std::nullopt,
            attribute.comment, out);
  }
}

[[noreturn]] void refuse(const std::string& what, const QualifiedName& name,
                         const std::string& user, const std::string& hint) {
  throw Error(ErrorKind::Usage,
              fmt::format("{} {} changes in a way PostgreSQL cannot apply in place, and {} uses "
                          "it",
                          what, name.display(), user),
              what + " " + name.display(), hint);
}

void diff_composite(const Schema& from, const CompositeType& old, const CompositeType& type,
                    std::vector<Change>& out) {
  const QualifiedName& name = type.name;
  if (without_comments(old.attributes) == without_comments(type.attributes)) {
    composite_comments(&old, type, out);
    return;
  }
  bool in_place = reachable_in_place(old, type);
  TypeUsers users = users_of(from, name);
  bool used_by_tables = !users.columns.empty() || users.indirect_columns;
  if (in_place && !(attribute_retyped(old, type) && used_by_tables)) {
    Change change = make_change(ChangeKind::AlterCompositeType, name);
    change.before = old;
    change.after = type;
    out.push_back(change);
    composite_comments(&old, type, out);
    return;
  }
  if (!users.other.empty()) {
    refuse("composite type", name, users.other,
           "change it in steps the server applies in place (attributes added at the end or "
           "dropped), or declare the new definition under another type name and move its users "
           "to it");
  }
  if (users.array_columns && names_of(old.attributes) != names_of(type.attributes)) {
    refuse("composite type", name, "an array column",
           "change attribute types in one migration and add or drop attributes in another: an "
           "array of the type is converted through its text form, which needs the same "
           "attributes");
  }
  Change change = make_change(ChangeKind::RecreateCompositeType, name);
  change.before = old;
  change.after = type;
  out.push_back(change);
  // The new type carries no comments yet: every one is set again.
  composite_comments(nullptr, type, out);
}

void diff_composites(const Schema& from, const Schema& to, std::vector<Change>& out) {
  for (const auto& [name, type] : to.composite_types) {
    auto it = from.composite_types.find(name);
    if (it != from.composite_types.end()) {
      diff_composite(from, it->second, type, out);
      continue;
    }
    Change change = make_change(ChangeKind::CreateCompositeType, name);
    change.after = type;
    out.push_back(change);
    composite_comments(nullptr, type, out);
  }
  for (const auto& [name, type] : from.composite_types) {
    if (to.composite_types.contains(name)) continue;
    Change change = make_change(ChangeKind::DropCompositeType, name);
    change.before = type;
    out.push_back(change);
  }
}

void diff_ranges(const Schema& from, const Schema& to, std::vector<Change>& out) {
  for (const auto& [name, range] : to.range_types) {
    auto it = from.range_types.find(name);
    if (it != from.range_types.end()) {
      const RangeType& old = it->second;
      if (without_comment(old) == without_comment(range)) {
        comment("TYPE", name, "", old.comment, range.comment, out);
        continue;
      }
      TypeUsers users = users_of(from, name);
      std::string user = users.columns.empty() ? users.other : users.columns.front();
      if (!user.empty()) {
        refuse("range type", name, user,
               "declare the new definition under another range type name and move the columns "
               "to it (the old range type is then dropped)");
      }
      Change drop = make_change(ChangeKind::DropRangeType, name);
      drop.before = old;
      out.push_back(drop);
    }
    Change change = make_change(ChangeKind::CreateRangeType, name);
    change.after = range;
    out.push_back(change);
    comment("TYPE", name, "", std::nullopt, range.comment, out);
  }
  for (const auto& [name, range] : from.range_types) {
    if (to.range_types.contains(name)) continue;
    Change change = make_change(ChangeKind::DropRangeType, name);
    change.before = range;
    out.push_back(change);
  }
}

// Where a type change sorts among the others: creations and alterations by rising depth in
// `to`, drops by falling depth in `from`.
int type_change_rank(const Change& change, const Schema& from, const Schema& to) {
  switch (change.kind) {
    case ChangeKind::CreateDomain:
    case ChangeKind::AlterDomain:
    case ChangeKind::CreateCompositeType:
    case ChangeKind::AlterCompositeType:
    case ChangeKind::RecreateCompositeType:
    case ChangeKind::CreateRangeType:
      return user_type_depth(to, change.object);
    case ChangeKind::DropDomain:
    case ChangeKind::DropCompositeType:
    case ChangeKind::DropRangeType:
      return -user_type_depth(from, change.object);
    default:
      return 0;
  }
}

bool is_type_change(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::CreateDomain:
    case ChangeKind::AlterDomain:
    case ChangeKind::DropDomain:
    case ChangeKind::CreateCompositeType:
    case ChangeKind::AlterCompositeType:
    case ChangeKind::RecreateCompositeType:
    case ChangeKind::DropCompositeType:
    case ChangeKind::CreateRangeType:
    case ChangeKind::DropRangeType:
      return true;
    default:
      return false;
  }
}

}  // namespace

void diff_composite_and_range_types(const Schema& from, const Schema& to,
                                    std::vector<Change>& out) {
  diff_composites(from, to, out);
  diff_ranges(from, to, out);
  // Domains, composites and ranges may be built on each other: the plan emits them in change
  // order within a phase, so the slots holding type changes are filled again in rank order.
  std::vector<size_t> slots;
  std::vector<Change> changes;
  for (size_t i = 0; i < out.size(); ++i) {
    if (!is_type_change(out[i].kind)) continue;
    slots.push_back(i);
    changes.push_back(out[i]);
  }
  std::stable_sort(changes.begin(), changes.end(), [&](const Change& a, const Change& b) {
    return type_change_rank(a, from, to) < type_change_rank(b, from, to);
  });
  for (size_t i = 0; i < slots.size(); ++i) out[slots[i]] = std::move(changes[i]);
}

}  // namespace sleet::diff_detail
