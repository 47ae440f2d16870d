// Files as sleet reads and writes them: whole, as bytes; their SHA-256; positions inside
// their text.
#include "sleet/files.h"

#include <fmt/format.h>
#include <iconv.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
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
  // One read into a buffer of the file's size: a stream copy grows and copies the text
  // several times, which for a snapshot of megabytes shows in a profile.
  std::string text;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) {
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<std::size_t>(in.gcount()));
  }
  // A file whose size the system does not report (a pipe, /proc) is read to its end.
  std::ostringstream rest;
  if (in.good() || size <= 0) {
    in.clear();
    rest << in.rdbuf();
    text += rest.str();
  }
  if (in.bad()) {
    throw Error(ErrorKind::Usage, "reading the file failed", path.string(),
                "check the file's permissions");
  }
  return text;
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

namespace {

// The offset of the first byte of `text` that does not start a valid UTF-8 sequence, as
// glibc's iconv decodes it, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  iconv_t decoder = iconv_open("UTF-8", "UTF-8");
  if (decoder == reinterpret_cast<iconv_t>(-1)) return std::string_view::npos;
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  std::string out(64 * 1024, '\0');
  std::size_t invalid = std::string_view::npos;
  while (in_left > 0) {
    char* out_cursor = out.data();
    std::size_t out_left = out.size();
    if (iconv(decoder, &in, &in_left, &out_cursor, &out_left) != static_cast<std::size_t>(-1)) {
      break;
    }
    if (errno != E2BIG) {  // EILSEQ, or EINVAL: a sequence cut off by the end of the text
      invalid = static_cast<std::size_t>(in - text.data());
      break;
    }
  }
  iconv_close(decoder);
  return invalid;
}

}  // namespace

std::string_view utf8_text(std::string_view bytes, const std::string& file) {
  auto starts_with = [&](std::string_view mark) { return bytes.starts_with(mark); };
  using namespace std::string_view_literals;
  const char* wide = starts_with("\xFF\xFE\0\0"sv) || starts_with("\0\0\xFE\xFF"sv) ? "UTF-32"
                     : starts_with("\xFF\xFE"sv) || starts_with("\xFE\xFF"sv)       ? "UTF-16"
                                                                                    : nullptr;
  if (wide) {
    throw Error(ErrorKind::Usage,
                fmt::format("the file is {} encoded (it starts with a {} byte order mark); sleet "
                            "reads UTF-8",
                            wide, wide),
                file,
                fmt::format("save it as UTF-8, e.g. `iconv -f {} -t UTF-8 FILE > FILE.new`, or "
                            "with your editor's \"Save with encoding\"",
                            wide));
  }
  if (starts_with("\xEF\xBB\xBF"sv)) bytes.remove_prefix(3);
  if (std::size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    auto [line, column] = line_and_column(bytes, nul);
    throw Error(ErrorKind::Usage, "the file holds a NUL byte: it is binary, not text",
                format_location(file, line, column),
                "check that the path names the file you meant; a text file never holds NUL");
  }
  if (std::size_t invalid = first_invalid_utf8(bytes); invalid != std::string_view::npos) {
    auto [line, column] = line_and_column(bytes, invalid);
    throw Error(
        ErrorKind::Usage,
        fmt::format("invalid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(bytes[invalid])),
        format_location(file, line, column),
        "save the file as UTF-8 (sleet reads every file as UTF-8, as the server's UTF8 "
        "encoding does), e.g. `iconv -f LATIN1 -t UTF-8 FILE > FILE.new`");
  }
  return bytes;
}

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
