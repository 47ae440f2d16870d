// A table's partitioning and inheritance in the "sleet" member of a snapshot. drizzle-kit has
// no key for them: in drizzle-kit's own "tables" a partition is a table without columns (they
// are its parent's), and an inheriting table holds only its own columns.
#include "sources/snapshot_internal.h"

namespace sleet::snapshot {

void put_partitioning(Json& out, const Table& table) {
  if (!table.partition_by.empty()) out["partitionBy"] = table.partition_by;
  if (table.partition_of) {
    out["partitionOf"] =
        Json{{"schema", table.partition_of->schema}, {"name", table.partition_of->name}};
    out["partitionBound"] = table.partition_bound;
  }
  if (!table.inherits.empty()) {
    Json parents = Json::array();
    for (const QualifiedName& parent : table.inherits)
      parents.push_back(Json{{"schema", parent.schema}, {"name", parent.name}});
    out["inherits"] = std::move(parents);
  }
}

void read_partitioning(const SnapshotInput& input, const Json& json, const JsonPath& path,
                       Table& table) {
  table.partition_by = input.optional_string(json, path, "partitionBy");
  if (const Json* parent = input.optional_object(json, path, "partitionOf")) {
    JsonPath at = path / "partitionOf";
    table.partition_of =
        QualifiedName{input.string(*parent, at, "schema"), input.string(*parent, at, "name")};
    table.partition_bound = input.string(json, path, "partitionBound");
  }
  if (const Json* parents = input.member(json, path, "inherits", true)) {
    JsonPath at = path / "inherits";
    if (!parents->is_array()) input.fail(at, "inherits must be an array of {schema, name}");
    for (size_t i = 0; i < parents->size(); ++i) {
      const Json& parent = (*parents)[i];
      input.expect_object(parent, at / i);
      table.inherits.push_back(QualifiedName{input.string(parent, at / i, "schema"),
                                             input.string(parent, at / i, "name")});
    }
  }
}

}  // namespace sleet::snapshot
