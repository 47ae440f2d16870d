// The inspector's privileges: one bulk query per catalog (relations and their columns,
// schemas, functions, types), each ACL exploded with aclexplode. Reported for the grantees
// InspectOptions selects, never the owner's own; PUBLIC only where a default it holds
// (EXECUTE on functions, USAGE on types) was revoked. Default privileges (pg_default_acl) in
// one more query, the same way.
#include <fmt/format.h>

#include <set>

#include "sources/inspect_internal.h"

namespace sleet::sources {

namespace {

constexpr const char* kNotExtensionMember =
    "not exists (select 1 from pg_depend ext where ext.classid = '{}'::regclass and "
    "ext.objid = {} and ext.deptype = 'e')";

// The columns every privilege query returns, from `acl` exploded as x of an object owned by
// `owner`.
constexpr const char* kAclColumns =
    "coalesce(g.rolname, 'public') as grantee, x.privilege_type as privilege, "
    "x.is_grantable as grantable, x.grantee = {} as by_owner";

std::string relations_query() {
  std::string columns = fmt::format(kAclColumns, "c.relowner");
  std::string member = fmt::format(kNotExtensionMember, "pg_class", "c.oid");
  return fmt::format(
      "select case when c.relkind = 'S' then 'SEQUENCE' else 'TABLE' end as kind, "
      "n.nspname as schema, c.relname as name, '' as column_name, {0} "
      "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
      "cross join lateral aclexplode(c.relacl) x left join pg_roles g on g.oid = x.grantee "
      "where c.relkind in ('r', 'p', 'v', 'm', 'S') and c.relacl is not null and "
      "n.nspname = any($1::text[]) and {1} "
      "union all "
      "select 'TABLE', n.nspname, c.relname, a.attname, {0} "
      "from pg_attribute a join pg_class c on c.oid = a.attrelid "
      "join pg_namespace n on n.oid = c.relnamespace "
      "cross join lateral aclexplode(a.attacl) x left join pg_roles g on g.oid = x.grantee "
      "where a.attacl is not null and a.attnum > 0 and not a.attisdropped and "
      "c.relkind in ('r', 'p', 'v', 'm') and n.nspname = any($1::text[]) and {1}",
      columns, member);
}

std::string schemas_query() {
  return fmt::format(
      "select 'SCHEMA' as kind, n.nspname as schema, '' as name, '' as column_name, {} "
      "from pg_namespace n cross join lateral aclexplode(n.nspacl) x "
      "left join pg_roles g on g.oid = x.grantee "
      "where n.nspacl is not null and n.nspname = any($1::text[])",
      fmt::format(kAclColumns, "n.nspowner"));
}

std::string functions_query() {
  return fmt::format(
      "select 'FUNCTION' as kind, n.nspname as schema, {} as name, "
      "'' as column_name, {} "
      "from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
      "cross join lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x "
      "left join pg_roles g on g.oid = x.grantee "
      "where p.prokind in ('f', 'p', 'a') and n.nspname = any($1::text[]) and {}",
      function_signature_sql("p"), fmt::format(kAclColumns, "p.proowner"),
      fmt::format(kNotExtensionMember, "pg_proc", "p.oid"));
}

std::string types_query() {
  return fmt::format(
      "select 'TYPE' as kind, n.nspname as schema, t.typname as name, '' as column_name, {} "
      "from pg_type t join pg_namespace n on n.oid = t.typnamespace "
      "cross join lateral aclexplode(coalesce(t.typacl, acldefault('T', t.typowner))) x "
      "left join pg_roles g on g.oid = x.grantee "
      "where t.typtype in ('e', 'd') and n.nspname = any($1::text[]) and {}",
      fmt::format(kAclColumns, "t.typowner"), fmt::format(kNotExtensionMember, "pg_type", "t.oid"));
}

// pg_default_acl: every entry of the database's global and selected schemas, exploded; then a
// row per global FUNCTIONS or TYPES entry that took PUBLIC's built-in default away.
std::string default_privileges_query() {
  return "select r.rolname as role, r.rolname = current_user as connecting, "
         "coalesce(n.nspname, '') as schema, d.defaclobjtype as kind, "
         "coalesce(g.rolname, 'public') as grantee, x.privilege_type as privilege, "
         "x.is_grantable as grantable, x.grantee = d.defaclrole as by_owner, false as revoked "
         "from pg_default_acl d join pg_roles r on r.oid = d.defaclrole "
         "left join pg_namespace n on n.oid = d.defaclnamespace "
         "cross join lateral aclexplode(d.defaclacl) x left join pg_roles g on g.oid = x.grantee "
         "where d.defaclnamespace = 0 or n.nspname = any($1::text[]) "
         "union all "
         "select r.rolname, r.rolname = current_user, '', d.defaclobjtype, 'public', "
         "case d.defaclobjtype when 'f' then 'EXECUTE' else 'USAGE' end, false, false, true "
         "from pg_default_acl d join pg_roles r on r.oid = d.defaclrole "
         "where d.defaclnamespace = 0 and d.defaclobjtype in ('f', 'T') and not exists ("
         "select 1 from aclexplode(d.defaclacl) p where p.grantee = 0) "
         "order by 1, 3, 4, 5, 6";
}

std::string default_kind(const std::string& letter) {
  if (letter == "r") return "TABLES";
  if (letter == "S") return "SEQUENCES";
  if (letter == "f") return "FUNCTIONS";
  if (letter == "T") return "TYPES";
  return "SCHEMAS";
}

bool grantee_selected(const InspectOptions& options, const std::string& grantee) {
  for (const auto* globs : {&options.grantees, &options.roles}) {
    for (const std::string& glob : *globs)
      if (glob_matches(glob, grantee)) return true;
  }
  return false;
}

void read_privileges(const db::Result& result, const InspectOptions& options, PrivilegeRows& rows,
                     Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Grant grant{row.text("kind"),        row.text("schema"),  row.text("name"),
                row.text("column_name"), row.text("grantee"), row.text("privilege")};
    if (grant.object_kind == "TABLE" &&
        !table_selected(options, QualifiedName{grant.schema, grant.name}))
      continue;
    if (public_by_default(grant.object_kind, grant.privilege)) {
      Grant object{grant.object_kind, grant.schema, grant.name, "", "public", grant.privilege};
      rows.objects.insert(object);
      if (grant.grantee == "public") rows.public_defaults.insert(object);
    }
    if (row.flag("by_owner") || grant.grantee == "public") continue;
    if (!grantee_selected(options, grant.grantee)) continue;
    schema.grants[grant] = GrantState{row.flag("grantable"), false};
  }
}

// The entries whose creating role or grantee the options select (PUBLIC's taken-away
// default for the connecting role and selected roles), the connecting role read as "".
void read_default_privileges(const db::Result& result, const InspectOptions& options,
                             Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    std::string role = row.flag("connecting") ? "" : row.text("role");
    DefaultPrivilege privilege{role, row.text("schema"), default_kind(row.text("kind")),
                               row.text("grantee"), row.text("privilege")};
    if (row.flag("by_owner")) continue;
    bool role_selected = role.empty() || grantee_selected(options, role);
    if (row.flag("revoked")) {
      if (role_selected) schema.default_privileges[privilege] = GrantState{false, true};
      continue;
    }
    if (privilege.grantee == "public") continue;  // PUBLIC's own defaults are not compared
    if (!grantee_selected(options, privilege.grantee)) continue;
    schema.default_privileges[privilege] = GrantState{row.flag("grantable"), false};
  }
}

}  // namespace

std::shared_ptr<PrivilegeRows> add_privilege_steps(std::vector<CatalogReader::Step>& steps,
                                                   const InspectOptions& options, Schema& schema) {
  auto state = std::make_shared<PrivilegeRows>();
  auto read = [&options, state, &schema](const db::Result& result) {
    read_privileges(result, options, *state, schema);
  };
  steps.push_back({relations_query(), "privileges on tables, views and sequences", true, read});
  steps.push_back({schemas_query(), "privileges on schemas", true, read});
  steps.push_back({functions_query(), "privileges on functions", true, read});
  steps.push_back({types_query(), "privileges on types", true, read});
  steps.push_back({default_privileges_query(), "default privileges", true,
                   [&options, &schema](const db::Result& result) {
                     read_default_privileges(result, options, schema);
                   }});
  return state;
}

void add_revoked_public_defaults(const PrivilegeRows& rows, Schema& schema) {
  for (const Grant& object : rows.objects) {
    if (!rows.public_defaults.contains(object)) schema.grants[object] = GrantState{false, true};
  }
}

}  // namespace sleet::sources
