#include "sleet/model.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <utility>

namespace sleet {

namespace {

std::string quote(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Cuts `text` to at most `length` bytes without splitting a UTF-8 sequence.
std::string clip_utf8(const std::string& text, std::size_t length) {
  if (text.size() <= length) return text;
  while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) --length;
  return text.substr(0, length);
}

// PostgreSQL's parse_bool spellings: 1 true, 0 false, -1 neither.
int boolean_value(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* truth : {"true", "t", "on", "yes", "y", "1"})
    if (lower == truth) return 1;
  for (const char* falsehood : {"false", "f", "off", "no", "n", "0"})
    if (lower == falsehood) return 0;
  return -1;
}

// Index storage parameters as the server reads them. The catalog keeps a value as written, so
// `fastupdate = off` and drizzle-kit's `fastupdate=false` are stored differently but mean the
// same; the boolean parameters of the built-in index methods compare by meaning.
bool same_storage_options(const std::map<std::string, std::string>& a,
                          const std::map<std::string, std::string>& b) {
  if (a.size() != b.size()) return false;
  for (auto left = a.begin(), right = b.begin(); left != a.end(); ++left, ++right) {
    if (left->first != right->first) return false;
    if (left->second == right->second) continue;
    bool boolean = left->first == "fastupdate" || left->first == "autosummarize" ||
                   left->first == "deduplicate_items";
    int value = boolean_value(left->second);
    if (!boolean || value < 0 || value != boolean_value(right->second)) return false;
  }
  return true;
}

}  // namespace

std::string TypeName::sql() const {
  std::string out = schema.empty() ? name : quote(schema) + "." + quote(name);
  for (int i = 0; i < array_dimensions; ++i) out += "[]";
  return out;
}

SequenceOptions SequenceOptions::defaults_for(const std::string& data_type, int64_t increment) {
  SequenceOptions options;
  options.data_type = data_type;
  options.increment = increment;
  int64_t type_min = INT64_MIN;
  int64_t type_max = INT64_MAX;
  if (data_type == "smallint") {
    type_min = INT16_MIN;
    type_max = INT16_MAX;
  } else if (data_type == "integer") {
    type_min = INT32_MIN;
    type_max = INT32_MAX;
  }
  if (increment > 0) {
    options.min_value = 1;
    options.max_value = type_max;
    options.start = options.min_value;
  } else {
    options.min_value = type_min;
    options.max_value = -1;
    options.start = options.max_value;
  }
  return options;
}

bool Column::operator==(const Column& other) const {
  return name == other.name && type == other.type && not_null == other.not_null &&
         default_value == other.default_value && generated == other.generated &&
         identity == other.identity && serial == other.serial && collation == other.collation &&
         comment == other.comment && statistics == other.statistics && storage == other.storage &&
         compression == other.compression && options == other.options;
}

bool PrimaryKey::operator==(const PrimaryKey& other) const {
  return name == other.name && columns == other.columns && comment == other.comment &&
         deferrable == other.deferrable && initially_deferred == other.initially_deferred;
}

bool Index::operator==(const Index& other) const {
  return name == other.name && unique == other.unique && method == other.method &&
         elements == other.elements && include == other.include && where == other.where &&
         same_storage_options(with, other.with) && nulls_not_distinct == other.nulls_not_distinct &&
         comment == other.comment && valid == other.valid;
}

const Column* Table::find_column(const std::string& column_name) const {
  auto it = std::find_if(columns.begin(), columns.end(),
                         [&](const Column& c) { return c.name == column_name; });
  return it == columns.end() ? nullptr : &*it;
}

Column* Table::find_column(const std::string& column_name) {
  return const_cast<Column*>(std::as_const(*this).find_column(column_name));
}

bool Schema::empty() const {
  return namespaces.empty() && extensions.empty() && enums.empty() && sequences.empty() &&
         tables.empty() && views.empty() && roles.empty() && domains.empty() && functions.empty() &&
         grants.empty() && composite_types.empty() && range_types.empty() &&
         default_privileges.empty() && event_triggers.empty() && collations.empty();
}

std::string Function::signature() const {
  std::string out = name.name + "(";
  bool first = true;
  for (const FunctionParameter& parameter : parameters) {
    if (!parameter.is_input()) continue;
    if (!first) out += ", ";
    first = false;
    out += parameter.type.is_user_defined() ? parameter.type.schema + "." + parameter.type.name
                                            : parameter.type.name;
    for (int i = 0; i < parameter.type.array_dimensions; ++i) out += "[]";
  }
  return out + ")";
}

std::string Function::signature_sql() const {
  std::string out;
  for (const FunctionParameter& parameter : parameters) {
    if (!parameter.is_input()) continue;
    if (!out.empty()) out += ", ";
    if (parameter.mode == "variadic") out += "VARIADIC ";
    out += parameter.type.sql();
  }
  return out;
}

std::vector<QualifiedName> Aggregate::support_functions() const {
  std::vector<QualifiedName> out;
  for (const QualifiedName* name :
       {&state_function, &final_function, &combine_function, &serial_function, &deserial_function,
        &moving_state_function, &moving_inverse_function, &moving_final_function}) {
    if (!name->name.empty()) out.push_back(*name);
  }
  return out;
}

std::vector<const Domain*> domains_in_dependency_order(
    const std::map<QualifiedName, Domain>& domains) {
  std::vector<const Domain*> ordered;
  std::map<QualifiedName, int> state;  // 0 unvisited, 1 in progress, 2 done
  std::function<void(const Domain&)> visit = [&](const Domain& domain) {
    int& mark = state[domain.name];
    if (mark != 0) return;  // done, or a cycle the server cannot hold anyway
    mark = 1;
    auto base = domains.find(QualifiedName{domain.base_type.schema, domain.base_type.name});
    if (domain.base_type.is_user_defined() && base != domains.end()) visit(base->second);
    state[domain.name] = 2;
    ordered.push_back(&domain);
  };
  for (const auto& [name, domain] : domains) visit(domain);
  return ordered;
}

std::string RangeType::multirange_type_name() const {
  if (!multirange_name.empty()) return multirange_name;
  size_t at = name.name.find("range");
  if (at != std::string::npos) return name.name.substr(0, at) + "multi" + name.name.substr(at);
  return truncate_identifier(clip_utf8(name.name, kMaxIdentifierLength - 11) + "_multirange");
}

std::optional<QualifiedName> user_type_of(const TypeName& type) {
  if (!type.is_user_defined()) return std::nullopt;
  return QualifiedName{type.schema, type.name};
}

std::string default_storage(const Schema& schema, const TypeName& type) {
  if (type.array_dimensions > 0) return "extended";
  if (type.is_user_defined()) {
    QualifiedName name{type.schema, type.name};
    if (schema.enums.contains(name)) return "plain";
    if (auto domain = schema.domains.find(name); domain != schema.domains.end())
      return default_storage(schema, domain->second.base_type);
    if (schema.composite_types.contains(name) || schema.range_types.contains(name))
      return "extended";
    return "";
  }
  // pg_type.typstorage of the built-in types a column commonly has; the name without typmod.
  std::string base = type.name.substr(0, type.name.find('('));
  if (auto paren = type.name.find(')'); paren != std::string::npos)
    base += type.name.substr(paren + 1);  // "timestamp(3) with time zone"
  static const std::set<std::string> plain = {"smallint",
                                              "integer",
                                              "bigint",
                                              "boolean",
                                              "real",
                                              "double precision",
                                              "money",
                                              "date",
                                              "time without time zone",
                                              "time with time zone",
                                              "timestamp without time zone",
                                              "timestamp with time zone",
                                              "interval",
                                              "uuid",
                                              "oid",
                                              "\"char\"",
                                              "name",
                                              "point",
                                              "lseg",
                                              "box",
                                              "line",
                                              "circle",
                                              "macaddr",
                                              "macaddr8",
                                              "pg_lsn",
                                              "regclass",
                                              "regtype",
                                              "regproc",
                                              "regprocedure",
                                              "xid",
                                              "cid",
                                              "tid"};
  static const std::set<std::string> main = {"numeric", "inet", "cidr"};
  static const std::set<std::string> extended = {
      "text",          "character varying", "character", "bytea",     "json",
      "jsonb",         "jsonpath",          "xml",       "tsvector",  "tsquery",
      "bit",           "bit varying",       "path",      "polygon",   "int4range",
      "int8range",     "numrange",          "tsrange",   "tstzrange", "daterange",
      "txid_snapshot", "pg_snapshot"};
  if (plain.contains(base)) return "plain";
  if (main.contains(base)) return "main";
  if (extended.contains(base)) return "extended";
  return "";
}

int user_type_depth(const Schema& schema, const QualifiedName& name) {
  std::set<QualifiedName> visiting;
  std::function<int(const QualifiedName&)> depth = [&](const QualifiedName& type) -> int {
    if (!visiting.insert(type).second) return 0;  // a cycle the server cannot hold anyway
    auto below = [&](const TypeName& used) {
      std::optional<QualifiedName> user = user_type_of(used);
      return user ? depth(*user) : 0;
    };
    int result = 0;
    if (auto domain = schema.domains.find(type); domain != schema.domains.end()) {
      result = 1 + below(domain->second.base_type);
    } else if (auto composite = schema.composite_types.find(type);
               composite != schema.composite_types.end()) {
      int deepest = 0;
      for (const CompositeAttribute& attribute : composite->second.attributes)
        deepest = std::max(deepest, below(attribute.type));
      result = 1 + deepest;
    } else if (auto range = schema.range_types.find(type); range != schema.range_types.end()) {
      result = 1 + below(range->second.subtype);
    } else {
      for (const auto& [range_name, range] : schema.range_types) {
        if (range_name.schema == type.schema && range.multirange_type_name() == type.name)
          result = 1 + depth(range_name);  // a multirange comes with its range
      }
    }
    visiting.erase(type);
    return result;
  };
  return depth(name);
}

QualifiedName function_key(const Function& function) {
  return {function.name.schema, function.signature()};
}

std::string truncate_identifier(const std::string& name) {
  return clip_utf8(name, kMaxIdentifierLength);
}

namespace {

void truncate(std::string& name) {
  if (name.size() > kMaxIdentifierLength) name = truncate_identifier(name);
}

void truncate(QualifiedName& name) {
  truncate(name.schema);
  truncate(name.name);
}

void truncate(std::vector<std::string>& names) {
  for (std::string& name : names) truncate(name);
}

bool too_long(const std::string& name) {
  return name.size() > kMaxIdentifierLength;
}

bool too_long(const QualifiedName& name) {
  return too_long(name.schema) || too_long(name.name);
}

// Re-keys the entries of `objects` (named members or schema objects) whose key is too long
// under the truncated name; the others stay where they are (every snapshot read passes here,
// and long names are rare).
template <typename Key, typename Object>
void truncate_keys(std::map<Key, Object>& objects) {
  std::vector<Key> long_keys;
  for (const auto& [key, object] : objects) {
    if (too_long(key)) long_keys.push_back(key);
  }
  for (const Key& key : long_keys) {
    auto node = objects.extract(key);
    truncate(node.mapped().name);
    node.key() = node.mapped().name;
    objects.insert(std::move(node));
  }
}

void truncate_table(Table& table) {
  for (Column& column : table.columns) {
    truncate(column.name);
    truncate(column.type.schema);
    truncate(column.type.name);
    if (column.identity) truncate(column.identity->sequence);
  }
  if (table.primary_key) {
    truncate(table.primary_key->name);
    truncate(table.primary_key->columns);
  }
  for (auto& [name, key] : table.foreign_keys) {
    truncate(key.columns);
    truncate(key.references);
    truncate(key.referenced_columns);
  }
  for (auto& [name, unique] : table.unique_constraints) truncate(unique.columns);
  for (auto& [name, index] : table.indexes) {
    for (IndexElement& element : index.elements) truncate(element.column);
    truncate(index.include);
  }
  truncate_keys(table.foreign_keys);
  truncate_keys(table.unique_constraints);
  truncate_keys(table.check_constraints);
  truncate_keys(table.indexes);
  truncate_keys(table.policies);
}

}  // namespace

void truncate_long_identifiers(Schema& schema) {
  truncate_keys(schema.namespaces);
  for (auto& [key, table] : schema.tables) truncate_table(table);
  truncate_keys(schema.tables);
  truncate_keys(schema.enums);
  for (auto& [key, sequence] : schema.sequences) {
    if (sequence.owned_by && sequence.owned_by->size() > kMaxIdentifierLength) {
      // "table.column": each part is an identifier of its own.
      auto dot = sequence.owned_by->rfind('.');
      sequence.owned_by = truncate_identifier(sequence.owned_by->substr(0, dot)) + "." +
                          truncate_identifier(sequence.owned_by->substr(dot + 1));
    }
  }
  truncate_keys(schema.sequences);
  truncate_keys(schema.views);
}

std::string make_object_name(const std::string& name1, const std::string& name2,
                             const std::string& label) {
  std::size_t overhead = label.empty() ? 0 : label.size() + 1;
  if (!name2.empty()) overhead += 1;
  std::size_t available = kMaxIdentifierLength - overhead;
  std::size_t name1_chars = name1.size();
  std::size_t name2_chars = name2.size();
  while (name1_chars + name2_chars > available) {
    if (name1_chars > name2_chars)
      --name1_chars;
    else
      --name2_chars;
  }
  std::string out = clip_utf8(name1, name1_chars);
  if (!name2.empty()) out += "_" + clip_utf8(name2, name2_chars);
  if (!label.empty()) out += "_" + label;
  return out;
}

QualifiedName serial_sequence(const QualifiedName& table, const std::string& column) {
  return QualifiedName{table.schema, make_object_name(table.name, column, "seq")};
}

QualifiedName serial_sequence(const QualifiedName& table, const Column& column) {
  return column.serial_sequence_name ? *column.serial_sequence_name
                                     : serial_sequence(table, column.name);
}

std::vector<QualifiedName> column_sequences(const Table& table) {
  std::vector<QualifiedName> names;
  for (const Column& column : table.columns) {
    if (column.identity) names.push_back(column.identity->sequence);
    if (column.serial != Serial::None) names.push_back(serial_sequence(table.name, column));
  }
  return names;
}

std::vector<QualifiedName> relation_names(const Table& table) {
  const std::string& schema = table.name.schema;
  std::vector<QualifiedName> names{table.name};
  for (const auto& [name, index] : table.indexes) names.push_back({schema, name});
  for (const auto& [name, unique] : table.unique_constraints) names.push_back({schema, name});
  if (table.primary_key) names.push_back({schema, table.primary_key->name});
  for (QualifiedName& sequence : column_sequences(table)) names.push_back(std::move(sequence));
  return names;
}

namespace {

struct SchemaMove {
  const std::string& from;
  const std::string& to;

  void operator()(QualifiedName& name) const {
    if (name.schema == from) name.schema = to;
  }
  void operator()(TypeName& type) const {
    if (type.schema == from) type.schema = to;
  }
  template <typename Value, typename Move>
  std::map<QualifiedName, Value> rekeyed(const std::map<QualifiedName, Value>& objects,
                                         Move move_value) const {
    std::map<QualifiedName, Value> moved;
    for (const auto& [key, value] : objects) {
      QualifiedName new_key = key;
      (*this)(new_key);
      Value new_value = value;
      move_value(new_value);
      moved.emplace(std::move(new_key), std::move(new_value));
    }
    return moved;
  }
};

}  // namespace

Schema moved_to_schema(const Schema& schema, const std::string& from, const std::string& to) {
  Schema moved = schema;
  SchemaMove move{from, to};
  if (from != "public") moved.namespaces.erase(from);
  if (to != "public" && !moved.namespaces.contains(to)) moved.namespaces[to] = Namespace{to, {}};
  moved.collations = move.rekeyed(schema.collations, [&](Collation& c) { move(c.name); });
  // A column's collation names one of `from`'s collations as "from.name", or bare in public.
  auto move_collation = [&](std::string& collation) {
    if (collation.empty()) return;
    auto dot = collation.find('.');
    QualifiedName name = dot == std::string::npos
                             ? QualifiedName{"public", collation}
                             : QualifiedName{collation.substr(0, dot), collation.substr(dot + 1)};
    if (name.schema != from || !schema.collations.contains(name)) return;
    collation = to == "public" ? name.name : to + "." + name.name;
  };
  moved.enums = move.rekeyed(schema.enums, [&](Enum& e) { move(e.name); });
  moved.sequences = move.rekeyed(schema.sequences, [&](Sequence& s) {
    move(s.name);
    // "schema.table.column" names its schema; "table.column" is in the sequence's.
    std::string prefix = from + ".";
    if (s.owned_by && std::count(s.owned_by->begin(), s.owned_by->end(), '.') == 2 &&
        s.owned_by->starts_with(prefix)) {
      *s.owned_by = to + "." + s.owned_by->substr(prefix.size());
    }
  });
  moved.domains = move.rekeyed(schema.domains, [&](Domain& d) {
    move(d.name);
    move(d.base_type);
  });
  moved.composite_types = move.rekeyed(schema.composite_types, [&](CompositeType& c) {
    move(c.name);
    for (CompositeAttribute& attribute : c.attributes) move(attribute.type);
  });
  moved.range_types = move.rekeyed(schema.range_types, [&](RangeType& r) {
    move(r.name);
    move(r.subtype);
  });
  // A function's key holds its signature, which may name a moved type.
  moved.functions.clear();
  for (const auto& [key, function] : schema.functions) {
    Function f = function;
    move(f.name);
    move(f.returns);
    for (auto& parameter : f.parameters) move(parameter.type);
    if (f.aggregate) {
      Aggregate& a = *f.aggregate;
      move(a.state_type);
      move(a.moving_state_type);
      for (QualifiedName* support :
           {&a.state_function, &a.final_function, &a.combine_function, &a.serial_function,
            &a.deserial_function, &a.moving_state_function, &a.moving_inverse_function,
            &a.moving_final_function}) {
        if (!support->name.empty()) move(*support);
      }
    }
    moved.functions.emplace(function_key(f), std::move(f));
  }
  moved.tables = move.rekeyed(schema.tables, [&](Table& t) {
    move(t.name);
    for (auto& column : t.columns) {
      move(column.type);
      move_collation(column.collation);
      if (column.identity) move(column.identity->sequence);
      if (column.serial_sequence_name) move(*column.serial_sequence_name);
    }
    for (auto& [name, key] : t.foreign_keys) move(key.references);
    for (auto& [name, trigger] : t.triggers) move(trigger.function);
    std::map<QualifiedName, Statistics> statistics;
    for (auto& [name, object] : t.statistics) {
      move(object.name);
      statistics.emplace(object.name, std::move(object));
    }
    t.statistics = std::move(statistics);
  });
  moved.views = move.rekeyed(schema.views, [&](View& v) { move(v.name); });
  for (auto& [name, trigger] : moved.event_triggers) move(trigger.function);
  moved.grants.clear();
  for (const auto& [key, state] : schema.grants) {
    Grant grant = key;
    if (grant.schema == from) grant.schema = to;
    moved.grants.emplace(std::move(grant), state);
  }
  moved.default_privileges.clear();
  for (const auto& [key, state] : schema.default_privileges) {
    DefaultPrivilege privilege = key;
    if (privilege.schema == from) privilege.schema = to;
    moved.default_privileges.emplace(std::move(privilege), state);
  }
  return moved;
}

}  // namespace sleet
