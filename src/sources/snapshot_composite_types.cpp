// Composite and range types in the "sleet" member of a snapshot ("compositeTypes" and
// "rangeTypes", keyed by schema.name): drizzle-kit has no key for them, so each is spelled out
// whole, and drizzle-kit drops the member.
#include "sources/snapshot_internal.h"

namespace sleet::snapshot {

namespace {

void put_optional(Json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

Json composite_json(const CompositeType& type) {
  Json out = Json::object();
  out["schema"] = type.name.schema;
  out["name"] = type.name.name;
  Json attributes = Json::array();
  for (const CompositeAttribute& attribute : type.attributes) {
    Json entry = Json::object();
    entry["name"] = attribute.name;
    entry["type"] = extras_type_json(attribute.type);
    put_optional(entry, "collation", attribute.collation);
    if (attribute.comment) entry["comment"] = *attribute.comment;
    attributes.push_back(std::move(entry));
  }
  out["attributes"] = std::move(attributes);
  if (type.comment) out["comment"] = *type.comment;
  return out;
}

Json range_json(const RangeType& range) {
  Json out = Json::object();
  out["schema"] = range.name.schema;
  out["name"] = range.name.name;
  out["subtype"] = extras_type_json(range.subtype);
  put_optional(out, "subtypeOpclass", range.subtype_opclass);
  put_optional(out, "collation", range.collation);
  put_optional(out, "canonical", range.canonical);
  put_optional(out, "subtypeDiff", range.subtype_diff);
  put_optional(out, "multirangeTypeName", range.multirange_name);
  if (range.comment) out["comment"] = *range.comment;
  return out;
}

std::optional<std::string> comment_of(const SnapshotInput& input, const Json& json,
                                      const JsonPath& path) {
  if (!input.member(json, path, "comment", true)) return std::nullopt;
  return input.string(json, path, "comment");
}

CompositeType read_composite(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  CompositeType type;
  type.name = {input.string(json, path, "schema"), input.string(json, path, "name")};
  const Json* attributes = input.member(json, path, "attributes");
  if (!attributes->is_array()) input.fail(path / "attributes", "expected an array");
  for (std::size_t i = 0; i < attributes->size(); ++i) {
    const Json& entry = (*attributes)[i];
    JsonPath at = path / "attributes" / i;
    input.expect_object(entry, at);
    CompositeAttribute attribute;
    attribute.name = input.string(entry, at, "name");
    attribute.type = read_extras_type(input, input.object(entry, at, "type"), at / "type");
    attribute.collation = input.optional_string(entry, at, "collation");
    attribute.comment = comment_of(input, entry, at);
    type.attributes.push_back(std::move(attribute));
  }
  type.comment = comment_of(input, json, path);
  return type;
}

RangeType read_range(const SnapshotInput& input, const Json& json, const JsonPath& path) {
  RangeType range;
  range.name = {input.string(json, path, "schema"), input.string(json, path, "name")};
  range.subtype = read_extras_type(input, input.object(json, path, "subtype"), path / "subtype");
  range.subtype_opclass = input.optional_string(json, path, "subtypeOpclass");
  range.collation = input.optional_string(json, path, "collation");
  range.canonical = input.optional_string(json, path, "canonical");
  range.subtype_diff = input.optional_string(json, path, "subtypeDiff");
  range.multirange_name = input.optional_string(json, path, "multirangeTypeName");
  range.comment = comment_of(input, json, path);
  return range;
}

template <typename Read>
void each_entry(const SnapshotInput& input, const Json& extras, const JsonPath& path,
                const char* key, Read read) {
  const Json* record = input.optional_object(extras, path, key);
  if (!record) return;
  for (const auto& [name, value] : record->items()) {
    input.expect_object(value, path / key / name);
    read(value, path / key / name);
  }
}

}  // namespace

void write_user_types(const Schema& schema, Json& extras) {
  Json composites = Json::object();
  for (const auto& [name, type] : schema.composite_types)
    composites[name.display()] = composite_json(type);
  if (!composites.empty()) extras["compositeTypes"] = std::move(composites);
  Json ranges = Json::object();
  for (const auto& [name, range] : schema.range_types) ranges[name.display()] = range_json(range);
  if (!ranges.empty()) extras["rangeTypes"] = std::move(ranges);
}

void read_user_types(const Json& extras, const SnapshotInput& input, const JsonPath& path,
                     Schema& schema) {
  each_entry(input, extras, path, "compositeTypes", [&](const Json& value, const JsonPath& at) {
    CompositeType type = read_composite(input, value, at);
    schema.composite_types[type.name] = std::move(type);
  });
  each_entry(input, extras, path, "rangeTypes", [&](const Json& value, const JsonPath& at) {
    RangeType range = read_range(input, value, at);
    schema.range_types[range.name] = std::move(range);
  });
}

}  // namespace sleet::snapshot
