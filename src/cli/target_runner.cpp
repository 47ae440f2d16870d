#include "cli/target_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "cli/progress_line.h"
#include "sleet/error.h"

namespace sleet::cli {

namespace {

struct Outcome {
  bool done = false;
  bool ok = false;
  int exit_code = 0;
  std::string result;
  std::string out;
  std::string err;
};

}  // namespace

void run_for_targets(const std::vector<Target>& targets, const GlobalOptions& options,
                     const TargetWork& work) {
  if (targets.size() == 1) {
    Output output(options);
    work(targets.front(), output);
    return;
  }
  unsigned jobs = options.jobs > 0 ? static_cast<unsigned>(options.jobs)
                                   : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(targets.size()));

  std::vector<Outcome> outcomes(targets.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex print_mutex;
  // On a terminal, a live count of targets done; off one, each target's block (printed as
  // it completes) is the event.
  ProgressLine progress(std::cerr, terminal_progress_mode() == ProgressMode::Live
                                       ? ProgressMode::Live
                                       : ProgressMode::Quiet);
  std::size_t finished = 0;
  auto show_count = [&] {
    std::string text = fmt::format("targets: {}/{} done", finished, targets.size());
    progress.show_with_clock(text);
  };
  show_count();
  auto worker = [&] {
    for (size_t i = next++; i < targets.size(); i = next++) {
      Outcome& outcome = outcomes[i];
      if (stop) break;
      std::ostringstream out, err;
      Output output(options, out, err);
      try {
        outcome.result = work(targets[i], output);
        outcome.ok = true;
      } catch (const Error& e) {
        outcome.result = e.describe();
        outcome.exit_code = e.exit_code();
      } catch (const ExitStatus& status) {
        outcome.result = fmt::format("exit code {}", status.code);
        outcome.exit_code = status.code;
      } catch (const std::exception& e) {
        outcome.result = fmt::format("unexpected failure: {}", e.what());
        outcome.exit_code = 1;
      }
      outcome.out = out.str();
      outcome.err = err.str();
      outcome.done = true;
      if (!outcome.ok && options.fail_fast) stop = true;
      // Each target's output appears in one piece, as soon as it is complete.
      std::lock_guard lock(print_mutex);
      progress.clear();
      // Every line about a target starts with its name, as on stderr and in the result
      // lines (docs/errors.md#several-targets).
      if (!outcome.out.empty()) {
        if (options.json) {
          std::cerr << labelled(targets[i].name, outcome.out) << '\n';  // stdout: the document
        } else {
          std::cout << labelled(targets[i].name, outcome.out) << '\n';
        }
      }
      std::cout.flush();
      // Messages on stderr carry the target's name on each line instead of a header.
      // A failure's whole message (statement, counts, hint) belongs to the target's block;
      // the summary below repeats only its first line.
      std::string messages = outcome.ok ? outcome.err : outcome.err + "error: " + outcome.result;
      if (!messages.empty()) std::cerr << labelled(targets[i].name, messages) << '\n';
      ++finished;
      show_count();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  progress.clear();

  // Result lines go to stdout, failures to stderr; with --json stdout holds only JSON.
  Output output(options);
  auto result_line = [&](const std::string& text) {
    if (options.json) {
      output.info(text);
    } else {
      output.line(text);
    }
  };
  size_t failed = 0, skipped = 0;
  std::vector<int> codes;
  for (size_t i = 0; i < targets.size(); ++i) {
    const Outcome& outcome = outcomes[i];
    if (!outcome.done) {
      ++skipped;
      result_line(fmt::format("skip {}: not run (--fail-fast)", targets[i].name));
    } else if (outcome.ok) {
      result_line(fmt::format("ok   {}: {}", targets[i].name, outcome.result));
    } else {
      ++failed;
      codes.push_back(outcome.exit_code);
      std::string first_line = outcome.result.substr(0, outcome.result.find('\n'));
      output.info(fmt::format("FAIL {}: {}", targets[i].name, first_line));
    }
  }
  result_line(fmt::format("{} targets: {} ok, {} failed{}", targets.size(),
                          targets.size() - failed - skipped, failed,
                          skipped ? fmt::format(", {} not run", skipped) : ""));
  if (failed > 0) throw ExitStatus{combined_exit_code(codes)};
}

int combined_exit_code(const std::vector<int>& codes) {
  if (codes.empty()) return 0;
  bool shared =
      std::all_of(codes.begin(), codes.end(), [&](int code) { return code == codes.front(); });
  return shared ? codes.front() : 1;
}

std::string labelled(const std::string& target, const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!out.empty()) out += '\n';
    out += target + ": " + line;
  }
  return out;
}

nlohmann::ordered_json error_json(const Error& error) {
  return {{"message", error.what()},
          {"where", error.where()},
          {"hint", error.hint()},
          {"exit_code", error.exit_code()}};
}

JsonResults& json_document() {
  static JsonResults document;
  return document;
}

namespace {

nlohmann::ordered_json& entry_for(nlohmann::ordered_json& entries, const std::string& target) {
  for (auto& entry : entries) {
    if (entry["target"] == target) return entry;
  }
  entries.push_back({{"target", target}});
  return entries.back();
}

}  // namespace

void JsonResults::add(nlohmann::ordered_json entry) {
  const std::string target = entry.value("target", "");
  std::lock_guard lock(mutex_);
  nlohmann::ordered_json& into = entry_for(entries_, target);
  for (auto& [key, value] : entry.items()) into[key] = std::move(value);
}

void JsonResults::set_database(const std::string& target, const std::string& database) {
  std::lock_guard lock(mutex_);
  entry_for(entries_, target)["database"] = database;
}

void JsonResults::add_error(const Target* target, const Error& error) {
  std::lock_guard lock(mutex_);
  entry_for(entries_, target ? target->name : "")["error"] = error_json(error);
}

void JsonResults::add_final_error(const std::string& target, nlohmann::ordered_json error) {
  std::lock_guard lock(mutex_);
  for (const auto& entry : entries_) {
    if (entry.contains("error")) return;
  }
  if (entries_.size() == 1) {
    entries_.front()["error"] = std::move(error);
  } else {
    entry_for(entries_, target)["error"] = std::move(error);
  }
}

nlohmann::ordered_json JsonResults::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

nlohmann::ordered_json JsonResults::document(const std::string& command, int exit_code,
                                             const std::string& target) const {
  nlohmann::ordered_json targets = nlohmann::ordered_json::array();
  nlohmann::ordered_json entries = this->entries();
  if (entries.empty()) entries.push_back({{"target", target}});
  for (const auto& entry : entries) {
    const std::string name = entry.value("target", "");
    nlohmann::ordered_json out;
    out["target"] = name.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(name);
    out["database"] = entry.contains("database") ? entry["database"] : nlohmann::ordered_json();
    for (const auto& [key, value] : entry.items()) {
      if (key != "target" && key != "database" && key != "error") out[key] = value;
    }
    if (entry.contains("error")) out["error"] = entry["error"];
    targets.push_back(std::move(out));
  }
  return {{"sleet", SLEET_VERSION},
          {"command", command},
          {"ok", exit_code == 0},
          {"targets", std::move(targets)}};
}

void run_for_project(Project& project, const GlobalOptions& options, JsonResults& results,
                     const ProjectWork& work, const std::function<void()>& print) {
  auto recorded = [&](const Target* target, Output& output) {
    try {
      return work(target, output);
    } catch (const Error& e) {
      results.add_error(target, e);
      throw;
    }
  };
  try {
    if (!project.has_config()) {
      Output output(options);
      recorded(nullptr, output);
    } else {
      project.environment();  // loaded once, before targets run in parallel
      run_for_targets(project.targets(), options, [&](const Target& target, Output& output) {
        return recorded(&target, output);
      });
    }
  } catch (...) {
    if (print) print();
    throw;
  }
  if (print) print();
}

}  // namespace sleet::cli
