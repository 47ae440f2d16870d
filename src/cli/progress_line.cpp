#include "cli/progress_line.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace sleet::cli {

namespace {

// Carriage return, then erase the whole line: the only control sequence sleet writes to redraw
// (docs/architecture.md says why no terminal library).
constexpr std::string_view kRewriteLine = "\r\x1b[2K";

// A line longer than the terminal wraps, and the carriage return would then rewrite only
// its last row.
std::string fitted(std::string text) {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 &&
      text.size() >= size.ws_col) {
    text.resize(size.ws_col - 1);
  }
  return text;
}

}  // namespace

ProgressMode terminal_progress_mode() {
  const char* term = std::getenv("TERM");
  bool dumb = term == nullptr || *term == '\0' || std::string_view(term) == "dumb";
  return isatty(STDERR_FILENO) && !dumb ? ProgressMode::Live : ProgressMode::Plain;
}

ProgressLine::ProgressLine(std::ostream& err, ProgressMode mode) : err_(err), mode_(mode) {}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (timer_.joinable()) timer_.join();
  clear();
}

void ProgressLine::show(const std::string& plain, Render live) {
  if (mode_ == ProgressMode::Quiet) return;
  if (mode_ == ProgressMode::Plain) {
    err_ << plain << '\n' << std::flush;
    return;
  }
  std::lock_guard lock(mutex_);
  render_ = std::move(live);
  since_ = std::chrono::steady_clock::now();
  draw(render_(0));
  if (!timer_.joinable()) timer_ = std::thread([this] { run_timer(); });
}

void ProgressLine::show_with_clock(const std::string& text) {
  show(text, [text](double seconds) { return fmt::format("{}, {:.1f} s", text, seconds); });
}

void ProgressLine::show_waiting(const std::string& server, double seconds) {
  show(fmt::format("waiting for {} (up to {:g} s)", server, seconds), [server,
                                                                       seconds](double elapsed) {
    return fmt::format("waiting for {} ({} s of {:g})", server, static_cast<int>(elapsed), seconds);
  });
}

void ProgressLine::clear() {
  if (mode_ != ProgressMode::Live) return;
  std::lock_guard lock(mutex_);
  render_ = nullptr;
  if (!drawn_.empty()) err_ << kRewriteLine << std::flush;
  drawn_.clear();
}

void ProgressLine::run_timer() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    if (stopping_ || !render_) continue;
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - since_;
    draw(render_(elapsed.count()));
  }
}

void ProgressLine::draw(const std::string& text) {
  std::string line = fitted(text);
  if (line == drawn_) return;
  err_ << kRewriteLine << line << std::flush;
  drawn_ = line;
}

}  // namespace sleet::cli
