// A table's partitioning in the "sleet" member of a snapshot. drizzle-kit has no key for it: in
// drizzle-kit's own "tables" a partition is a table without columns (they are its parent's).
#include "sources/snapshot_internal.h"

namespace sleet::snapshot {

void put_partitioning(Json& out, const Table& table) {
  if (!table.partition_by.empty()) out["partitionBy"] = table.partition_by;
  if (table.partition_of) {
    out["partitionOf"] =
        Json{{"schema", table.partition_of->schema}, {"name", table.partition_of->name}};
    out["partitionBound"] = table.partition_bound;
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
}

}  // namespace sleet::snapshot
