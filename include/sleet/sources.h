// Sources of a Schema. This header covers schema SQL files: CREATE statements (and the
// ALTER/COMMENT/... statements pg_dump writes) read with PostgreSQL's own parser into the
// model. docs/schema-sql.md lists what is supported.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/model.h"

namespace sleet {

// One schema file's text and the name its locations are reported under.
struct SchemaSource {
  std::string file_name;
  std::string sql;
};

// A parsed schema and the statements that were knowingly ignored (pg_dump session settings,
// OWNER TO, GRANT, ...), one "file:line:col: what was ignored" line each.
struct ParseReport {
  Schema schema;
  std::vector<std::string> notes;
};

// Parses all `sources` as one schema. The order of the sources and of statements across
// them does not matter: statements are applied in phases (schemas, extensions and types;
// sequences and tables; views; ALTERs, indexes and policies; comments). Throws sleet::Error
// (Usage) with where = "file:line:col" on a syntax error, an unsupported statement, an
// unknown type or object, or an object defined twice (the message names both places).
// Files are scanned and parsed on up to `threads` threads (0: one per core; the caller's
// thread is one of them), and applied in order on the caller's thread.
ParseReport parse_schema_sources(const std::vector<SchemaSource>& sources, unsigned threads = 0);

// Reads and parses `files` as parse_schema_sources does; locations use each path as given.
// Throws sleet::Error (Usage) when a file cannot be read.
ParseReport parse_schema_files_with_notes(const std::vector<std::filesystem::path>& files,
                                          unsigned threads = 0);

// parse_schema_files_with_notes without the notes.
Schema parse_schema_files(const std::vector<std::filesystem::path>& files);

// Parses one SQL text; `file_name` is used in error locations only.
Schema parse_schema_sql(std::string_view sql, const std::string& file_name);

// The schema `base` after the statements of migration files (`sources`, each in order, one
// after the other), applied as the server runs them: what the model holds changes the schema (CREATE
// TABLE/INDEX/VIEW/TYPE/SEQUENCE/SCHEMA/EXTENSION/POLICY, ALTER TABLE, COMMENT ON, ALTER TYPE
// ... ADD VALUE, DROP INDEX/TABLE/VIEW/SEQUENCE); a CREATE of an object `base` already holds
// is skipped; data statements (INSERT, UPDATE, ...) are passed over; anything else (CREATE
// FUNCTION, DO blocks, a statement that cannot apply) is left out with a note
// "file:line:col: ...". Names `base` holds are reported as defined at `base_where`. Throws
// sleet::Error (Usage) only when the text does not parse.
ParseReport apply_migration_sql(Schema base, const std::vector<SchemaSource>& sources,
                                const std::string& base_where);

}  // namespace sleet
