// Privileges granted on schema objects (GRANT / REVOKE), as part of the schema model.
// Included by model.h; see docs/diff.md "Privileges" for what is compared.
#pragma once

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

// Whether PostgreSQL grants `privilege` on an object of `object_kind` to PUBLIC when the
// object is created: EXECUTE on a FUNCTION, USAGE on a TYPE.
bool public_by_default(const std::string& object_kind, const std::string& privilege);

}  // namespace sleet
