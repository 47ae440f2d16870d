// The parts of GET /api/schema that hang off tables, views and roles rather than sitting in a
// schema of their own: rules, event triggers and default privileges (schema_json.h assembles
// the document; docs/commands/studio.md has its shape).
#pragma once

#include <nlohmann/json.hpp>

#include "sleet/db.h"
#include "sleet/model.h"

namespace sleet::studio {

// Every rule of `schema`'s tables, then of its views, each by relation and name:
// [{"schema", "name", "relation": {"schema", "name", "kind"}, "event", "instead", "where",
// "actions", "definition", "comment"}]. `definition` is pg_get_ruledef's pretty text, read in
// one query on `connection`.
nlohmann::ordered_json rules_json(db::Connection& connection, const Schema& schema);

// The event triggers of `schema` by name: [{"name", "event", "tags", "function": {"schema",
// "name", "signature"}, "enabled", "definition", "comment"}]; `definition` is the statements
// pull writes for it.
nlohmann::ordered_json event_triggers_json(const Schema& schema);

// `schema`'s default privileges grouped by creating role, schema, object kind, grantee and
// state, as grants are: [{"role", "current_role", "schema", "object_kind", "grantee",
// "privileges", "grant_option", "revoked"}]. The role the inspector reads as "" is the one
// `connection` logs in as (one query): its name, with `current_role` true.
nlohmann::ordered_json default_privileges_json(db::Connection& connection, const Schema& schema);

}  // namespace sleet::studio
