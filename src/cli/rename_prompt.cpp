#include "cli/rename_prompt.h"

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

#include "sleet/error.h"
#include "sleet/rename_resolvers.h"

namespace sleet::cli {

namespace {

// The settings to restore; file-scope so a signal handler can reach them.
struct termios saved_settings;
volatile std::sig_atomic_t raw_mode_active = 0;

constexpr int kRestoreSignals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};

void restore_and_reraise(int signal_number) {
  if (raw_mode_active) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_settings);
    constexpr char kShowCursor[] = "\x1b[?25h\n";
    [[maybe_unused]] auto ignored = write(STDOUT_FILENO, kShowCursor, sizeof(kShowCursor) - 1);
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// Raw mode for the lifetime of the object: no echo, no line buffering, and Ctrl-C arrives as
// a byte so the menu can unwind normally (destructors run, nothing half-written).
class RawTerminal {
 public:
  RawTerminal() {
    if (tcgetattr(STDIN_FILENO, &saved_settings) != 0) {
      throw Error(ErrorKind::Failure, "cannot read the terminal's settings");
    }
    for (int s : kRestoreSignals) previous_handlers_.push_back(std::signal(s, restore_and_reraise));
    struct termios raw = saved_settings;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    raw_mode_active = 1;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    emit("\x1b[?25l");
  }
  ~RawTerminal() {
    emit("\x1b[?25h");
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_settings);
    raw_mode_active = 0;
    for (size_t i = 0; i < previous_handlers_.size(); ++i) {
      std::signal(kRestoreSignals[i], previous_handlers_[i]);
    }
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

  static void emit(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = write(STDOUT_FILENO, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

 private:
  std::vector<void (*)(int)> previous_handlers_;
};

enum class Key { Up, Down, Enter, Abort, Other };

Key read_key() {
  unsigned char c = 0;
  if (read(STDIN_FILENO, &c, 1) != 1) return Key::Abort;
  switch (c) {
    case '\r':
    case '\n':
      return Key::Enter;
    case 3:  // Ctrl-C
    case 4:  // Ctrl-D
      return Key::Abort;
    case 'k':
      return Key::Up;
    case 'j':
      return Key::Down;
    case 0x1b: {
      unsigned char sequence[2];
      if (read(STDIN_FILENO, &sequence[0], 1) != 1) return Key::Abort;
      if (sequence[0] != '[' && sequence[0] != 'O') return Key::Other;
      if (read(STDIN_FILENO, &sequence[1], 1) != 1) return Key::Abort;
      if (sequence[1] == 'A') return Key::Up;
      if (sequence[1] == 'B') return Key::Down;
      return Key::Other;
    }
    default:
      return Key::Other;
  }
}

// Width of `text` on screen: counts UTF-8 lead bytes only.
size_t display_width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

bool can_prompt() {
  return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

std::optional<std::string> TerminalRenameResolver::renamed_from(const RenameQuestion& question) {
  if (before_asking) before_asking();
  const std::string word = rename_kind_word(question.kind);
  const bool member = question.kind == RenameKind::Column || question.kind == RenameKind::Policy ||
                      question.kind == RenameKind::EnumValue ||
                      question.kind == RenameKind::Attribute;
  const char* container = question.kind == RenameKind::EnumValue   ? "enum"
                          : question.kind == RenameKind::Attribute ? "type"
                                                                   : "table";
  std::string title = member ? fmt::format("Is {} {} in {} {} created or renamed from another {}?",
                                           question.created, word, question.scope, container, word)
                             : fmt::format("Is {} {} created or renamed from another {}?",
                                           question.created, word, word);

  std::vector<std::string> labels{"+ " + question.created};
  for (const auto& candidate : question.candidates) {
    labels.push_back(fmt::format("~ {} › {}", candidate, question.created));
  }
  size_t width = 0;
  for (const auto& label : labels) width = std::max(width, display_width(label));
  auto render = [&](size_t selected) {
    std::string text;
    for (size_t i = 0; i < labels.size(); ++i) {
      text += fmt::format("{} {}{} {} {}\r\n", i == selected ? "\x1b[36m❯\x1b[0m" : " ", labels[i],
                          std::string(width - display_width(labels[i]), ' '),
                          i == 0 ? "create" : "rename", word);
    }
    return text;
  };

  size_t selected = 0;
  {
    RawTerminal terminal;
    RawTerminal::emit(fmt::format("\x1b[1m{}\x1b[0m\r\n", title));
    RawTerminal::emit(render(selected));
    for (;;) {
      Key key = read_key();
      if (key == Key::Abort) {
        throw Error(ErrorKind::Failure, "aborted, nothing written");
      }
      if (key == Key::Enter) break;
      if (key == Key::Up) selected = selected == 0 ? labels.size() - 1 : selected - 1;
      if (key == Key::Down) selected = (selected + 1) % labels.size();
      // Back to the first menu line, clear to the end of the screen, draw again.
      RawTerminal::emit(fmt::format("\x1b[{}A\r\x1b[J", labels.size()) + render(selected));
    }
    RawTerminal::emit(fmt::format("\x1b[{}A\r\x1b[J", labels.size() + 1));
  }
  if (selected == 0) {
    RawTerminal::emit(fmt::format("+ {} {} will be created\n", question.created, word));
    return std::nullopt;
  }
  const std::string& from = question.candidates[selected - 1];
  RawTerminal::emit(fmt::format("~ {} › {} {} will be renamed\n", from, question.created, word));
  return from;
}

}  // namespace sleet::cli
