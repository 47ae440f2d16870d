// Internal: small helpers the renderers of plan_changes (render_*.cpp) share.
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>
#include <variant>

#include "plan/plan_internal.h"
#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

// The spellings every renderer uses.
using ddl::qualified;
using sql::quote_identifier;
using sql::quote_literal;

template <typename T>
const T& as(const ChangeObject& object) {
  return std::get<T>(object);
}

inline std::string alter_table(const QualifiedName& table) {
  return "ALTER TABLE " + ddl::qualified(table);
}

inline std::string alter_column(const QualifiedName& table, const std::string& column) {
  return alter_table(table) + " ALTER COLUMN " + sql::quote_identifier(column);
}

inline std::string drop_constraint(const QualifiedName& table, const std::string& name) {
  return alter_table(table) + " DROP CONSTRAINT " + sql::quote_identifier(name);
}

inline std::string role_flags(const Role& role) {
  return fmt::format("{} {} {}", role.create_db ? "CREATEDB" : "NOCREATEDB",
                     role.create_role ? "CREATEROLE" : "NOCREATEROLE",
                     role.inherit ? "INHERIT" : "NOINHERIT");
}

inline std::string owned_by(const Sequence& sequence) {
  auto owner = sequence_owner(sequence);
  if (!owner) return "OWNED BY NONE";
  return "OWNED BY " + ddl::qualified(owner->first) + "." + sql::quote_identifier(owner->second);
}

// Whether `schema` has the column `owner` names.
inline bool has_column(const Schema& schema, const std::pair<QualifiedName, std::string>& owner) {
  auto table = schema.tables.find(owner.first);
  return table != schema.tables.end() && table->second.find_column(owner.second);
}

inline std::string policy_roles(const Policy& policy) {
  // create_policy prints the roles clause only when it is not PUBLIC; ALTER POLICY needs it.
  Policy copy = policy;
  copy.using_expression.reset();
  copy.with_check.reset();
  copy.command = "ALL";
  copy.permissive = true;
  std::string created = ddl::create_policy(QualifiedName{}, copy);
  auto to = created.find(" TO ");
  return to == std::string::npos ? "PUBLIC" : created.substr(to + 4);
}

}  // namespace sleet::plan_detail
