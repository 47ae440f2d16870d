// The lint corpus's files and their `-- expect:` lines, shared by the corpus tests with and
// without a database.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sleet/files.h"
#include "sleet/lint.h"
#include "sleet/sources.h"

namespace sleet::testing {

inline std::filesystem::path corpus_dir() {
  return std::filesystem::path(SLEET_SOURCE_DIR) / "tests" / "lint" / "corpus";
}

inline std::string trim(std::string text) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  text.erase(text.begin(), std::find_if_not(text.begin(), text.end(), space));
  text.erase(std::find_if_not(text.rbegin(), text.rend(), space).base(), text.end());
  return text;
}

// The sorted entries of the `-- expect:` first line (rule ids, or rule:level in the catalog
// cases); empty for `none`.
inline std::vector<std::string> expected_rules(const std::string& sql, const std::string& name) {
  const std::string prefix = "-- expect:";
  std::string first = sql.substr(0, sql.find('\n'));
  EXPECT_EQ(first.rfind(prefix, 0), 0u) << name << ": the first line is not `-- expect: ...`";
  std::vector<std::string> rules;
  if (first.rfind(prefix, 0) != 0) return rules;
  std::stringstream list(first.substr(prefix.size()));
  for (std::string rule; std::getline(list, rule, ',');) {
    rule = trim(rule);
    if (!rule.empty() && rule != "none") rules.push_back(rule);
  }
  std::sort(rules.begin(), rules.end());
  return rules;
}

inline std::string joined(const std::vector<std::string>& rules) {
  if (rules.empty()) return "none";
  std::string text;
  for (const std::string& rule : rules) text += (text.empty() ? "" : ", ") + rule;
  return text;
}

struct CorpusFile {
  std::string name;
  std::string sql;
};

// A case of corpus/folders or corpus/catalog: its migrations (NNNN_*.sql, in name order) and
// its other files (before.sql, setup.sql), empty when absent.
struct CorpusCase {
  std::string name;
  std::vector<CorpusFile> files;
  std::string before_sql;
  std::string setup_sql;
};

inline std::vector<CorpusCase> corpus_cases(const std::string& kind) {
  std::vector<CorpusCase> cases;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_dir() / kind)) {
    if (!entry.is_directory()) continue;
    CorpusCase one{entry.path().filename().string()};
    for (const auto& file : std::filesystem::directory_iterator(entry.path())) {
      std::string name = file.path().filename().string();
      std::string text = read_text_file(file.path());
      if (name == "before.sql") {
        one.before_sql = text;
      } else if (name == "setup.sql") {
        one.setup_sql = text;
      } else if (file.path().extension() == ".sql") {
        one.files.push_back({name, text});
      }
    }
    std::sort(one.files.begin(), one.files.end(),
              [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
    cases.push_back(std::move(one));
  }
  std::sort(cases.begin(), cases.end(),
            [](const CorpusCase& a, const CorpusCase& b) { return a.name < b.name; });
  return cases;
}

// The case's files as lint reads a folder: with before.sql, each knows the schema before it
// (before.sql, then the files before it applied), as a folder's snapshots would say.
inline std::vector<LintFile> lint_files_with_schema(const CorpusCase& folder) {
  std::vector<LintFile> files;
  std::vector<SchemaSource> earlier;
  for (const CorpusFile& file : folder.files) {
    LintFile lint_file{file.name, file.sql};
    if (!folder.before_sql.empty()) {
      lint_file.schema_before = [before = folder.before_sql, earlier,
                                 name = folder.name]() -> std::shared_ptr<const Schema> {
        Schema base = parse_schema_sql(before, name + "/before.sql");
        return std::make_shared<const Schema>(
            apply_migration_sql(std::move(base), earlier, name + "/before.sql").schema);
      };
    }
    earlier.push_back({file.name, file.sql});
    files.push_back(std::move(lint_file));
  }
  return files;
}

}  // namespace sleet::testing
