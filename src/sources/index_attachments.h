// ALTER INDEX parent ATTACH PARTITION child, as pg_dump writes it for partitioned tables:
// read by parse_partitions.cpp once every other statement is applied.
#pragma once

#include <vector>

#include "sources/schema_parser.h"

namespace sleet::sources {

// Whether `statement` is ALTER INDEX ... ATTACH PARTITION (each of its commands).
bool is_index_attachment(const PgQuery__AlterTableStmt& statement);

// Takes each index these ALTER INDEX statements attach out of its partition (an index, a
// primary key or a unique or exclusion constraint there): it is the parent's index, and a
// partition holds only its own. All are looked up before any is taken out, so their order does
// not matter. Fails at the ALTER INDEX when an index does not exist or its table is not a
// partition of the parent index's table.
void apply_index_attachments(Context& context, const std::vector<const Statement*>& statements);

}  // namespace sleet::sources
