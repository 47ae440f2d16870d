// The files a TypeScript schema imports by relative path, found without running node: what
// the export cache's key covers besides the schema files themselves.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sleet::sources {

// The relative specifiers ("./x", "../y/z.js") of `text`'s `import ... from "..."`,
// `export ... from "..."`, `import "..."`, `import("...")` and `require("...")`. A scan of
// string literals and the word before them, not a TypeScript parser: an import inside a
// comment counts too (harmless for a cache key), and a specifier built at run time, a
// tsconfig `paths` alias or a package import is not seen.
std::vector<std::string> relative_import_specifiers(std::string_view text);

// The file `specifier` names from `importer`'s folder as node and TypeScript resolve it: the
// path itself, then with .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs/.json added, a .js spelling
// of a .ts file, then index.* inside a folder. nullopt when none exists.
std::optional<std::filesystem::path> resolve_relative_import(const std::filesystem::path& importer,
                                                             const std::string& specifier);

// A file and its bytes.
struct ImportedFile {
  std::filesystem::path path;
  std::string text;
};

// `files` (read whole) followed by every file they import by relative path, transitively,
// each once, the imported ones sorted by path. Throws sleet::Error (Usage) when one of `files`
// cannot be read; an import that names no file is passed over (node reports it, if it matters).
std::vector<ImportedFile> read_with_local_imports(const std::vector<std::filesystem::path>& files);

}  // namespace sleet::sources
