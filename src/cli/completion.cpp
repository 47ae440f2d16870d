// sleet completion bash|zsh|fish, and the hidden `sleet __complete -- WORDS...` every script
// calls on Tab: the candidates come from the command tree --help prints and from the
// project's current sleet.toml (target names, migration tags), so they are never stale.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.h"
#include "cli/help.h"
#include "sleet/error.h"
#include "sleet/journal.h"

namespace sleet::cli {

namespace {

// What a script does with the candidates: ":files" alone asks it to complete file names.
constexpr const char* kFilesDirective = ":files";

constexpr const char* kBashScript = R"(# bash completion for sleet: source <(sleet completion bash)
_sleet() {
  local IFS=$'\n'
  local current="${COMP_WORDS[COMP_CWORD]}"
  local candidates
  candidates=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [[ "$candidates" == ":files" ]]; then
    COMPREPLY=($(compgen -f -- "$current"))
    return 0
  fi
  COMPREPLY=($(compgen -W "$candidates" -- "$current"))
}
complete -o default -F _sleet sleet
)";

constexpr const char* kZshScript = R"(#compdef sleet
# zsh completion for sleet: sleet completion zsh > "${fpath[1]}/_sleet"
_sleet() {
  local -a candidates
  candidates=("${(@f)$("${words[1]}" __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(${candidates:#})
  if [[ "${candidates[1]}" == ":files" ]]; then
    _files
    return
  fi
  compadd -a candidates
}
if [[ "${funcstack[1]}" == "_sleet" ]]; then
  _sleet "$@"
else
  compdef _sleet sleet
fi
)";

constexpr const char* kFishScript =
    R"(# fish completion for sleet: sleet completion fish > ~/.config/fish/completions/sleet.fish
function __sleet_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l command $tokens[1]
    set -e tokens[1]
    set -l candidates ($command __complete -- $tokens "$current" 2>/dev/null)
    if test "$candidates[1]" = ":files"
        __fish_complete_path "$current"
        return
    end
    printf '%s\n' $candidates
end
complete -c sleet -f -a '(__sleet_complete)'
)";

// The option of `command` or of a command above it (global flags) named `word`, or nullptr.
const CLI::Option* find_option(const CLI::App* command, const std::string& word) {
  for (const CLI::App* app = command; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* option : app->get_options()) {
      if (!option->get_positional() && option->check_name(word)) return option;
    }
  }
  return nullptr;
}

bool takes_value(const CLI::Option* option) {
  return option->get_items_expected_min() > 0;
}

std::vector<std::string> visible_subcommands(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App* app) {
         return !app->get_name().empty() && !app->get_group().empty();
       })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// The value after `flag` among `words`, or "" (also for --flag=value).
std::string flag_value(const std::vector<std::string>& words, const std::string& flag) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == flag && i + 1 < words.size()) return words[i + 1];
    if (words[i].starts_with(flag + "=")) return words[i].substr(flag.size() + 1);
  }
  return "";
}

// The project as the words being completed select it (--config, --target, --all).
GlobalOptions options_from(const std::vector<std::string>& words) {
  GlobalOptions options;
  options.config_path = flag_value(words, "--config");
  options.target = flag_value(words, "--target");
  options.env_file = flag_value(words, "--env-file");
  return options;
}

std::vector<std::string> target_names(const std::vector<std::string>& words) {
  GlobalOptions options = options_from(words);
  options.target.clear();
  Project project(options);
  std::vector<std::string> names;
  if (!project.has_config()) return names;
  for (const Target& target : project.config().targets) names.push_back(target.name);
  return names;
}

// The tags of the migration folder the words select (--out, else the selected targets').
std::vector<std::string> migration_tags(const std::vector<std::string>& words) {
  GlobalOptions options = options_from(words);
  Project project(options);
  std::string out = flag_value(words, "--out");
  std::vector<std::optional<Target>> targets;
  if (!project.has_config()) {
    targets.emplace_back(std::nullopt);
  } else {
    try {
      for (auto& target : project.targets()) targets.emplace_back(std::move(target));
    } catch (const Error&) {
      // Several targets and none chosen: every target's tags.
      for (const Target& target : project.config().targets) targets.emplace_back(target);
    }
  }
  std::vector<std::string> tags;
  for (const auto& target : targets) {
    try {
      MigrationFolder folder =
          MigrationFolder::open(migration_folder_path(target ? &*target : nullptr, out));
      for (const Migration& migration : folder.migrations()) tags.push_back(migration.entry.tag);
    } catch (const Error&) {
      // No folder yet: nothing to offer.
    }
  }
  return tags;
}

// The candidates for the last of `words` (the word being typed, maybe empty).
std::vector<std::string> candidates(const CLI::App& root, const std::vector<std::string>& words) {
  if (words.empty()) return {};
  const CLI::App* command = &root;
  bool value_expected = false;
  const CLI::Option* pending = nullptr;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& word = words[i];
    if (value_expected) {
      value_expected = false;
      continue;
    }
    if (word.starts_with("-")) {
      const CLI::Option* option = find_option(command, word.substr(0, word.find('=')));
      if (option && takes_value(option) && word.find('=') == std::string::npos) {
        value_expected = true;
        pending = option;
      }
      continue;
    }
    try {
      const CLI::App* sub = command->get_subcommand(word);
      if (sub != nullptr && !sub->get_group().empty()) command = sub;
    } catch (const CLI::OptionNotFound&) {
    }
  }
  const std::string path = command_path(*command);
  if (value_expected && pending != nullptr) {
    if (pending->check_name("--target")) return target_names(words);
    if (pending->check_name("--since") ||
        (pending->check_name("--to") &&
         (path == "sleet migrate" || path == "sleet up" || path == "sleet rollback"))) {
      return migration_tags(words);
    }
    if (pending->get_type_name().find("TEXT") != std::string::npos) return {kFilesDirective};
    return {};
  }
  const std::string& current = words.back();
  if (current.starts_with("-")) {
    std::vector<std::string> flags;
    for (const CLI::App* app = command; app != nullptr; app = app->get_parent()) {
      auto names = flag_names(*app);
      flags.insert(flags.end(), names.begin(), names.end());
    }
    return flags;
  }
  if (path == "sleet completion") return {"bash", "zsh", "fish"};
  if (path == "sleet drop") return migration_tags(words);
  if (path == "sleet help") return visible_subcommands(root);
  return visible_subcommands(*command);
}

}  // namespace

void register_completion(CLI::App& app) {
  auto* command = app.add_subcommand(
      "completion", "Print a shell completion script (commands, flags, targets, migration tags)");
  auto shell = std::make_shared<std::string>();
  command->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  command->callback([shell] {
    if (*shell == "bash") std::cout << kBashScript;
    if (*shell == "zsh") std::cout << kZshScript;
    if (*shell == "fish") std::cout << kFishScript;
  });

  // Hidden: what the scripts call on Tab. Prints one candidate per line; never fails.
  auto* complete = app.add_subcommand("__complete", "Completion candidates for WORDS")->group("");
  auto words = std::make_shared<std::vector<std::string>>();
  complete->add_option("words", *words, "The words after `sleet`, the last being typed");
  complete->callback([&app, words] {
    std::vector<std::string> found;
    try {
      found = candidates(app, *words);
    } catch (const std::exception&) {
      return;  // a broken sleet.toml: no candidates rather than an error mid-line
    }
    const std::string current = words->empty() ? "" : words->back();
    for (const std::string& candidate : found) {
      if (candidate == kFilesDirective || candidate.starts_with(current)) {
        std::cout << candidate << '\n';
      }
    }
  });
}

}  // namespace sleet::cli
