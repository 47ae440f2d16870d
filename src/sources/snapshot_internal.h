// Shared pieces of the drizzle-kit snapshot reader and writer (src/sources/snapshot_*.cpp,
// drizzle_types.cpp). Not a public interface.
#pragma once

#include <nlohmann/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/model.h"
#include "sleet/snapshot.h"

namespace sleet::snapshot {

using Json = nlohmann::ordered_json;

// --- drizzle_types.cpp ---------------------------------------------------------------------

// A column type as drizzle-kit spells it ("varchar(32)[]", "timestamp (3) with time zone",
// "serial", an enum name with its typeSchema) in canonical catalog form, plus how a serial
// pseudo-type was declared. Spellings sleet does not know pass through unchanged.
struct ColumnType {
  TypeName type;
  Serial serial = Serial::None;
};
ColumnType parse_drizzle_type(const std::string& spelling, const std::string& type_schema);

// The spelling drizzle-orm's column builders give `type` (without the enum schema, which
// goes to typeSchema), e.g. "numeric(10, 2)" for numeric(10,2), "serial" for a serial.
std::string drizzle_type_spelling(const TypeName& type, Serial serial);

// --- snapshot_json.cpp ---------------------------------------------------------------------

// The full value of a placeholder (a null member standing for a large subtree, rendered only
// when it is visited): `parent` is the JSON pointer of the object holding it, `key` its key.
// nullopt: the null is a real null. Only members of the root's members are expanded (e.g.
// each table under "/tables"), so a document never holds all of its large subtrees at once.
using Expand = std::function<std::optional<Json>(const std::string& parent, const std::string& key)>;

// Exactly what JavaScript's JSON.stringify(value, null, 2) prints (placeholders expanded).
std::string stringify(const Json& value, const Expand* expand = nullptr);

// JavaScript's Number.prototype.toString() for `value` ("1.5", "1e+21", "-0.000001").
std::string js_number_text(double value);

// The text of a JSON scalar as SQL sees it: strings as they are, numbers as JavaScript
// prints them, booleans as true/false.
std::string scalar_text(const Json& value);

// A JSON number for `text` when `text` is a number literal that JavaScript prints back
// unchanged ("0", "-5", "1.5"); null otherwise.
Json number_from_text(const std::string& text);

// JSON pointer of member `key` under `pointer` ("~" and "/" escaped).
std::string child_pointer(const std::string& pointer, std::string_view key);

// How `file` differs from `written` (sleet's rendering of the same schema, placeholders
// expanded one at a time).
SnapshotLayout compute_layout(const Json& written, const Json& file, const Expand* expand = nullptr);

// compute_layout for one member of the root's members (e.g. a table under "/tables"), at
// `pointer`, adding to `out`: the same entries compute_layout would make for it with the
// whole document expanded.
void compute_member_layout(const Json& written, const Json& file, const std::string& pointer,
                           SnapshotLayout& out);

// `written` with `layout` applied (see SnapshotLayout); `pointer` is where `written` sits in
// the document. Placeholders stay placeholders.
Json apply_layout(const Json& written, const SnapshotLayout& layout, const std::string& pointer = "");

// --- snapshot_write.cpp ----------------------------------------------------------------------

// The snapshot document for `schema` in sleet's canonical layout (header.layout not applied).
// With `table_placeholders`, each member of "tables" is null, and `expand_table` renders it.
Json snapshot_document(const Schema& schema, const SnapshotHeader& header,
                       bool table_placeholders = false);

// A table's document as sleet writes it (a member of "tables").
Json table_json(const Table& table);

// An index as drizzle-kit's snapshot holds it (a member of a table's "indexes"); what it has
// no field for is in the "sleet" member (index_extras).
Json index_json(const Index& index);

// The Expand for a document with table placeholders: the table's document, with `layout`
// applied when given.
Expand expand_table(const Schema& schema, const SnapshotLayout* layout = nullptr);

// --- snapshot_read.cpp / snapshot_extras.cpp -------------------------------------------------

// A position in the document being read, for error messages: tables."auth.users".columns.id.
class JsonPath {
 public:
  JsonPath() = default;
  JsonPath operator/(std::string_view key) const;
  JsonPath operator/(std::size_t index) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// Typed access to the snapshot document; every failure throws sleet::Error (Usage) naming
// the file and the JSON path.
class SnapshotInput {
 public:
  explicit SnapshotInput(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const JsonPath& path, const std::string& message,
                         const std::string& hint = {}) const;
  // The member `key` of `object` (which must be an object); required unless `optional`.
  const Json* member(const Json& object, const JsonPath& path, std::string_view key,
                     bool optional = false) const;
  const Json& object(const Json& object, const JsonPath& path, std::string_view key) const;
  const Json* optional_object(const Json& object, const JsonPath& path, std::string_view key) const;
  std::string string(const Json& object, const JsonPath& path, std::string_view key) const;
  std::string optional_string(const Json& object, const JsonPath& path, std::string_view key,
                              const std::string& fallback = {}) const;
  bool boolean(const Json& object, const JsonPath& path, std::string_view key) const;
  bool optional_boolean(const Json& object, const JsonPath& path, std::string_view key,
                        bool fallback) const;
  std::vector<std::string> strings(const Json& object, const JsonPath& path,
                                   std::string_view key) const;
  // A number written as a JSON string ("1000"), as sequences and identities have them.
  int64_t integer_string(const Json& object, const JsonPath& path, std::string_view key) const;
  void expect_object(const Json& value, const JsonPath& path) const;

 private:
  std::string file_;
};

// An Expression from snapshot text: `text` kept as is, `canonical` from libpg_query, or the
// text itself when it does not parse (drizzle allows any SQL fragment).
Expression expression_from_text(const std::string& text);
Expression query_from_text(const std::string& text);
// An index as a table's "indexes" member holds it (snapshot_read.cpp).
Index read_index(const SnapshotInput& input, const Json& json, const JsonPath& path);

// The "sleet" member: what drizzle-kit's format cannot hold.
void read_extras(const Json& extras, const SnapshotInput& input, Schema& schema);
// An EXCLUDE constraint in the "sleet" member, whole (snapshot_exclusions.cpp).
Json exclusion_json(const ExclusionConstraint& exclusion);
ExclusionConstraint read_exclusion(const SnapshotInput& input, const Json& json,
                                   const JsonPath& path, const std::string& name);
Json write_extras(const Schema& schema);  // an empty object when there is nothing to say
// A table's partitioning and inheritance in its "sleet" entry: partitionBy, partitionOf,
// partitionBound, inherits (snapshot_partitions.cpp).
void put_partitioning(Json& out, const Table& table);
void read_partitioning(const SnapshotInput& input, const Json& json, const JsonPath& path,
                       Table& table);
// A type as the "sleet" member spells it ({name, schema, dimensions}), and back.
Json extras_type_json(const TypeName& type);
TypeName read_extras_type(const SnapshotInput& input, const Json& json, const JsonPath& path);
// Extended statistics of a table in its "sleet" entry ("statistics", keyed by "schema.name";
// snapshot_rules.cpp).
void put_statistics(Json& out, const std::map<QualifiedName, Statistics>& statistics);
void read_statistics(const SnapshotInput& input, const Json& json, const JsonPath& path,
                     std::map<QualifiedName, Statistics>& statistics);
// Rules of a table or view in its "sleet" entry ("rules"), and event triggers in the member's
// "eventTriggers" (snapshot_rules.cpp).
void put_rules(Json& out, const std::map<std::string, RewriteRule>& rules);
// A materialized view's indexes in its "sleet" entry ("indexes"): each whole, as a table's
// index is in drizzle-kit's part plus its "sleet" extras (snapshot_extras.cpp).
void put_view_indexes(Json& out, const std::map<std::string, Index>& indexes);
void read_view_indexes(const SnapshotInput& input, const Json& json, const JsonPath& path,
                       std::map<std::string, Index>& indexes);
void read_rules(const SnapshotInput& input, const Json& json, const JsonPath& path,
                std::map<std::string, RewriteRule>& rules);
void put_event_triggers(Json& extras, const Schema& schema);
void read_event_triggers(const Json& extras, const SnapshotInput& input, const JsonPath& path,
                         Schema& schema);
// Composite and range types in the "sleet" member (snapshot_composite_types.cpp).
void write_user_types(const Schema& schema, Json& extras);
void read_user_types(const Json& extras, const SnapshotInput& input, const JsonPath& path,
                     Schema& schema);

}  // namespace sleet::snapshot
