#include "support/oracle_cases.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "support/realworld_files.h"
#include "support/test_files.h"

namespace sleet::testing {

namespace fs = std::filesystem;

fs::path oracle_cases_dir() {
  return source_dir() / "tests/oracle/cases";
}

std::vector<std::string> oracle_case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(oracle_cases_dir())) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string oracle_test_name(const std::string& case_name) {
  std::string name = case_name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return "case_" + name;
}

CaseSide read_case_side(const fs::path& dir, const std::string& side) {
  fs::path fixture = dir / (side + ".fixture");
  if (fs::exists(fixture)) {
    std::string name = read_file(fixture);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    fs::path file = realworld_file(name);
    return {file.string(), read_file(file)};
  }
  fs::path file = dir / (side + ".sql");
  return {file.string(), read_file(file)};
}

std::vector<RenameRule> read_case_renames(const fs::path& dir) {
  std::vector<RenameRule> rules;
  fs::path file = dir / "renames.txt";
  if (!fs::exists(file)) return rules;
  std::ifstream in(file);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    rules.push_back(parse_rename_rule(line, fmt::format("{}:{}", file.string(), number)));
  }
  return rules;
}

std::vector<std::string> read_case_absent_from_plan(const fs::path& dir) {
  std::vector<std::string> texts;
  std::ifstream in(dir / "absent_from_plan.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') texts.push_back(line);
  }
  return texts;
}

void create_shared_roles(TestCluster& cluster) {
  for (const char* role : {"app_user", "app_admin", "auditor"}) {
    cluster.execute(fmt::format(
        "do $$ begin create role {}; exception when duplicate_object then null; end $$",
        sql::quote_identifier(role)));
  }
}

std::vector<std::string> role_names(const Schema& a, const Schema& b) {
  std::set<std::string> names;
  for (const auto& [name, role] : a.roles) names.insert(name);
  for (const auto& [name, role] : b.roles) names.insert(name);
  return {names.begin(), names.end()};
}

void drop_roles(TestCluster& cluster, const std::vector<std::string>& roles) {
  for (const auto& role : roles) {
    cluster.execute("drop role if exists " + sql::quote_identifier(role));
  }
}

std::string plan_text(const Plan& plan) {
  std::string text;
  for (size_t i = 0; i < plan.statements.size(); ++i) {
    const auto& statement = plan.statements[i];
    text +=
        fmt::format("  [{}]{} {}\n", i + 1,
                    statement.hazards & kNoTransaction ? " (no transaction)" : "", statement.sql);
  }
  return text;
}

std::string apply_plan(TestCluster& cluster, const std::string& database, const Plan& plan) {
  db::Connection connection = cluster.connect(database);
  bool in_transaction = false;
  for (size_t i = 0; i < plan.statements.size(); ++i) {
    const auto& statement = plan.statements[i];
    bool outside = statement.hazards & kNoTransaction;
    try {
      if (outside && in_transaction) {
        connection.execute("commit");
        in_transaction = false;
      } else if (!outside && !in_transaction) {
        connection.execute("begin");
        in_transaction = true;
      }
      connection.execute(statement.sql);
    } catch (const Error& e) {
      return fmt::format("statement {} failed: {}\n  error: {}", i + 1, statement.sql,
                         e.describe());
    }
  }
  if (in_transaction) connection.execute("commit");
  return "";
}

}  // namespace sleet::testing
