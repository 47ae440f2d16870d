#include "support/realworld_files.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "sleet/sql.h"
#include "sql/parse_tree.h"
#include "support/test_files.h"

namespace sleet::testing {

namespace fs = std::filesystem;

namespace {

enum class Part { Schema, Seed, LeftOut, Custom };

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

// One field of COPY's text format (PostgreSQL's COPY documentation, "Text Format"): `\N` is
// NULL, a backslash escapes the next character (\b \f \n \r \t \v, octal \ddd, hex \xhh,
// any other character itself). Returned as an SQL literal, or NULL.
std::string copy_field_literal(std::string_view field) {
  if (field == "\\N") return "NULL";
  std::string value;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      value += field[i];
      continue;
    }
    char c = field[++i];
    auto digits = [&](size_t max, int base, auto is_digit) {
      int code = 0;
      size_t n = 0;
      while (n < max && i + 1 < field.size() && is_digit(field[i + 1])) {
        code = code * base + std::stoi(std::string(1, field[++i]), nullptr, base);
        ++n;
      }
      return code;
    };
    switch (c) {
      case 'b':
        value += '\b';
        break;
      case 'f':
        value += '\f';
        break;
      case 'n':
        value += '\n';
        break;
      case 'r':
        value += '\r';
        break;
      case 't':
        value += '\t';
        break;
      case 'v':
        value += '\v';
        break;
      case 'x':
        value += static_cast<char>(digits(
            2, 16, [](char d) { return std::isxdigit(static_cast<unsigned char>(d)) != 0; }));
        break;
      default:
        if (c >= '0' && c <= '7') {
          --i;
          value += static_cast<char>(digits(3, 8, [](char d) { return d >= '0' && d <= '7'; }));
        } else {
          value += c;
        }
    }
  }
  return sql::quote_literal(value);
}

// A `COPY table [(columns)] FROM stdin ...;` statement, its data lines and the `\.` ending
// them: psql sends the lines to the server, which no SQL parser reads. Each one found (the
// statement alone on its line, read with the server's parser) becomes one INSERT of the same
// rows for the seed (a seed file is SQL statements), and is blanked out of `text`, line breaks
// kept, so the rest of the file parses. Returns the seed entries by offset.
std::vector<std::pair<size_t, std::string>> take_copy_from_stdin(std::string& text,
                                                                 const std::string& file) {
  std::vector<std::pair<size_t, std::string>> taken;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (!lower.starts_with("copy ") || lower.find("stdin") == std::string::npos) {
      at = end + 1;
      continue;
    }
    sql::ParseTree header(line, file, sql::ParseTree::Memory::Arena);
    if (header.size() != 1 || header.statement(0).stmt->node_case != PG_QUERY__NODE__NODE_COPY_STMT)
      throw std::runtime_error(file + ": not one COPY statement: " + line);
    const PgQuery__CopyStmt& copy = *header.statement(0).stmt->copy_stmt;
    if (!copy.is_from || (copy.filename && *copy.filename) || copy.query)
      throw std::runtime_error(file + ": not COPY ... FROM stdin: " + line);
    char delimiter = '\t';
    for (size_t i = 0; i < copy.n_options; ++i) {
      const PgQuery__DefElem& option = *copy.options[i]->def_elem;
      std::string name = option.defname;
      if (name == "delimiter" && option.arg && option.arg->node_case == PG_QUERY__NODE__NODE_STRING)
        delimiter = option.arg->string->sval[0];
      else
        throw std::runtime_error(file + ": COPY option " + name + " is not read here: " + line);
    }
    std::string target = copy.relation->schemaname && *copy.relation->schemaname
                             ? sql::quote_identifier(copy.relation->schemaname) + "."
                             : "";
    target += sql::quote_identifier(copy.relation->relname);
    if (copy.n_attlist > 0) {
      std::string columns;
      for (size_t i = 0; i < copy.n_attlist; ++i)
        columns += (i ? ", " : "") + sql::quote_identifier(copy.attlist[i]->string->sval);
      target += " (" + columns + ")";
    }
    int line_number = line_of(text, at);
    std::string inserts = fmt::format("-- {}:{} (COPY ... FROM stdin, as an INSERT)\n",
                                      fs::path(file).filename().string(), line_number);
    size_t block = at;
    size_t row = end + 1;
    std::vector<std::string> rows;
    for (;;) {
      if (row >= text.size())
        throw std::runtime_error(fmt::format("{}:{}: COPY data without \\.", file, line_number));
      size_t row_end = text.find('\n', row);
      if (row_end == std::string::npos) row_end = text.size();
      std::string_view data(text.data() + row, row_end - row);
      if (data == "\\.") {
        at = row_end + 1;
        break;
      }
      std::string values;
      size_t field = 0;
      for (;;) {
        size_t next = field;
        while (next < data.size() && data[next] != delimiter) next += data[next] == '\\' ? 2 : 1;
        next = std::min(next, data.size());
        values +=
            (values.empty() ? "" : ", ") + copy_field_literal(data.substr(field, next - field));
        if (next >= data.size()) break;
        field = next + 1;
      }
      rows.push_back("(" + values + ")");
      row = row_end + 1;
    }
    // One statement, as COPY is: a foreign key between rows of the block (a menu's parent
    // row after its child) is checked at its end. INSERT ... VALUES converts each literal to
    // its column's type, as COPY reads each field.
    if (!rows.empty()) {
      inserts += fmt::format("INSERT INTO {} VALUES\n  {};\n", target, fmt::join(rows, ",\n  "));
    }
    for (size_t i = block; i < std::min(at, text.size()); ++i) {
      if (text[i] != '\n') text[i] = ' ';
    }
    taken.emplace_back(block, inserts);
  }
  return taken;
}

}  // namespace

SplitSchemaFile split_schema_and_data(const std::string& upstream, const std::string& file,
                                      const std::vector<CustomStatement>& custom) {
  SplitSchemaFile split;
  std::string sql = upstream;
  std::vector<std::pair<size_t, std::string>> seeds = take_copy_from_stdin(sql, file);
  split.schema = sql;
  sql::ParseTree tree(sql, file, sql::ParseTree::Memory::Arena);
  std::vector<int> custom_matches(custom.size(), 0);
  for (size_t i = 0; i < tree.size(); ++i) {
    const PgQuery__RawStmt& raw = tree.statement(i);
    auto [part, reason] = classify(*raw.stmt);
    size_t begin = static_cast<size_t>(raw.stmt_location);
    size_t end = raw.stmt_len > 0 ? begin + static_cast<size_t>(raw.stmt_len) : sql.size();
    // The parser's location includes the comments and blank lines before the statement.
    size_t first = sql.find_first_not_of(" \t\r\n", begin);
    while (first != std::string::npos && first < end && sql.compare(first, 2, "--") == 0) {
      first = sql.find_first_not_of(" \t\r\n", sql.find('\n', first));
    }
    if (first == std::string::npos || first > end) first = begin;
    int line = line_of(sql, first);
    for (size_t c = 0; c < custom.size(); ++c) {
      if (sql.compare(first, custom[c].start.size(), custom[c].start) != 0) continue;
      ++custom_matches[c];
      part = Part::Custom;
      split.custom += fmt::format("-- {}:{}: {}\n{};\n", fs::path(file).filename().string(), line,
                                  custom[c].reason, sql.substr(first, end - first));
    }
    if (part == Part::Schema) continue;
    if (part == Part::Seed) {
      seeds.emplace_back(first, fmt::format("-- {}:{}\n{};\n", fs::path(file).filename().string(),
                                            line, sql.substr(first, end - first)));
    } else if (part == Part::LeftOut) {
      split.left_out.push_back(fmt::format("line {}: {}", line, reason));
    }
    // Blank the statement and its terminating semicolon, keeping line breaks.
    size_t stop = end < sql.size() && sql[end] == ';' ? end + 1 : end;
    for (size_t at = first; at < stop; ++at) {
      if (split.schema[at] != '\n') split.schema[at] = ' ';
    }
  }
  for (size_t c = 0; c < custom.size(); ++c) {
    if (custom_matches[c] != 1)
      throw std::runtime_error(fmt::format("{}: {} statements start with \"{}\", not one", file,
                                           custom_matches[c], custom[c].start));
  }
  std::stable_sort(seeds.begin(), seeds.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [offset, statement] : seeds) split.seed += statement;
  return split;
}

const std::vector<CustomStatement>& realworld_custom_statements(const std::string& base) {
  static const std::vector<CustomStatement> none;
  static const std::string inherited_default =
      "a child table's own default on a column it inherits is not modelled yet "
      "(docs/schema-sql.md#table-inheritance)";
  static const std::string inherited_comment =
      "a child table's own comment on a column it inherits is not modelled yet "
      "(docs/schema-sql.md#table-inheritance)";
  static const std::map<std::string, std::vector<CustomStatement>> known = {
      {"ledgersmb-1.6",
       {{"COMMENT ON COLUMN eca_note.ref_key IS", inherited_comment},
        {"ALTER TABLE budget_note ALTER COLUMN note_class SET DEFAULT 6", inherited_default},
        {"ALTER TABLE asset_note alter column note_class set default 4", inherited_default},
        {"COMMENT ON COLUMN file_internal.ref_key IS", inherited_comment},
        {"COMMENT ON COLUMN file_incoming.ref_key IS", inherited_comment}}},
  };
  auto it = known.find(base);
  return it == known.end() ? none : it->second;
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
  for (const std::string part : {".schema.sql", ".seed.sql", ".custom.sql"}) {
    if (!name.ends_with(part)) continue;
    fs::path upstream = directory / (name.substr(0, name.size() - part.size()) + ".sql");
    std::lock_guard lock(splitting);
    if (fs::exists(upstream) && !fs::exists(file)) {
      std::string base = upstream.stem().string();
      SplitSchemaFile split = split_schema_and_data(read_file(upstream), upstream.string(),
                                                    realworld_custom_statements(base));
      write_atomically(directory / (base + ".custom.sql"), split.custom);
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
