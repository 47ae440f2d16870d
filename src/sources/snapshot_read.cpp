// drizzle-kit snapshot (version 7, PostgreSQL) -> Schema in canonical form.
#include <exception>
#include <map>
#include <optional>
#include <regex>
#include <set>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/snapshot.h"
#include "sleet/sql.h"
#include "sources/snapshot_internal.h"

namespace sleet::snapshot {

JsonPath JsonPath::operator/(std::string_view key) const {
  static const std::regex plain("^[A-Za-z_][A-Za-z0-9_]*$");
  JsonPath out = *this;
  if (!out.text_.empty()) out.text_ += ".";
  std::string segment(key);
  out.text_ += std::regex_match(segment, plain) ? segment : Json(segment).dump();
  return out;
}

JsonPath JsonPath::operator/(std::size_t index) const {
  JsonPath out = *this;
  out.text_ += "[" + std::to_string(index) + "]";
  return out;
}

void SnapshotInput::fail(const JsonPath& path, const std::string& message,
                         const std::string& hint) const {
  std::string where = file_;
  std::string what = path.text().empty() ? message : path.text() + ": " + message;
  throw Error(ErrorKind::Usage, "invalid drizzle-kit snapshot: " + what, where,
              hint.empty() ? "fix or regenerate the snapshot file" : hint);
}

namespace {

std::string type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

}  // namespace

void SnapshotInput::expect_object(const Json& value, const JsonPath& path) const {
  if (!value.is_object()) fail(path, "expected an object, found " + type_name(value));
}

const Json* SnapshotInput::member(const Json& object, const JsonPath& path, std::string_view key,
                                  bool optional) const {
  expect_object(object, path);
  auto found = object.find(std::string(key));
  if (found == object.end()) {
    if (optional) return nullptr;
    fail(path / key, "missing");
  }
  return &*found;
}

const Json& SnapshotInput::object(const Json& object, const JsonPath& path,
                                  std::string_view key) const {
  const Json* value = member(object, path, key);
  expect_object(*value, path / key);
  return *value;
}

const Json* SnapshotInput::optional_object(const Json& object, const JsonPath& path,
                                           std::string_view key) const {
  const Json* value = member(object, path, key, true);
  if (value) expect_object(*value, path / key);
  return value;
}

std::string SnapshotInput::string(const Json& object, const JsonPath& path,
                                  std::string_view key) const {
  const Json* value = member(object, path, key);
  if (!value->is_string()) fail(path / key, "expected a string, found " + type_name(*value));
  return value->get<std::string>();
}

std::string SnapshotInput::optional_string(const Json& object, const JsonPath& path,
                                           std::string_view key,
                                           const std::string& fallback) const {
  return member(object, path, key, true) ? string(object, path, key) : fallback;
}

bool SnapshotInput::boolean(const Json& object, const JsonPath& path, std::string_view key) const {
  const Json* value = member(object, path, key);
  if (!value->is_boolean()) fail(path / key, "expected a boolean, found " + type_name(*value));
  return value->get<bool>();
}

bool SnapshotInput::optional_boolean(const Json& object, const JsonPath& path, std::string_view key,
                                     bool fallback) const {
  return member(object, path, key, true) ? boolean(object, path, key) : fallback;
}

std::vector<std::string> SnapshotInput::strings(const Json& object, const JsonPath& path,
                                                std::string_view key) const {
  const Json* value = member(object, path, key);
  if (!value->is_array()) fail(path / key, "expected an array, found " + type_name(*value));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& item = (*value)[i];
    if (!item.is_string()) fail(path / key / i, "expected a string, found " + type_name(item));
    out.push_back(item.get<std::string>());
  }
  return out;
}

int64_t SnapshotInput::integer_string(const Json& object, const JsonPath& path,
                                      std::string_view key) const {
  std::string text = string(object, path, key);
  std::size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) {
    fail(path / key, "expected an integer in a string, found \"" + text + "\"");
  }
  return value;
}

Expression expression_from_text(const std::string& text) {
  try {
    return Expression{text, sql::canonical_expression(text)};
  } catch (const std::exception&) {
    // drizzle accepts any SQL fragment (an index entry may carry its opclass).
    return Expression{text, text};
  }
}

Expression query_from_text(const std::string& text) {
  try {
    return Expression{text, sql::canonical_query(text)};
  } catch (const std::exception&) {
    return Expression{text, text};
  }
}

namespace {

QualifiedName qualified(const std::string& schema, const std::string& name) {
  return QualifiedName{schema.empty() ? "public" : schema, name};
}

std::string camel_to_snake(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

// A JSON scalar as text; objects and arrays are not option values.
std::string option_text(const SnapshotInput& input, const Json& value, const JsonPath& path) {
  if (value.is_object() || value.is_array() || value.is_null()) {
    input.fail(path, "expected a string, number or boolean, found " + type_name(value));
  }
  return scalar_text(value);
}

void read_sequence_options(const SnapshotInput& input, const Json& json, const JsonPath& path,
                           SequenceOptions& options) {
  options.increment = input.integer_string(json, path, "increment");
  options.start = input.integer_string(json, path, "startWith");
  options.min_value = input.integer_string(json, path, "minValue");
  options.max_value = input.integer_string(json, path, "maxValue");
  options.cache = input.integer_string(json, path, "cache");
  options.cycle = input.optional_boolean(json, path, "cycle", false);
}

Identity read_identity(const SnapshotInput& input, const Json& json, const JsonPath& path,
                       const Table& table, const Column& column) {
  Identity identity;
  std::string kind = input.string(json, path, "type");
  if (kind == "always") {
    identity.kind = Identity::Kind::Always;
  } else if (kind == "byDefault") {
    identity.kind = Identity::Kind::ByDefault;
  } else {
    input.fail(path / "type", "expected \"always\" or \"byDefault\", found \"" + kind + "\"");
  }
  identity.sequence = qualified(input.optional_string(json, path, "schema", table.name.schema),
                                input.string(json, path, "name"));
  const std::string& type = column.type.name;
  identity.options.data_type =
      type == "smallint" || type == "integer" || type == "bigint" ? type : "bigint";
  read_sequence_options(input, json, path, identity.options);
  return identity;
}

Column read_column(const SnapshotInput& input, const Json& json, const JsonPath& path, Table& table,
                   std::vector<std::string>& primary_key_columns) {
  Column column;
  column.name = input.string(json, path, "name");
  ColumnType type = parse_drizzle_type(input.string(json, path, "type"),
                                       input.optional_string(json, path, "typeSchema"));
  column.type = type.type;
  column.serial = type.serial;
  if (input.boolean(json, path, "primaryKey")) primary_key_columns.push_back(column.name);
  // drizzle-kit writes "notNull": false for a serial column declared without .notNull(), yet
  // PostgreSQL makes every serial column NOT NULL (as the SQL reader records it). The layout
  // of the file keeps the saved bytes as drizzle-kit wrote them.
  column.not_null = input.boolean(json, path, "notNull") || column.serial != Serial::None;
  if (const Json* value = input.member(json, path, "default", true)) {
    column.default_value = expression_from_text(option_text(input, *value, path / "default"));
  }
  if (const Json* generated = input.optional_object(json, path, "generated")) {
    JsonPath at = path / "generated";
    std::string kind = input.optional_string(*generated, at, "type", "stored");
    if (kind != "stored") input.fail(at / "type", "expected \"stored\", found \"" + kind + "\"");
    column.generated = expression_from_text(input.string(*generated, at, "as"));
  }
  if (const Json* identity = input.optional_object(json, path, "identity")) {
    column.identity = read_identity(input, *identity, path / "identity", table, column);
  }
  // Column-level unique keys from snapshots older than 0.31 (drizzle-kit up keeps them).
  if (input.optional_boolean(json, path, "isUnique", false)) {
    UniqueConstraint unique;
    unique.name = input.optional_string(json, path, "uniqueName",
                                        table.name.name + "_" + column.name + "_unique");
    unique.columns = {column.name};
    unique.nulls_not_distinct = input.optional_boolean(json, path, "nullsNotDistinct", false);
    table.unique_constraints[unique.name] = unique;
  }
  return column;
}

}  // namespace

Index read_index(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  Index index;
  index.name = input.string(json, path, "name");
  const Json* columns = input.member(json, path, "columns");
  if (!columns->is_array()) {
    input.fail(path / "columns", "expected an array, found " + type_name(*columns));
  }
  for (std::size_t i = 0; i < columns->size(); ++i) {
    const Json& entry = (*columns)[i];
    JsonPath at = path / "columns" / i;
    input.expect_object(entry, at);
    IndexElement element;
    std::string expression = input.string(entry, at, "expression");
    if (input.boolean(entry, at, "isExpression")) {
      element.expression = expression_from_text(expression);
    } else {
      element.column = expression;
    }
    element.descending = !input.optional_boolean(entry, at, "asc", true);
    std::string nulls = input.optional_string(entry, at, "nulls", "last");
    if (nulls != "first" && nulls != "last") {
      input.fail(at / "nulls", "expected \"first\" or \"last\", found \"" + nulls + "\"");
    }
    element.nulls_first = nulls == "first";
    element.opclass = input.optional_string(entry, at, "opclass");
    index.elements.push_back(std::move(element));
  }
  index.unique = input.boolean(json, path, "isUnique");
  if (const Json* where = input.member(json, path, "where", true)) {
    if (!where->is_string()) input.fail(path / "where", "expected a string");
    index.where = expression_from_text(where->get<std::string>());
  }
  index.concurrently = input.optional_boolean(json, path, "concurrently", false);
  index.method = input.optional_string(json, path, "method", "btree");
  if (const Json* with = input.optional_object(json, path, "with")) {
    for (const auto& [key, value] : with->items()) {
      index.with[key] = option_text(input, value, path / "with" / key);
    }
  }
  return index;
}

namespace {

ForeignKey read_foreign_key(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  ForeignKey key;
  key.name = input.string(json, path, "name");
  input.string(json, path, "tableFrom");
  key.references =
      qualified(input.optional_string(json, path, "schemaTo"), input.string(json, path, "tableTo"));
  key.columns = input.strings(json, path, "columnsFrom");
  key.referenced_columns = input.strings(json, path, "columnsTo");
  key.on_delete = input.optional_string(json, path, "onDelete", "no action");
  key.on_update = input.optional_string(json, path, "onUpdate", "no action");
  for (std::string* action : {&key.on_delete, &key.on_update}) {
    for (char& c : *action) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return key;
}

Policy read_policy(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  Policy policy;
  policy.name = input.string(json, path, "name");
  std::string as = input.optional_string(json, path, "as", "PERMISSIVE");
  if (as != "PERMISSIVE" && as != "RESTRICTIVE") {
    input.fail(path / "as", "expected \"PERMISSIVE\" or \"RESTRICTIVE\", found \"" + as + "\"");
  }
  policy.permissive = as == "PERMISSIVE";
  policy.command = input.optional_string(json, path, "for", "ALL");
  if (input.member(json, path, "to", true)) policy.roles = input.strings(json, path, "to");
  if (input.member(json, path, "using", true)) {
    policy.using_expression = expression_from_text(input.string(json, path, "using"));
  }
  if (input.member(json, path, "withCheck", true)) {
    policy.with_check = expression_from_text(input.string(json, path, "withCheck"));
  }
  return policy;
}

// Calls `read(key, value, path)` for each member of the record `key` under `parent`.
template <typename Read>
void for_each_entry(const SnapshotInput& input, const Json& parent, const JsonPath& path,
                    std::string_view key, bool optional, Read read) {
  const Json* record =
      optional ? input.optional_object(parent, path, key) : &input.object(parent, path, key);
  if (!record) return;
  for (const auto& [name, value] : record->items()) {
    JsonPath at = path / key / name;
    input.expect_object(value, at);
    read(name, value, at);
  }
}

Table read_table(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  Table table;
  table.name =
      qualified(input.optional_string(json, path, "schema"), input.string(json, path, "name"));
  std::vector<std::string> primary_key_columns;
  for_each_entry(
      input, json, path, "columns", false,
      [&](const std::string&, const Json& value, const JsonPath& at) {
        table.columns.push_back(read_column(input, value, at, table, primary_key_columns));
      });
  if (!primary_key_columns.empty()) {
    table.primary_key = PrimaryKey{make_object_name(table.name.name, "", "pkey"),
                                   primary_key_columns, std::nullopt, true};
  }
  for_each_entry(input, json, path, "indexes", false,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   Index index = read_index(input, value, at);
                   table.indexes[index.name] = std::move(index);
                 });
  for_each_entry(input, json, path, "foreignKeys", false,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   ForeignKey key = read_foreign_key(input, value, at);
                   table.foreign_keys[key.name] = std::move(key);
                 });
  for_each_entry(input, json, path, "compositePrimaryKeys", false,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   if (table.primary_key) input.fail(at, "the table has a primary key already");
                   table.primary_key =
                       PrimaryKey{input.string(value, at, "name"),
                                  input.strings(value, at, "columns"), std::nullopt};
                 });
  for_each_entry(input, json, path, "uniqueConstraints", true,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   UniqueConstraint unique;
                   unique.name = input.string(value, at, "name");
                   unique.columns = input.strings(value, at, "columns");
                   unique.nulls_not_distinct =
                       input.optional_boolean(value, at, "nullsNotDistinct", false);
                   table.unique_constraints[unique.name] = std::move(unique);
                 });
  for_each_entry(input, json, path, "policies", true,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   Policy policy = read_policy(input, value, at);
                   table.policies[policy.name] = std::move(policy);
                 });
  for_each_entry(input, json, path, "checkConstraints", true,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   CheckConstraint check;
                   check.name = input.string(value, at, "name");
                   check.expression = expression_from_text(input.string(value, at, "value"));
                   table.check_constraints[check.name] = std::move(check);
                 });
  table.row_level_security = input.optional_boolean(json, path, "isRLSEnabled", false);
  return table;
}

View read_view(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  View view;
  view.name =
      qualified(input.optional_string(json, path, "schema"), input.string(json, path, "name"));
  input.object(json, path, "columns");
  view.query = query_from_text(input.string(json, path, "definition"));
  view.materialized = input.boolean(json, path, "materialized");
  if (const Json* with = input.optional_object(json, path, "with")) {
    for (const auto& [key, value] : with->items()) {
      std::string text = option_text(input, value, path / "with" / key);
      if (key == "checkOption") {
        view.check_option = text;
      } else {
        view.with[camel_to_snake(key)] = text;
      }
    }
  }
  view.with_no_data = input.optional_boolean(json, path, "withNoData", false);
  view.access_method = input.optional_string(json, path, "using");
  view.tablespace = input.optional_string(json, path, "tablespace");
  return view;
}

template <typename Map, typename Key, typename Value>
void insert_unique(const SnapshotInput& input, Map& map, const Key& key, Value value,
                   const JsonPath& path, const std::string& what) {
  if (!map.emplace(key, std::move(value)).second)
    input.fail(path, "a second " + what + " of that name");
}

// Tables read while the document was parsed (see parse_document), by their key under
// "tables"; their place in the document holds null. A table that failed to read holds the
// error, raised when the reader reaches it, so errors come out in document order.
// A key that appears twice keeps the last value, as the document object model does: each
// key event forgets what an earlier value under that key left here.
struct StreamedTable {
  std::optional<Table> table;
  std::exception_ptr error;
  // Set when the table's layout was taken while parsing (its key is its name): the layout
  // entries for it; compute_layout must then not expand it.
  std::optional<SnapshotLayout> layout;
};
struct StreamedTables {
  std::map<std::string, StreamedTable, std::less<>> by_key;
  bool laid_out(const std::string& key) const {
    auto found = by_key.find(key);
    return found != by_key.end() && found->second.layout;
  }
};

Schema read_schema(const SnapshotInput& input, const Json& root, StreamedTables& streamed) {
  Schema schema;
  JsonPath top;
  const Json& tables = input.object(root, top, "tables");
  for (const auto& [key, value] : tables.items()) {
    JsonPath at = top / "tables" / key;
    auto found = value.is_null() ? streamed.by_key.find(key) : streamed.by_key.end();
    Table table;
    if (found != streamed.by_key.end()) {
      if (found->second.error) std::rethrow_exception(found->second.error);
      table = std::move(*found->second.table);
    } else {
      input.expect_object(value, at);
      table = read_table(input, value, at);
    }
    QualifiedName name = table.name;
    insert_unique(input, schema.tables, name, std::move(table), at, "table");
  }
  for_each_entry(input, root, top, "enums", false,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   Enum type;
                   type.name = qualified(input.optional_string(value, at, "schema"),
                                         input.string(value, at, "name"));
                   type.values = input.strings(value, at, "values");
                   QualifiedName name = type.name;
                   insert_unique(input, schema.enums, name, std::move(type), at, "enum");
                 });
  const Json& namespaces = input.object(root, top, "schemas");
  for (const auto& [name, value] : namespaces.items()) {
    if (!value.is_string())
      input.fail(top / "schemas" / name, "expected a string, found " + type_name(value));
    schema.namespaces[name] = Namespace{name, std::nullopt};
  }
  for_each_entry(
      input, root, top, "sequences", true,
      [&](const std::string&, const Json& value, const JsonPath& at) {
        Sequence sequence;
        sequence.name =
            qualified(input.optional_string(value, at, "schema"), input.string(value, at, "name"));
        read_sequence_options(input, value, at, sequence.options);
        QualifiedName name = sequence.name;
        insert_unique(input, schema.sequences, name, std::move(sequence), at, "sequence");
      });
  for_each_entry(input, root, top, "roles", true,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   Role role;
                   role.name = input.string(value, at, "name");
                   role.create_db = input.optional_boolean(value, at, "createDb", false);
                   role.create_role = input.optional_boolean(value, at, "createRole", false);
                   role.inherit = input.optional_boolean(value, at, "inherit", true);
                   std::string name = role.name;
                   insert_unique(input, schema.roles, name, std::move(role), at, "role");
                 });
  // Policies linked to tables outside the schema: checked, kept by the header's layout.
  for_each_entry(input, root, top, "policies", true,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   read_policy(input, value, at);
                 });
  for_each_entry(input, root, top, "views", true,
                 [&](const std::string&, const Json& value, const JsonPath& at) {
                   // A view declared .existing() is not managed; the layout keeps it.
                   if (input.optional_boolean(value, at, "isExisting", false)) return;
                   View view = read_view(input, value, at);
                   QualifiedName name = view.name;
                   insert_unique(input, schema.views, name, std::move(view), at, "view");
                 });
  if (const Json* extras = input.optional_object(root, top, "sleet")) {
    read_extras(*extras, input, schema);
  }
  return schema;
}

// Parses the document. Each table (a member of "tables") is read into the model as soon as
// it is parsed, its layout taken when `with_layout`, and its subtree replaced by null: the
// document object model never holds all tables at once (it would be several times the
// file's size).
Json parse_document(const std::string& text, const std::string& file, const SnapshotInput& input,
                    bool with_layout, StreamedTables& streamed) {
  std::string top_key;
  std::string table_key;
  bool tables_object = false;
  auto stream = [&](int depth, Json::parse_event_t event, Json& parsed) {
    using Event = Json::parse_event_t;
    if (depth == 1) {
      if (event == Event::key) top_key = parsed.get<std::string>();
      // A second "tables" member replaces the first one.
      if (event == Event::key && top_key == "tables") streamed.by_key.clear();
      if (event == Event::object_start || event == Event::array_start) {
        tables_object = event == Event::object_start && top_key == "tables";
      }
      return true;
    }
    if (depth != 2 || !tables_object || top_key != "tables") return true;
    if (event == Event::key) {
      table_key = parsed.get<std::string>();
      streamed.by_key.erase(table_key);
    } else if (event == Event::object_end) {
      StreamedTable& entry = streamed.by_key[table_key];
      try {
        JsonPath at = JsonPath() / "tables" / table_key;
        Table table = read_table(input, parsed, at);
        if (with_layout) {
          // A table under another key than its name is laid out with the whole document.
          if (table.name.display() != table_key) {
            streamed.by_key.erase(table_key);
            return true;
          }
          // table_json writes nothing the "sleet" member (read later) sets, so the table as
          // read so far renders as it will in the end.
          entry.layout.emplace();
          compute_member_layout(table_json(table), parsed, child_pointer("/tables", table_key),
                                *entry.layout);
        }
        entry.table = std::move(table);
      } catch (...) {
        entry.error = std::current_exception();
      }
      parsed = nullptr;
    }
    return true;
  };
  try {
    return Json::parse(text, stream);
  } catch (const Json::parse_error& error) {
    int offset = error.byte == 0 ? 0 : static_cast<int>(error.byte) - 1;
    auto [line, column] = line_and_column(text, static_cast<std::size_t>(std::max(0, offset)));
    std::string detail = error.what();
    static const std::regex prefix(
        R"(^\[json\.exception\.[^\]]*\] (parse error( at line \d+, column \d+)?: )?)");
    detail = std::regex_replace(detail, prefix, "");
    throw Error(ErrorKind::Usage, "malformed snapshot JSON: " + detail,
                format_location(file, line, column), "fix or regenerate the snapshot file");
  } catch (const Json::out_of_range&) {  // a number beyond what a double holds
    throw Error(ErrorKind::Usage, "malformed snapshot JSON: a number in it is out of range", file,
                "fix or regenerate the snapshot file");
  }
}

void check_version(const SnapshotInput& input, const Json& root) {
  JsonPath top;
  const Json* version = input.member(root, top, "version");
  if (!version->is_string()) {
    input.fail(top / "version", "expected a string like \"7\", found " + type_name(*version));
  }
  std::string text = version->get<std::string>();
  int number = 0;
  try {
    number = std::stoi(text);
  } catch (const std::exception&) {
    input.fail(top / "version", "expected a version like \"7\", found " + version->dump());
  }
  if (number < 7) {
    input.fail(top / "version", "snapshot version " + text + " is older than 7",
               "run `drizzle-kit up` to upgrade the migration folder, then retry");
  }
  if (number > 7) {
    input.fail(top / "version", "snapshot version " + version->dump() + " is not supported",
               "sleet reads drizzle-kit 0.x snapshots (version \"7\")");
  }
  std::string dialect = input.string(root, top, "dialect");
  if (dialect != "postgresql") {
    input.fail(top / "dialect", "dialect \"" + dialect + "\" is not supported",
               "sleet reads PostgreSQL snapshots (dialect \"postgresql\")");
  }
}

}  // namespace
}  // namespace sleet::snapshot

namespace sleet {

namespace {

Snapshot read(const std::string& json_text, const std::string& file, bool with_layout) {
  using namespace snapshot;
  SnapshotInput input(file);
  StreamedTables streamed;
  Json root = parse_document(json_text, file, input, with_layout, streamed);
  input.expect_object(root, JsonPath());
  check_version(input, root);
  Snapshot result;
  result.header.id = input.string(root, JsonPath(), "id");
  result.header.prev_id = input.string(root, JsonPath(), "prevId");
  result.schema = read_schema(input, root, streamed);
  result.has_sleet_member = root.is_object() && root.contains("sleet");
  // The layout is only needed to write the file again; recording it renders the whole
  // document, so callers that only want the schema skip it. Tables laid out while parsing
  // are null on both sides here.
  if (with_layout) {
    Expand tables = expand_table(result.schema);
    Expand expand = [&](const std::string& parent, const std::string& key) -> std::optional<Json> {
      if (parent == "/tables" && streamed.laid_out(key)) return std::nullopt;
      return tables(parent, key);
    };
    SnapshotLayout layout =
        compute_layout(snapshot_document(result.schema, result.header, true), root, &expand);
    for (auto& [key, entry] : streamed.by_key) {
      if (!entry.layout) continue;
      layout.key_order.merge(entry.layout->key_order);
      layout.added.merge(entry.layout->added);
      layout.removed.merge(entry.layout->removed);
      layout.replaced.merge(entry.layout->replaced);
    }
    result.header.layout = std::move(layout);
  }
  // drizzle-kit keeps long names whole; the server, and so every other source, cuts them.
  truncate_long_identifiers(result.schema);
  // The two documents (several times the file's size) are freed by now; hand their pages
  // back, so that the new snapshot rendered next (possibly on another thread, in another
  // malloc arena) does not add to a peak that holds them as well.
  root = Json();
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  return result;
}

}  // namespace

Snapshot read_snapshot(const std::string& json_text, const std::string& file, bool with_layout) {
  utf8_text(json_text, file);
  return read(json_text, file, with_layout);
}

Schema load_snapshot(const std::string& json_text, const std::string& file) {
  utf8_text(json_text, file);
  return read(json_text, file, false).schema;
}

}  // namespace sleet
