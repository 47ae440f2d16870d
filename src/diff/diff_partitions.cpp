// diff_schemas: a table's partitioning. A partition's bound changes by detaching and attaching
// it again (its rows stay); a partition key, or a table becoming partitioned, a partition, or
// plain again, cannot change in place: refused, never planned as a drop.
#include <fmt/format.h>

#include "diff/diff_internal.h"
#include "sleet/error.h"

namespace sleet::diff_detail {

namespace {

std::string layout(const Table& table) {
  std::string out;
  if (table.partition_of)
    out =
        fmt::format("a partition of {} ({})", table.partition_of->display(), table.partition_bound);
  if (!table.partition_by.empty())
    out += (out.empty() ? "partitioned by " : ", partitioned by ") + table.partition_by;
  return out.empty() ? "a plain table" : out;
}

}  // namespace

void diff_partitioning(const Table& from, const Table& to, std::vector<Change>& out) {
  if (from.partition_by != to.partition_by || from.partition_of != to.partition_of) {
    throw Error(ErrorKind::Usage,
                fmt::format("table {} changes from {} to {}: PostgreSQL cannot change a table's "
                            "partitioning in place",
                            to.name.display(), layout(from), layout(to)),
                "table " + to.name.display(),
                "write the change as a custom migration (sleet generate --custom: create the new "
                "table, copy the rows, drop the old one and rename), then declare the new layout "
                "in the schema files; or declare it under another table name");
  }
  if (from.partition_bound != to.partition_bound) {
    Change change = make_change(ChangeKind::SetPartitionBound, to.name);
    change.before = from;
    change.after = to;
    out.push_back(std::move(change));
  }
}

}  // namespace sleet::diff_detail
