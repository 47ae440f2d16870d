// GRANT and REVOKE statements of one privilege (ddl.h).
#include <fmt/format.h>

#include "sleet/ddl.h"
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

}  // namespace sleet::ddl
