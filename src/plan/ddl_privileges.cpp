// GRANT and REVOKE statements of one privilege (ddl.h).
#include <fmt/format.h>

#include "sleet/ddl.h"
#include "sleet/default_privileges.h"
#include "sleet/sql.h"

namespace sleet::ddl {

namespace {

std::string object_sql(const Grant& grant, const Schema& schema) {
  QualifiedName name{grant.schema, grant.name};
  if (grant.object_kind == "SCHEMA") return "SCHEMA " + sql::quote_identifier(grant.schema);
  if (grant.object_kind == "FUNCTION") {
    auto it = schema.functions.find(name);
    if (it == schema.functions.end()) {
      // Named by its key alone: name(argument types), the types as format_type prints them.
      std::size_t paren = grant.name.find('(');
      return fmt::format("ROUTINE {}.{}{}", sql::quote_identifier(grant.schema),
                         sql::quote_identifier(grant.name.substr(0, paren)),
                         paren == std::string::npos ? "" : grant.name.substr(paren));
    }
    const Function& function = it->second;
    return fmt::format("{} {}({})", function.procedure ? "PROCEDURE" : "FUNCTION",
                       qualified(function.name), function.signature_sql());
  }
  return grant.object_kind + " " + qualified(name);
}

std::string privilege_sql(const Grant& grant) {
  if (grant.column.empty()) return grant.privilege;
  return fmt::format("{} ({})", grant.privilege, sql::quote_identifier(grant.column));
}

std::string grantee_sql(const Grant& grant) {
  return grant.grantee == "public" ? "PUBLIC" : sql::quote_identifier(grant.grantee);
}

}  // namespace

std::string grant_privilege(const Grant& grant, bool grant_option, const Schema& schema) {
  return fmt::format("GRANT {} ON {} TO {}{}", privilege_sql(grant), object_sql(grant, schema),
                     grantee_sql(grant), grant_option ? " WITH GRANT OPTION" : "");
}

std::string revoke_privilege(const Grant& grant, bool grant_option_only, const Schema& schema) {
  return fmt::format("REVOKE {}{} ON {} FROM {}", grant_option_only ? "GRANT OPTION FOR " : "",
                     privilege_sql(grant), object_sql(grant, schema), grantee_sql(grant));
}

namespace {

std::string default_prefix(const DefaultPrivilege& privilege) {
  std::string out = "ALTER DEFAULT PRIVILEGES";
  if (!privilege.role.empty()) out += " FOR ROLE " + sql::quote_identifier(privilege.role);
  if (!privilege.schema.empty()) out += " IN SCHEMA " + sql::quote_identifier(privilege.schema);
  return out;
}

std::string default_grantee_sql(const DefaultPrivilege& privilege) {
  return privilege.grantee == "public" ? "PUBLIC" : sql::quote_identifier(privilege.grantee);
}

}  // namespace

std::string grant_default_privilege(const DefaultPrivilege& privilege, bool grant_option) {
  return fmt::format("{} GRANT {} ON {} TO {}{}", default_prefix(privilege), privilege.privilege,
                     privilege.object_kind, default_grantee_sql(privilege),
                     grant_option ? " WITH GRANT OPTION" : "");
}

std::string revoke_default_privilege(const DefaultPrivilege& privilege, bool grant_option_only) {
  return fmt::format("{} REVOKE {}{} ON {} FROM {}", default_prefix(privilege),
                     grant_option_only ? "GRANT OPTION FOR " : "", privilege.privilege,
                     privilege.object_kind, default_grantee_sql(privilege));
}

// The default privileges, then every object's privileges: the grants it holds, and the
// revocation of what the default privileges of the role running the migrations would give it
// (the schema files apply those to every object they create) but it lacks, such as an object
// created before the defaults were set.
std::vector<std::string> privilege_statements(const Schema& schema) {
  std::vector<std::string> out;
  for (const auto& [privilege, state] : schema.default_privileges)
    out.push_back(state.revoked ? revoke_default_privilege(privilege, false)
                                : grant_default_privilege(privilege, state.grant_option));
  for (const auto& [grant, state] : schema.grants)
    out.push_back(state.revoked ? revoke_privilege(grant, false, schema)
                                : grant_privilege(grant, state.grant_option, schema));
  if (schema.default_privileges.empty()) return out;
  for (const char* kind : {"TABLE", "SEQUENCE", "FUNCTION", "TYPE", "SCHEMA"}) {
    for (const QualifiedName& object : objects_of_grant_kind(schema, kind)) {
      auto defaults = default_grants_for(schema.default_privileges, kind, object.schema);
      for (const auto& [key, state] : defaults) {
        Grant grant = key;
        grant.schema = object.schema;
        grant.name = object.name;
        PrivilegeHolding given = holding_in(defaults, key);
        PrivilegeHolding held = holding_in(schema.grants, grant);
        if (given == held) continue;
        if (!held.held) {
          out.push_back(revoke_privilege(grant, false, schema));
        } else if (!given.held || held.grant_option) {
          out.push_back(grant_privilege(grant, held.grant_option, schema));
        } else {
          out.push_back(revoke_privilege(grant, true, schema));
        }
      }
    }
  }
  return out;
}

}  // namespace sleet::ddl
