// Schemas, extensions, enum types, roles and row-level security policies.
#include <fmt/format.h>

#include <algorithm>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/parse_written.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// Throws the duplicate-definition error unless an IF NOT EXISTS repeat says the same thing.
template <typename Model>
bool accept_repeat(Context& context, const std::string& kind, const std::string& name,
                   bool if_not_exists, const Model* existing, const Model& repeated) {
  auto earlier = context.names.add_object(kind, name, context.where(), if_not_exists);
  if (!earlier) return false;
  if (earlier->if_not_exists && existing && *existing == repeated) return true;
  context.fail(-1,
               fmt::format("{} {} is defined twice: at {} and at {}", kind, name, earlier->where,
                           context.where()),
               "keep one definition");
}

std::string role_name(const PgQuery__RoleSpec& role) {
  switch (role.roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
      return "public";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
      return "current_role";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
      return "current_user";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
      return "session_user";
    default:
      return role.rolename;
  }
}

}  // namespace

void apply_create_schema(Context& context, const PgQuery__CreateSchemaStmt& statement) {
  if (statement.n_schema_elts > 0) {
    context.fail(-1, "CREATE SCHEMA with embedded statements is not supported yet",
                 "write each CREATE statement on its own after CREATE SCHEMA");
  }
  std::string name = statement.schemaname;
  if (name.empty() && statement.authrole) name = statement.authrole->rolename;
  if (statement.authrole) context.note(-1, "AUTHORIZATION ignored (ownership is not modelled)");
  if (name == "public") {
    context.note(-1, "CREATE SCHEMA public ignored (the public schema always exists)");
    return;
  }
  Namespace model{name, std::nullopt};
  auto it = context.schema.namespaces.find(name);
  const Namespace* existing = it == context.schema.namespaces.end() ? nullptr : &it->second;
  if (accept_repeat(context, "schema", name, statement.if_not_exists, existing, model)) return;
  context.schema.namespaces.emplace(name, std::move(model));
}

void apply_create_extension(Context& context, const PgQuery__CreateExtensionStmt& statement) {
  Extension model;
  model.name = statement.extname;
  for (size_t i = 0; i < statement.n_options; ++i) {
    const PgQuery__DefElem& option = *statement.options[i]->def_elem;
    std::string option_name = option.defname;
    if (option_name == "schema") {
      model.schema = string_of(option.arg);
    } else if (option_name == "new_version") {
      model.version = string_of(option.arg);
    } else if (option_name != "cascade") {
      context.fail(option.location,
                   fmt::format("extension option {} is not supported", option_name));
    }
  }
  auto it = context.schema.extensions.find(model.name);
  const Extension* existing = it == context.schema.extensions.end() ? nullptr : &it->second;
  if (accept_repeat(context, "extension", model.name, statement.if_not_exists, existing, model))
    return;
  context.schema.extensions.emplace(model.name, std::move(model));
}

void apply_create_enum(Context& context, const PgQuery__CreateEnumStmt& statement) {
  std::vector<std::string> names = strings_of(statement.type_name, statement.n_type_name);
  Enum model;
  model.name = context.new_name(names.size() > 1 ? names[names.size() - 2] : "", names.back());
  model.values = strings_of(statement.vals, statement.n_vals);
  for (size_t i = 0; i < model.values.size(); ++i) {
    if (std::find(model.values.begin(), model.values.begin() + i, model.values[i]) !=
        model.values.begin() + i) {
      context.fail(-1, fmt::format("enum {} lists value \"{}\" twice", model.name.display(),
                                   model.values[i]));
    }
  }
  accept_repeat<Enum>(context, "type", model.name.display(), false, nullptr, model);
  context.schema.enums.emplace(model.name, std::move(model));
}

void apply_create_role(Context& context, const PgQuery__CreateRoleStmt& statement) {
  Role model;
  model.name = statement.role;
  for (size_t i = 0; i < statement.n_options; ++i) {
    const PgQuery__DefElem& option = *statement.options[i]->def_elem;
    std::string option_name = option.defname;
    if (option_name == "createdb") {
      model.create_db = boolean_of(option);
    } else if (option_name == "createrole") {
      model.create_role = boolean_of(option);
    } else if (option_name == "inherit") {
      model.inherit = boolean_of(option);
    } else {
      context.note(option.location,
                   fmt::format("role option {} ignored (only CREATEDB, CREATEROLE and INHERIT "
                               "are modelled)",
                               option_name));
    }
  }
  if (statement.stmt_type != PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_ROLE)
    context.note(-1, "CREATE USER/GROUP read as CREATE ROLE (LOGIN is not modelled)");
  accept_repeat<Role>(context, "role", model.name, false, nullptr, model);
  context.schema.roles.emplace(model.name, std::move(model));
}

void apply_create_policy(Context& context, const PgQuery__CreatePolicyStmt& statement) {
  Table& table = context.table(*statement.table);
  Policy model;
  model.name = statement.policy_name;
  model.permissive = statement.permissive;
  model.command = statement.cmd_name;
  std::transform(model.command.begin(), model.command.end(), model.command.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (statement.n_roles > 0) {
    model.roles.clear();
    for (size_t i = 0; i < statement.n_roles; ++i)
      model.roles.push_back(role_name(*statement.roles[i]->role_spec));
  }
  if (statement.qual) model.using_expression = parenthesized_as_written(context, *statement.qual);
  if (statement.with_check)
    model.with_check = parenthesized_as_written(context, *statement.with_check);
  accept_repeat<Policy>(context, "policy", model.name + " on table " + table.name.display(), false,
                        nullptr, model);
  table.policies.emplace(model.name, std::move(model));
}

}  // namespace sleet::sources
