// Cutting a schema into canonical schema files, and finding the directory they go to.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "sleet/ddl.h"
#include "sleet/error.h"
#include "sleet/pull.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

// A file name component for an identifier. Identifiers may hold any character; a '/' or a
// leading '.' (hidden: schema globs skip it) must not reach the file system.
std::string safe_stem(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    bool safe = std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
    out += safe ? static_cast<char>(c) : '_';
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
  return out;
}

// Hands out stems once each; case-insensitively, so a case-insensitive file system (a
// checkout on macOS) cannot merge two files.
class UniqueStems {
 public:
  std::string take(const std::string& name) {
    std::string stem = safe_stem(name);
    std::string candidate = stem;
    for (int n = 2; !taken_.insert(lower(candidate)).second; ++n) {
      candidate = fmt::format("{}_{}", stem, n);
    }
    return candidate;
  }

 private:
  static std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }
  std::set<std::string> taken_;
};

std::string extension_schema(const Extension& extension) {
  return extension.schema.empty() ? "public" : extension.schema;
}

// The part of `schema` that is not a table or view, in PostgreSQL schema `name`.
void add_schema_level_objects(const Schema& schema, const std::string& name, Schema& part) {
  if (auto it = schema.namespaces.find(name); it != schema.namespaces.end()) {
    part.namespaces.emplace(it->first, it->second);
  }
  for (const auto& [key, extension] : schema.extensions) {
    if (extension_schema(extension) == name) part.extensions.emplace(key, extension);
  }
  for (const auto& [key, type] : schema.enums) {
    if (key.schema == name) part.enums.emplace(key, type);
  }
  for (const auto& [key, sequence] : schema.sequences) {
    if (key.schema == name) part.sequences.emplace(key, sequence);
  }
  for (const auto& [key, function] : schema.functions) {
    if (key.schema == name) part.functions.emplace(key, function);
  }
  for (const auto& [key, collation] : schema.collations) {
    if (key.schema == name) part.collations.emplace(key, collation);
  }
  for (const auto& [key, domain] : schema.domains) {
    if (key.schema == name) part.domains.emplace(key, domain);
  }
  for (const auto& [key, type] : schema.composite_types) {
    if (key.schema == name) part.composite_types.emplace(key, type);
  }
  for (const auto& [key, range] : schema.range_types) {
    if (key.schema == name) part.range_types.emplace(key, range);
  }
  // An event trigger belongs to no schema: it goes with its function.
  for (const auto& [key, trigger] : schema.event_triggers) {
    if (trigger.function.schema == name) part.event_triggers.emplace(key, trigger);
  }
}

std::set<std::string> schema_names(const Schema& schema) {
  std::set<std::string> names;
  for (const auto& [name, ns] : schema.namespaces) names.insert(name);
  for (const auto& [name, extension] : schema.extensions) names.insert(extension_schema(extension));
  for (const auto& [name, type] : schema.enums) names.insert(name.schema);
  for (const auto& [name, sequence] : schema.sequences) names.insert(name.schema);
  for (const auto& [name, table] : schema.tables) names.insert(name.schema);
  for (const auto& [name, view] : schema.views) names.insert(name.schema);
  for (const auto& [name, function] : schema.functions) names.insert(name.schema);
  for (const auto& [name, domain] : schema.domains) names.insert(name.schema);
  for (const auto& [name, collation] : schema.collations) names.insert(name.schema);
  for (const auto& [name, type] : schema.composite_types) names.insert(name.schema);
  for (const auto& [name, range] : schema.range_types) names.insert(name.schema);
  for (const auto& [name, trigger] : schema.event_triggers) names.insert(trigger.function.schema);
  return names;
}

bool has_glob_characters(const std::string& text) {
  return text.find_first_of("*?[") != std::string::npos;
}

// DDL prints expressions as written, which for an inspected schema is pg_get_expr's text;
// pulled files show the canonical (normalised) one instead: CHECK (level >= 1) rather than
// CHECK ((level >= 1)). Defaults stay as the catalog prints them: the server stores what a
// default was written as ('0'::numeric for '0', 0 for 0), so only that text rebuilds the
// same catalog from the baseline.
void spell_canonically(std::optional<Expression>& expression) {
  if (expression) expression->text = expression->canonical;
}

Schema canonically_spelled(Schema schema) {
  for (auto& [name, table] : schema.tables) {
    for (Column& column : table.columns) spell_canonically(column.generated);
    for (auto& [check_name, check] : table.check_constraints)
      check.expression.text = check.expression.canonical;
    for (auto& [index_name, index] : table.indexes) {
      for (IndexElement& element : index.elements) spell_canonically(element.expression);
      spell_canonically(index.where);
    }
    for (auto& [policy_name, policy] : table.policies) {
      spell_canonically(policy.using_expression);
      spell_canonically(policy.with_check);
    }
  }
  for (auto& [name, view] : schema.views) {
    for (auto& [index_name, index] : view.indexes) {
      for (IndexElement& element : index.elements) spell_canonically(element.expression);
      spell_canonically(index.where);
    }
  }
  return schema;
}

}  // namespace

std::string_view to_string(PullSplit split) {
  return split == PullSplit::Tables ? "tables" : "schemas";
}

PullSplit parse_pull_split(std::string_view text) {
  if (text == "schemas") return PullSplit::Schemas;
  if (text == "tables") return PullSplit::Tables;
  throw Error(ErrorKind::Usage, fmt::format("unknown --split '{}'", text), "--split",
              "use 'schemas' (one file per PostgreSQL schema, the default) or 'tables' (one file "
              "per table and view)");
}

namespace {

// The tables of `schema`, grouped by the partition and inheritance links between them, each
// group under its first table that has no parent.
std::map<QualifiedName, std::vector<QualifiedName>> table_families(const Schema& schema) {
  using Rank = std::pair<bool, QualifiedName>;  // top tables first
  std::map<QualifiedName, Rank> label;
  std::vector<std::pair<QualifiedName, QualifiedName>> links;
  for (const auto& [key, table] : schema.tables) {
    std::vector<QualifiedName> parents = table.inherits;
    if (table.partition_of) parents.push_back(*table.partition_of);
    bool top = true;
    for (const QualifiedName& parent : parents) {
      if (!schema.tables.contains(parent)) continue;
      top = false;
      links.emplace_back(key, parent);
    }
    label[key] = {!top, key};
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [child, parent] : links) {
      Rank lowest = std::min(label[child], label[parent]);
      for (const QualifiedName* end : {&child, &parent}) {
        if (label[*end] != lowest) {
          label[*end] = lowest;
          changed = true;
        }
      }
    }
  }
  std::map<QualifiedName, std::vector<QualifiedName>> families;
  for (const auto& [key, rank] : label) families[rank.second].push_back(key);
  return families;
}

}  // namespace

std::vector<PulledFile> render_pulled_schema(const Schema& inspected, PullSplit split) {
  const Schema schema = canonically_spelled(inspected);
  std::vector<std::pair<fs::path, Schema>> parts;
  UniqueStems schema_stems;
  const auto families = table_families(schema);
  for (const std::string& name : schema_names(schema)) {
    std::string stem = schema_stems.take(name);
    Schema common;
    add_schema_level_objects(schema, name, common);
    if (split == PullSplit::Schemas) {
      for (const auto& [key, table] : schema.tables) {
        if (key.schema == name) common.tables.emplace(key, table);
      }
      for (const auto& [key, view] : schema.views) {
        if (key.schema == name) common.views.emplace(key, view);
      }
    }
    // A folder "<stem>/" beside "<stem>.sql": relation names cannot collide with it.
    if (!common.empty()) parts.emplace_back(fs::path(stem + ".sql"), std::move(common));
    if (split == PullSplit::Schemas) continue;
    UniqueStems relation_stems;  // tables and views share PostgreSQL's namespace
    // Tables linked by partitioning or inheritance go in one file, named after its first top
    // table, parents before children (files are read in name order).
    for (const auto& [home, family] : families) {
      if (home.schema != name) continue;
      Schema part;
      for (const QualifiedName& key : family) part.tables.emplace(key, schema.tables.at(key));
      parts.emplace_back(fs::path(stem) / (relation_stems.take(home.name) + ".sql"),
                         std::move(part));
    }
    for (const auto& [key, view] : schema.views) {
      if (key.schema != name) continue;
      Schema part;
      part.views.emplace(key, view);
      parts.emplace_back(fs::path(stem) / (relation_stems.take(key.name) + ".sql"),
                         std::move(part));
    }
  }
  std::sort(parts.begin(), parts.end(),
            [](const auto& a, const auto& b) { return a.first.string() < b.first.string(); });
  if (!schema.roles.empty()) {
    if (parts.empty()) parts.emplace_back(fs::path("public.sql"), Schema{});
    parts.front().second.roles = schema.roles;
  }
  std::vector<PulledFile> files;
  for (const auto& [path, part] : parts) files.push_back({path, ddl::create_script(part)});
  // Default privileges, GRANT and REVOKE apply after every file's objects, wherever they are
  // written: the last file holds them, spelled from the whole schema (a function's argument
  // types).
  std::vector<std::string> statements = ddl::privilege_statements(schema);
  if (!statements.empty()) {
    if (files.empty()) files.push_back({fs::path("public.sql"), ""});
    std::string& sql = files.back().sql;
    for (const std::string& statement : statements) {
      if (!sql.empty()) sql += "\n";
      sql += statement + ";\n";
    }
  }
  return files;
}

std::optional<fs::path> pull_directory_of(const Target& target, PullSplit split) {
  if (target.schema.empty()) return std::nullopt;
  std::string where = target.config_file.string();
  std::string hint = fmt::format(
      "set `schema` of target {} to one folder (schema = \"schema\"), or pass --schema-dir",
      target.name);
  if (target.schema.size() > 1) {
    throw Error(ErrorKind::Usage,
                fmt::format("pull writes one folder, but `schema` of target {} lists {} patterns",
                            target.name, target.schema.size()),
                where, hint);
  }
  const std::string& pattern = target.schema.front();
  auto folder_before = [&](std::string_view suffix) -> std::optional<fs::path> {
    if (!pattern.ends_with(suffix)) return std::nullopt;
    std::string folder = pattern.substr(0, pattern.size() - suffix.size());
    if (folder.empty() || has_glob_characters(folder)) return std::nullopt;
    return fs::path(folder);
  };
  if (auto folder = folder_before("/**/*.sql")) return folder;
  if (auto folder = folder_before("/*.sql")) {
    if (split == PullSplit::Schemas) return folder;
    throw Error(ErrorKind::Usage,
                fmt::format("`schema` of target {} ({}) does not read subfolders, where --split "
                            "tables writes",
                            target.name, pattern),
                where,
                fmt::format("set schema to \"{}\" or \"{}/**/*.sql\", or use --split schemas",
                            folder->filename().string(), folder->filename().string()));
  }
  std::error_code error;
  if (!has_glob_characters(pattern) &&
      (fs::is_directory(pattern, error) || !fs::path(pattern).has_extension())) {
    return fs::path(pattern);
  }
  throw Error(
      ErrorKind::Usage,
      fmt::format("pull writes a folder, but `schema` of target {} is {}", target.name, pattern),
      where, hint);
}

}  // namespace sleet
