// Following a TypeScript schema's relative imports, for the export cache's key.
#include "sources/typescript_imports.h"

#include <cctype>
#include <map>
#include <set>

#include "sleet/files.h"

namespace sleet::sources {

namespace fs = std::filesystem;

namespace {

bool is_identifier_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

// The word that ends at `end` (exclusive) in `text`, after skipping whitespace backwards;
// `before` is set to where the word starts.
std::string_view word_before(std::string_view text, std::size_t end, std::size_t* before) {
  while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  std::size_t start = end;
  while (start > 0 && is_identifier_character(text[start - 1])) --start;
  if (before) *before = start;
  return text.substr(start, end - start);
}

// Whether the string literal starting at `quote` is a module specifier: after `from`,
// `import`, or `import(` / `require(`.
bool is_specifier_position(std::string_view text, std::size_t quote) {
  std::size_t end = quote;
  while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  if (end > 0 && text[end - 1] == '(') {
    std::string_view callee = word_before(text, end - 1, nullptr);
    return callee == "import" || callee == "require";
  }
  std::string_view word = word_before(text, end, nullptr);
  return word == "from" || word == "import";
}

bool is_relative(std::string_view specifier) {
  return specifier == "." || specifier == ".." || specifier.starts_with("./") ||
         specifier.starts_with("../");
}

bool is_existing_file(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

const char* const kExtensions[] = {".ts",  ".tsx", ".mts", ".cts", ".js",
                                   ".jsx", ".mjs", ".cjs", ".json"};

}  // namespace

std::vector<std::string> relative_import_specifiers(std::string_view text) {
  std::vector<std::string> specifiers;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char quote = text[i];
    if (quote != '"' && quote != '\'') continue;
    std::size_t end = i + 1;
    while (end < text.size() && text[end] != quote && text[end] != '\n') {
      end += text[end] == '\\' ? 2 : 1;
    }
    if (end >= text.size() || text[end] != quote) continue;
    std::string_view literal = text.substr(i + 1, end - i - 1);
    if (is_relative(literal) && is_specifier_position(text, i)) {
      specifiers.emplace_back(literal);
    }
    i = end;
  }
  return specifiers;
}

std::optional<fs::path> resolve_relative_import(const fs::path& importer,
                                                const std::string& specifier) {
  fs::path base = (importer.parent_path() / specifier).lexically_normal();
  if (is_existing_file(base)) return base;
  for (const char* extension : kExtensions) {
    fs::path candidate = base;
    candidate += extension;
    if (is_existing_file(candidate)) return candidate;
  }
  // TypeScript's ESM style: "./users.js" names users.ts.
  static const std::pair<const char*, const char*> kScriptSpellings[] = {
      {".js", ".ts"}, {".js", ".tsx"}, {".mjs", ".mts"}, {".cjs", ".cts"}, {".jsx", ".tsx"}};
  for (const auto& [written, actual] : kScriptSpellings) {
    if (base.extension() != written) continue;
    fs::path candidate = base;
    candidate.replace_extension(actual);
    if (is_existing_file(candidate)) return candidate;
  }
  for (const char* extension : kExtensions) {
    fs::path candidate = base / (std::string("index") + extension);
    if (is_existing_file(candidate)) return candidate;
  }
  return std::nullopt;
}

std::vector<ImportedFile> read_with_local_imports(const std::vector<fs::path>& files) {
  std::vector<ImportedFile> result;
  std::set<fs::path> seen;
  std::vector<fs::path> pending;
  auto follow = [&](const fs::path& path, const std::string& text) {
    if (path.extension() == ".json") return;
    for (const std::string& specifier : relative_import_specifiers(text)) {
      std::optional<fs::path> imported = resolve_relative_import(path, specifier);
      if (imported && seen.insert(*imported).second) pending.push_back(*imported);
    }
  };
  for (const fs::path& file : files) {
    fs::path path = fs::absolute(file).lexically_normal();
    seen.insert(path);
    result.push_back({path, read_text_file(path)});
  }
  for (std::size_t i = 0; i < result.size(); ++i) follow(result[i].path, result[i].text);
  std::map<fs::path, std::string> imported;
  while (!pending.empty()) {
    fs::path path = pending.back();
    pending.pop_back();
    std::string text;
    try {
      text = read_text_file(path);
    } catch (const std::exception&) {
      continue;  // unreadable: node will say so if the schema needs it
    }
    follow(path, text);
    imported.emplace(path, std::move(text));
  }
  for (auto& [path, text] : imported) result.push_back({path, std::move(text)});
  return result;
}

}  // namespace sleet::sources
