// A table's EXCLUDE constraints in the "sleet" member of a snapshot: drizzle-kit has no key
// for them, so each is spelled out whole.
#include "sources/snapshot_internal.h"

namespace sleet::snapshot {

Json exclusion_json(const ExclusionConstraint& exclusion) {
  Json out = Json::object();
  out["method"] = exclusion.method;
  Json elements = Json::array();
  for (size_t i = 0; i < exclusion.elements.size(); ++i) {
    const IndexElement& element = exclusion.elements[i];
    Json entry = Json::object();
    if (element.expression) {
      entry["expression"] = element.expression->written();
    } else {
      entry["column"] = element.column;
    }
    if (!element.opclass.empty()) entry["opclass"] = element.opclass;
    if (!element.collation.empty()) entry["collation"] = element.collation;
    if (element.descending) entry["descending"] = true;
    if (element.nulls_first != element.descending) entry["nullsFirst"] = element.nulls_first;
    entry["operator"] = i < exclusion.operators.size() ? exclusion.operators[i] : "=";
    elements.push_back(std::move(entry));
  }
  out["elements"] = std::move(elements);
  if (!exclusion.include.empty()) out["include"] = exclusion.include;
  if (exclusion.where) out["where"] = exclusion.where->written();
  if (!exclusion.with.empty()) out["with"] = exclusion.with;
  if (exclusion.deferrable) out["deferrable"] = true;
  if (exclusion.initially_deferred) out["initiallyDeferred"] = true;
  if (exclusion.comment) out["comment"] = *exclusion.comment;
  return out;
}

ExclusionConstraint read_exclusion(const SnapshotInput& input, const Json& json,
                                   const JsonPath& path, const std::string& name) {
  ExclusionConstraint exclusion;
  exclusion.name = name;
  exclusion.method = input.string(json, path, "method");
  const Json* elements = input.member(json, path, "elements");
  if (!elements->is_array() || elements->empty())
    input.fail(path / "elements", "expected a non-empty array");
  for (size_t i = 0; i < elements->size(); ++i) {
    const Json& entry = (*elements)[i];
    JsonPath at = path / "elements" / i;
    input.expect_object(entry, at);
    IndexElement element;
    if (input.member(entry, at, "expression", true)) {
      element.expression = expression_from_text(input.string(entry, at, "expression"));
    } else {
      element.column = input.string(entry, at, "column");
    }
    element.opclass = input.optional_string(entry, at, "opclass");
    element.collation = input.optional_string(entry, at, "collation");
    element.descending = input.optional_boolean(entry, at, "descending", false);
    element.nulls_first = input.optional_boolean(entry, at, "nullsFirst", element.descending);
    exclusion.elements.push_back(std::move(element));
    exclusion.operators.push_back(input.string(entry, at, "operator"));
  }
  if (input.member(json, path, "include", true))
    exclusion.include = input.strings(json, path, "include");
  if (input.member(json, path, "where", true))
    exclusion.where = expression_from_text(input.string(json, path, "where"));
  if (const Json* with = input.optional_object(json, path, "with")) {
    for (const auto& [key, value] : with->items()) {
      if (!value.is_string()) input.fail(path / "with" / key, "expected a string");
      exclusion.with[key] = value.get<std::string>();
    }
  }
  exclusion.deferrable = input.optional_boolean(json, path, "deferrable", false);
  exclusion.initially_deferred = input.optional_boolean(json, path, "initiallyDeferred", false);
  if (input.member(json, path, "comment", true))
    exclusion.comment = input.string(json, path, "comment");
  return exclusion;
}

}  // namespace sleet::snapshot
