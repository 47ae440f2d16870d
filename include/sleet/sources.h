// Sources of a Schema. This header covers schema files: SQL files, CREATE statements (and the
// ALTER/COMMENT/... statements pg_dump writes) read with PostgreSQL's own parser into the
// model (docs/schema-sql.md lists what is supported), and drizzle TypeScript schema files,
// whose SQL the project's own drizzle-kit writes (docs/typescript-schemas.md).
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

// How drizzle TypeScript schema files are turned into SQL: the settings of the project they
// belong to.
struct TypeScriptSchemaOptions {
  // Where the exported SQL is cached (`.sleet/cache/` below it). Empty: the directory whose
  // node_modules holds drizzle-kit.
  std::filesystem::path project_directory;
  std::vector<std::string> schema_filter;  // drizzle's `schemaFilter`; empty: not set
  std::string casing;                      // drizzle's `casing`: "snake_case", "camelCase" or ""
};

// The SQL drizzle-kit writes for a set of TypeScript schema files.
struct TypeScriptExport {
  SchemaSource source;      // file_name "src/schema.ts (drizzle-kit)"; sql as drizzle-kit wrote it
  bool from_cache = false;  // true when node was not started
  std::string drizzle_kit_version;   // "0.31.11"
  std::filesystem::path cache_file;  // where the SQL is kept (after its key line)
};

// The declared schema of TypeScript (or JavaScript) schema `files`, as SQL: what the
// drizzle-kit of the project's node_modules (the nearest one above the first file, or above
// options.project_directory) generates from an empty folder with these files, `casing` and
// `schemaFilter`, run with node from PATH. Cached under `.sleet/cache/` by a SHA-256 of the
// files, the files they import by relative path (transitively), the options and the
// versions of drizzle-kit and drizzle-orm: with nothing changed node is not started.
// Throws sleet::Error (Usage) with where and a hint when drizzle-kit is missing or older
// than 0.31, when node is not on PATH, and when drizzle-kit fails (its own message, with
// the file:line:col it names as where).
TypeScriptExport export_typescript_schema(const std::vector<std::filesystem::path>& files,
                                          const TypeScriptSchemaOptions& options);

// Reads `files` as schema sources: each SQL file as it is, and the TypeScript schema files
// among them (is_typescript_schema_file) as one source, export_typescript_schema's. Throws
// what export_typescript_schema throws, and sleet::Error (Usage) when a file cannot be read.
std::vector<SchemaSource> read_schema_sources(const std::vector<std::filesystem::path>& files,
                                              const TypeScriptSchemaOptions& typescript = {});

// Reads `files` with read_schema_sources and parses them as parse_schema_sources does;
// locations use each path as given.
ParseReport parse_schema_files_with_notes(const std::vector<std::filesystem::path>& files,
                                          unsigned threads = 0,
                                          const TypeScriptSchemaOptions& typescript = {});

// parse_schema_files_with_notes without the notes.
Schema parse_schema_files(const std::vector<std::filesystem::path>& files,
                          const TypeScriptSchemaOptions& typescript = {});

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
