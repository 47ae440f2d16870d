#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/cli.h"

namespace sleet::cli {

Output::Output(const GlobalOptions& options, std::ostream& out, std::ostream& err)
    : out_(&out), err_(&err), verbose_(options.verbose) {}

Output::Output(const GlobalOptions& options)
    // With --json, stdout carries only the document main prints (docs/json.md).
    : out_(options.json ? &std::cerr : &std::cout), err_(&std::cerr), verbose_(options.verbose) {
  bool allowed = !options.no_color && std::getenv("NO_COLOR") == nullptr;
  color_out_ = allowed && isatty(options.json ? STDERR_FILENO : STDOUT_FILENO);
  color_err_ = allowed && isatty(STDERR_FILENO);
  progress_mode_ = terminal_progress_mode();
}

void Output::line(const std::string& text) const { *out_ << text << '\n'; }

void Output::note(const std::string& text) const {
  if (verbose_) *err_ << text << '\n';
}

void Output::info(const std::string& text) const { *err_ << text << '\n'; }

void Output::warning(const std::string& text) const {
  *err_ << (color_err_ ? "\033[33mwarning:\033[0m " : "warning: ") << text << '\n';
}

void Output::error(const std::string& text) const {
  *err_ << (color_err_ ? "\033[31merror:\033[0m " : "error: ") << text << '\n';
}

std::string Output::bold(const std::string& text) const {
  return color_out_ ? "\033[1m" + text + "\033[0m" : text;
}

std::string Output::green(const std::string& text) const {
  return color_out_ ? "\033[32m" + text + "\033[0m" : text;
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace sleet::cli
