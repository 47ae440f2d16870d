// What a statement drops that holds rows (a table or a column), for counting those rows
// before a script that was written to a file runs (rollback shows them as push does).
#include "sleet/dropped_data.h"
#include "sql/parse_tree.h"

namespace sleet::sql {

namespace {

void add_table(const PgQuery__List& names, std::vector<DroppedData>& out) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < names.n_items; ++i) {
    if (names.items[i]->node_case == PG_QUERY__NODE__NODE_STRING) {
      parts.push_back(names.items[i]->string->sval);
    }
  }
  if (parts.empty() || parts.size() > 2) return;
  out.push_back({parts.size() == 2 ? parts[0] : "", parts.back(), ""});
}

}  // namespace

std::vector<DroppedData> dropped_data(std::string_view statement) {
  std::vector<DroppedData> out;
  ParseTree tree(statement, "statement");
  for (size_t s = 0; s < tree.size(); ++s) {
    const PgQuery__Node* node = tree.statement(s).stmt;
    if (!node) continue;
    if (node->node_case == PG_QUERY__NODE__NODE_DROP_STMT &&
        node->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
      const PgQuery__DropStmt& drop = *node->drop_stmt;
      for (size_t i = 0; i < drop.n_objects; ++i) {
        if (drop.objects[i]->node_case == PG_QUERY__NODE__NODE_LIST) {
          add_table(*drop.objects[i]->list, out);
        }
      }
    } else if (node->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
      const PgQuery__AlterTableStmt& alter = *node->alter_table_stmt;
      if (!alter.relation) continue;
      for (size_t i = 0; i < alter.n_cmds; ++i) {
        if (alter.cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
        const PgQuery__AlterTableCmd& command = *alter.cmds[i]->alter_table_cmd;
        if (command.subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn) {
          out.push_back({alter.relation->schemaname, alter.relation->relname, command.name});
        }
      }
    }
  }
  return out;
}

}  // namespace sleet::sql
