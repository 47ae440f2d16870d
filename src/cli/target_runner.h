// Running one command over several targets (--all): in parallel up to --jobs, each target's
// output kept together, one result line per target and a summary; a failing target does
// not stop the others unless --fail-fast.
#pragma once

#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace sleet::cli {

// Does the command's work for one target, printing through `output`, and returns a short
// result for the target's line ("3 migrations applied"). Throws sleet::Error on failure.
using TargetWork = std::function<std::string(const Target& target, Output& output)>;

// The exit code of a run over several targets whose failures had `codes` (none: 0): the code
// they all share (every target unreachable: 3), else 1 (docs/errors.md).
int combined_exit_code(const std::vector<int>& codes);

// The one way a line about one target among several is labelled, in every command's
// output: "NAME: text", each line of a multi-line text prefixed.
std::string labelled(const std::string& target, const std::string& text);

// Runs `work` for `targets`. A single target runs directly: its errors propagate as usual.
// Several targets run concurrently (at most options.jobs at a time; 0 means one per core),
// their output printed target by target, then "ok   NAME: result" or "FAIL NAME: error" per
// target and a summary line. Throws ExitStatus{combined_exit_code(...)} when any target
// failed.
void run_for_targets(const std::vector<Target>& targets, const GlobalOptions& options,
                     const TargetWork& work);

// The one --json document every command prints (docs/json.md): {"sleet", "command", "ok",
// "targets": [...]}, one entry per target, filled from the threads targets run on and
// printed once by main. Thread-safe.
class JsonResults {
 public:
  // Merges `entry`'s fields into the entry of the target it names ({"target": name, ...};
  // "" for no target or no sleet.toml), which is added at the end the first time.
  void add(nlohmann::ordered_json entry);
  // The target's "database": where it connects, as the text output labels it.
  void set_database(const std::string& target, const std::string& database);
  // Records `error` (message, where, hint, exit code) for `target` (nullptr: no sleet.toml)
  // into the target's entry.
  void add_error(const Target* target, const Error& error);
  // Records a failure that reached main: into the only entry, or one for `target`, unless an
  // entry already holds an error (recorded where the target failed).
  void add_final_error(const std::string& target, nlohmann::ordered_json error);
  nlohmann::ordered_json entries() const;
  // The document for `command` ("migrate", "db info") that exits with `exit_code`: "ok" is
  // exit code 0; each entry starts with "target" (null for "") and "database" (null when
  // none was connected to) and ends with "error" when the target failed; no entry at all
  // becomes one for `target`.
  nlohmann::ordered_json document(const std::string& command, int exit_code,
                                  const std::string& target) const;

 private:
  mutable std::mutex mutex_;
  nlohmann::ordered_json entries_ = nlohmann::ordered_json::array();
};

// The document of this process's command.
JsonResults& json_document();

// The error fields of the document: message, where, hint, exit_code.
nlohmann::ordered_json error_json(const Error& error);

// Work for one target of a project, or for no target (nullptr) when there is no sleet.toml.
using ProjectWork = std::function<std::string(const Target* target, Output& output)>;

// Runs `work` once with nullptr when the project has no sleet.toml, else for the selected
// targets through run_for_targets (with `options`). Each failure is recorded in `results`
// before it propagates; `print`, when given, runs afterwards, also when something failed.
void run_for_project(Project& project, const GlobalOptions& options, JsonResults& results,
                     const ProjectWork& work, const std::function<void()>& print = {});

}  // namespace sleet::cli
