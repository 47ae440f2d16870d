// Environment: injectable variable lookup, and .env files applied beneath the real
// environment.
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sleet/environment.h"
#include "sleet/error.h"
#include "sleet/files.h"

namespace sleet {

Environment::Environment()
    : lookup_([](const std::string&) { return std::optional<EnvironmentValue>(); }) {}

Environment::Environment(Lookup lookup) : lookup_(std::move(lookup)) {}

Environment Environment::process() {
  return Environment([](const std::string& name) -> std::optional<EnvironmentValue> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return EnvironmentValue{value, "environment"};
  });
}

Environment Environment::from_map(std::map<std::string, std::string> variables,
                                  std::string origin) {
  auto shared = std::make_shared<const std::map<std::string, std::string>>(std::move(variables));
  return Environment([shared, origin](const std::string& name) -> std::optional<EnvironmentValue> {
    auto found = shared->find(name);
    if (found == shared->end()) return std::nullopt;
    return EnvironmentValue{found->second, origin};
  });
}

Environment Environment::with_fallback(std::map<std::string, std::string> variables,
                                       std::string origin) const {
  Environment fallback = from_map(std::move(variables), std::move(origin));
  Lookup primary = lookup_;
  return Environment([primary, fallback](const std::string& name) {
    auto value = primary(name);
    return value ? value : fallback.find(name);
  });
}

std::optional<std::string> Environment::get(const std::string& name) const {
  auto found = lookup_(name);
  if (!found) return std::nullopt;
  return found->value;
}

std::optional<EnvironmentValue> Environment::find(const std::string& name) const {
  return lookup_(name);
}

namespace {

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Reads .env text one assignment at a time; quoted values may span lines.
class EnvFileParser {
 public:
  EnvFileParser(std::string_view text, const std::string& file_name)
      : text_(text), file_name_(file_name) {}

  std::map<std::string, std::string> parse() {
    std::map<std::string, std::string> values;
    while (at_ < text_.size()) {
      skip_blanks();
      if (at_ >= text_.size()) break;
      if (peek() == '\n' || peek() == '#') {
        skip_rest_of_line();
        continue;
      }
      if (text_.substr(at_).starts_with("export") && at_ + 6 < text_.size() &&
          is_blank(text_[at_ + 6])) {
        at_ += 6;
        skip_blanks();
      }
      std::string name = read_name();
      skip_blanks();
      if (peek() != '=') fail(fmt::format("expected '=' after \"{}\"", name));
      ++at_;
      skip_blanks();
      values[name] = read_value();
    }
    return values;
  }

 private:
  char peek() const { return at_ < text_.size() ? text_[at_] : '\n'; }

  void skip_blanks() {
    while (at_ < text_.size() && (is_blank(text_[at_]) || text_[at_] == '\r')) ++at_;
  }

  void skip_rest_of_line() {
    while (at_ < text_.size() && text_[at_] != '\n') ++at_;
    if (at_ < text_.size()) {
      ++at_;
      ++line_;
    }
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorKind::Usage, fmt::format("invalid .env line: {}", what),
                format_location(file_name_, line_, 0),
                "write one NAME=value per line; quote values with spaces or '#'");
  }

  std::string read_name() {
    if (!is_name_start(peek())) fail("a line must start with a variable name");
    std::size_t start = at_;
    while (at_ < text_.size() && is_name_char(text_[at_])) ++at_;
    return std::string(text_.substr(start, at_ - start));
  }

  // After a closing quote only blanks and a comment may follow on the line.
  void finish_line() {
    skip_blanks();
    if (peek() == '#' || peek() == '\n') {
      skip_rest_of_line();
      return;
    }
    fail("unexpected text after a quoted value");
  }

  std::string read_value() {
    char quote = peek();
    if (quote == '\'' || quote == '"') return read_quoted(quote);
    std::size_t start = at_;
    while (at_ < text_.size() && text_[at_] != '\n') {
      if (text_[at_] == '#' && at_ > start && is_blank(text_[at_ - 1])) break;
      ++at_;
    }
    std::string value(text_.substr(start, at_ - start));
    while (!value.empty() && (is_blank(value.back()) || value.back() == '\r')) value.pop_back();
    skip_rest_of_line();
    return value;
  }

  std::string read_quoted(char quote) {
    int opening_line = line_;
    ++at_;
    std::string value;
    while (true) {
      if (at_ >= text_.size()) {
        line_ = opening_line;
        fail(fmt::format("missing closing {} quote", quote));
      }
      char c = text_[at_++];
      if (c == quote) break;
      if (c == '\n') ++line_;
      if (c == '\\' && quote == '"' && at_ < text_.size()) {
        char escaped = text_[at_++];
        switch (escaped) {
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          case 'r':
            value += '\r';
            break;
          case '"':
          case '\\':
          case '$':
            value += escaped;
            break;
          default:
            value += '\\';
            value += escaped;
        }
        continue;
      }
      value += c;
    }
    finish_line();
    return value;
  }

  std::string_view text_;
  const std::string& file_name_;
  std::size_t at_ = 0;
  int line_ = 1;
};

}  // namespace

std::map<std::string, std::string> parse_env_file(std::string_view text,
                                                  const std::string& file_name) {
  return EnvFileParser(utf8_text(text, file_name), file_name).parse();
}

std::map<std::string, std::string> load_env_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::Usage, "cannot read the .env file", path.string(),
                "check that the file exists and is readable");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_env_file(buffer.str(), path.string());
}

Environment environment_with_env_file(const Environment& environment,
                                      const std::filesystem::path& project_dir,
                                      const std::optional<std::filesystem::path>& explicit_file) {
  std::filesystem::path file;
  if (explicit_file) {
    file = *explicit_file;
  } else {
    file = project_dir / ".env";
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(file, ignored)) return environment;
  }
  return environment.with_fallback(load_env_file(file), file.string());
}

}  // namespace sleet
