// Privileges granted on schema objects (GRANT / REVOKE), as part of the schema model.
// Included by model.h; see docs/diff.md "Privileges" for what is compared.
#pragma once

#include <map>
#include <string>

namespace sleet {

// One privilege of one grantee on one object (or one column of a table or view), the key of
// Schema::grants. Privileges are spelled as GRANT spells them: SELECT, INSERT, UPDATE,
// DELETE, TRUNCATE, REFERENCES, TRIGGER (tables, views), USAGE, SELECT, UPDATE (sequences),
// EXECUTE (functions), USAGE, CREATE (schemas), USAGE (types and domains).
struct Grant {
  std::string object_kind;  // "TABLE" (also views), "SEQUENCE", "FUNCTION", "SCHEMA" or "TYPE"
  // The object: schema and name; a FUNCTION's schema and Function::signature(); a SCHEMA's
  // name in `schema` with `name` empty.
  std::string schema;
  std::string name;
  std::string column;     // a column privilege; empty for the whole object
  std::string grantee;    // a role name, or "public" for PUBLIC
  std::string privilege;  // upper case

  auto operator<=>(const Grant&) const = default;
};

// How a Grant holds. `revoked` marks the revocation of a privilege PostgreSQL gives PUBLIC
// by default (EXECUTE on functions, USAGE on types and domains): such a default is not a
// grant the model holds, only its absence is.
struct GrantState {
  bool grant_option = false;  // WITH GRANT OPTION
  bool revoked = false;

  bool operator==(const GrantState&) const = default;
};

// One privilege of ALTER DEFAULT PRIVILEGES: what `grantee` receives on the objects of
// `object_kind` that `role` creates from then on, in `schema` or (empty) in any schema. The
// key of Schema::default_privileges; docs/diff.md "Default privileges" says what is compared.
struct DefaultPrivilege {
  // The creating role (FOR ROLE); empty for the role that runs the migrations (no FOR ROLE,
  // FOR ROLE CURRENT_USER, or the connecting role when read from a database).
  std::string role;
  std::string schema;       // IN SCHEMA; empty for the role's global entry
  std::string object_kind;  // "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES" or "SCHEMAS"
  std::string grantee;      // a role name, or "public"
  std::string privilege;    // upper case, as in Grant

  auto operator<=>(const DefaultPrivilege&) const = default;
};

// Whether PostgreSQL grants `privilege` on an object of `object_kind` to PUBLIC when the
// object is created: EXECUTE on a FUNCTION, USAGE on a TYPE.
bool public_by_default(const std::string& object_kind, const std::string& privilege);

// The Grant object kind (TABLE, SEQUENCE, FUNCTION, TYPE, SCHEMA) of a default privilege's
// object kind (TABLES, ...).
std::string grant_kind_of_default(const std::string& default_kind);

// Whether PostgreSQL's built-in default gives `privilege` on new objects of `default_kind`
// (TABLES, ...) to PUBLIC: EXECUTE on FUNCTIONS, USAGE on TYPES. Only a global entry
// (no schema) can take it away.
bool public_by_default_privilege(const DefaultPrivilege& privilege);

// What an object of Grant kind `kind` ("TABLE" also for views) created in PostgreSQL schema
// `schema` by the role running the migrations holds from `defaults` (Schema::
// default_privileges, its entries with an empty role): the global entries and those of
// `schema` (a SCHEMA's own name). Keys have object_kind, grantee and privilege set; a
// revoked state is PUBLIC's built-in default taken away.
std::map<Grant, GrantState> default_grants_for(
    const std::map<DefaultPrivilege, GrantState>& defaults, const std::string& kind,
    const std::string& schema);

}  // namespace sleet
