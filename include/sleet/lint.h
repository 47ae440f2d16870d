// lint: lock and safety findings on migration SQL, with squawk's rule ids where squawk has
// the rule. docs/commands/lint.md lists the rules, their levels and what each suggests instead.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sleet {

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
};

struct LintOptions {
  // Rule id -> level, over the rule's default (lint_rules() lists both).
  std::map<std::string, LintLevel> levels;
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

// Lints each file as one migration. Statements on a table the same file created earlier
// take no lock worth a finding (no index, NOT NULL, constraint or type finding there), and
// the safe sequences (SET NOT NULL after a validated CHECK (c IS NOT NULL), ADD CONSTRAINT
// ... USING INDEX, NOT VALID then VALIDATE) give none. `-- sleet:ignore RULE REASON` on the
// line above a statement, or in the file's leading comments for the whole file, suppresses
// RULE there; one without a reason is itself an error finding (ignore-without-reason), one
// that suppresses nothing a warning (unused-ignore). Findings are in file, then position,
// order; rules set to Off give none. Throws sleet::Error (Usage) at file:line:col when a
// file does not parse.
std::vector<LintFinding> lint_migrations(const std::vector<LintFile>& files,
                                         const LintOptions& options = {});

// The level named `text` ("error", ...); throws sleet::Error (Usage) naming `where` otherwise.
LintLevel parse_lint_level(std::string_view text, const std::string& where);

}  // namespace sleet
