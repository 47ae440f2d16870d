// lint_migrations: parses each migration, runs the rules statement by statement, applies the
// `-- sleet:ignore` comments and the configured levels.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <regex>

#include "lint/lint_internal.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/lint.h"
#include "sql/tokens.h"

namespace sleet {

namespace {

const std::vector<LintRule> kRules = {
    {"require-concurrent-index-creation", LintLevel::Warning, "CREATE INDEX without CONCURRENTLY"},
    {"require-concurrent-index-deletion", LintLevel::Warning, "DROP INDEX without CONCURRENTLY"},
    {"constraint-missing-not-valid", LintLevel::Warning,
     "ADD CHECK or FOREIGN KEY without NOT VALID"},
    {"adding-foreign-key-constraint", LintLevel::Warning, "ADD FOREIGN KEY without NOT VALID"},
    {"adding-field-with-default", LintLevel::Warning, "ADD COLUMN with a volatile default"},
    {"adding-required-field", LintLevel::Error, "ADD COLUMN NOT NULL without a default"},
    {"adding-not-nullable-field", LintLevel::Warning, "SET NOT NULL on an existing table"},
    {"adding-serial-primary-key-field", LintLevel::Warning, "ADD COLUMN ... serial PRIMARY KEY"},
    {"changing-column-type", LintLevel::Warning, "ALTER COLUMN TYPE"},
    {"renaming-column", LintLevel::Warning, "RENAME COLUMN"},
    {"renaming-table", LintLevel::Warning, "RENAME TO on a table"},
    {"disallowed-unique-constraint", LintLevel::Warning,
     "ADD UNIQUE/PRIMARY KEY without USING INDEX"},
    {"ban-drop-column", LintLevel::Warning, "DROP COLUMN"},
    {"ban-drop-table", LintLevel::Warning, "DROP TABLE"},
    {"ban-drop-database", LintLevel::Error, "DROP DATABASE"},
    {"ban-drop-not-null", LintLevel::Warning, "DROP NOT NULL"},
    {"ban-truncate-cascade", LintLevel::Error, "TRUNCATE ... CASCADE"},
    {"ban-concurrent-index-creation-in-transaction", LintLevel::Error,
     "CREATE INDEX CONCURRENTLY after the file's own BEGIN"},
    {"transaction-nesting", LintLevel::Warning, "BEGIN/COMMIT inside a migration"},
    {"ban-create-domain-with-constraint", LintLevel::Warning, "CREATE DOMAIN with a CHECK"},
    {"ban-alter-domain-with-add-constraint", LintLevel::Warning, "ALTER DOMAIN ADD CONSTRAINT"},
    {"require-concurrent-reindex", LintLevel::Warning, "REINDEX without CONCURRENTLY"},
    {"require-concurrent-partition-detach", LintLevel::Warning,
     "DETACH PARTITION without CONCURRENTLY"},
    {"prefer-bigint-over-int", LintLevel::Info, "integer columns"},
    {"prefer-bigint-over-smallint", LintLevel::Info, "smallint columns"},
    {"prefer-identity", LintLevel::Info, "serial columns"},
    {"prefer-text-field", LintLevel::Info, "varchar(n) columns"},
    {"prefer-timestamp-tz", LintLevel::Info, "timestamp without time zone"},
    {"ban-char-field", LintLevel::Info, "char(n) columns"},
    {"identifier-too-long", LintLevel::Warning, "names over 63 bytes"},
    {"ban-vacuum-full", LintLevel::Warning, "VACUUM FULL (sleet's own)"},
    {"ban-cluster", LintLevel::Warning, "CLUSTER (sleet's own)"},
    {"ban-set-logged-unlogged", LintLevel::Warning, "SET LOGGED/UNLOGGED (sleet's own)"},
    {"ban-enum-value-use-in-same-transaction", LintLevel::Error,
     "an enum value used in the transaction that added it (sleet's own)"},
    {"foreign-key-without-index", LintLevel::Warning,
     "a foreign key no index covers (sleet's own)"},
    {"ignore-without-reason", LintLevel::Error, "a sleet:ignore comment without a reason"},
    {"unused-ignore", LintLevel::Warning, "a sleet:ignore comment that suppresses nothing"},
};

// `-- sleet:ignore RULE REASON`, alone on its line.
struct Ignore {
  std::string rule;
  std::string reason;
  int offset = 0;  // of the comment
  int line = 0;
  bool whole_file = false;
  bool used = false;
};

std::vector<Ignore> read_ignores(const std::string& sql, const LineIndex& lines) {
  static const std::regex kIgnore(
      R"(^[ \t]*--[ \t]*sleet:ignore[ \t]+([A-Za-z0-9-]+)[ \t]*(.*?)[ \t\r]*$)");
  std::vector<Ignore> ignores;
  size_t start = 0;
  while (start <= sql.size()) {
    size_t end = std::min(sql.find('\n', start), sql.size());
    std::smatch match;
    std::string line = sql.substr(start, end - start);
    if (line.find("sleet:ignore") != std::string::npos && std::regex_match(line, match, kIgnore)) {
      Ignore ignore{match[1], match[2], static_cast<int>(start)};
      ignore.line = lines.locate(start).first;
      ignores.push_back(std::move(ignore));
    }
    start = end + 1;
  }
  return ignores;
}

// " (table t has about N rows by its statistics: info under small_table_rows = M)" when
// every table `statement` locks is one the catalog estimates small, else empty.
std::string small_tables_note(const PgQuery__Node& statement, const LintOptions& options) {
  if (!options.catalog) return {};
  std::vector<std::string> tables = lint::locked_tables(statement, options.catalog->index_tables);
  if (tables.empty()) return {};
  std::sort(tables.begin(), tables.end());  // a foreign key to its own table names it twice
  tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
  std::string sizes;
  for (const std::string& table : tables) {
    auto rows = options.catalog->table_rows.find(table);
    // Absent (not created yet), never analysed (-1) or large: the lock matters.
    if (rows == options.catalog->table_rows.end() || rows->second < 0 ||
        rows->second >= static_cast<double>(options.small_table_rows))
      return {};
    sizes +=
        fmt::format("{}{} has about {:.0f} rows", sizes.empty() ? "" : ", ", table, rows->second);
  }
  return fmt::format(" ({} by its statistics, under small_table_rows = {}: info)", sizes,
                     options.small_table_rows);
}

// False when sleet migrate runs the file outside a transaction: a `-- sleet:transaction=off`
// among its leading comments, or (without `=on`) a statement a transaction block refuses.
bool runs_in_transaction(const std::string& sql, const sql::ParseTree& tree) {
  static const std::regex kDirective(R"(^[ \t]*--[ \t]*sleet:transaction=(on|off)[ \t\r]*$)");
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = std::min(sql.find('\n', start), sql.size());
    std::string line = sql.substr(start, end - start);
    std::smatch match;
    if (std::regex_match(line, match, kDirective)) return match[1] == "on";
    if (line.find_first_not_of(" \t\r") != std::string::npos &&
        line.find_first_not_of(" \t") != line.find("--"))
      break;  // the first statement: the directive comes before it
    start = end + 1;
  }
  for (size_t i = 0; i < tree.size(); ++i)
    if (lint::needs_no_transaction(*tree.statement(i).stmt)) return false;
  return true;
}

// The value of a plain 'quoted' string token, else nullopt (E'', dollar quotes: not compared).
std::optional<std::string> string_value(std::string_view token) {
  if (token.size() < 2 || token.front() != '\'' || token.back() != '\'') return std::nullopt;
  std::string value;
  for (size_t i = 1; i + 1 < token.size(); ++i) {
    value += token[i];
    if (token[i] == '\'' && token[i + 1] == '\'') ++i;
  }
  return value;
}

class FileLinter {
 public:
  FileLinter(const LintFile& file, const LintOptions& options, lint::MigrationState& state,
             std::vector<LintFinding>& out)
      : file_(file), options_(options), state_(state), out_(out), lines_(file.sql) {}

  void run() {
    sql::ParseTree tree(file_.sql, file_.name);
    std::vector<sql::Token> tokens = sql::scan_tokens(file_.sql, file_.name);
    std::vector<Ignore> ignores = read_ignores(file_.sql, lines_);
    std::vector<int> starts;
    for (size_t i = 0; i < tree.size(); ++i) {
      auto token = std::lower_bound(tokens.begin(), tokens.end(), tree.statement(i).stmt_location,
                                    [](const sql::Token& t, int at) { return t.start < at; });
      starts.push_back(token == tokens.end() ? tree.statement(i).stmt_location : token->start);
    }
    // In the leading comments, not directly above the first statement: the whole file.
    int first_line = starts.empty() ? 1 << 30 : lines_.locate(starts.front()).first;
    for (Ignore& ignore : ignores) ignore.whole_file = ignore.line < first_line - 1;
    // The parser truncates long names before a rule could see them: the tokens keep them.
    for (const sql::Token& token : tokens) {
      if (token.kind != PG_QUERY__TOKEN__IDENT) continue;
      std::string_view name(file_.sql.data() + token.start, token.end - token.start);
      if (name.size() > 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
      if (name.size() <= 63) continue;
      auto statement = std::upper_bound(starts.begin(), starts.end(), token.start);
      statement_start_ = statement == starts.begin() ? token.start : *(statement - 1);
      add("identifier-too-long",
          fmt::format("\"{}\" is {} bytes; PostgreSQL cuts names to 63", name, name.size()),
          "use a name of at most 63 bytes: the cut name is what the catalog holds", token.start,
          lines_.locate(statement_start_).first, ignores);
    }
    lint::MigrationState& state = state_;
    state.explicit_transaction = false;
    state.in_transaction = runs_in_transaction(file_.sql, tree);
    state.new_enums.clear();
    state.uncommitted_enum_values.clear();
    state.foreign_keys.clear();
    state.server_version = options_.catalog ? options_.catalog->server_version : 0;
    std::optional<std::shared_ptr<const Schema>> before;  // read on first use
    state.schema_before = nullptr;
    if (file_.schema_before) {
      state.schema_before = [this, &before]() -> const Schema* {
        if (!before) before = file_.schema_before();
        return before->get();
      };
    }
    for (size_t i = 0; i < tree.size(); ++i) {
      statement_start_ = starts[i];
      int line = lines_.locate(statement_start_).first;
      const PgQuery__Node& statement = *tree.statement(i).stmt;
      state.statement_start = statement_start_;
      state.string_literals.clear();
      int end = i + 1 < starts.size() ? starts[i + 1] : static_cast<int>(file_.sql.size());
      for (auto token = std::lower_bound(tokens.begin(), tokens.end(), statement_start_,
                                         [](const sql::Token&t, int at) { return t.start < at; });
           token != tokens.end() && token->start < end; ++token) {
        if (token->kind != PG_QUERY__TOKEN__SCONST) continue;
        auto value = string_value(
            std::string_view(file_.sql).substr(token->start, token->end - token->start));
        if (value) state.string_literals.emplace_back(*value, token->start);
      }
      std::string small = small_tables_note(statement, options_);
      lint::check_statement(statement, state,
                            [&](const std::string& rule, const std::string& message,
                                const std::string& hint, int location) {
                              if (!small.empty() && lint::is_lock_rule(rule)) {
                                add(rule, message + small, hint, location, line, ignores,
                                    LintLevel::Info);
                              } else {
                                add(rule, message, hint, location, line, ignores);
                              }
                            });
    }
    lint::check_foreign_key_indexes(
        state, [&](const std::string& message, const std::string& hint, int location, int start) {
          statement_start_ = start;
          add("foreign-key-without-index", message, hint, location, lines_.locate(start).first,
              ignores);
        });
    state.schema_before = nullptr;
    std::vector<Ignore> none;  // an ignore comment's own finding cannot be ignored
    for (const Ignore& ignore : ignores) {
      if (ignore.reason.empty()) {
        add("ignore-without-reason", fmt::format("sleet:ignore {} gives no reason", ignore.rule),
            fmt::format("say why: -- sleet:ignore {} <reason>", ignore.rule), ignore.offset, 0,
            none);
      } else if (!ignore.used) {
        add("unused-ignore", fmt::format("sleet:ignore {} suppresses nothing", ignore.rule),
            "remove the comment", ignore.offset, 0, none);
      }
    }
  }

 private:
  // `statement_line`: the line the statement starts on, for ignores written above it.
  // `at_most`: a level the finding is lowered to (a lock on a small table).
  void add(const std::string& rule, const std::string& message, const std::string& hint,
           int location, int statement_line, std::vector<Ignore>& ignores,
           LintLevel at_most = LintLevel::Error) {
    LintLevel level = std::max(level_of(rule), at_most);
    for (Ignore& ignore : ignores) {
      if (ignore.rule != rule || ignore.reason.empty()) continue;
      if (ignore.whole_file || ignore.line == statement_line - 1) {
        ignore.used = true;
        return;
      }
    }
    if (level == LintLevel::Off) return;
    auto [line, column] = lines_.locate(location >= 0 ? location : statement_start_);
    out_.push_back({file_.name, line, column, rule, level, message, hint});
  }

  LintLevel level_of(const std::string& rule) const {
    auto configured = options_.levels.find(rule);
    return configured != options_.levels.end() ? configured->second : find_lint_rule(rule).level;
  }

  const LintFile& file_;
  const LintOptions& options_;
  lint::MigrationState& state_;
  std::vector<LintFinding>& out_;
  LineIndex lines_;
  int statement_start_ = 0;
};

}  // namespace

std::string_view to_string(LintLevel level) {
  switch (level) {
    case LintLevel::Error:
      return "error";
    case LintLevel::Warning:
      return "warning";
    case LintLevel::Info:
      return "info";
    case LintLevel::Off:
      return "off";
  }
  return "warning";
}

LintLevel parse_lint_level(std::string_view text, const std::string& where) {
  for (LintLevel level : {LintLevel::Error, LintLevel::Warning, LintLevel::Info, LintLevel::Off})
    if (to_string(level) == text) return level;
  throw Error(ErrorKind::Usage, fmt::format("unknown lint level \"{}\"", text), where,
              "use error, warning, info or off");
}

nlohmann::ordered_json LintFinding::to_json() const {
  return {{"file", file},
          {"line", line},
          {"column", column},
          {"rule", rule},
          {"level", to_string(level)},
          {"message", message},
          {"hint", hint}};
}

nlohmann::ordered_json lint_sarif(const std::vector<LintFinding>& findings) {
  auto sarif_level = [](LintLevel level) {
    return level == LintLevel::Error ? "error" : level == LintLevel::Warning ? "warning" : "note";
  };
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const LintRule& rule : kRules) {
    rule_index[rule.id] = rules.size();
    rules.push_back({{"id", rule.id},
                     {"shortDescription", {{"text", rule.summary}}},
                     {"defaultConfiguration", {{"level", sarif_level(rule.level)}}}});
  }
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const LintFinding& finding : findings) {
    std::string uri = finding.file;
    std::replace(uri.begin(), uri.end(), '\\', '/');
    nlohmann::ordered_json region{{"startLine", finding.line}, {"startColumn", finding.column}};
    results.push_back(
        {{"ruleId", finding.rule},
         {"ruleIndex", rule_index.at(finding.rule)},
         {"level", sarif_level(finding.level)},
         {"message", {{"text", finding.message + ". Hint: " + finding.hint}}},
         {"locations",
          {{{"physicalLocation", {{"artifactLocation", {{"uri", uri}}}, {"region", region}}}}}}});
  }
  nlohmann::ordered_json driver{{"name", "sleet"}, {"version", SLEET_VERSION}, {"rules", rules}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", {{{"tool", {{"driver", driver}}}, {"results", results}}}}};
}

const std::vector<LintRule>& lint_rules() {
  return kRules;
}

const LintRule& find_lint_rule(std::string_view id, const std::string& where) {
  for (const LintRule& rule : kRules)
    if (rule.id == id) return rule;
  throw Error(ErrorKind::Usage, fmt::format("unknown lint rule \"{}\"", id), where,
              "`sleet lint --rules` lists them");
}

std::vector<LintFinding> lint_migrations(const std::vector<LintFile>& files,
                                         const LintOptions& options) {
  for (const auto& [rule, level] : options.levels) find_lint_rule(rule);
  std::vector<LintFinding> findings;
  lint::MigrationState folder_state;
  for (const LintFile& file : files) {
    std::vector<LintFinding> found;
    lint::MigrationState file_state;
    LintFile text = file;  // the text without a byte order mark, checked as UTF-8
    text.sql = std::string(utf8_text(file.sql, file.name));
    FileLinter(text, options, options.one_folder ? folder_state : file_state, found).run();
    std::stable_sort(found.begin(), found.end(), [](const LintFinding& a, const LintFinding& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    findings.insert(findings.end(), found.begin(), found.end());
  }
  return findings;
}

}  // namespace sleet
