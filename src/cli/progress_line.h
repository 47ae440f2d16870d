// The status line of long work (waiting for a server, a migration's statements, targets
// done): on a terminal one line on stderr redrawn in place, with a clock a timer thread keeps
// current; off one, one plain line per event.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace sleet::cli {

// How a ProgressLine shows its events.
enum class ProgressMode {
  Live,   // stderr is a terminal and TERM is not "dumb": one line, redrawn
  Plain,  // a line per event, no control characters
  Quiet,  // nothing (a target's output collected with --all: the runner reports progress)
};

// ProgressMode::Live when standard error is a terminal and TERM is set and not "dumb", else
// Plain.
ProgressMode terminal_progress_mode();

// One status line. show() replaces what it says; print() puts a line above it. Not copyable;
// show/clear/print from one thread at a time (the timer thread is internal). The destructor
// erases the live line.
class ProgressLine {
 public:
  // `live` renders the line from the seconds since show() was called.
  using Render = std::function<std::string(double seconds)>;

  ProgressLine(std::ostream& err, ProgressMode mode);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  ProgressMode mode() const { return mode_; }
  // Live: draws live(0) at once and redraws it every 200 ms until the next show() or clear().
  // Plain: prints `plain` and a newline. Quiet: nothing.
  void show(const std::string& plain, Render live);
  // show() of `text`, live with the seconds since this call: "TEXT, 4.1 s".
  void show_with_clock(const std::string& text);
  // show() of waiting up to `seconds` for `server`: "waiting for SERVER (up to 60 s)", live
  // "waiting for SERVER (12 s of 60)".
  void show_waiting(const std::string& server, double seconds);
  // Live: erases the line until the next show(), so other output can be written. Call it
  // before printing anything else to the terminal.
  void clear();

 private:
  void run_timer();
  void draw(const std::string& text);  // with mutex_ held

  std::ostream& err_;
  ProgressMode mode_;
  std::mutex mutex_;
  std::condition_variable wake_;
  Render render_;  // empty: nothing shown
  std::chrono::steady_clock::time_point since_;
  std::string drawn_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace sleet::cli
