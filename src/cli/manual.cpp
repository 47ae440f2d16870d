// The hidden `sleet __man DIR`: the manual pages sleet(1) and sleet-COMMAND(1), written as
// roff from the command tree and examples that --help prints, so the two never disagree.
// The build runs it after linking sleet; `cmake --install` puts the pages in share/man/man1.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "cli/cli.h"
#include "cli/help.h"
#include "sleet/error.h"
#include "sleet/files.h"

namespace sleet::cli {

namespace {

namespace fs = std::filesystem;

// Text as roff reads it literally: a backslash is \e, a hyphen \- (so option names stay
// searchable and copyable), and a line starting with . or ' is not a request.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string page_name(const CLI::App& command) {
  std::string name = command_path(command);
  std::replace(name.begin(), name.end(), ' ', '-');
  return name;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::vector<const CLI::App*> visible_commands(const CLI::App& command) {
  return command.get_subcommands(
      [](const CLI::App* sub) { return !sub->get_name().empty() && !sub->get_group().empty(); });
}

void write_options(std::ostringstream& out, const std::string& title,
                   const std::vector<const CLI::Option*>& options) {
  if (options.empty()) return;
  CLI::Formatter formatter;
  out << ".SH " << title << "\n";
  for (const CLI::Option* option : options) {
    out << ".TP\n\\fB" << roff(formatter.make_option_name(option, option->get_positional()))
        << "\\fR" << roff(formatter.make_option_opts(option)) << "\n"
        << roff(option->get_description()) << "\n";
  }
}

std::string page(const CLI::App& command, const CLI::App& root) {
  const std::string name = page_name(command);
  const bool is_root = &command == &root;
  std::ostringstream out;
  out << ".TH " << upper(name) << " 1 \"\" \"sleet " << SLEET_VERSION << "\" \"sleet manual\"\n";
  out << ".SH NAME\n" << roff(name) << " \\- ";
  std::string description = command.get_description();
  out << roff(is_root ? "schema migrations for PostgreSQL, compatible with drizzle-kit"
                      : description.substr(0, description.find('\n')))
      << "\n";
  std::string usage = HelpFormatter().make_usage(&command, command_path(command));
  usage = usage.substr(usage.find(':') + 2);
  while (!usage.empty() && usage.back() == '\n') usage.pop_back();
  out << ".SH SYNOPSIS\n.B " << roff(usage) << "\n";
  out << ".SH DESCRIPTION\n" << roff(description) << "\n";

  auto own = command.get_options([](const CLI::Option* option) {
    return !option->get_group().empty() && option->get_group() != "Global";
  });
  write_options(out, "OPTIONS", own);
  std::vector<const CLI::Option*> global = global_options(command);
  if (is_root) {
    global =
        root.get_options([](const CLI::Option* option) { return option->get_group() == "Global"; });
  }
  write_options(out, "GLOBAL OPTIONS", global);

  auto subcommands = visible_commands(command);
  if (!subcommands.empty()) {
    out << ".SH COMMANDS\n";
    for (const CLI::App* sub : subcommands) {
      out << ".TP\n\\fB" << roff(sub->get_name()) << "\\fR\n"
          << roff(sub->get_description()) << " See \\fB" << roff(page_name(*sub)) << "\\fR(1).\n";
    }
  }
  const auto& examples = command_examples(is_root ? "" : command_path(command).substr(6));
  if (!examples.empty()) {
    out << ".SH EXAMPLES\n";
    for (const CommandExample& example : examples) {
      out << ".TP\n.B " << roff(example.command) << "\n" << roff(example.explanation) << "\n";
    }
  }
  out << ".SH EXIT STATUS\n"
      << roff(
             "0 success, 1 the work failed, 2 bad usage or configuration, 3 cannot reach the "
             "database. With several targets, the code every failed target shares, else 1.")
      << "\n";
  out << ".SH SEE ALSO\n";
  if (is_root) {
    std::vector<std::string> pages;
    for (const CLI::App* sub : subcommands) {
      if (sub->get_name() != "help" && sub->get_name() != "version") {
        pages.push_back("\\fB" + roff(page_name(*sub)) + "\\fR(1)");
      }
    }
    out << fmt::format("{}", fmt::join(pages, ",\n")) << "\n";
  } else {
    const CLI::App* parent = command.get_parent();
    out << "\\fB" << roff(page_name(*parent)) << "\\fR(1)\n";
  }
  return out.str();
}

void write_pages(const CLI::App& command, const CLI::App& root, const fs::path& directory) {
  if (command.get_name() != "help" && command.get_name() != "version") {
    write_text_file(directory / (page_name(command) + ".1"), page(command, root));
  }
  for (const CLI::App* sub : visible_commands(command)) write_pages(*sub, root, directory);
}

}  // namespace

void register_manual(CLI::App& app) {
  auto* command = app.add_subcommand("__man", "Write the manual pages into DIR")->group("");
  auto directory = std::make_shared<std::string>();
  command->add_option("directory", *directory, "Where to write sleet.1, sleet-COMMAND.1, ...")
      ->required();
  command->callback([&app, directory] {
    fs::create_directories(*directory);
    write_pages(app, app, *directory);
  });
}

}  // namespace sleet::cli
