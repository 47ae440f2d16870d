// The lint corpus: tests/lint/corpus/*.sql, each a small migration whose first line says which
// rule ids sleet must report (`-- expect: rule-a, rule-b`, a multiset in any order) or
// `-- expect: none`. Must-report cases, the plan-aware quiet cases (tables the file created,
// the safe sequences) and the suppressions; bench/lint/compare.sh runs squawk over the same
// files for docs/lint.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "lint/lint_corpus.h"
#include "sleet/error.h"
#include "sleet/lint.h"

namespace sleet::testing {
namespace {

// Files whose expectation is right and sleet is not yet (a rule to fix), each with the bug.
// Skipped with a message; a file listed here that passes fails, so the list stays current.
const std::map<std::string, std::string> kKnownFailures = {};

std::vector<CorpusFile> corpus() {
  std::vector<CorpusFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_dir())) {
    if (entry.path().extension() != ".sql") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({entry.path().filename().string(), text.str()});
  }
  std::sort(files.begin(), files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
  return files;
}

TEST(LintCorpus, HasEnoughCasesOfBothKinds) {
  int must_report = 0, must_not_report = 0;
  for (const CorpusFile& file : corpus())
    (expected_rules(file.sql, file.name).empty() ? must_not_report : must_report)++;
  EXPECT_GE(must_report + must_not_report, 60);
  EXPECT_GE(must_report, 20);
  EXPECT_GE(must_not_report, 20);
}

// Every rule sleet has is expected somewhere in the corpus.
TEST(LintCorpus, CoversEveryRule) {
  std::vector<std::string> covered;
  for (const CorpusFile& file : corpus()) {
    std::vector<std::string> rules = expected_rules(file.sql, file.name);
    covered.insert(covered.end(), rules.begin(), rules.end());
  }
  for (const LintRule& rule : lint_rules()) {
    EXPECT_NE(std::find(covered.begin(), covered.end(), rule.id), covered.end())
        << "no corpus file expects " << rule.id;
  }
}

TEST(LintCorpus, EachFileGivesExactlyItsExpectedFindings) {
  std::vector<std::string> skipped;
  for (const CorpusFile& file : corpus()) {
    std::vector<std::string> expected = expected_rules(file.sql, file.name);
    std::vector<std::string> actual;
    try {
      for (const LintFinding& finding : lint_migrations({{file.name, file.sql}}))
        actual.push_back(finding.rule);
    } catch (const Error& error) {
      ADD_FAILURE() << file.name << ": does not lint: " << error.what();
      continue;
    }
    std::sort(actual.begin(), actual.end());
    auto known = kKnownFailures.find(file.name);
    if (known != kKnownFailures.end()) {
      EXPECT_NE(actual, expected) << file.name << ": passes now; remove it from kKnownFailures";
      skipped.push_back(file.name + " (" + known->second + ")");
      continue;
    }
    EXPECT_EQ(actual, expected) << file.name << ": expected " << joined(expected) << "; sleet "
                                << "reported " << joined(actual);
  }
  for (const std::string& file : skipped) std::cout << "[  KNOWN   ] " << file << "\n";
}

// Folder cases (corpus/folders/CASE/): the files of a case are one folder's migrations, none
// applied, each with its own `-- expect:` line; a case's before.sql is the schema before its
// first migration (each later one knows the schema its predecessors left, as snapshots say).
TEST(LintCorpus, FolderCasesGiveEachFileItsExpectedFindings) {
  int cases = 0;
  for (const CorpusCase& folder : corpus_cases("folders")) {
    ++cases;
    LintOptions options;
    options.one_folder = true;
    std::vector<LintFinding> findings = lint_migrations(lint_files_with_schema(folder), options);
    for (const CorpusFile& file : folder.files) {
      std::vector<std::string> actual;
      for (const LintFinding& finding : findings)
        if (finding.file == file.name) actual.push_back(finding.rule);
      std::sort(actual.begin(), actual.end());
      std::vector<std::string> expected = expected_rules(file.sql, file.name);
      EXPECT_EQ(actual, expected) << folder.name << "/" << file.name << ": expected "
                                  << joined(expected) << "; sleet reported " << joined(actual);
    }
  }
  EXPECT_GE(cases, 6);
}

}  // namespace
}  // namespace sleet::testing
