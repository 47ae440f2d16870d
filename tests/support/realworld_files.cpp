#include "support/realworld_files.h"

#include <fmt/format.h>

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "sql/parse_tree.h"
#include "support/test_files.h"

namespace sleet::testing {

namespace fs = std::filesystem;

namespace {

enum class Part { Schema, Seed, LeftOut };

// Where a statement of the file belongs, and why when it is left out.
std::pair<Part, std::string> classify(const PgQuery__Node& statement) {
  switch (statement.node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_COPY_STMT:
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      return {Part::Seed, ""};
    case PG_QUERY__NODE__NODE_DROP_STMT:
      if (statement.drop_stmt->missing_ok)
        return {Part::LeftOut, "DROP ... IF EXISTS does nothing on an empty database"};
      break;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: {
      // The parser reads `CREATE LANGUAGE plpgsql` (no handler) as CREATE EXTENSION plpgsql.
      const auto& extension = *statement.create_extension_stmt;
      std::string name = extension.extname;
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      if (name == "plpgsql" && !extension.if_not_exists)
        return {Part::LeftOut, "plpgsql is built into PostgreSQL (since 9.0): creating it fails"};
      break;
    }
    default:
      break;
  }
  return {Part::Schema, ""};
}

int line_of(const std::string& text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Writes `content` to `path` through a temporary file and a rename, so test programs reading
// the file in parallel never see half of it.
void write_atomically(const fs::path& path, const std::string& content) {
  fs::path temporary = path;
  temporary += fmt::format(".{}.tmp", ::getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, path);
}

}  // namespace

SplitSchemaFile split_schema_and_data(const std::string& sql, const std::string& file) {
  SplitSchemaFile split;
  split.schema = sql;
  sql::ParseTree tree(sql, file, sql::ParseTree::Memory::Arena);
  for (size_t i = 0; i < tree.size(); ++i) {
    const PgQuery__RawStmt& raw = tree.statement(i);
    auto [part, reason] = classify(*raw.stmt);
    if (part == Part::Schema) continue;
    size_t begin = static_cast<size_t>(raw.stmt_location);
    size_t end = raw.stmt_len > 0 ? begin + static_cast<size_t>(raw.stmt_len) : sql.size();
    // The parser's location includes the comments and blank lines before the statement.
    size_t first = sql.find_first_not_of(" \t\r\n", begin);
    while (first != std::string::npos && first < end && sql.compare(first, 2, "--") == 0) {
      first = sql.find_first_not_of(" \t\r\n", sql.find('\n', first));
    }
    if (first == std::string::npos || first > end) first = begin;
    int line = line_of(sql, first);
    if (part == Part::Seed) {
      split.seed += fmt::format("-- {}:{}\n{};\n", fs::path(file).filename().string(), line,
                                sql.substr(first, end - first));
    } else {
      split.left_out.push_back(fmt::format("line {}: {}", line, reason));
    }
    // Blank the statement and its terminating semicolon, keeping line breaks.
    size_t stop = end < sql.size() && sql[end] == ';' ? end + 1 : end;
    for (size_t at = first; at < stop; ++at) {
      if (split.schema[at] != '\n') split.schema[at] = ' ';
    }
  }
  return split;
}

fs::path realworld_file(const std::string& name) {
  static std::once_flag fetched;
  static std::mutex splitting;
  static const fs::path directory =
      fs::path(SLEET_BINARY).parent_path() / "tests" / "fixtures" / "realworld";
  std::call_once(fetched, [] {
    std::string command =
        fmt::format("'{}' '{}'", (source_dir() / "tests/fixtures/realworld/fetch.sh").string(),
                    directory.string());
    if (std::system(command.c_str()) != 0) {
      throw std::runtime_error("tests/fixtures/realworld/fetch.sh failed: see its message");
    }
  });
  fs::path file = directory / name;
  for (const std::string part : {".schema.sql", ".seed.sql"}) {
    if (!name.ends_with(part)) continue;
    fs::path upstream = directory / (name.substr(0, name.size() - part.size()) + ".sql");
    std::lock_guard lock(splitting);
    if (fs::exists(upstream) && !fs::exists(file)) {
      std::string base = upstream.stem().string();
      SplitSchemaFile split = split_schema_and_data(read_file(upstream), upstream.string());
      write_atomically(directory / (base + ".seed.sql"), split.seed);
      write_atomically(directory / (base + ".schema.sql"), split.schema);
    }
  }
  if (!fs::exists(file)) {
    throw std::runtime_error("no real-world schema file named " + name);
  }
  return file;
}

}  // namespace sleet::testing
