// The evolution cases of tests/oracle/cases (<case>/{a,b}.sql or .fixture, renames.txt) and
// what running them needs: reading a side, the rename answers, the roles the cases share,
// applying a plan the way migrate does. Used by the oracle and the push tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sleet/model.h"
#include "sleet/plan.h"
#include "sleet/rename_resolvers.h"
#include "support/test_cluster.h"

namespace sleet::testing {

std::filesystem::path oracle_cases_dir();
// The case folder names, sorted.
std::vector<std::string> oracle_case_names();
// A gtest-safe name for a case ("case_03_rename_schema").
std::string oracle_test_name(const std::string& case_name);

// One side of a case: <side>.sql, or <side>.fixture naming a real-world file.
struct CaseSide {
  std::string file_name;
  std::string sql;
};
CaseSide read_case_side(const std::filesystem::path& dir, const std::string& side);

// The rename answers of renames.txt (none when the file is missing).
std::vector<RenameRule> read_case_renames(const std::filesystem::path& dir);

// Creates the roles policies in the cases name without declaring them (roles are
// cluster-wide); idempotent.
void create_shared_roles(TestCluster& cluster);
// The roles `a` or `b` declare, sorted.
std::vector<std::string> role_names(const Schema& a, const Schema& b);
void drop_roles(TestCluster& cluster, const std::vector<std::string>& roles);

// The plan as numbered lines, for failure messages.
std::string plan_text(const Plan& plan);

// The lines of the case's absent_from_plan.txt (none when there is no such file): texts the
// case's plan must not hold, such as `DROP VIEW` where a rename alone is expected.
std::vector<std::string> read_case_absent_from_plan(const std::filesystem::path& dir);

// Runs the plan the way migrate does: one transaction, except statements that cannot run
// in one. Returns "" or a description of the failing statement and the server's error.
std::string apply_plan(TestCluster& cluster, const std::string& database, const Plan& plan);

}  // namespace sleet::testing
