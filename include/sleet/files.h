// Files as sleet reads and writes them: whole, as bytes; their SHA-256 (the `hash` drizzle
// stores for a migration file, and a seed's); and positions (line:column) inside their text.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sleet {

// Lowercase hex SHA-256 of `bytes` (OpenSSL).
std::string sha256_hex(std::string_view bytes);

// True for the files a drizzle TypeScript schema is written in: .ts, .mts, .cts, .js, .mjs,
// .cjs. Schema settings hold these next to .sql files.
bool is_typescript_schema_file(const std::filesystem::path& path);

// Reads `path` whole. Throws sleet::Error (Usage) naming the path when it cannot be read
// (missing, a directory, no permission).
std::string read_text_file(const std::filesystem::path& path);

// `bytes`, the content of `file`, as the text sleet parses: UTF-8 without its optional byte
// order mark. Throws sleet::Error (Usage) at file:line:col, saying what to do, when the bytes
// are not UTF-8 text: a UTF-16 or UTF-32 byte order mark, a NUL byte (a binary file; the
// parsers would stop reading there), or an invalid UTF-8 sequence (iconv decides).
std::string_view utf8_text(std::string_view bytes, const std::string& file);

// Writes `text` to `path` (replacing it). Throws sleet::Error (Usage) when it cannot.
void write_text_file(const std::filesystem::path& path, std::string_view text);

// 1-based line and column of byte `offset` in `text`. Columns count characters (UTF-8
// aware: continuation bytes belong to the character before them), as editors show them;
// every file:line:col sleet prints is counted this way (docs/errors.md). Scans from the
// start: for many look-ups in one text, use LineIndex.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset);

// The byte offset in `text` of the 1-based character `position` (how the server reports
// an error's position), or 0 when `position` is 0 or past the end.
std::size_t byte_offset_of_character(std::string_view text, int position);

// Where each line of a text starts, so that many offsets can be turned into line and column
// (as line_and_column does) in logarithmic time each, plus the length of the line.
// Refers to `text`, which must outlive it.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  std::pair<int, int> locate(std::size_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_{0};
};

}  // namespace sleet
