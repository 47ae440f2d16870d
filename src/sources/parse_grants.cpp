// GRANT and REVOKE of privileges on tables, views, sequences, functions, schemas and types
// (domains included). Statements apply in file order, so a REVOKE takes away what an earlier
// GRANT gave; ON ALL ... IN SCHEMA expands to the objects the files declare there.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "sleet/default_privileges.h"
#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// The privileges ALL stands for, per object kind.
std::vector<std::string> all_privileges(const std::string& kind) {
  if (kind == "TABLE")
    return {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"};
  if (kind == "SEQUENCE") return {"USAGE", "SELECT", "UPDATE"};
  if (kind == "FUNCTION") return {"EXECUTE"};
  if (kind == "SCHEMA") return {"USAGE", "CREATE"};
  return {"USAGE"};
}

// A target of the statement: the object kind and the model's name for it.
struct Target {
  std::string kind;
  QualifiedName name;
  const Table* table = nullptr;  // for column privileges
  const View* view = nullptr;
};

bool declares_sequence(const Schema& schema, const QualifiedName& name) {
  if (schema.sequences.contains(name)) return true;
  for (const auto& [table_name, table] : schema.tables) {
    if (table_name.schema != name.schema) continue;
    for (const QualifiedName& sequence : column_sequences(table))
      if (sequence == name) return true;
  }
  return false;
}

Target relation_target(Context& context, const std::string& kind,
                       const PgQuery__RangeVar& relation) {
  const Schema& schema = context.schema;
  Target target{kind, {}};
  if (kind == "SEQUENCE") {
    target.name =
        context.resolve(relation.schemaname, relation.relname,
                        [&](const QualifiedName& q) { return declares_sequence(schema, q); });
    if (!declares_sequence(schema, target.name)) {
      context.fail(relation.location,
                   fmt::format("GRANT on sequence {}, which the schema files do not create",
                               target.name.display()),
                   "create the sequence in the schema files, or grant in a custom migration");
    }
    return target;
  }
  target.name = context.resolve(relation.schemaname, relation.relname, [&](const QualifiedName& q) {
    return schema.tables.contains(q) || schema.views.contains(q);
  });
  if (auto it = schema.tables.find(target.name); it != schema.tables.end()) {
    target.table = &it->second;
  } else if (auto view = schema.views.find(target.name); view != schema.views.end()) {
    target.view = &view->second;
  } else if (declares_sequence(schema, target.name)) {
    target.kind = "SEQUENCE";  // GRANT ... ON TABLE accepts a sequence, as the server does
  } else {
    context.fail(relation.location,
                 fmt::format("GRANT on table {}, which the schema files do not create",
                             target.name.display()),
                 "create the table or view in the schema files before granting on it");
  }
  return target;
}

Target function_target(Context& context, const PgQuery__ObjectWithArgs& object, int location) {
  return Target{"FUNCTION", declared_function(context, object, location, "GRANT")};
}

Target type_target(Context& context, const std::vector<std::string>& names, int location) {
  const Schema& schema = context.schema;
  auto exists = [&](const QualifiedName& q) {
    return schema.enums.contains(q) || schema.domains.contains(q);
  };
  QualifiedName name =
      context.resolve(names.size() > 1 ? names[names.size() - 2] : "", names.back(), exists);
  if (!exists(name)) {
    context.fail(
        location,
        fmt::format("GRANT on type {}, which the schema files do not create", name.display()),
        "create the enum or domain in the schema files first");
  }
  return Target{"TYPE", name};
}

Target schema_target(Context& context, const std::string& name, int location) {
  if (name != "public" && !context.schema.namespaces.contains(name)) {
    context.fail(location,
                 fmt::format("GRANT on schema {}, which the schema files do not create", name),
                 "add CREATE SCHEMA " + name + " to the schema files");
  }
  return Target{"SCHEMA", QualifiedName{name, ""}};
}

std::vector<Target> all_in_schema(Context& context, const PgQuery__GrantStmt& statement) {
  std::vector<Target> out;
  const Schema& schema = context.schema;
  for (size_t i = 0; i < statement.n_objects; ++i) {
    std::string name = string_of(statement.objects[i]);
    schema_target(context, name, location_of(statement.objects[i]));
    switch (statement.objtype) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        for (const auto& [key, table] : schema.tables)
          if (key.schema == name) out.push_back(Target{"TABLE", key, &table});
        for (const auto& [key, view] : schema.views)
          if (key.schema == name) out.push_back(Target{"TABLE", key, nullptr, &view});
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        for (const auto& [key, sequence] : schema.sequences)
          if (key.schema == name) out.push_back(Target{"SEQUENCE", key});
        for (const auto& [key, table] : schema.tables) {
          if (key.schema != name) continue;
          for (const QualifiedName& sequence : column_sequences(table))
            out.push_back(Target{"SEQUENCE", sequence});
        }
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
      case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
        for (const auto& [key, function] : schema.functions) {
          if (key.schema != name) continue;
          bool wanted =
              statement.objtype == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE ||
              function.procedure == (statement.objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE);
          if (wanted) out.push_back(Target{"FUNCTION", key});
        }
        break;
      default:
        context.fail(-1,
                     "GRANT ON ALL ... IN SCHEMA takes TABLES, SEQUENCES, FUNCTIONS, "
                     "PROCEDURES or ROUTINES");
    }
  }
  return out;
}

std::vector<Target> targets_of(Context& context, const PgQuery__GrantStmt& statement) {
  if (statement.targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA)
    return all_in_schema(context, statement);
  std::vector<Target> out;
  for (size_t i = 0; i < statement.n_objects; ++i) {
    const PgQuery__Node* object = statement.objects[i];
    int location = location_of(object);
    switch (statement.objtype) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        out.push_back(relation_target(context, "TABLE", *object->range_var));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        out.push_back(relation_target(context, "SEQUENCE", *object->range_var));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
      case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
        out.push_back(function_target(context, *object->object_with_args, location));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        out.push_back(schema_target(context, string_of(object), location));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        out.push_back(
            type_target(context, strings_of(object->list->items, object->list->n_items), location));
        break;
      default:
        context.fail(-1,
                     "GRANT and REVOKE are modelled on tables, views, sequences, functions, "
                     "schemas and types only",
                     "put this statement in a custom migration (sleet generate --custom)");
    }
  }
  return out;
}

std::string grantee_of(Context& context, const PgQuery__RoleSpec& role) {
  switch (role.roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
      return "public";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
      return role.rolename;
    default:
      context.fail(role.location,
                   "GRANT to CURRENT_USER, CURRENT_ROLE or SESSION_USER depends on who runs it",
                   "name the role");
  }
}

void check_column(Context& context, const Target& target, const std::string& column, int location) {
  bool found = false;
  if (target.table) found = target.table->find_column(column) != nullptr;
  if (target.view) found = true;  // a view's columns come from its query; the server checks them
  if (!target.table && !target.view) {
    context.fail(location, "column privileges apply to tables and views only",
                 "grant on the whole object");
  }
  if (!found) {
    context.fail(location, fmt::format("table {} has no column {}", target.name.display(), column),
                 "name a column the table declares");
  }
}

// Applies one privilege; false when it is PUBLIC's on something PUBLIC holds no default on,
// which is not modelled (like a role the project does not declare).
bool apply(Context& context, const PgQuery__GrantStmt& statement, const Target& target,
           const std::string& privilege, const std::string& column, const std::string& grantee) {
  Grant grant{target.kind, target.name.schema, target.name.name, column, grantee, privilege};
  auto& grants = context.schema.grants;
  bool default_public =
      grantee == "public" && column.empty() && public_by_default(target.kind, privilege);
  if (grantee == "public" && !default_public) return false;
  if (statement.is_grant) {
    if (default_public) {
      grants.erase(grant);  // granted again: the default holds
      return true;
    }
    GrantState& state = grants[grant];
    state.grant_option = state.grant_option || statement.grant_option;
    return true;
  }
  if (default_public) {
    if (!statement.grant_option) grants[grant] = GrantState{false, true};
    return true;
  }
  auto it = grants.find(grant);
  if (it == grants.end()) return true;
  if (statement.grant_option) {
    it->second.grant_option = false;  // REVOKE GRANT OPTION FOR keeps the privilege
  } else {
    grants.erase(it);
  }
  return true;
}

}  // namespace

void apply_grant(Context& context, const PgQuery__GrantStmt& statement) {
  if (statement.targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_DEFAULTS) return;
  std::vector<Target> targets = targets_of(context, statement);
  std::vector<std::string> grantees;
  for (size_t i = 0; i < statement.n_grantees; ++i)
    grantees.push_back(grantee_of(context, *statement.grantees[i]->role_spec));
  bool public_ignored = false;
  for (const Target& target : targets) {
    std::vector<std::pair<std::string, std::vector<std::string>>> privileges;  // name, columns
    if (statement.n_privileges == 0) {
      for (const std::string& privilege : all_privileges(target.kind))
        privileges.push_back({privilege, {}});
    } else {
      std::vector<std::string> allowed = all_privileges(target.kind);
      for (size_t i = 0; i < statement.n_privileges; ++i) {
        const PgQuery__AccessPriv& access = *statement.privileges[i]->access_priv;
        std::vector<std::string> columns = strings_of(access.cols, access.n_cols);
        if (!access.priv_name) {  // ALL (columns)
          for (const std::string& privilege : allowed) privileges.push_back({privilege, columns});
          continue;
        }
        std::string privilege = upper(access.priv_name);
        if (std::find(allowed.begin(), allowed.end(), privilege) == allowed.end()) {
          context.fail(-1,
                       fmt::format("privilege {} does not apply to {} {}", privilege,
                                   target.kind == "TABLE" ? "table" : upper(target.kind),
                                   target.name.display()),
                       "use one of: " + fmt::format("{}", fmt::join(allowed, ", ")));
        }
        if (!columns.empty() && privilege != "SELECT" && privilege != "INSERT" &&
            privilege != "UPDATE" && privilege != "REFERENCES") {
          context.fail(-1, fmt::format("privilege {} cannot be granted on columns", privilege),
                       "column privileges are SELECT, INSERT, UPDATE and REFERENCES");
        }
        for (const std::string& column : columns) check_column(context, target, column, -1);
        privileges.push_back({privilege, columns});
      }
    }
    for (const auto& [privilege, columns] : privileges) {
      for (const std::string& grantee : grantees) {
        if (columns.empty()) {
          public_ignored |= !apply(context, statement, target, privilege, "", grantee);
          // Revoking a table privilege revokes it on every column too, as the server does.
          if (!statement.is_grant && target.kind == "TABLE") {
            // A named copy: clang 14 (the fuzzing build) cannot capture a structured binding.
            const std::string& revoked = privilege;
            std::erase_if(context.schema.grants, [&](const auto& entry) {
              const Grant& g = entry.first;
              return g.object_kind == "TABLE" && g.schema == target.name.schema &&
                     g.name == target.name.name && !g.column.empty() && g.grantee == grantee &&
                     g.privilege == revoked && !statement.grant_option;
            });
          }
        }
        for (const std::string& column : columns)
          public_ignored |= !apply(context, statement, target, privilege, column, grantee);
      }
    }
  }
  if (public_ignored) {
    context.note(-1, fmt::format("{} to PUBLIC ignored (PUBLIC's privileges are modelled only "
                                 "where it holds a default: EXECUTE on functions, USAGE on types)",
                                 statement.is_grant ? "GRANT" : "REVOKE"));
  }
}

}  // namespace sleet::sources

// ALTER DEFAULT PRIVILEGES. The schema files describe what exists, and a plan sets the default
// privileges before it creates anything, so those of the role running the migrations apply to
// every object the files create, wherever the statement stands; a GRANT or REVOKE after it
// changes what one object holds.
namespace sleet::sources {

namespace {

std::string default_kind_of(Context& context, PgQuery__ObjectType type) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      return "TABLES";
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      return "SEQUENCES";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
      return "FUNCTIONS";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      return "TYPES";
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      return "SCHEMAS";
    default:
      context.fail(-1,
                   "ALTER DEFAULT PRIVILEGES applies to TABLES, SEQUENCES, FUNCTIONS, ROUTINES, "
                   "TYPES or SCHEMAS",
                   "put this statement in a custom migration (sleet generate --custom)");
  }
}

// Gives every object of `kind` the files create what the migrating role's defaults now give
// instead of what they gave before.
void follow_defaults(Schema& schema, const std::map<DefaultPrivilege, GrantState>& before,
                     const std::string& kind) {
  for (const QualifiedName& object : objects_of_grant_kind(schema, kind)) {
    auto old_defaults = default_grants_for(before, kind, object.schema);
    auto new_defaults = default_grants_for(schema.default_privileges, kind, object.schema);
    std::set<Grant> keys;
    for (const auto& [grant, state] : old_defaults) keys.insert(grant);
    for (const auto& [grant, state] : new_defaults) keys.insert(grant);
    for (const Grant& key : keys) {
      PrivilegeHolding now = holding_in(new_defaults, key);
      if (holding_in(old_defaults, key) == now) continue;
      Grant grant = key;
      grant.schema = object.schema;
      grant.name = object.name;
      set_holding(schema.grants, grant, now);
    }
  }
}

std::string creating_role(Context& context, const PgQuery__RoleSpec& role) {
  switch (role.roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
      return role.rolename;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
      context.fail(role.location, "ALTER DEFAULT PRIVILEGES FOR ROLE PUBLIC is not a role",
                   "name the role that creates the objects");
    default:
      return "";  // CURRENT_USER, CURRENT_ROLE, SESSION_USER: the role running the migrations
  }
}

}  // namespace

void apply_default_privileges(Context& context,
                              const PgQuery__AlterDefaultPrivilegesStmt& statement) {
  std::vector<std::string> roles;
  std::vector<std::string> schemas;
  for (size_t i = 0; i < statement.n_options; ++i) {
    const PgQuery__DefElem& option = *statement.options[i]->def_elem;
    const PgQuery__List& list = *option.arg->list;
    if (std::string(option.defname) == "roles") {
      for (size_t j = 0; j < list.n_items; ++j)
        roles.push_back(creating_role(context, *list.items[j]->role_spec));
    } else {
      for (size_t j = 0; j < list.n_items; ++j) {
        std::string name = string_of(list.items[j]);
        if (name != "public" && !context.schema.namespaces.contains(name)) {
          context.fail(location_of(list.items[j]) >= 0 ? location_of(list.items[j])
                                                       : option.location,
                       fmt::format("ALTER DEFAULT PRIVILEGES IN SCHEMA {}, which the schema "
                                   "files do not create",
                                   name),
                       "add CREATE SCHEMA " + name + " to the schema files");
        }
        schemas.push_back(name);
      }
    }
  }
  if (roles.empty()) roles.push_back("");
  if (schemas.empty()) schemas.push_back("");
  const PgQuery__GrantStmt& action = *statement.action;
  std::string kind = default_kind_of(context, action.objtype);
  std::string grant_kind = grant_kind_of_default(kind);
  if (kind == "SCHEMAS" && !schemas.front().empty()) {
    context.fail(-1, "ALTER DEFAULT PRIVILEGES IN SCHEMA cannot be ON SCHEMAS",
                 "leave out IN SCHEMA: default privileges on schemas apply to every new schema");
  }
  std::vector<std::string> allowed = all_privileges(grant_kind);
  std::vector<std::string> privileges;
  for (size_t i = 0; i < action.n_privileges; ++i) {
    const PgQuery__AccessPriv& access = *action.privileges[i]->access_priv;
    if (!access.priv_name) {
      privileges = allowed;
      break;
    }
    std::string privilege = upper(access.priv_name);
    if (std::find(allowed.begin(), allowed.end(), privilege) == allowed.end()) {
      context.fail(-1, fmt::format("privilege {} does not apply to {}", privilege, kind),
                   "use one of: " + fmt::format("{}", fmt::join(allowed, ", ")));
    }
    privileges.push_back(privilege);
  }
  if (action.n_privileges == 0) privileges = allowed;
  std::vector<std::string> grantees;
  for (size_t i = 0; i < action.n_grantees; ++i)
    grantees.push_back(grantee_of(context, *action.grantees[i]->role_spec));

  bool public_ignored = false;
  for (const std::string& role : roles) {
    std::map<DefaultPrivilege, GrantState> before = context.schema.default_privileges;
    auto& defaults = context.schema.default_privileges;
    for (const std::string& schema : schemas) {
      for (const std::string& privilege : privileges) {
        for (const std::string& grantee : grantees) {
          DefaultPrivilege entry{role, schema, kind, grantee, privilege};
          bool builtin = public_by_default_privilege(entry);
          if (grantee == "public" && !builtin) {
            public_ignored = true;
            continue;
          }
          if (action.is_grant) {
            if (builtin) {
              defaults.erase(entry);  // given back: the built-in default holds
            } else {
              GrantState& state = defaults[entry];
              state.grant_option = state.grant_option || action.grant_option;
            }
          } else if (builtin) {
            if (!action.grant_option) defaults[entry] = GrantState{false, true};
          } else if (auto it = defaults.find(entry); it != defaults.end()) {
            if (action.grant_option) {
              it->second.grant_option = false;
            } else {
              defaults.erase(it);
            }
          }
        }
      }
    }
    if (role.empty()) follow_defaults(context.schema, before, grant_kind);
  }
  if (public_ignored) {
    context.note(-1, "ALTER DEFAULT PRIVILEGES to PUBLIC ignored (PUBLIC's default privileges "
                     "are modelled only where PostgreSQL gives one: EXECUTE on functions, USAGE "
                     "on types, taken away without IN SCHEMA)");
  }
}

}  // namespace sleet::sources
