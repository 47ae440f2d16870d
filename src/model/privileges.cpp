// Privileges in the model (privileges.h).
#include "sleet/privileges.h"

#include "sleet/default_privileges.h"

namespace sleet {

bool public_by_default(const std::string& object_kind, const std::string& privilege) {
  return (object_kind == "FUNCTION" && privilege == "EXECUTE") ||
         (object_kind == "TYPE" && privilege == "USAGE");
}

std::string grant_kind_of_default(const std::string& default_kind) {
  if (default_kind == "TABLES") return "TABLE";
  if (default_kind == "SEQUENCES") return "SEQUENCE";
  if (default_kind == "FUNCTIONS") return "FUNCTION";
  if (default_kind == "TYPES") return "TYPE";
  return "SCHEMA";
}

bool public_by_default_privilege(const DefaultPrivilege& privilege) {
  return privilege.schema.empty() && privilege.grantee == "public" &&
         public_by_default(grant_kind_of_default(privilege.object_kind), privilege.privilege);
}

std::map<Grant, GrantState> default_grants_for(
    const std::map<DefaultPrivilege, GrantState>& defaults, const std::string& kind,
    const std::string& schema) {
  std::map<Grant, GrantState> out;
  for (const auto& [key, state] : defaults) {
    if (!key.role.empty() || grant_kind_of_default(key.object_kind) != kind) continue;
    if (!key.schema.empty() && key.schema != schema) continue;
    Grant grant{kind, "", "", "", key.grantee, key.privilege};
    GrantState& held = out[grant];
    held.grant_option = held.grant_option || state.grant_option;
    held.revoked = state.revoked;
  }
  return out;
}

PrivilegeHolding holding_in(const std::map<Grant, GrantState>& grants, const Grant& grant) {
  auto it = grants.find(grant);
  if (it == grants.end()) {
    return PrivilegeHolding{grant.grantee == "public" && grant.column.empty() &&
                                public_by_default(grant.object_kind, grant.privilege),
                            false};
  }
  if (it->second.revoked) return PrivilegeHolding{};
  return PrivilegeHolding{true, it->second.grant_option};
}

void set_holding(std::map<Grant, GrantState>& grants, const Grant& grant,
                 PrivilegeHolding holding) {
  if (grant.grantee == "public" && grant.column.empty() &&
      public_by_default(grant.object_kind, grant.privilege)) {
    if (holding.held) {
      grants.erase(grant);
    } else {
      grants[grant] = GrantState{false, true};
    }
    return;
  }
  if (holding.held) {
    grants[grant] = GrantState{holding.grant_option, false};
  } else {
    grants.erase(grant);
  }
}

std::vector<QualifiedName> objects_of_grant_kind(const Schema& schema, const std::string& kind) {
  std::vector<QualifiedName> out;
  if (kind == "TABLE") {
    for (const auto& [name, table] : schema.tables) out.push_back(name);
    for (const auto& [name, view] : schema.views) out.push_back(name);
  } else if (kind == "SEQUENCE") {
    for (const auto& [name, sequence] : schema.sequences) out.push_back(name);
    for (const auto& [name, table] : schema.tables) {
      for (const QualifiedName& sequence : column_sequences(table)) out.push_back(sequence);
    }
  } else if (kind == "FUNCTION") {
    for (const auto& [name, function] : schema.functions) out.push_back(name);
  } else if (kind == "TYPE") {
    for (const auto& [name, type] : schema.enums) out.push_back(name);
    for (const auto& [name, domain] : schema.domains) out.push_back(name);
  } else if (kind == "SCHEMA") {
    for (const auto& [name, ns] : schema.namespaces) out.push_back(QualifiedName{name, ""});
  }
  return out;
}

}  // namespace sleet
