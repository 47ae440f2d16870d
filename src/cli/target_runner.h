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

// The --json document of a command over targets: one entry per target, added from the
// threads targets run on. Thread-safe.
class JsonResults {
 public:
  // Adds a target's entry: {"target": name, ...}.
  void add(nlohmann::ordered_json entry);
  // Records `error` (message, where, hint, exit code) for `target` (nullptr: no sleet.toml):
  // into the target's entry whose status is "refused" when there is one (so a refusal and
  // its reason stay one entry), else as a new {"target", "error"} entry.
  void add_error(const Target* target, const Error& error);
  nlohmann::ordered_json entries() const;

 private:
  mutable std::mutex mutex_;
  nlohmann::ordered_json entries_ = nlohmann::ordered_json::array();
};

// Work for one target of a project, or for no target (nullptr) when there is no sleet.toml.
using ProjectWork = std::function<std::string(const Target* target, Output& output)>;

// Runs `work` once with nullptr when the project has no sleet.toml, else for the selected
// targets through run_for_targets (with `options`). Each failure is recorded in `results`
// before it propagates; `print` runs afterwards, also when something failed.
void run_for_project(Project& project, const GlobalOptions& options, JsonResults& results,
                     const ProjectWork& work, const std::function<void()>& print);

}  // namespace sleet::cli
