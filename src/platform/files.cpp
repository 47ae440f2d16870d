// Files as sleet reads and writes them: whole, as bytes; their SHA-256; positions inside
// their text.
#include "sleet/files.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sleet/error.h"

namespace sleet {

namespace fs = std::filesystem;

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error(ErrorKind::Failure, "OpenSSL could not compute a SHA-256 digest");
  }
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

bool is_typescript_schema_file(const fs::path& path) {
  static const char* const kExtensions[] = {".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"};
  std::string extension = path.extension().string();
  return std::find(std::begin(kExtensions), std::end(kExtensions), extension) !=
         std::end(kExtensions);
}

std::string read_text_file(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw Error(ErrorKind::Usage, "expected a file but found a directory", path.string(),
                "remove or rename the directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    bool exists = fs::exists(path, error);
    throw Error(ErrorKind::Usage,
                exists ? "cannot read the file (permission denied?)" : "no such file",
                path.string(),
                exists ? "check the file's permissions" : "restore the file from version control");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw Error(ErrorKind::Usage, "reading the file failed", path.string(),
                "check the file's permissions");
  }
  return buffer.str();
}

void write_text_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    throw Error(ErrorKind::Usage, "cannot write the file", path.string(),
                "check that the folder exists and is writable");
  }
}

namespace {

// Characters (UTF-8 lead bytes and ASCII) in text[from, to).
int characters_between(std::string_view text, std::size_t from, std::size_t to) {
  int count = 0;
  for (std::size_t i = from; i < to && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace

std::pair<int, int> line_and_column(std::string_view text, std::size_t offset) {
  return LineIndex(text).locate(offset);
}

std::size_t byte_offset_of_character(std::string_view text, int position) {
  int characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++characters == position) {
      return i;
    }
  }
  return 0;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

std::pair<int, int> LineIndex::locate(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
  int line = static_cast<int>(next - starts_.begin());
  return {line, characters_between(text_, starts_[line - 1], offset) + 1};
}

}  // namespace sleet
