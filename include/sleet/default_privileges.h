// What default privileges (ALTER DEFAULT PRIVILEGES, Schema::default_privileges) give the
// objects of a schema: shared by the schema parser, the diff and pull. docs/diff.md
// "Default privileges".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sleet/model.h"

namespace sleet {

// Whether a privilege is held, and with grant option.
struct PrivilegeHolding {
  bool held = false;
  bool grant_option = false;

  bool operator==(const PrivilegeHolding&) const = default;
};

// What `grant` holds in `grants` (Schema::grants, or default_grants_for's result keyed by kind,
// grantee and privilege): an absent key is PUBLIC's built-in default where PostgreSQL gives
// one (EXECUTE on functions, USAGE on types, no column), else not held.
PrivilegeHolding holding_in(const std::map<Grant, GrantState>& grants, const Grant& grant);

// Sets `grant` in `grants` to `holding`, the way holding_in reads it back.
void set_holding(std::map<Grant, GrantState>& grants, const Grant& grant, PrivilegeHolding holding);

// The objects of `schema` that default privileges of Grant kind `kind` ("TABLE", "SEQUENCE",
// "FUNCTION", "TYPE", "SCHEMA") apply to when the role running the migrations creates them:
// tables and views; sequences, serial and identity ones included; functions and procedures;
// enums and domains; schemas other than public (as {name, ""}).
std::vector<QualifiedName> objects_of_grant_kind(const Schema& schema, const std::string& kind);

}  // namespace sleet
