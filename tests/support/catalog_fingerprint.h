// What a database's catalog says about its user schema, as sorted text lines that two
// databases can be compared by: "built by migrations" against "loaded directly".
#pragma once

#include <string>
#include <vector>

#include "support/test_cluster.h"

namespace sleet::testing {

// One line per schema, extension, relation (kind, RLS flags, options, comment), column
// (type, nullability, default, identity, generated expression, collation, comment),
// constraint (pg_get_constraintdef, name, comment), index (pg_get_indexdef, comment), enum
// (labels in order), sequence (pg_sequence options), view and materialized view
// (pg_get_viewdef), policy (pg_policies), function (pg_get_functiondef), aggregate (every
// pg_aggregate column, support functions by signature) and each role of `roles` that exists;
// sorted. Independent of OIDs and of column order. Normalised: a sequence owned by a column
// (serial, identity) is named by that column, not its own name, and a default of nextval() on it
// reads "nextval(owned)" (PostgreSQL never renames them). Schemas in `excluded_schemas` (and system
// schemas) are left out.
std::vector<std::string> catalog_lines(TestCluster& cluster, const std::string& database,
                                       const std::vector<std::string>& roles = {},
                                       const std::vector<std::string>& excluded_schemas = {
                                           "drizzle"});

// catalog_lines joined with '\n'.
std::string catalog_fingerprint(TestCluster& cluster, const std::string& database,
                                const std::vector<std::string>& roles = {},
                                const std::vector<std::string>& excluded_schemas = {"drizzle"});

// `lines` with the time of day of every timestamp or time constant blanked out (its date and
// type kept): DEFAULT 'now()' on such a column (FreeRADIUS) is stored as the moment the table
// was created, which differs between two builds of the same schema.
std::vector<std::string> moments_unstamped(std::vector<std::string> lines);

// The lines only in `expected` ("- ") and only in `actual` ("+ "), for failure messages.
std::string catalog_difference(const std::vector<std::string>& expected,
                               const std::vector<std::string>& actual);

}  // namespace sleet::testing
