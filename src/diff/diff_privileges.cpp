// diff_schemas: privileges. Each (object, column, grantee, privilege) is compared as "held,
// with or without grant option, or not held", a revoked PUBLIC default read as not held and
// its absence as held. An object the diff creates holds only the defaults before; an object
// `to` does not hold (dropped with its privileges) is not revoked on. Default privileges are
// set before objects are created, so an object the diff creates starts with `to`'s defaults
// for the role running the migrations.
#include <set>

#include "diff/diff_internal.h"
#include "sleet/default_privileges.h"

namespace sleet::diff_detail {

namespace {

using Holding = PrivilegeHolding;

Holding holding(const std::map<Grant, GrantState>& grants, const Grant& grant) {
  return holding_in(grants, grant);
}

// What an object the plan creates holds: PostgreSQL's defaults and `to`'s default privileges.
Holding holding_when_created(const Schema& to, const Grant& grant) {
  Grant key{grant.object_kind, "", "", "", grant.grantee, grant.privilege};
  // Schemas are created before the default privileges are set: a new one gets them as grants.
  if (!grant.column.empty() || grant.object_kind == "SCHEMA") return holding({}, grant);
  const std::string& schema = grant.schema;
  return holding(default_grants_for(to.default_privileges, grant.object_kind, schema), key);
}

Holding default_holding(const std::map<DefaultPrivilege, GrantState>& defaults,
                        const DefaultPrivilege& privilege) {
  auto it = defaults.find(privilege);
  bool by_default = public_by_default_privilege(privilege);
  if (it == defaults.end()) return Holding{by_default, false};
  if (it->second.revoked) return Holding{false, false};
  return Holding{true, it->second.grant_option};
}

bool has_sequence(const Schema& schema, const QualifiedName& name) {
  if (schema.sequences.contains(name)) return true;
  auto table = schema.tables.begin();
  for (; table != schema.tables.end(); ++table) {
    if (table->first.schema != name.schema) continue;
    for (const QualifiedName& sequence : column_sequences(table->second))
      if (sequence == name) return true;
  }
  return false;
}

// Whether `schema` holds the object (and column) `grant` is on.
bool holds_object(const Schema& schema, const Grant& grant) {
  QualifiedName name{grant.schema, grant.name};
  if (grant.object_kind == "TABLE") {
    if (auto it = schema.tables.find(name); it != schema.tables.end())
      return grant.column.empty() || it->second.find_column(grant.column) != nullptr;
    return schema.views.contains(name);
  }
  if (grant.object_kind == "SEQUENCE") return has_sequence(schema, name);
  if (grant.object_kind == "FUNCTION") return schema.functions.contains(name);
  if (grant.object_kind == "SCHEMA")
    return grant.schema == "public" || schema.namespaces.contains(grant.schema);
  if (grant.object_kind == "TYPE")
    return schema.enums.contains(name) || schema.domains.contains(name);
  return false;
}

// The objects (as Grant with only kind and name set) the changes so far create, or create
// again: they start with the defaults.
std::set<std::pair<std::string, QualifiedName>> created_objects(const std::vector<Change>& out) {
  std::set<std::pair<std::string, QualifiedName>> created;
  for (const Change& change : out) {
    switch (change.kind) {
      case ChangeKind::CreateTable:
      case ChangeKind::CreateView:
        created.insert({"TABLE", change.object});
        for (const QualifiedName& sequence : std::holds_alternative<Table>(change.after)
                                                 ? column_sequences(std::get<Table>(change.after))
                                                 : std::vector<QualifiedName>{})
          created.insert({"SEQUENCE", sequence});
        break;
      case ChangeKind::CreateSequence:
        created.insert({"SEQUENCE", change.object});
        break;
      case ChangeKind::CreateFunction:
        created.insert({"FUNCTION", change.object});
        break;
      case ChangeKind::CreateEnum:
      case ChangeKind::RecreateEnum:
      case ChangeKind::CreateDomain:
        created.insert({"TYPE", change.object});
        break;
      case ChangeKind::CreateSchema:
        created.insert({"SCHEMA", QualifiedName{change.object.schema, ""}});
        break;
      default:
        break;
    }
  }
  return created;
}

// The grant or the revocation that turns `before` into `after` for `key` (a Grant or a
// DefaultPrivilege), if any: `kinds` are the grant's and the revocation's change kinds.
template <typename Key>
void changed_holding(const Key& key, const QualifiedName& object, Holding before, Holding after,
                     std::pair<ChangeKind, ChangeKind> kinds, std::vector<Change>& grants,
                     std::vector<Change>& revokes) {
  if (before == after) return;
  if (after.held && (!before.held || after.grant_option)) {
    Change change = make_change(kinds.first, object);
    change.after = key;
    if (after.grant_option) change.detail = "WITH GRANT OPTION";
    grants.push_back(change);
  } else {
    Change change = make_change(kinds.second, object);
    change.before = key;
    if (after.held) change.detail = "GRANT OPTION FOR";
    revokes.push_back(change);
  }
}

}  // namespace

void rename_grants(Schema& schema, const Change& change) {
  const char* kind = nullptr;
  switch (change.kind) {
    case ChangeKind::RenameSchema:
      kind = "";
      break;
    case ChangeKind::RenameEnum:
    case ChangeKind::MoveEnum:
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
      kind = "TYPE";
      break;
    case ChangeKind::RenameSequence:
    case ChangeKind::MoveSequence:
      kind = "SEQUENCE";
      break;
    case ChangeKind::RenameTable:
    case ChangeKind::MoveTable:
    case ChangeKind::RenameView:
    case ChangeKind::MoveView:
    case ChangeKind::RenameColumn:
      kind = "TABLE";
      break;
    default:
      return;
  }
  std::map<Grant, GrantState> renamed;
  for (const auto& [key, state] : schema.grants) {
    Grant grant = key;
    QualifiedName object{grant.schema, grant.name};
    if (change.kind == ChangeKind::RenameSchema) {
      if (grant.schema == change.old_object.schema) grant.schema = change.object.schema;
    } else if (grant.object_kind == kind && change.kind == ChangeKind::RenameColumn) {
      if (object == change.object && grant.column == change.old_name) grant.column = change.name;
    } else if (grant.object_kind == kind && object == change.old_object) {
      grant.schema = change.object.schema;
      grant.name = change.object.name;
    }
    renamed.emplace(std::move(grant), state);
  }
  schema.grants = std::move(renamed);
  if (change.kind != ChangeKind::RenameSchema) return;
  std::map<DefaultPrivilege, GrantState> defaults;
  for (const auto& [key, state] : schema.default_privileges) {
    DefaultPrivilege privilege = key;
    if (privilege.schema == change.old_object.schema) privilege.schema = change.object.schema;
    defaults.emplace(std::move(privilege), state);
  }
  schema.default_privileges = std::move(defaults);
}

void diff_privileges(const Schema& from, const Schema& to, std::vector<Change>& out) {
  auto created = created_objects(out);
  std::set<Grant> keys;
  for (const auto& [grant, state] : from.grants) keys.insert(grant);
  for (const auto& [grant, state] : to.grants) keys.insert(grant);
  // What `to`'s default privileges give an object the plan creates, which `to` may take away.
  if (!to.default_privileges.empty()) {
    for (const char* kind : {"TABLE", "SEQUENCE", "FUNCTION", "TYPE", "SCHEMA"}) {
      for (const QualifiedName& object : objects_of_grant_kind(to, kind)) {
        for (const auto& [key, state] :
             default_grants_for(to.default_privileges, kind, object.schema)) {
          Grant grant = key;
          grant.schema = object.schema;
          grant.name = object.name;
          if (created.contains({kind, object}) || !holds_object(from, grant)) keys.insert(grant);
        }
      }
    }
  }
  std::vector<Change> revokes, grants;
  for (const Grant& grant : keys) {
    if (!holds_object(to, grant)) continue;  // dropped, privileges and all
    QualifiedName object{grant.schema, grant.name};
    bool fresh = created.contains({grant.object_kind, object}) || !holds_object(from, grant);
    Holding before = fresh ? holding_when_created(to, grant) : holding(from.grants, grant);
    Holding after = holding(to.grants, grant);
    changed_holding(grant, object, before, after,
                    {ChangeKind::GrantPrivilege, ChangeKind::RevokePrivilege}, grants, revokes);
  }
  out.insert(out.end(), revokes.begin(), revokes.end());
  out.insert(out.end(), grants.begin(), grants.end());
}

void diff_default_privileges(const Schema& from, const Schema& to, std::vector<Change>& out) {
  std::set<DefaultPrivilege> keys;
  for (const auto& [privilege, state] : from.default_privileges) keys.insert(privilege);
  for (const auto& [privilege, state] : to.default_privileges) keys.insert(privilege);
  std::vector<Change> revokes, grants;
  for (const DefaultPrivilege& privilege : keys) {
    Holding before = default_holding(from.default_privileges, privilege);
    Holding after = default_holding(to.default_privileges, privilege);
    changed_holding(privilege, QualifiedName{privilege.schema, privilege.role}, before, after,
                    {ChangeKind::GrantDefaultPrivilege, ChangeKind::RevokeDefaultPrivilege},
                    grants, revokes);
  }
  out.insert(out.end(), revokes.begin(), revokes.end());
  out.insert(out.end(), grants.begin(), grants.end());
}

}  // namespace sleet::diff_detail
