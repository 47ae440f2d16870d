// generate's version "9" diff snapshot for a drizzle-kit 1.0 folder. Each covered change
// becomes the deltas drizzle-kit 1.0.0-rc.5 writes for it (rows spelled as its ddl spells
// them, so its next generate on the same schema finds nothing) and the footprint of the
// statement drizzle-kit would run (the nodes its conflict check compares). A change not
// covered yet is refused: a snapshot drizzle-kit would misread is never written.
#include "generate_v9.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "generate_v9_text.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/snapshot.h"
#include "sleet/snapshot_v9.h"

namespace sleet::plan_internal {

namespace {

using Json = nlohmann::ordered_json;

Json key_of(const std::string& type, const Json& identity) {
  return type + '\0' + identity.dump();
}

// drizzle-kit 1.0's spelling of a column type ("varchar(255)", "timestamp(3) with time
// zone"), or nullopt for a type sleet does not know its spelling of.
std::optional<std::string> type_spelling(const Column& column) {
  if (column.serial == Serial::Serial) return "serial";
  if (column.serial == Serial::BigSerial) return "bigserial";
  if (column.serial == Serial::SmallSerial) return "smallserial";
  const std::string& name = column.type.name;
  if (column.type.is_user_defined()) return name;
  static const std::set<std::string> same{
      "integer", "smallint", "bigint", "text",     "boolean",  "uuid",  "jsonb",
      "json",    "date",     "real",   "double precision",     "inet",  "interval",
      "numeric", "bytea",    "cidr",   "macaddr",  "macaddr8", "point", "line",
      "time with time zone"};
  if (same.contains(name)) return name;
  // Types drizzle-orm has no builder for (a customType), as drizzle-kit's pull spells them.
  static const std::set<std::string> custom{
      "bit varying", "tsvector", "tsquery",   "money",   "xml",
      "int4range",   "int8range", "numrange", "tsrange", "tstzrange", "daterange"};
  if (custom.contains(name) || name.starts_with("bit varying(")) return name;
  // interval with fields ("interval day"), bit(n), time(n) [with time zone]: as format_type.
  if (name.starts_with("interval ") || name.starts_with("interval(") || name.starts_with("bit("))
    return name;
  if (name.starts_with("time(") && name.ends_with(") with time zone")) return name;
  if (name.starts_with("time(") && name.ends_with(") without time zone"))
    return name.substr(0, name.size() - std::string(" without time zone").size());
  auto with_suffix = [&](const std::string& prefix,
                         const std::string& spelled) -> std::optional<std::string> {
    if (!name.starts_with(prefix)) return std::nullopt;
    return spelled + name.substr(prefix.size());
  };
  if (name.starts_with("numeric(")) return name;
  if (name == "timestamp without time zone") return "timestamp";
  if (name == "time without time zone") return "time";
  if (name == "timestamp with time zone") return name;
  if (name.starts_with("timestamp(") && name.ends_with(") with time zone")) return name;
  if (name.starts_with("timestamp(") && name.ends_with(") without time zone"))
    return name.substr(0, name.size() - std::string(" without time zone").size());
  if (auto spelled = with_suffix("character varying", "varchar")) return spelled;
  if (name.starts_with("character(")) return with_suffix("character", "char");
  return std::nullopt;
}

// Whether `schema` defines `type` as a domain, composite or range type (drizzle-kit models none).
bool defines_type(const Schema& schema, const QualifiedName& type) {
  return schema.domains.contains(type) || schema.composite_types.contains(type) ||
         schema.range_types.contains(type);
}

// drizzle-kit 1.0's column type for a type it does not model, as its pull spells it (the
// server's format_type without quotes): "positive", or "shop.positive" outside public.
std::string v9_custom_type_spelling(const QualifiedName& type) {
  return type.schema == "public" ? type.name : type.schema + "." + type.name;
}

// Whether `tail` (what follows a "::") is one type cast as drizzle-kit 1.0's
// trimDefaultValueSuffix matches it: a name of word characters, dots, quotes and spaces, then
// optionally "(...)", " with[out] time zone" and "[]", to the end.
bool is_cast_suffix(std::string_view tail) {
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '"' || c == '.' ||
           std::isspace(static_cast<unsigned char>(c));
  };
  std::size_t i = 0;
  while (i < tail.size() && name_char(tail[i])) ++i;
  if (i == 0) return false;
  if (i < tail.size() && tail[i] == '(') {
    std::size_t close = tail.find(')', i);
    if (close == std::string_view::npos) return false;
    i = close + 1;
    auto lower = [](std::string_view text) {
      std::string out(text);
      for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return out;
    };
    for (std::string_view zone : {" with time zone", " without time zone"}) {
      if (tail.size() - i >= zone.size() && lower(tail.substr(i, zone.size())) == zone) {
        i += zone.size();
        break;
      }
    }
  }
  if (tail.substr(i) == "[]") i += 2;
  return i == tail.size();
}

// drizzle-kit 1.0's spelling of a default: the SQL as the schema writes it, without the type
// casts that end it (drizzle-kit's trimDefaultValueSuffix: its export prints an array's or an
// enum's default with a cast that its ddl leaves out), so `'{}'::text[]` is `'{}'` and
// `now() + interval '1 day'` stays as written.
std::string default_spelling(const Expression& value) {
  std::string text = value.written();
  if (text.ends_with("[]")) text.resize(text.size() - 2);
  for (;;) {
    std::size_t cast = text.rfind("::");
    if (cast == std::string::npos || cast == 0) break;
    // The cast may itself follow a cast ("'a'::text::varchar").
    if (!is_cast_suffix(std::string_view(text).substr(cast + 2))) break;
    text.resize(cast);
  }
  return text;
}

// drizzle-kit 1.0's spelling of a referential action: upper case ("SET NULL").
std::string action_spelling(const std::string& action) {
  std::string out = action;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

// The columns of `table` that a check's SQL names, in order of first mention: the identifiers
// (quoted or bare) that are column names, as drizzle-kit 1.0 finds them for a footprint.
std::vector<std::string> check_columns(const std::string& value,
                                       const std::set<std::string>& table_columns) {
  std::vector<std::string> found;
  std::size_t i = 0;
  auto identifier_start = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  auto identifier_part = [&](char c) {
    return identifier_start(c) || (c >= '0' && c <= '9') || c == '$';
  };
  while (i < value.size()) {
    std::string name;
    if (value[i] == '"') {
      std::size_t close = value.find('"', i + 1);
      if (close == std::string::npos || close == i + 1) {
        ++i;
        continue;
      }
      name = value.substr(i + 1, close - i - 1);
      i = close + 1;
    } else if (identifier_start(value[i])) {
      std::size_t end = i;
      while (end < value.size() && identifier_part(value[end])) ++end;
      name = value.substr(i, end - i);
      i = end;
    } else {
      ++i;
      continue;
    }
    if (table_columns.contains(name) && std::find(found.begin(), found.end(), name) == found.end())
      found.push_back(name);
  }
  return found;
}

// `to` is drizzle_kit_part of the schema: what drizzle-kit's rows have no field for (comments,
// collations, DEFERRABLE, MATCH FULL, NOT VALID, INCLUDE, an index's NULLS NOT DISTINCT) is
// already gone from it, carried by the "sleet" member and its overlays instead.
class Writer {
 public:
  Writer(const Plan& plan, const std::vector<Json>& rows, const Schema& to,
         const std::filesystem::path& folder)
      : plan_(plan), rows_(rows), to_(to), folder_(folder) {}

  V9Changes write(const std::vector<Change>& changes) {
    std::set<std::pair<QualifiedName, std::string>> added_keys;
    for (const Change& change : changes) {
      if (change.kind == ChangeKind::DropTable) dropped_tables_.insert(change.object);
      if (change.kind == ChangeKind::CreateTable) created_tables_.insert(change.object);
      if (change.kind == ChangeKind::AddPrimaryKey) added_keys.insert({change.object, change.name});
    }
    for (const Change& change : changes) {
      if (change.kind == ChangeKind::DropPrimaryKey &&
          added_keys.contains({change.object, change.name}))
        altered_keys_.insert({change.object, change.name});
    }
    find_recreated_text_objects(changes);
    for (const Change& change : changes) add(change);
    flush_column_alters();
    drop_unchanged_recreations();
    return std::move(out_);
  }

 private:
  [[noreturn]] void refuse(const Change& change) const {
    std::string what = to_string(change.kind) + " " + change.object.display();
    if (!change.name.empty()) what += "." + change.name;
    throw Error(ErrorKind::Usage,
                fmt::format("sleet generate cannot write this change into a drizzle-kit 1.0 "
                            "(v3) folder yet: {}",
                            what),
                folder_.string(),
                "generate this migration with drizzle-kit 1.0 ('npx drizzle-kit@rc generate'); "
                "sleet writes v3 migrations of tables, columns, keys, constraints, indexes, "
                "policies, views, schemas, enums and sequences as drizzle-kit's ddl holds "
                "them, but not yet every column type as drizzle-kit spells it "
                "(docs/drizzle-kit-1.md lists what is covered)");
  }

  const Table& table_to(const Change& change) const {
    auto found = to_.tables.find(change.object);
    if (found == to_.tables.end()) refuse(change);
    return found->second;
  }

  Json column_row(const Change& change, const QualifiedName& table, const Column& column) const {
    // A collation, like every attribute drizzle-kit's rows have no field for, is not in `to_`
    // (drizzle_kit_part): the member's overlay carries it.
    std::optional<std::string> type = type_spelling(column);
    if (!type) refuse(change);
    Json generated;
    if (column.generated) generated = text_row(change, v9_generated(*column.generated));
    std::optional<std::string> fallback;
    if (column.default_value && column.serial == Serial::None)
      fallback = default_spelling(*column.default_value);
    // A domain, composite or range type as drizzle-kit spells a customType's (no typeSchema:
    // only enums have one); the member's definition of the type qualifies it when read.
    QualifiedName user_type{column.type.schema, column.type.name};
    bool custom = column.type.is_user_defined() && defines_type(to_, user_type);
    Json row = Json::object();
    row["schema"] = table.schema;
    row["table"] = table.name;
    row["name"] = column.name;
    row["type"] = custom ? v9_custom_type_spelling(user_type) : *type;
    row["typeSchema"] =
        column.type.is_user_defined() && !custom ? Json(column.type.schema) : Json();
    row["notNull"] = column.not_null;
    row["dimensions"] = column.type.array_dimensions;
    row["default"] = fallback ? Json(*fallback) : Json();
    row["generated"] = std::move(generated);
    row["identity"] = column.identity ? identity_of(change, table, *column.identity) : Json();
    row["entityType"] = "columns";
    return row;
  }

  // drizzle-kit 1.0's identity: its sequence's name (in the table's schema) and options, the
  // numbers as strings but the cache.
  Json identity_of(const Change& change, const QualifiedName& table,
                   const Identity& identity) const {
    if (identity.sequence.schema != table.schema) refuse(change);
    const SequenceOptions& options = identity.options;
    return {{"type", identity.kind == Identity::Kind::Always ? "always" : "byDefault"},
            {"name", identity.sequence.name},
            {"increment", std::to_string(options.increment)},
            {"startWith", std::to_string(options.start)},
            {"minValue", std::to_string(options.min_value)},
            {"maxValue", std::to_string(options.max_value)},
            {"cache", options.cache},
            {"cycle", options.cycle}};
  }

  Json index_row(const Change& change, const QualifiedName& table, const Index& index) const {
    Json columns = Json::array();
    // Storage parameters as drizzle-kit writes its TypeScript's .with({...}): "name=value"
    // joined by ", ", here in name order (drizzle-kit compares the text).
    std::string with;
    for (const auto& [name, value] : index.with)
      with += (with.empty() ? "" : ", ") + name + "=" + value;
    for (const IndexElement& element : index.elements)
      columns.push_back(text_row(change, v9_index_column(element)));
    return {{"schema", table.schema},
            {"table", table.name},
            {"name", index.name},
            {"nameExplicit", true},
            {"columns", std::move(columns)},
            {"isUnique", index.unique},
            {"where", text_row(change, v9_index_where(index))},
            {"with", with},
            {"method", index.method},
            {"concurrently", index.concurrently},
            {"entityType", "indexes"}};
  }

  Json foreign_key_row(const Change& change, const QualifiedName& table,
                       const ForeignKey& key) const {
    std::vector<std::string> columns_to = key.referenced_columns;
    if (columns_to.empty()) {
      auto referenced = to_.tables.find(key.references);
      if (referenced == to_.tables.end() || !referenced->second.primary_key) refuse(change);
      columns_to = referenced->second.primary_key->columns;
    }
    std::string default_name = fmt::format("{}_{}_{}_{}_fkey", table.name, joined(key.columns, "_"),
                                           key.references.name, joined(columns_to, "_"));
    return {{"schema", table.schema},
            {"table", table.name},
            {"name", key.name},
            {"nameExplicit", key.name != default_name},
            {"columns", key.columns},
            {"schemaTo", key.references.schema},
            {"tableTo", key.references.name},
            {"columnsTo", std::move(columns_to)},
            {"onUpdate", action_spelling(key.on_update)},
            {"onDelete", action_spelling(key.on_delete)},
            {"entityType", "fks"}};
  }

  static Json unique_row(const QualifiedName& table, const UniqueConstraint& unique) {
    std::string default_name = fmt::format("{}_{}_key", table.name, joined(unique.columns, "_"));
    return {{"schema", table.schema},    {"table", table.name},
            {"name", unique.name},       {"nameExplicit", unique.name != default_name},
            {"columns", unique.columns}, {"nullsNotDistinct", unique.nulls_not_distinct},
            {"entityType", "uniques"}};
  }

  // The row of the folder's state with this type, table and name, or nullptr.
  const Json* state_row(const std::string& type, const QualifiedName& table,
                        const std::string& name) const {
    for (const Json& row : rows_) {
      if (row.value("entityType", "") == type && row.value("schema", "") == table.schema &&
          row.value("table", "") == table.name && row.value("name", "") == name)
        return &row;
    }
    return nullptr;
  }

  // The column names of `table` in the folder's state (before this migration).
  std::set<std::string> state_columns(const QualifiedName& table) const {
    std::set<std::string> names;
    for (const Json& row : rows_) {
      if (row.value("entityType", "") == "columns" && row.value("schema", "") == table.schema &&
          row.value("table", "") == table.name)
        names.insert(row.value("name", ""));
    }
    return names;
  }

  static std::vector<std::string> strings_of(const Json& array) {
    std::vector<std::string> out;
    if (!array.is_array()) return out;
    for (const Json& item : array) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
    return out;
  }

  static Json column_enum_reads(const Column& column) {
    Json reads = Json::array();
    if (column.type.is_user_defined())
      reads.push_back(fmt::format("n|enum|{}.{}", column.type.schema, column.type.name));
    return reads;
  }

  void footprint(const std::string& type, Json target, Json writes, Json reads) {
    Json print = {{"statementType", type},
                  {"statementTarget", std::move(target)},
                  {"writes", std::move(writes)}};
    if (!reads.empty()) print["reads"] = std::move(reads);
    out_.footprints.push_back(std::move(print));
  }

  static Json created(const std::string& kind, const std::string& path) {
    return Json::array({fmt::format("s|{}|{}", kind, path), fmt::format("n|{}|{}", kind, path),
                        fmt::format("e|{}|{}", kind, path)});
  }

  void create(Json row) { out_.deltas.push_back({{"op", "create"}, {"row", std::move(row)}}); }
  void drop(const std::string& type, const Json& identity) {
    out_.deltas.push_back({{"op", "drop"}, {"key", key_of(type, identity)}});
  }

  void create_table(const Change& change) {
    const Table& table = table_to(change);
    const QualifiedName& name = table.name;
    create({{"schema", name.schema},
            {"name", name.name},
            {"isRlsEnabled", table.row_level_security},
            {"entityType", "tables"}});
    Json reads = Json::array({fmt::format("n|sch|{}", name.schema)});
    for (const Column& column : table.columns) {
      create(column_row(change, name, column));
      for (const Json& read : column_enum_reads(column)) reads.push_back(read);
    }
    std::string path = name.schema + "." + name.name;
    Json writes = created("tbl", path);
    writes.push_back("n|rel|" + path);
    writes.push_back("n|type|" + path);
    if (table.primary_key) {
      const PrimaryKey& key = *table.primary_key;
      std::string default_name = name.name + "_pkey";
      create({{"schema", name.schema},
              {"table", name.name},
              {"name", key.name},
              {"columns", key.columns},
              {"nameExplicit", key.name != default_name},
              {"entityType", "pks"}});
      writes.push_back(fmt::format("n|rel|{}.{}", name.schema, key.name));
    }
    for (const auto& [unique_name, unique] : table.unique_constraints) {
      create(unique_row(name, unique));
      writes.push_back(fmt::format("n|rel|{}.{}", name.schema, unique_name));
    }
    for (const auto& [check_name, check] : table.check_constraints)
      create(text_row(change, v9_check_row(name, check)));
    footprint("create_table", {"table", name.schema, name.name}, std::move(writes),
              std::move(reads));
  }

  // Every row of the dropped table, in the order drizzle-kit drops them.
  void drop_table(const Change& change) {
    const QualifiedName& name = change.object;
    drop("tables", Json::array({name.schema, name.name}));
    for (const char* type : {"columns", "indexes", "fks", "pks", "uniques", "checks", "policies"}) {
      for (const Json& row : rows_) {
        if (row.value("entityType", "") != type || row.value("schema", "") != name.schema ||
            row.value("table", "") != name.name)
          continue;
        Json identity = std::string(type) == "indexes"
                            ? Json::array({name.schema, row.value("name", "")})
                            : Json::array({name.schema, name.name, row.value("name", "")});
        drop(type, identity);
      }
    }
    std::string path = name.schema + "." + name.name;
    Json writes = created("tbl", path);
    writes.push_back("n|rel|" + path);
    writes.push_back("n|type|" + path);
    footprint("drop_table", {"table", name.schema, name.name}, std::move(writes),
              Json::array({fmt::format("n|sch|{}", name.schema)}));
  }

  Json under_table(const QualifiedName& table) const {
    return Json::array({fmt::format("n|tbl|{}.{}", table.schema, table.name),
                        fmt::format("n|sch|{}", table.schema)});
  }

  void add_column(const Change& change) {
    const Table& table = table_to(change);
    const Column* column = table.find_column(change.name);
    if (!column) refuse(change);
    create(column_row(change, table.name, *column));
    Json reads = under_table(table.name);
    for (const Json& read : column_enum_reads(*column)) reads.push_back(read);
    footprint(
        "add_column", {"column", table.name.schema, table.name.name, column->name},
        created("col", fmt::format("{}.{}.{}", table.name.schema, table.name.name, column->name)),
        std::move(reads));
  }

  void drop_column(const Change& change) {
    const QualifiedName& table = change.object;
    drop("columns", Json::array({table.schema, table.name, change.name}));
    footprint("drop_column", {"column", table.schema, table.name, change.name},
              created("col", fmt::format("{}.{}.{}", table.schema, table.name, change.name)),
              under_table(table));
  }

  // NOT NULL and default changes of one column are one alter delta and one alter_column
  // statement in drizzle-kit.
  void alter_column(const Change& change) {
    const Table& table = table_to(change);
    const Column* column = table.find_column(change.name);
    if (!column) refuse(change);
    ColumnAlter& alter = alters_[{table.name, change.name}];
    if (alter.set.empty()) alter_order_.push_back({table.name, change.name});
    alter.column = column;
    if (change.kind == ChangeKind::SetNotNull || change.kind == ChangeKind::DropNotNull) {
      alter.set["notNull"] = column->not_null;
      alter.properties.insert("notNull");
    } else if (change.kind == ChangeKind::AddIdentity || change.kind == ChangeKind::DropIdentity ||
               change.kind == ChangeKind::AlterIdentity) {
      alter.set["identity"] =
          column->identity ? identity_of(change, table.name, *column->identity) : Json();
      alter.properties.insert("identity");
    } else if (change.kind == ChangeKind::DropGenerated) {
      // DROP EXPRESSION: the column keeps its values and type.
      alter.set["generated"] = Json();
      alter.properties.insert("generated");
    } else if (change.kind == ChangeKind::AlterColumnType) {
      // The type, and its schema and dimensions where they differ from the folder's row.
      const Json* before = state_row("columns", table.name, column->name);
      Json row = column_row(change, table.name, *column);
      if (!before || column->serial != Serial::None) refuse(change);
      alter.set["type"] = row["type"];
      for (const char* field : {"typeSchema", "dimensions"}) {
        if (before->value(field, Json()) != row[field]) alter.set[field] = row[field];
      }
      alter.properties.insert("type");
    } else {
      std::optional<std::string> value;
      if (column->default_value) {
        if (column->serial != Serial::None) refuse(change);
        value = default_spelling(*column->default_value);
      }
      alter.set["default"] = value ? Json(*value) : Json();
      alter.properties.insert("default");
    }
  }

  void flush_column_alters() {
    for (const auto& where : alter_order_) {
      const ColumnAlter& alter = alters_.at(where);
      const auto& [table, name] = where;
      out_.deltas.push_back(
          {{"op", "alter"},
           {"key", key_of("columns", Json::array({table.schema, table.name, name}))},
           {"set", alter.set}});
      std::string path = fmt::format("{}.{}.{}", table.schema, table.name, name);
      // drizzle-kit's order: NOT NULL, default, type (which rewrites the default too), identity
      // (which rewrites the default and NOT NULL).
      std::vector<std::string> properties;
      auto add_property = [&](const std::string& property) {
        if (std::find(properties.begin(), properties.end(), property) == properties.end())
          properties.push_back(property);
      };
      for (const char* property : {"notNull", "default"}) {
        if (alter.properties.contains(property)) add_property(property);
      }
      if (alter.properties.contains("type")) {
        add_property("type");
        add_property("default");
      }
      if (alter.properties.contains("generated")) {
        add_property("generated");
        add_property("default");
      }
      if (alter.properties.contains("identity")) {
        add_property("identity");
        add_property("default");
        add_property("notNull");
      }
      Json writes = Json::array();
      for (const std::string& property : properties)
        writes.push_back(fmt::format("s|colprop|{}.{}", path, property));
      Json reads = under_table(table);
      reads.push_back("n|col|" + path);
      if (alter.properties.contains("default") || alter.properties.contains("type")) {
        for (const Json& read : column_enum_reads(*alter.column)) reads.push_back(read);
      }
      // drizzle-kit hashes the statement's SQL: the same change made on two branches then
      // does not conflict.
      std::vector<std::string> sql;
      for (const PlannedStatement& statement : plan_.statements) {
        if (statement.object == table && statement.member == name) sql.push_back(statement.sql);
      }
      std::string joined;
      for (std::size_t i = 0; i < sql.size(); ++i) joined += (i ? "\n" : "") + sql[i];
      footprint("alter_column", {"column", table.schema, table.name, name}, std::move(writes),
                std::move(reads));
      // An identity or generated change is not idempotent for drizzle-kit: no hash, so it
      // always conflicts.
      if (!alter.properties.contains("identity") && !alter.properties.contains("generated"))
        out_.footprints.back()["sqlHash"] = sha256_hex(joined).substr(0, 16);
    }
  }

  void create_index(const Change& change) {
    const Table& table = table_to(change);
    auto found = table.indexes.find(change.name);
    if (found == table.indexes.end()) refuse(change);
    const Index& index = found->second;
    bool recreated = recreated_indexes_.contains({table.name, index.name});
    Json row = index_row(change, table.name, index);
    if (recreated) {
      const Json* before = state_index(table.name.schema, index.name);
      if (!before) refuse(change);
      alter("indexes", Json::array({table.name.schema, index.name}), *before, row);
    } else {
      create(std::move(row));
    }
    std::string path = table.name.schema + "." + index.name;
    Json writes = created("idx", path);
    writes.push_back("n|rel|" + path);
    // The columns its keys name; an expression's columns (and the WHERE's) are not read.
    Json reads = under_table(table.name);
    for (const IndexElement& element : index.elements) {
      if (element.column.empty()) continue;
      reads.push_back(
          fmt::format("n|col|{}.{}.{}", table.name.schema, table.name.name, element.column));
    }
    footprint(recreated ? "recreate_index" : "create_index",
              {"index", table.name.schema, table.name.name, index.name}, std::move(writes),
              std::move(reads));
    if (recreated) {
      out_.footprints.back()["sharedWrites"] = Json::array();
      out_.footprints.back()["sqlHash"] = statements_hash(table.name, index.name);
    }
  }

  void drop_index(const Change& change) {
    const QualifiedName& table = change.object;
    const Json* row = nullptr;
    for (const Json& candidate : rows_) {
      if (candidate.value("entityType", "") == "indexes" &&
          candidate.value("schema", "") == table.schema &&
          candidate.value("name", "") == change.name)
        row = &candidate;
    }
    if (!row) refuse(change);
    drop("indexes", Json::array({table.schema, change.name}));
    std::string path = table.schema + "." + change.name;
    Json writes = created("idx", path);
    writes.push_back("n|rel|" + path);
    // A unique index on plain columns without WHERE is a uniqueness others may rely on.
    std::vector<std::string> columns;
    bool plain = row->value("isUnique", false) && row->value("where", Json()).is_null();
    for (const Json& element : row->value("columns", Json::array())) {
      if (element.value("isExpression", false)) {
        plain = false;
        continue;
      }
      columns.push_back(element.value("value", ""));
    }
    Json reads = plain ? under_table(table)
                       : Json::array({fmt::format("e|tbl|{}.{}", table.schema, table.name),
                                      fmt::format("n|sch|{}", table.schema)});
    for (const std::string& column : columns)
      reads.push_back(fmt::format("e|col|{}.{}.{}", table.schema, table.name, column));
    Json shared = Json::array();
    if (plain) {
      std::vector<std::string> sorted = columns;
      std::sort(sorted.begin(), sorted.end());
      std::string path_columns;
      for (const std::string& column : sorted) path_columns += "." + column;
      shared.push_back(fmt::format("e|uniqueness|{}.{}{}", table.schema, table.name, path_columns));
    }
    footprint("drop_index", {"index", table.schema, table.name, change.name}, std::move(writes),
              std::move(reads));
    out_.footprints.back()["sharedWrites"] = std::move(shared);
  }

  // A constraint's nodes: itself, and the name it takes among the table's constraints (and,
  // for a unique constraint, among the schema's relations: its index).
  static Json constraint_writes(const std::string& kind, const QualifiedName& table,
                                const std::string& name) {
    std::string path = fmt::format("{}.{}.{}", table.schema, table.name, name);
    Json writes = created(kind, path);
    writes.push_back("n|con|" + path);
    if (kind == "uq") writes.push_back(fmt::format("n|rel|{}.{}", table.schema, name));
    return writes;
  }

  Json column_reads(const QualifiedName& table, const std::vector<std::string>& columns,
                    const char* prefix) const {
    Json reads = under_table(table);
    for (const std::string& column : columns)
      reads.push_back(fmt::format("{}|col|{}.{}.{}", prefix, table.schema, table.name, column));
    return reads;
  }

  static std::string uniqueness(const std::string& schema, const std::string& table,
                                std::vector<std::string> columns) {
    std::sort(columns.begin(), columns.end());
    std::string path = schema + "." + table;
    for (const std::string& column : columns) path += "." + column;
    return "e|uniqueness|" + path;
  }

  static Json target_table(const QualifiedName& table) {
    return Json::array({"table", table.schema, table.name});
  }

  void add_foreign_key(const Change& change) {
    const Table& table = table_to(change);
    auto found = table.foreign_keys.find(change.name);
    if (found == table.foreign_keys.end()) refuse(change);
    Json row = foreign_key_row(change, table.name, found->second);
    Json reads = under_table(table.name);
    std::string schema_to = row["schemaTo"], table_to = row["tableTo"];
    reads.push_back(fmt::format("n|tbl|{}.{}", schema_to, table_to));
    reads.push_back(fmt::format("n|sch|{}", schema_to));
    for (const std::string& column : found->second.columns)
      reads.push_back(fmt::format("n|col|{}.{}.{}", table.name.schema, table.name.name, column));
    std::vector<std::string> columns_to = strings_of(row["columnsTo"]);
    for (const std::string& column : columns_to)
      reads.push_back(fmt::format("n|col|{}.{}.{}", schema_to, table_to, column));
    reads.push_back(uniqueness(schema_to, table_to, columns_to));
    create(std::move(row));
    footprint("create_fk", target_table(table.name),
              constraint_writes("fk", table.name, change.name), std::move(reads));
  }

  // drop_fk, drop_unique or drop_check of a constraint of the folder's state (`type` its rows,
  // `kind` its node kind).
  void drop_constraint(const Change& change, const std::string& statement, const std::string& type,
                       const std::string& kind) {
    const QualifiedName& table = change.object;
    const Json* row = state_row(type, table, change.name);
    if (!row) refuse(change);
    std::vector<std::string> columns =
        type == "checks" ? check_columns(row->value("value", ""), state_columns(table))
                         : strings_of(row->value("columns", Json()));
    drop(type, Json::array({table.schema, table.name, change.name}));
    footprint(statement, target_table(table), constraint_writes(kind, table, change.name),
              column_reads(table, columns, "e"));
    if (type == "uniques")
      out_.footprints.back()["sharedWrites"] =
          Json::array({uniqueness(table.schema, table.name, columns)});
  }

  void add_unique(const Change& change) {
    const Table& table = table_to(change);
    auto found = table.unique_constraints.find(change.name);
    if (found == table.unique_constraints.end()) refuse(change);
    create(unique_row(table.name, found->second));
    footprint("add_unique", target_table(table.name),
              constraint_writes("uq", table.name, change.name),
              column_reads(table.name, found->second.columns, "n"));
  }

  // A key whose columns change under the same name is one alter_pk; a key that changes name
  // is dropped and added.
  bool key_altered(const QualifiedName& table, const std::string& name) const {
    return altered_keys_.contains({table, name});
  }

  void add_primary_key(const Change& change) {
    const Table& table = table_to(change);
    if (!table.primary_key || table.primary_key->name != change.name) refuse(change);
    const PrimaryKey& key = *table.primary_key;
    const QualifiedName& name = table.name;
    if (key_altered(name, key.name)) {
      const Json* before = state_row("pks", name, key.name);
      if (!before) refuse(change);
      // Same columns: what changed is DEFERRABLE, which the member's overlay carries and
      // drizzle-kit's row has no field for (the footprint stays: the statements run).
      if (strings_of(before->value("columns", Json())) != key.columns) {
        out_.deltas.push_back(
            {{"op", "alter"},
             {"key", key_of("pks", Json::array({name.schema, name.name, key.name}))},
             {"set", {{"columns", key.columns}}}});
      }
      std::string joined_sql;
      for (const PlannedStatement& statement : plan_.statements) {
        bool key_statement = statement.kind == ChangeKind::DropPrimaryKey ||
                             statement.kind == ChangeKind::AddPrimaryKey;
        if (statement.object == name && key_statement)
          joined_sql += (joined_sql.empty() ? "" : "\n") + statement.sql;
      }
      footprint("alter_pk", target_table(name),
                Json::array({fmt::format("s|pk|{}.{}", name.schema, name.name)}),
                column_reads(name, key.columns, "n"));
      out_.footprints.back()["sharedWrites"] = Json::array(
          {uniqueness(name.schema, name.name, strings_of(before->value("columns", Json())))});
      out_.footprints.back()["sqlHash"] = sha256_hex(joined_sql).substr(0, 16);
      return;
    }
    create({{"schema", name.schema},
            {"table", name.name},
            {"name", key.name},
            {"columns", key.columns},
            {"nameExplicit", key.name != name.name + "_pkey"},
            {"entityType", "pks"}});
    footprint("add_pk", target_table(name), key_writes(name, key.name),
              column_reads(name, key.columns, "n"));
  }

  void drop_primary_key(const Change& change) {
    const QualifiedName& table = change.object;
    if (key_altered(table, change.name)) return;  // written by add_primary_key
    const Json* row = state_row("pks", table, change.name);
    if (!row) refuse(change);
    std::vector<std::string> columns = strings_of(row->value("columns", Json()));
    drop("pks", Json::array({table.schema, table.name, change.name}));
    footprint("drop_pk", target_table(table), key_writes(table, change.name),
              column_reads(table, columns, "e"));
    out_.footprints.back()["sharedWrites"] =
        Json::array({uniqueness(table.schema, table.name, columns)});
  }

  static Json key_writes(const QualifiedName& table, const std::string& name) {
    Json writes = created("pk", table.schema + "." + table.name);
    writes.push_back(fmt::format("n|con|{}.{}.{}", table.schema, table.name, name));
    writes.push_back(fmt::format("n|rel|{}.{}", table.schema, name));
    return writes;
  }

  // Both ends of a rename: the old and the new name's nodes (drizzle-kit's "endpoint").
  static Json renamed(const std::string& kind, const std::string& from, const std::string& to,
                      const std::vector<std::string>& shared_kinds) {
    Json writes = Json::array();
    for (const std::string& path : {from, to}) {
      writes.push_back(fmt::format("s|{}|{}", kind, path));
      writes.push_back(fmt::format("n|{}|{}", kind, path));
      for (const std::string& shared : shared_kinds)
        writes.push_back(fmt::format("n|{}|{}", shared, path));
    }
    return writes;
  }

  // A table renamed in its schema; its members follow it (drizzle-kit's store carries them).
  void rename_table(const Change& change) {
    const QualifiedName& from = change.old_object;
    const QualifiedName& to = change.object;
    if (from.schema != to.schema) refuse(change);
    rename_delta(change, "tables");
    footprint(
        "rename_table", target_table(from),
        renamed("tbl", from.schema + "." + from.name, to.schema + "." + to.name, {"rel", "type"}),
        Json::array({fmt::format("n|sch|{}", from.schema)}));
  }

  // Applies a rename delta just written to the state the later changes read.
  void follow(const Json& delta) {
    rows_ = v9_rows_after(rows_, Json::array({delta}), folder_.string());
  }

  void push_rename(Json delta) {
    out_.deltas.push_back(std::move(delta));
    follow(out_.deltas.back());
  }

  void rename_column(const Change& change) {
    const QualifiedName& table = change.object;
    std::string prefix = table.schema + "." + table.name + ".";
    push_rename(
        {{"op", "rename"},
         {"key", key_of("columns", Json::array({table.schema, table.name, change.old_name}))},
         {"set", {{"name", change.name}}}});
    footprint("rename_column", {"column", table.schema, table.name, change.old_name},
              renamed("col", prefix + change.old_name, prefix + change.name, {}),
              under_table(table));
  }

  // A constraint whose name follows a renamed table or column (detail: its kind).
  void rename_constraint(const Change& change) {
    static const std::map<std::string, std::pair<std::string, std::string>> kinds{
        {"PRIMARY KEY", {"pks", "pk"}},
        {"UNIQUE", {"uniques", "uq"}},
        {"CHECK", {"checks", "ck"}},
        {"FOREIGN KEY", {"fks", "fk"}}};
    auto kind = kinds.find(change.detail);
    if (kind == kinds.end()) refuse(change);
    const auto& [type, node] = kind->second;
    const QualifiedName& table = change.object;
    const Json* row = state_row(type, table, change.old_name);
    if (!row) refuse(change);
    std::vector<std::string> columns =
        type == "checks" ? check_columns(row->value("value", ""), state_columns(table))
                         : strings_of(row->value("columns", Json()));
    push_rename({{"op", "rename"},
                 {"key", key_of(type, Json::array({table.schema, table.name, change.old_name}))},
                 {"set", {{"name", change.name}}}});
    std::string prefix = table.schema + "." + table.name + ".";
    Json writes;
    if (node == "pk") {
      std::string path = table.schema + "." + table.name;
      writes = Json::array({"s|pk|" + path, "n|pk|" + path});
      for (const std::string& name : {change.old_name, change.name}) {
        writes.push_back(fmt::format("n|con|{}{}", prefix, name));
        writes.push_back(fmt::format("n|rel|{}.{}", table.schema, name));
      }
    } else {
      writes = Json::array();
      for (const std::string& name : {change.old_name, change.name}) {
        for (const Json& write : constraint_writes(node, table, name)) {
          if (!write.get<std::string>().starts_with("e|")) writes.push_back(write);
        }
      }
    }
    footprint("rename_constraint", target_table(table), std::move(writes),
              column_reads(table, columns, "e"));
  }

  void rename_index(const Change& change) {
    const QualifiedName& table = change.object;
    const Json* row = nullptr;
    for (const Json& candidate : rows_) {
      if (candidate.value("entityType", "") == "indexes" &&
          candidate.value("schema", "") == table.schema &&
          candidate.value("name", "") == change.old_name)
        row = &candidate;
    }
    if (!row) refuse(change);
    Json reads = Json::array({fmt::format("e|tbl|{}.{}", table.schema, table.name),
                              fmt::format("n|sch|{}", table.schema)});
    for (const Json& element : row->value("columns", Json::array())) {
      if (element.value("isExpression", false)) continue;
      reads.push_back(
          fmt::format("e|col|{}.{}.{}", table.schema, table.name, element.value("value", "")));
    }
    footprint("rename_index", {"index", table.schema, table.name, change.old_name},
              renamed("idx", table.schema + "." + change.old_name, table.schema + "." + change.name,
                      {"rel"}),
              std::move(reads));
    push_rename({{"op", "rename"},
                 {"key", key_of("indexes", Json::array({table.schema, change.old_name}))},
                 {"set", {{"name", change.name}}}});
  }

  void create_schema(const Change& change) {
    auto found = to_.namespaces.find(change.object.schema);
    if (found == to_.namespaces.end()) refuse(change);
    create({{"name", change.object.schema}, {"entityType", "schemas"}});
    footprint("create_schema", {"schema", change.object.schema},
              created("sch", change.object.schema), Json::array());
  }

  void drop_schema(const Change& change) {
    drop("schemas", Json::array({change.object.schema}));
    footprint("drop_schema", {"schema", change.object.schema}, created("sch", change.object.schema),
              Json::array());
  }

  static Json enum_writes(const QualifiedName& name) {
    std::string path = name.schema + "." + name.name;
    Json writes = created("enum", path);
    writes.push_back("n|type|" + path);
    return writes;
  }

  void create_enum(const Change& change) {
    auto found = to_.enums.find(change.object);
    if (found == to_.enums.end()) refuse(change);
    const QualifiedName& name = change.object;
    create({{"schema", name.schema},
            {"name", name.name},
            {"values", found->second.values},
            {"entityType", "enums"}});
    footprint("create_enum", {"enum", name.schema, name.name}, enum_writes(name),
              Json::array({"n|sch|" + name.schema}));
  }

  void drop_enum(const Change& change) {
    const QualifiedName& name = change.object;
    drop("enums", Json::array({name.schema, name.name}));
    footprint("drop_enum", {"enum", name.schema, name.name}, enum_writes(name),
              Json::array({"n|sch|" + name.schema}));
  }

  static Json sequence_writes(const QualifiedName& name) {
    std::string path = name.schema + "." + name.name;
    Json writes = created("seq", path);
    writes.push_back("n|rel|" + path);
    return writes;
  }

  // drizzle-kit 1.0's sequences have no data type and no owner: a smallint or integer
  // sequence's `AS` and its OWNED BY ride in the "sleet" member (its "sequences" entry, as in a
  // 0.x snapshot's), the row holds the bounds the type implies; its numbers are strings.
  Json sequence_row(const Change& change) const {
    auto found = to_.sequences.find(change.object);
    if (found == to_.sequences.end()) refuse(change);
    const Sequence& sequence = found->second;
    const SequenceOptions& options = sequence.options;
    const QualifiedName& name = change.object;
    return {{"schema", name.schema},
            {"name", name.name},
            {"incrementBy", std::to_string(options.increment)},
            {"minValue", std::to_string(options.min_value)},
            {"maxValue", std::to_string(options.max_value)},
            {"startWith", std::to_string(options.start)},
            {"cacheSize", options.cache},
            {"cycle", options.cycle},
            {"entityType", "sequences"}};
  }

  // The schema, and the table and column that own the sequence (OWNED BY, in the sequence's
  // schema): a branch that drops the column conflicts.
  Json sequence_reads(const QualifiedName& name) const {
    Json reads = Json::array({"n|sch|" + name.schema});
    auto found = to_.sequences.find(name);
    if (found == to_.sequences.end() || !found->second.owned_by) return reads;
    const std::string& owner = *found->second.owned_by;
    std::size_t dot = owner.rfind('.');
    if (dot == std::string::npos) return reads;
    reads.push_back(fmt::format("n|tbl|{}.{}", name.schema, owner.substr(0, dot)));
    reads.push_back(fmt::format("n|col|{}.{}", name.schema, owner));
    return reads;
  }

  void create_sequence(const Change& change) {
    create(sequence_row(change));
    const QualifiedName& name = change.object;
    footprint("create_sequence", {"sequence", name.schema, name.name}, sequence_writes(name),
              sequence_reads(name));
  }

  // ALTER SEQUENCE: one alter delta of the options that changed (drizzle-kit's alter_sequence).
  void alter_sequence(const Change& change) {
    const QualifiedName& name = change.object;
    Json row = sequence_row(change);
    const Json* before = state_qualified("sequences", name);
    if (!before) refuse(change);
    alter("sequences", Json::array({name.schema, name.name}), *before, row);
    footprint("alter_sequence", {"sequence", name.schema, name.name},
              Json::array({fmt::format("s|seq|{}.{}", name.schema, name.name)}),
              sequence_reads(name));
    out_.footprints.back()["sqlHash"] = statements_hash(name, "");
  }

  // The row of the folder's state of a schema-level kind (`type`: enums, sequences, tables,
  // views) named `name`, or nullptr.
  const Json* state_qualified(const std::string& type, const QualifiedName& name) const {
    for (const Json& row : rows_) {
      if (row.value("entityType", "") == type && row.value("schema", "") == name.schema &&
          row.value("name", "") == name.name)
        return &row;
    }
    return nullptr;
  }

  // A schema-level object (enum, sequence, table, view) renamed or moved to another schema:
  // one rename delta of what changed, as drizzle-kit's store records it. sleet's diff moves
  // first and renames in the new schema after; drizzle-kit writes both as one delta of the
  // object's old key, its set naming "name" before "schema".
  void rename_delta(const Change& change, const std::string& type) {
    const QualifiedName& from = change.old_object;
    const QualifiedName& to = change.object;
    bool move = from.schema != to.schema;
    auto moved = moved_.find({type, from});
    if (!move && moved != moved_.end()) {
      Json& delta = out_.deltas.at(moved->second);
      delta["set"] = {{"name", to.name}, {"schema", to.schema}};
      moved_.erase(moved);
      // The state already holds the move: the rename in the new schema follows it.
      follow({{"op", "rename"},
              {"key", key_of(type, Json::array({from.schema, from.name}))},
              {"set", {{"name", to.name}}}});
      return;
    }
    if (!state_qualified(type, from)) refuse(change);
    Json set = move ? Json{{"schema", to.schema}} : Json{{"name", to.name}};
    push_rename({{"op", "rename"},
                 {"key", key_of(type, Json::array({from.schema, from.name}))},
                 {"set", std::move(set)}});
    if (move) moved_[{type, to}] = out_.deltas.size() - 1;
  }

  // The footprint of a rename (`statement` "rename_<kind>") or a move ("move_<kind>") of a
  // schema-level object: both ends' nodes of `node` kind (and the names they share), the
  // schemas read.
  void rename_footprint(const Change& change, const std::string& kind, const std::string& node,
                        const std::vector<std::string>& shared) {
    const QualifiedName& from = change.old_object;
    const QualifiedName& to = change.object;
    bool move = from.schema != to.schema;
    Json reads = Json::array({"n|sch|" + from.schema});
    if (move) reads.push_back("n|sch|" + to.schema);
    footprint((move ? "move_" : "rename_") + kind, {kind, from.schema, from.name},
              renamed(node, from.schema + "." + from.name, to.schema + "." + to.name, shared),
              std::move(reads));
  }

  void rename_enum(const Change& change) {
    rename_delta(change, "enums");
    rename_footprint(change, "enum", "enum", {"type"});
  }

  void rename_sequence(const Change& change) {
    rename_delta(change, "sequences");
    rename_footprint(change, "sequence", "seq", {"rel"});
  }

  void rename_view(const Change& change) {
    rename_delta(change, "views");
    rename_footprint(change, "view", "view", {"rel", "type"});
  }

  // A table moved to another schema: its name's nodes and existence at both ends, and the
  // names its indexes and key constraints take among the relations of each schema.
  void move_table(const Change& change) {
    const QualifiedName& from = change.old_object;
    const QualifiedName& to = change.object;
    Json writes =
        renamed("tbl", from.schema + "." + from.name, to.schema + "." + to.name, {"rel", "type"});
    writes.push_back(fmt::format("e|tbl|{}.{}", from.schema, from.name));
    writes.push_back(fmt::format("e|tbl|{}.{}", to.schema, to.name));
    std::vector<std::string> relations;
    for (const Json& row : rows_) {
      std::string type = row.value("entityType", "");
      if ((type == "indexes" || type == "pks" || type == "uniques") &&
          row.value("schema", "") == from.schema && row.value("table", "") == from.name)
        relations.push_back(row.value("name", ""));
    }
    std::sort(relations.begin(), relations.end());
    rename_delta(change, "tables");
    for (const std::string& relation : relations) {
      writes.push_back(fmt::format("n|rel|{}.{}", from.schema, relation));
      writes.push_back(fmt::format("n|rel|{}.{}", to.schema, relation));
    }
    footprint("move_table", {"table", from.schema, from.name}, std::move(writes),
              Json::array({"n|sch|" + from.schema, "n|sch|" + to.schema}));
  }

  void rename_schema(const Change& change) {
    const std::string& from = change.old_object.schema;
    const std::string& to = change.object.schema;
    bool known = false;
    for (const Json& row : rows_) {
      if (row.value("entityType", "") == "schemas" && row.value("name", "") == from) known = true;
    }
    if (!known) refuse(change);
    push_rename({{"op", "rename"},
                 {"key", key_of("schemas", Json::array({from}))},
                 {"set", {{"name", to}}}});
    footprint("rename_schema", {"schema", from}, renamed("sch", from, to, {}), Json::array());
  }

  void rename_policy(const Change& change) {
    const QualifiedName& table = change.object;
    if (!state_row("policies", table, change.old_name)) refuse(change);
    push_rename(
        {{"op", "rename"},
         {"key", key_of("policies", Json::array({table.schema, table.name, change.old_name}))},
         {"set", {{"name", change.name}}}});
    std::string prefix = table.schema + "." + table.name + ".";
    footprint("rename_policy", target_table(table),
              renamed("pol", prefix + change.old_name, prefix + change.name, {}),
              under_table(table));
  }

  void drop_sequence(const Change& change) {
    const QualifiedName& name = change.object;
    drop("sequences", Json::array({name.schema, name.name}));
    footprint("drop_sequence", {"sequence", name.schema, name.name}, sequence_writes(name),
              Json::array({"n|sch|" + name.schema}));
  }

  // ENABLE/DISABLE ROW LEVEL SECURITY of a table kept (a new table's flag is in its row).
  void alter_row_level_security(const Change& change) {
    const QualifiedName& table = change.object;
    bool enabled = change.kind == ChangeKind::EnableRowLevelSecurity;
    out_.deltas.push_back({{"op", "alter"},
                           {"key", key_of("tables", Json::array({table.schema, table.name}))},
                           {"set", {{"isRlsEnabled", enabled}}}});
    std::string path = table.schema + "." + table.name;
    Json writes = Json::array({"s|rls|" + path});
    if (!enabled) writes.push_back("e|rls|" + path);
    std::string sql;
    for (const PlannedStatement& statement : plan_.statements) {
      if (statement.object == table && statement.kind == change.kind)
        sql += (sql.empty() ? "" : "\n") + statement.sql;
    }
    footprint("alter_rls", target_table(table), std::move(writes), under_table(table));
    out_.footprints.back()["sqlHash"] = sha256_hex(sql).substr(0, 16);
  }

  void drop_policy(const Change& change) {
    const QualifiedName& table = change.object;
    drop("policies", Json::array({table.schema, table.name, change.name}));
    drop_policy_footprint(change);
  }

  void drop_policy_footprint(const Change& change) {
    const QualifiedName& table = change.object;
    footprint("drop_policy", target_table(table),
              created("pol", fmt::format("{}.{}.{}", table.schema, table.name, change.name)),
              under_table(table));
  }

  void add_enum_value(const Change& change) {
    auto found = to_.enums.find(change.object);
    if (found == to_.enums.end()) refuse(change);
    const QualifiedName& name = change.object;
    // One alter delta per enum, with every value: several values added are one statement
    // each in the SQL and one footprint each.
    Json key = key_of("enums", Json::array({name.schema, name.name}));
    bool merged = false;
    for (Json& delta : out_.deltas) {
      if (delta.value("op", "") == "alter" && delta.value("key", Json()) == key) merged = true;
    }
    if (!merged) {
      out_.deltas.push_back(
          {{"op", "alter"}, {"key", key}, {"set", {{"values", found->second.values}}}});
    }
    footprint("alter_enum", {"enum", name.schema, name.name},
              Json::array({fmt::format("s|enum|{}.{}", name.schema, name.name)}),
              Json::array({fmt::format("n|sch|{}", name.schema)}));
  }

  void add(const Change& change) {
    bool in_dropped_table = dropped_tables_.contains(change.object);
    switch (change.kind) {
      case ChangeKind::CreateTable:
        return create_table(change);
      case ChangeKind::DropTable:
        return drop_table(change);
      case ChangeKind::AddColumn:
        return add_column(change);
      case ChangeKind::DropColumn:
        if (in_dropped_table) return;
        return drop_column(change);
      case ChangeKind::AddIdentity:
      case ChangeKind::DropIdentity:
      case ChangeKind::AlterIdentity:
      case ChangeKind::SetNotNull:
      case ChangeKind::DropNotNull:
      case ChangeKind::SetColumnDefault:
      case ChangeKind::DropColumnDefault:
      case ChangeKind::DropGenerated:
        return alter_column(change);
      case ChangeKind::CreateIndex:
        return create_index(change);
      case ChangeKind::DropIndex:
      case ChangeKind::DropForeignKey:
      case ChangeKind::DropPrimaryKey:
      case ChangeKind::DropUnique:
      case ChangeKind::DropCheck:
      case ChangeKind::DropPolicy:
        if (in_dropped_table) {  // went with the table; drizzle-kit drops its policies first
          if (change.kind == ChangeKind::DropPolicy) drop_policy_footprint(change);
          return;
        }
        if (change.kind == ChangeKind::DropIndex) {
          if (recreated_indexes_.contains({change.object, change.name})) return;  // an alter
          return drop_index(change);
        }
        if (change.kind == ChangeKind::DropCheck &&
            recreated_checks_.contains({change.object, change.name}))
          return;  // an alter, written by add_check
        if (change.kind == ChangeKind::DropPolicy &&
            recreated_policies_.contains({change.object, change.name}))
          return drop_policy_footprint(change);  // the delta is create_policy's alter
        if (change.kind == ChangeKind::DropPrimaryKey) return drop_primary_key(change);
        if (change.kind == ChangeKind::DropPolicy) return drop_policy(change);
        if (change.kind == ChangeKind::DropForeignKey)
          return drop_constraint(change, "drop_fk", "fks", "fk");
        if (change.kind == ChangeKind::DropUnique)
          return drop_constraint(change, "drop_unique", "uniques", "uq");
        if (change.kind == ChangeKind::DropCheck)
          return drop_constraint(change, "drop_check", "checks", "ck");
        refuse(change);
      case ChangeKind::RenameTable:
        return rename_table(change);
      case ChangeKind::RenameColumn:
        return rename_column(change);
      case ChangeKind::RenameConstraint:
        return rename_constraint(change);
      case ChangeKind::RenameIndex:
        return rename_index(change);
      case ChangeKind::CreateSchema:
        return create_schema(change);
      case ChangeKind::DropSchema:
        return drop_schema(change);
      case ChangeKind::CreateEnum:
        return create_enum(change);
      case ChangeKind::DropEnum:
        return drop_enum(change);
      case ChangeKind::CreateSequence:
        return create_sequence(change);
      case ChangeKind::DropSequence:
        return drop_sequence(change);
      case ChangeKind::EnableRowLevelSecurity:
        if (created_tables_.contains(change.object)) return;  // in the table's row
        return alter_row_level_security(change);
      case ChangeKind::DisableRowLevelSecurity:
        if (in_dropped_table) return;
        return alter_row_level_security(change);
      case ChangeKind::AddPrimaryKey:
        return add_primary_key(change);
      case ChangeKind::AlterColumnType:
        return alter_column(change);
      case ChangeKind::AddForeignKey:
        return add_foreign_key(change);
      case ChangeKind::AddUnique:
        return add_unique(change);
      case ChangeKind::AddEnumValue:
        return add_enum_value(change);
      case ChangeKind::AddCheck:
        return add_check(change);
      case ChangeKind::SetGenerated:
        return set_generated(change);
      case ChangeKind::CreatePolicy:
        return create_policy(change);
      case ChangeKind::AlterPolicy:
        return alter_policy(change);
      case ChangeKind::CreateView:
        return create_view(change);
      case ChangeKind::DropView:
        return drop_view(change);
      case ChangeKind::RenameView:
      case ChangeKind::MoveView:
        return rename_view(change);
      case ChangeKind::RenameEnum:
      case ChangeKind::MoveEnum:
        return rename_enum(change);
      case ChangeKind::RenameSequence:
      case ChangeKind::MoveSequence:
        return rename_sequence(change);
      case ChangeKind::AlterSequence:
        return alter_sequence(change);
      case ChangeKind::MoveTable:
        return move_table(change);
      case ChangeKind::RenameSchema:
        return rename_schema(change);
      case ChangeKind::RenamePolicy:
        return rename_policy(change);
      default:
        refuse(change);
    }
  }

  // ---- What carries SQL text drizzle-kit compares as the TypeScript spells it: checks,
  // generated columns, expression and partial indexes, policies, views. A check, index,
  // policy or view dropped and created again under its name is one alter delta of the members
  // that changed, as drizzle-kit's ddl diff writes it.

  // A row built from text as written, or the change refused when there is none.
  Json text_row(const Change& change, std::optional<Json> row) const {
    if (!row) refuse(change);
    return std::move(*row);
  }

  void find_recreated_text_objects(const std::vector<Change>& changes) {
    using Member = std::pair<QualifiedName, std::string>;
    std::set<Member> dropped_checks, dropped_indexes, dropped_policies;
    std::set<QualifiedName> dropped_views;
    for (const Change& change : changes) {
      if (change.kind == ChangeKind::DropCheck) dropped_checks.insert({change.object, change.name});
      if (change.kind == ChangeKind::DropIndex)
        dropped_indexes.insert({change.object, change.name});
      if (change.kind == ChangeKind::DropPolicy)
        dropped_policies.insert({change.object, change.name});
      if (change.kind == ChangeKind::DropView) dropped_views.insert(change.object);
    }
    for (const Change& change : changes) {
      Member member{change.object, change.name};
      if (change.kind == ChangeKind::AddCheck && dropped_checks.contains(member))
        recreated_checks_.insert(member);
      if (change.kind == ChangeKind::CreateIndex && dropped_indexes.contains(member))
        recreated_indexes_.insert(member);
      if (change.kind == ChangeKind::CreatePolicy && dropped_policies.contains(member))
        recreated_policies_.insert(member);
      if (change.kind == ChangeKind::CreateView && dropped_views.contains(change.object))
        recreated_views_.insert(change.object);
    }
  }

  // The first 16 hex digits of the SHA-256 of the plan's statements about `table`'s
  // `member`, one per line: drizzle-kit's sqlHash, so the same change made on two branches
  // does not conflict.
  std::string statements_hash(const QualifiedName& table, const std::string& member) const {
    std::string sql;
    for (const PlannedStatement& statement : plan_.statements) {
      if (statement.object == table && statement.member == member)
        sql += (sql.empty() ? "" : "\n") + statement.sql;
    }
    return sha256_hex(sql).substr(0, 16);
  }

  const Json* state_index(const std::string& schema, const std::string& name) const {
    for (const Json& row : rows_) {
      if (row.value("entityType", "") == "indexes" && row.value("schema", "") == schema &&
          row.value("name", "") == name)
        return &row;
    }
    return nullptr;
  }

  const Json* state_view(const QualifiedName& name) const {
    for (const Json& row : rows_) {
      if (row.value("entityType", "") == "views" && row.value("schema", "") == name.schema &&
          row.value("name", "") == name.name)
        return &row;
    }
    return nullptr;
  }

  // An alter delta of the members of `after` that differ from `before`; none when none do
  // (an object recreated only because something it depends on was).
  void alter(const std::string& type, const Json& identity, const Json& before, const Json& after) {
    Json set = v9_changed_members(before, after);
    if (set.empty()) return;
    out_.deltas.push_back(
        {{"op", "alter"}, {"key", key_of(type, identity)}, {"set", std::move(set)}});
  }

  void add_check(const Change& change) {
    const Table& table = table_to(change);
    if (created_tables_.contains(table.name)) return;  // in the table's rows
    auto found = table.check_constraints.find(change.name);
    if (found == table.check_constraints.end()) refuse(change);
    const QualifiedName& name = table.name;
    Json row = text_row(change, v9_check_row(name, found->second));
    std::set<std::string> names;
    for (const Column& column : table.columns) names.insert(column.name);
    std::vector<std::string> columns = check_columns(row["value"].get<std::string>(), names);
    if (!recreated_checks_.contains({name, change.name})) {
      create(std::move(row));
      footprint("add_check", target_table(name), constraint_writes("ck", name, change.name),
                column_reads(name, columns, "n"));
      return;
    }
    const Json* before = state_row("checks", name, change.name);
    if (!before) refuse(change);
    alter("checks", Json::array({name.schema, name.name, change.name}), *before, row);
    Json reads = under_table(name);
    for (const std::string& column : columns) {
      for (const char* prefix : {"n", "e"})
        reads.push_back(fmt::format("{}|col|{}.{}.{}", prefix, name.schema, name.name, column));
    }
    footprint("alter_check", target_table(name),
              Json::array({fmt::format("s|ck|{}.{}.{}", name.schema, name.name, change.name)}),
              std::move(reads));
    out_.footprints.back()["sqlHash"] = statements_hash(name, change.name);
  }

  // A column made generated, or given a new expression: drizzle-kit recreates the column, one
  // alter delta of the members that changed. (No longer generated is an alter_column.)
  void set_generated(const Change& change) {
    const Table& table = table_to(change);
    const Column* column = table.find_column(change.name);
    const Json* before = state_row("columns", table.name, change.name);
    if (!column || !column->generated || !before) refuse(change);
    alter("columns", Json::array({table.name.schema, table.name.name, change.name}), *before,
          column_row(change, table.name, *column));
    footprint(
        "recreate_column", {"column", table.name.schema, table.name.name, change.name},
        created("col", fmt::format("{}.{}.{}", table.name.schema, table.name.name, change.name)),
        under_table(table.name));
    out_.footprints.back()["sqlHash"] = statements_hash(table.name, change.name);
  }

  const Policy& policy_to(const Change& change) const {
    const Table& table = table_to(change);
    auto found = table.policies.find(change.name);
    if (found == table.policies.end()) refuse(change);
    return found->second;
  }

  void create_policy(const Change& change) {
    const QualifiedName& table = change.object;
    Json row = text_row(change, v9_policy_row(table, policy_to(change)));
    std::string path = fmt::format("{}.{}.{}", table.schema, table.name, change.name);
    if (recreated_policies_.contains({table, change.name})) {
      const Json* before = state_row("policies", table, change.name);
      if (!before) refuse(change);
      alter("policies", Json::array({table.schema, table.name, change.name}), *before, row);
    } else {
      create(std::move(row));
    }
    Json reads = under_table(table);
    reads.push_back(fmt::format("e|rls|{}.{}", table.schema, table.name));
    footprint("create_policy", target_table(table), created("pol", path), std::move(reads));
  }

  void alter_policy(const Change& change) {
    const QualifiedName& table = change.object;
    Json row = text_row(change, v9_policy_row(table, policy_to(change)));
    const Json* before = state_row("policies", table, change.name);
    if (!before) refuse(change);
    alter("policies", Json::array({table.schema, table.name, change.name}), *before, row);
    footprint("alter_policy", target_table(table),
              Json::array({fmt::format("s|pol|{}.{}.{}", table.schema, table.name, change.name)}),
              under_table(table));
    out_.footprints.back()["sqlHash"] = statements_hash(table, change.name);
  }

  static Json view_writes(const QualifiedName& name) {
    std::string path = name.schema + "." + name.name;
    Json writes = created("view", path);
    writes.push_back("n|rel|" + path);
    writes.push_back("n|type|" + path);
    return writes;
  }

  // A view or materialized view; one whose body changed is dropped and created again, which
  // drizzle-kit's ddl records as an alter of its definition.
  void create_view(const Change& change) {
    auto found = to_.views.find(change.object);
    if (found == to_.views.end()) refuse(change);
    const QualifiedName& name = change.object;
    Json row = text_row(change, v9_view_row(found->second));
    if (recreated_views_.contains(name)) {
      const Json* before = state_view(name);
      if (!before) refuse(change);
      // drizzle-kit alters a view's options in place (ALTER VIEW ... SET) and sleet drops and
      // creates it again; either way the delta is one alter of the members that changed.
      alter("views", Json::array({name.schema, name.name}), *before, row);
    } else {
      create(std::move(row));
    }
    footprint("create_view", {"view", name.schema, name.name}, view_writes(name),
              Json::array({"n|sch|" + name.schema}));
  }

  void drop_view(const Change& change) {
    const QualifiedName& name = change.object;
    if (!recreated_views_.contains(name)) {
      if (!state_view(name)) refuse(change);
      drop("views", Json::array({name.schema, name.name}));
    }
    footprint("drop_view", {"view", name.schema, name.name}, view_writes(name),
              Json::array({"n|sch|" + name.schema}));
  }

  std::set<std::pair<QualifiedName, std::string>> recreated_checks_, recreated_indexes_,
      recreated_policies_;
  std::set<QualifiedName> recreated_views_;

  // ---- end of the SQL-text kinds.

  // A key or unique constraint dropped and added again under its name with the same row: what
  // changed is an attribute drizzle-kit's row has no field for (DEFERRABLE, MATCH FULL), which
  // the member's overlay carries; drizzle-kit's ddl sees no change, so neither delta is
  // written (the footprints stay: the statements run).
  void drop_unchanged_recreations() {
    Json& deltas = out_.deltas;
    for (std::size_t i = 0; i < deltas.size(); ++i) {
      if (deltas[i].value("op", "") != "drop") continue;
      const std::string key = deltas[i].value("key", "");
      for (std::size_t j = i + 1; j < deltas.size(); ++j) {
        if (deltas[j].value("op", "") != "create") continue;
        const Json& row = deltas[j]["row"];
        std::string type = row.value("entityType", "");
        if (type != "fks" && type != "uniques") continue;
        QualifiedName table{row.value("schema", ""), row.value("table", "")};
        std::string name = row.value("name", "");
        if (key_of(type, Json::array({table.schema, table.name, name})) != Json(key)) continue;
        const Json* before = state_row(type, table, name);
        if (!before || !v9_changed_members(*before, row).empty()) break;
        deltas.erase(j);
        deltas.erase(i);
        --i;
        break;
      }
    }
  }

  struct ColumnAlter {
    Json set = Json::object();
    std::set<std::string> properties;
    const Column* column = nullptr;
  };

  const Plan& plan_;
  // The folder's state, with this migration's renames applied as they are written (as the
  // replay applies them: what names a renamed entity follows it), so a change after a rename
  // finds its object's row under the new name (a column renamed and given a new type, a key
  // of a renamed table).
  std::vector<Json> rows_;
  const Schema& to_;
  std::filesystem::path folder_;
  std::set<QualifiedName> dropped_tables_;
  std::set<QualifiedName> created_tables_;
  std::set<std::pair<QualifiedName, std::string>> altered_keys_;
  std::map<std::pair<QualifiedName, std::string>, ColumnAlter> alters_;
  // Moves written as a rename delta, by entity type and the name after the move: the index of
  // the delta a rename in the new schema completes.
  std::map<std::pair<std::string, QualifiedName>, std::size_t> moved_;
  std::vector<std::pair<QualifiedName, std::string>> alter_order_;
  V9Changes out_;
};

// A domain, composite or range type renamed or moved: drizzle-kit's store has no entity for it
// to carry the new name into the column rows that name it (as it does for an enum), so each
// such row gets an alter delta of its type, what drizzle-kit's own state holds once its
// TypeScript names the new type. No statement of its own: the type's RENAME runs.
void retype_columns(const std::vector<Change>& changes, const std::vector<Json>& rows,
                    V9Changes& out) {
  for (const Change& change : changes) {
    if (!renames_unmodelled_type(change.kind)) continue;
    const QualifiedName& old_type = change.old_object;
    const QualifiedName& new_type = change.object;
    for (const Json& row : rows) {
      if (row.value("entityType", "") != "columns") continue;
      // drizzle-kit's spelling, or the one sleet wrote before it followed drizzle-kit's.
      bool spelled = row.value("typeSchema", Json()).is_null() &&
                     row.value("type", "") == v9_custom_type_spelling(old_type);
      bool qualified = row.value("typeSchema", Json()) == Json(old_type.schema) &&
                       row.value("type", "") == old_type.name;
      if (!spelled && !qualified) continue;
      // The column as this migration's renames leave it.
      QualifiedName table{row.value("schema", ""), row.value("table", "")};
      std::string column = row.value("name", "");
      for (const Change& rename : changes) {
        if ((rename.kind == ChangeKind::RenameTable || rename.kind == ChangeKind::MoveTable) &&
            rename.old_object == table)
          table = rename.object;
      }
      for (const Change& rename : changes) {
        if (rename.kind == ChangeKind::RenameColumn && rename.object == table &&
            rename.old_name == column)
          column = rename.name;
      }
      Json set = Json::object();
      set["type"] = v9_custom_type_spelling(new_type);
      if (qualified) set["typeSchema"] = Json();
      out.deltas.push_back(
          {{"op", "alter"},
           {"key", key_of("columns", Json::array({table.schema, table.name, column}))},
           {"set", std::move(set)}});
    }
  }
}

}  // namespace

V9Changes v9_changes(const std::vector<Change>& changes, const Plan& plan,
                     const std::vector<Json>& rows, const Schema& to,
                     const std::filesystem::path& folder) {
  std::set<QualifiedName> partitions = partition_tables(changes, to);
  std::vector<Change> modelled;
  std::vector<Change> carried;
  for (const Change& change : changes) {
    (carried_by_sleet_member(change, to, partitions) ? carried : modelled).push_back(change);
  }
  Schema drizzle_part = drizzle_kit_part(to);
  V9Changes out = Writer(plan, rows, drizzle_part, folder).write(modelled);
  retype_columns(changes, rows, out);
  add_sleet_footprints(carried, plan, partitions, out);
  return out;
}

std::string v9_snapshot_text(const std::string& id, const std::vector<std::string>& parents,
                             const V9Changes& changes) {
  Json snapshot = {{"type", "diff"},          {"version", "9"},
                   {"dialect", "postgres"},   {"id", id},
                   {"prevIds", parents},      {"footprints", changes.footprints},
                   {"deltas", changes.deltas}};
  if (!changes.sleet.is_null()) snapshot["sleet"] = changes.sleet;
  return snapshot.dump(2);
}

std::string v9_base_snapshot_text(const std::string& id, const V9Changes& changes,
                                  const std::string& where) {
  Json ddl = Json::array();
  for (const Json& delta : changes.deltas) {
    if (delta.value("op", "") != "create") {
      throw Error(ErrorKind::Failure, "the first migration's deltas are not all creates", where,
                  "report this to sleet with the folder and the schema files");
    }
    ddl.push_back(delta["row"]);
  }
  Json snapshot = {{"type", "base"},
                   {"version", "9"},
                   {"dialect", "postgres"},
                   {"id", id},
                   {"prevIds", Json::array({kNoParentSnapshotId})},
                   {"footprints", changes.footprints},
                   {"ddl", std::move(ddl)}};
  if (!changes.sleet.is_null()) snapshot["sleet"] = changes.sleet;
  return snapshot.dump(2);
}

}  // namespace sleet::plan_internal
