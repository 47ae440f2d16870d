// Internal: canonical (format_type) spellings of PostgreSQL's built-in types.
#pragma once

#include <optional>
#include <string>

#include <pg_query.pb-c.h>

namespace sleet::sql {

// The spelling PostgreSQL's format_type() gives the built-in type that `type` names, with
// its modifiers and without array brackets: "integer", "numeric(10,2)", "timestamp(3) with
// time zone". `type` is as the parser leaves it (pg_catalog-qualified for SQL keywords,
// unqualified for names such as int4 or uuid). Returns nullopt when `type` names no built-in
// type (an enum, an extension's type). Throws sleet::Error (Usage, without a location) when
// the modifiers do not fit the type, e.g. text(10).
std::optional<std::string> builtin_type_name(const PgQuery__TypeName& type);

// A format_type spelling without its modifiers: "numeric(10,2)" -> "numeric",
// "timestamp(3) with time zone" -> "timestamp with time zone".
std::string without_modifiers(std::string type);

// The type modifiers of `type` as written ("3", "Point"), for types sleet does not know.
std::string type_modifiers_text(const PgQuery__TypeName& type);

}  // namespace sleet::sql
