// Running one command over several targets (--all): in parallel up to --jobs, each target's
// output kept together, one result line per target and a summary; a failing target does
// not stop the others unless --fail-fast.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace sleet::cli {

// Does the command's work for one target, printing through `output`, and returns a short
// result for the target's line ("3 migrations applied"). Throws sleet::Error on failure.
using TargetWork = std::function<std::string(const Target& target, Output& output)>;

// Runs `work` for `targets`. A single target runs directly: its errors propagate as usual.
// Several targets run concurrently (at most options.jobs at a time; 0 means one per core),
// their output printed target by target, then "ok  NAME: result" or "FAIL NAME: error" per
// target and a summary line. Throws ExitStatus{1} when any target failed.
void run_for_targets(const std::vector<Target>& targets, const GlobalOptions& options,
                     const TargetWork& work);

}  // namespace sleet::cli
