// lint: lock and safety findings on migration SQL, with squawk's rule ids where squawk has
// the rule. docs/commands/lint.md lists the rules, their levels and what each suggests instead.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sleet/model.h"

namespace sleet {

namespace db {
class Connection;
}
class MigrationFolder;

enum class LintLevel { Error, Warning, Info, Off };

// "error", "warning", "info", "off".
std::string_view to_string(LintLevel level);

// One finding at a statement (or at an ignore comment).
struct LintFinding {
  std::string file;
  int line = 0;
  int column = 0;  // characters, from 1
  std::string rule;
  LintLevel level = LintLevel::Warning;
  std::string message;
  std::string hint;  // the safe form
  nlohmann::ordered_json to_json() const;
};

// A migration's SQL and the name findings give it (its path).
struct LintFile {
  std::string name;
  std::string sql;
  // The schema before this migration (its folder's previous snapshot), or nullptr when
  // unknown. Empty: unknown. Called at most once, and only when a rule needs it.
  std::function<std::shared_ptr<const Schema>()> schema_before;
};

// What a live database says, for the catalog-aware findings.
struct LintCatalog {
  int server_version = 0;  // server_version_num, e.g. 150004; 0: unknown (taken as current)
  // "schema.table" -> pg_class.reltuples, the planner's row estimate; negative: never analysed.
  std::map<std::string, double> table_rows;
  std::map<std::string, std::string> index_tables;  // "schema.index" -> "schema.table"
};

struct LintOptions {
  // Rule id -> level, over the rule's default (lint_rules() lists both).
  std::map<std::string, LintLevel> levels;
  // The files are one folder's migrations in order, none applied yet: a table an earlier
  // file created is as new in the later files as in its own.
  bool one_folder = false;
  // When set: lock findings on a table it estimates under `small_table_rows` rows are info,
  // and its server version decides the version-dependent rules.
  std::optional<LintCatalog> catalog;
  std::int64_t small_table_rows = 10000;
};

struct LintRule {
  std::string id;
  LintLevel level;  // by default
  std::string summary;
};

// Every rule lint knows, in a fixed order.
const std::vector<LintRule>& lint_rules();

// The rule `id` names; throws sleet::Error (Usage) at `where` when lint has none.
const LintRule& find_lint_rule(std::string_view id, const std::string& where = {});

// Lints each file as one migration. Statements on a table the same file (or, with
// `one_folder`, an earlier file) created take no lock worth a finding (no index, NOT NULL,
// constraint or type finding there); a type change the schema before the file shows to need
// no rewrite (varchar(n) to a larger n or text, numeric to a larger precision) gives none;
// with a catalog, lock findings on small tables are info and findings that depend on the
// server version follow it; and
// the safe sequences (SET NOT NULL after a validated CHECK (c IS NOT NULL), ADD CONSTRAINT
// ... USING INDEX, NOT VALID then VALIDATE) give none. `-- sleet:ignore RULE REASON` on the
// line above a statement, or in the file's leading comments for the whole file, suppresses
// RULE there; one without a reason is itself an error finding (ignore-without-reason), one
// that suppresses nothing a warning (unused-ignore). Findings are in file, then position,
// order; rules set to Off give none. Throws sleet::Error (Usage) at file:line:col when a
// file does not parse.
std::vector<LintFinding> lint_migrations(const std::vector<LintFile>& files,
                                         const LintOptions& options = {});

// Table row estimates and index owners of every user schema, and the server version, in
// two catalog queries. Throws db::DatabaseError when a query fails.
LintCatalog read_lint_catalog(db::Connection& connection);

// `folder`'s migrations from index `first` on, in journal order, each named by its path
// relative to `relative_to` (absolute when empty) and knowing the schema before it: the
// previous migration's snapshot (meta/<prefix>_snapshot.json; empty before the first
// migration), read when a rule asks for it. A snapshot that is missing gives nullptr; one
// that does not load throws sleet::Error (Usage) naming it.
std::vector<LintFile> folder_lint_files(const MigrationFolder& folder, std::size_t first = 0,
                                        const std::filesystem::path& relative_to = {});

// `findings` as one SARIF 2.1.0 log (one run of the tool "sleet", every rule listed with
// its default level; a finding's level error/warning/info is SARIF's error/warning/note), for
// code-scanning services. Paths are written as given, with '/' separators.
nlohmann::ordered_json lint_sarif(const std::vector<LintFinding>& findings);

// The level named `text` ("error", ...); throws sleet::Error (Usage) naming `where` otherwise.
LintLevel parse_lint_level(std::string_view text, const std::string& where);

}  // namespace sleet
