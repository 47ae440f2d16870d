// What `--help`, `sleet help`, the man pages and the shell completions are made of: one
// command tree (CLI11's), its descriptions, flags and the examples below, read in one place.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sleet::cli {

// "sleet", "sleet migrate", "sleet db info": how a user types the command.
std::string command_path(const CLI::App& command);

// The command's flags as a user types them ("--out", "-y", ...), hidden ones left out.
std::vector<std::string> flag_names(const CLI::App& command);

// The global flags (the root's "Global" group) that `command` reads, for its help and
// manual page; none for the root itself, which lists them as its own.
std::vector<const CLI::Option*> global_options(const CLI::App& command);

// A worked example of a command: what to type and what it does.
struct CommandExample {
  std::string command;      // "sleet migrate --dry-run"
  std::string explanation;  // "show what would be applied; change nothing"
};

// The examples of the command at `path` ("migrate", "db info"); empty when it has none.
const std::vector<CommandExample>& command_examples(const std::string& path);

// Help as sleet prints it: the description first, usage lines starting with `sleet`, and in
// a command's help the global flags it accepts and its examples. Set on the root command
// before subcommands are added (they inherit it).
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
};

// The element of `candidates` a user most likely meant by `word` (a small edit distance
// relative to its length), or nullopt when none is close.
std::optional<std::string> closest_match(const std::string& word,
                                         const std::vector<std::string>& candidates);

// For an unexpected `argument` given to `command` (the deepest command parsed): the
// command or flag of that name the user probably meant, as "did you mean 'status'?".
std::optional<std::string> suggestion_for(const CLI::App& command, const std::string& argument);

// `sleet completion bash|zsh|fish` and the hidden `sleet __complete -- WORDS...` its scripts
// call (completion.cpp). Registered after every other command: it completes them.
void register_completion(CLI::App& app);

// The hidden `sleet __man DIR`, which writes the manual pages (manual.cpp).
void register_manual(CLI::App& app);

}  // namespace sleet::cli
