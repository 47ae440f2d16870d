// Which changes of a migration into a drizzle-kit 1.0 (v3) folder are sleet's alone: drizzle-kit
// 1.0's ddl has no entity for them, so they get no delta and no footprint; the snapshot's
// "sleet" member (v9_sleet_member, snapshot_v9_sleet.cpp) holds their whole state after the
// migration instead (docs/drizzle-kit-1.md).
#include <fmt/format.h>

#include <algorithm>

#include "generate_v9.h"
#include "generate_v9_text.h"
#include "sleet/files.h"

namespace sleet::plan_internal {

namespace {

using Json = nlohmann::ordered_json;

std::string path_of(const QualifiedName& name, const std::string& member = {}) {
  return member.empty() ? name.display() : name.display() + "." + member;
}

// A footprint node as drizzle-kit 1.0 spells them: s (the object's state), n (its name), e (its
// existence), then a kind and a dotted path.
std::string node(char which, const std::string& kind, const std::string& path) {
  return fmt::format("{}|{}|{}", which, kind, path);
}

Json created(const std::string& kind, const std::string& path) {
  return Json::array({node('s', kind, path), node('n', kind, path), node('e', kind, path)});
}

// The footprint of a change the member carries: what it writes and reads, in drizzle-kit's
// node form with kinds of sleet's own (fn, trg, rule, stx, evt, dom, coll, ctype, rtype, ext, priv,
// defpriv, excl, tblprop, comment) beside drizzle-kit's (tbl, sch, type, rel), so drizzle-kit
// 1.0's conflict check and sleet's judge two branches' changes of these objects too.
struct SleetFootprint {
  std::string type;
  Json target = Json::array();
  Json writes = Json::array();
  Json reads = Json::array();
  bool idempotent = false;  // the same statement on both branches is no conflict
};

SleetFootprint footprint_of(const Change& change, const std::set<QualifiedName>& partitions) {
  SleetFootprint print;
  const QualifiedName& object = change.object;
  std::string schema_read = node('n', "sch", object.schema);
  auto on_table = [&](const std::string& kind, const std::string& type) {
    print.type = type;
    print.target = Json::array({kind, object.schema, object.name, change.name});
    print.writes = created(kind == "trigger" ? "trg" : kind, path_of(object, change.name));
    print.reads = Json::array({node('n', "tbl", path_of(object)), schema_read});
  };
  auto whole = [&](const std::string& kind, const std::string& node_kind, const std::string& type,
                   bool type_name) {
    print.type = type;
    print.target = Json::array({kind, object.schema, object.name});
    print.writes = created(node_kind, path_of(object));
    if (type_name) print.writes.push_back(node('n', "type", path_of(object)));
    print.reads = Json::array({schema_read});
  };
  auto table_property = [&](const std::string& property, const std::string& type) {
    print.type = type;
    print.target = Json::array({"table", object.schema, object.name});
    print.writes = Json::array({node('s', "tblprop", path_of(object, property))});
    print.reads = Json::array({node('n', "tbl", path_of(object)), schema_read});
    print.idempotent = true;
  };
  switch (change.kind) {
    case ChangeKind::CreateFunction:
    case ChangeKind::DropFunction:
      whole("function", "fn",
            change.kind == ChangeKind::CreateFunction ? "create_function" : "drop_function", false);
      break;
    case ChangeKind::ReplaceFunction:
      whole("function", "fn", "replace_function", false);
      print.writes = Json::array({node('s', "fn", path_of(object))});
      print.reads.push_back(node('n', "fn", path_of(object)));
      print.idempotent = true;
      break;
    case ChangeKind::CreateTrigger:
    case ChangeKind::DropTrigger: {
      on_table("trigger",
               change.kind == ChangeKind::CreateTrigger ? "create_trigger" : "drop_trigger");
      const Trigger* trigger = std::get_if<Trigger>(&change.after);
      if (!trigger) trigger = std::get_if<Trigger>(&change.before);
      if (trigger) print.reads.push_back(node('n', "fn", trigger->function.display() + "()"));
      break;
    }
    case ChangeKind::CreateRule:
    case ChangeKind::DropRule:
    case ChangeKind::ReplaceRule:
      on_table("rule", change.kind == ChangeKind::CreateRule ? "create_rule"
                       : change.kind == ChangeKind::DropRule ? "drop_rule"
                                                             : "replace_rule");
      print.idempotent = change.kind == ChangeKind::ReplaceRule;
      break;
    case ChangeKind::AddExclusion:
    case ChangeKind::DropExclusion:
      on_table("excl",
               change.kind == ChangeKind::AddExclusion ? "add_exclusion" : "drop_exclusion");
      print.writes.push_back(node('n', "rel", object.schema + "." + change.name));
      break;
    case ChangeKind::CreateEventTrigger:
    case ChangeKind::DropEventTrigger:
    case ChangeKind::AlterEventTrigger:
      print.type = change.kind == ChangeKind::CreateEventTrigger ? "create_event_trigger"
                   : change.kind == ChangeKind::DropEventTrigger ? "drop_event_trigger"
                                                                 : "alter_event_trigger";
      print.target = Json::array({"event_trigger", object.name});
      print.writes = created("evt", object.name);
      print.idempotent = change.kind == ChangeKind::AlterEventTrigger;
      break;
    case ChangeKind::CreateDomain:
    case ChangeKind::DropDomain:
    case ChangeKind::AlterDomain:
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
      whole("domain", "dom", "sleet_domain", true);
      print.idempotent = change.kind == ChangeKind::AlterDomain;
      break;
    case ChangeKind::CreateCollation:
    case ChangeKind::DropCollation:
      whole("collation", "coll",
            change.kind == ChangeKind::CreateCollation ? "sleet_create_collation"
                                                       : "sleet_drop_collation",
            false);
      break;
    case ChangeKind::CreateCompositeType:
    case ChangeKind::DropCompositeType:
    case ChangeKind::AlterCompositeType:
    case ChangeKind::RecreateCompositeType:
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
    case ChangeKind::RenameCompositeAttribute:
      whole("type", "ctype", "sleet_composite_type", true);
      break;
    case ChangeKind::CreateRangeType:
    case ChangeKind::DropRangeType:
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
      whole("type", "rtype", "sleet_range_type", true);
      break;
    case ChangeKind::CreateExtension:
    case ChangeKind::DropExtension:
    case ChangeKind::AlterExtension:
      print.type = "sleet_extension";
      print.target = Json::array({"extension", object.name});
      print.writes = created("ext", object.name);
      print.idempotent = change.kind == ChangeKind::AlterExtension;
      break;
    case ChangeKind::GrantPrivilege:
    case ChangeKind::RevokePrivilege: {
      const Grant* grant = std::get_if<Grant>(&change.after);
      if (!grant) grant = std::get_if<Grant>(&change.before);
      std::string what =
          grant ? fmt::format("{}.{}.{}.{}", grant->object_kind, path_of(object, grant->column),
                              grant->grantee, grant->privilege)
                : path_of(object);
      print.type =
          change.kind == ChangeKind::GrantPrivilege ? "grant_privilege" : "revoke_privilege";
      print.target = Json::array({"privilege", object.schema, what});
      print.writes = Json::array({node('s', "priv", what)});
      print.idempotent = true;
      break;
    }
    case ChangeKind::GrantDefaultPrivilege:
    case ChangeKind::RevokeDefaultPrivilege: {
      const DefaultPrivilege* privilege = std::get_if<DefaultPrivilege>(&change.after);
      if (!privilege) privilege = std::get_if<DefaultPrivilege>(&change.before);
      std::string what =
          privilege ? fmt::format("{}.{}.{}.{}.{}", privilege->role, privilege->schema,
                                  privilege->object_kind, privilege->grantee, privilege->privilege)
                    : path_of(object);
      print.type = "sleet_default_privilege";
      print.target = Json::array({"default_privilege", object.schema, what});
      print.writes = Json::array({node('s', "defpriv", what)});
      print.idempotent = true;
      break;
    }
    case ChangeKind::SetLogged:
    case ChangeKind::SetUnlogged:
      table_property("logged", "sleet_set_logged");
      break;
    case ChangeKind::SetStorageParameters:
      table_property("storage", "sleet_storage_parameters");
      break;
    case ChangeKind::SetReplicaIdentity:
      table_property("replica_identity", "sleet_replica_identity");
      break;
    case ChangeKind::SetClusterOn:
      table_property("cluster_on", "sleet_cluster_on");
      break;
    case ChangeKind::SetColumnStatistics:
    case ChangeKind::SetColumnStorage:
    case ChangeKind::SetColumnCompression:
    case ChangeKind::SetColumnOptions: {
      // One attribute of the column, an overlay on drizzle-kit's column row.
      std::string setting = to_string(change.kind).substr(std::string("set column ").size());
      print.type = "sleet_column_" + setting;
      print.target = Json::array({"column", object.schema, object.name, change.name});
      print.writes =
          Json::array({node('s', "colprop", path_of(object, change.name + "." + setting))});
      print.reads = Json::array({node('n', "tbl", path_of(object)), schema_read,
                                 node('n', "col", path_of(object, change.name))});
      print.idempotent = true;
      break;
    }
    case ChangeKind::ForceRowLevelSecurity:
    case ChangeKind::NoForceRowLevelSecurity:
      table_property("force_rls", "sleet_force_rls");
      break;
    case ChangeKind::SetPartitionBound:
      table_property("bound", "sleet_partition_bound");
      break;
    case ChangeKind::AddInherit:
    case ChangeKind::DropInherit:
      table_property("inherits." + change.name, "sleet_inherit");
      break;
    case ChangeKind::AlterColumnCollation:
      // The column's type statement: it conflicts with drizzle-kit's type changes.
      print.type = "sleet_alter_collation";
      print.target = Json::array({"column", object.schema, object.name, change.name});
      print.writes =
          Json::array({node('s', "colprop", path_of(object, change.name + ".type")),
                       node('s', "colprop", path_of(object, change.name + ".collation"))});
      print.reads = Json::array({node('n', "tbl", path_of(object)), schema_read,
                                 node('n', "col", path_of(object, change.name))});
      print.idempotent = true;
      break;
    case ChangeKind::ValidateConstraint:
      // Reads the constraint's name, which drizzle-kit's drop and add of it write.
      print.type = "sleet_validate_constraint";
      print.target = Json::array({"table", object.schema, object.name});
      print.writes = Json::array({node('s', "con", path_of(object, change.name))});
      print.reads = Json::array({node('n', "tbl", path_of(object)), schema_read,
                                 node('n', "con", path_of(object, change.name))});
      print.idempotent = true;
      break;
    case ChangeKind::CreateStatistics:
    case ChangeKind::DropStatistics:
    case ChangeKind::AlterStatistics: {
      // Named in a schema of its own: its node is the statistics object's, read beside its table.
      const Statistics* statistics = std::get_if<Statistics>(&change.after);
      if (!statistics) statistics = std::get_if<Statistics>(&change.before);
      std::string path = statistics ? statistics->name.display() : path_of(object, change.name);
      print.type = change.kind == ChangeKind::CreateStatistics ? "sleet_create_statistics"
                   : change.kind == ChangeKind::DropStatistics ? "sleet_drop_statistics"
                                                               : "sleet_alter_statistics";
      print.target = Json::array({"statistics", object.schema, object.name, path});
      print.writes = created("stx", path);
      print.reads = Json::array({node('n', "tbl", path_of(object)), schema_read});
      print.idempotent = change.kind == ChangeKind::AlterStatistics;
      break;
    }
    case ChangeKind::CreateIndex:
    case ChangeKind::DropIndex: {
      // An index on a materialized view (drizzle-kit 1.0's ddl has indexes on tables only).
      std::string path = object.schema + "." + change.name;
      print.type = change.kind == ChangeKind::CreateIndex ? "sleet_create_matview_index"
                                                          : "sleet_drop_matview_index";
      print.target = Json::array({"index", object.schema, object.name, change.name});
      print.writes = created("idx", path);
      print.writes.push_back(node('n', "rel", path));
      print.reads = Json::array({node('n', "view", path_of(object)), schema_read});
      break;
    }
    case ChangeKind::SetComment:
      print.type = "sleet_comment";
      print.target = Json::array(
          {"comment", object.display(), change.name.empty() ? change.detail : change.name});
      print.writes = Json::array({node(
          's', "comment", fmt::format("{}.{}", change.detail, path_of(object, change.name)))});
      print.idempotent = true;
      break;
    default: {
      // A partition, or something on one.
      QualifiedName parent;
      bool table_change =
          change.kind == ChangeKind::CreateTable || change.kind == ChangeKind::DropTable;
      print.type = table_change ? (change.kind == ChangeKind::CreateTable ? "create_partition"
                                                                          : "drop_partition")
                                : "sleet_partition_member";
      print.target = Json::array({"table", object.schema, object.name});
      if (table_change) {
        print.writes = created("tbl", path_of(object));
        print.writes.push_back(node('n', "rel", path_of(object)));
        print.writes.push_back(node('n', "type", path_of(object)));
      } else {
        print.writes = Json::array({node('s', "tbl", path_of(object, change.name))});
      }
      const Table* table = std::get_if<Table>(&change.after);
      if (!table) table = std::get_if<Table>(&change.before);
      print.reads = Json::array({schema_read});
      if (table && table->partition_of)
        print.reads.push_back(node('n', "tbl", table->partition_of->display()));
      if (!partitions.contains(object)) print.type.clear();
      break;
    }
  }
  return print;
}

}  // namespace

void add_sleet_footprints(const std::vector<Change>& carried, const Plan& plan,
                          const std::set<QualifiedName>& partitions, V9Changes& out) {
  for (const Change& change : carried) {
    SleetFootprint print = footprint_of(change, partitions);
    if (print.type.empty()) continue;
    Json footprint = {{"statementType", print.type},
                      {"statementTarget", std::move(print.target)},
                      {"writes", std::move(print.writes)}};
    if (!print.reads.empty()) footprint["reads"] = std::move(print.reads);
    if (print.idempotent) {
      // drizzle-kit's rule: the same statement made on both branches is no conflict.
      std::string sql;
      for (const PlannedStatement& statement : plan.statements) {
        if (statement.kind == change.kind && statement.object == change.object &&
            (change.name.empty() || statement.member == change.name))
          sql += (sql.empty() ? "" : "\n") + statement.sql;
      }
      footprint["sqlHash"] = sha256_hex(sql).substr(0, 16);
    }
    out.footprints.push_back(std::move(footprint));
  }
}

std::set<QualifiedName> partition_tables(const std::vector<Change>& changes, const Schema& to) {
  std::set<QualifiedName> partitions;
  for (const auto& [name, table] : to.tables) {
    if (table.partition_of) partitions.insert(name);
  }
  for (const Change& change : changes) {
    if (const Table* before = std::get_if<Table>(&change.before); before && before->partition_of)
      partitions.insert(change.object);
  }
  return partitions;
}

bool renames_unmodelled_type(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
      return true;
    default:
      return false;
  }
}

bool carried_by_sleet_member(const Change& change, const Schema& to,
                             const std::set<QualifiedName>& partitions) {
  // A renamed type: the member carries it; v9_changes also alters the column rows naming it.
  if (renames_unmodelled_type(change.kind)) return true;
  // An index on a materialized view, and its comment: drizzle-kit's ddl has no field for them.
  bool on_view = to.views.contains(change.object) && !change.name.empty();
  if (on_view && (change.kind == ChangeKind::CreateIndex || change.kind == ChangeKind::DropIndex ||
                  (change.kind == ChangeKind::SetComment && change.detail == "INDEX")))
    return true;
  switch (change.kind) {
    case ChangeKind::CreateExtension:
    case ChangeKind::DropExtension:
    case ChangeKind::AlterExtension:
    case ChangeKind::CreateFunction:
    case ChangeKind::DropFunction:
    case ChangeKind::ReplaceFunction:
    case ChangeKind::CreateTrigger:
    case ChangeKind::DropTrigger:
    case ChangeKind::CreateRule:
    case ChangeKind::DropRule:
    case ChangeKind::ReplaceRule:
    case ChangeKind::CreateStatistics:
    case ChangeKind::DropStatistics:
    case ChangeKind::AlterStatistics:
    case ChangeKind::CreateEventTrigger:
    case ChangeKind::DropEventTrigger:
    case ChangeKind::AlterEventTrigger:
    case ChangeKind::CreateCollation:
    case ChangeKind::DropCollation:
    case ChangeKind::CreateDomain:
    case ChangeKind::DropDomain:
    case ChangeKind::AlterDomain:
    case ChangeKind::GrantPrivilege:
    case ChangeKind::RevokePrivilege:
    case ChangeKind::GrantDefaultPrivilege:
    case ChangeKind::RevokeDefaultPrivilege:
    case ChangeKind::CreateCompositeType:
    case ChangeKind::DropCompositeType:
    case ChangeKind::AlterCompositeType:
    case ChangeKind::RecreateCompositeType:
    case ChangeKind::RenameCompositeAttribute:
    case ChangeKind::CreateRangeType:
    case ChangeKind::DropRangeType:
    case ChangeKind::AddExclusion:
    case ChangeKind::DropExclusion:
    case ChangeKind::SetLogged:
    case ChangeKind::SetUnlogged:
    case ChangeKind::SetStorageParameters:
    case ChangeKind::SetColumnStatistics:
    case ChangeKind::SetColumnStorage:
    case ChangeKind::SetColumnCompression:
    case ChangeKind::SetColumnOptions:
    case ChangeKind::SetReplicaIdentity:
    case ChangeKind::SetClusterOn:
    case ChangeKind::SetPartitionBound:
    case ChangeKind::AddInherit:
    case ChangeKind::DropInherit:
    case ChangeKind::ForceRowLevelSecurity:
    case ChangeKind::NoForceRowLevelSecurity:
    case ChangeKind::SetComment:
    // Attributes of drizzle-kit's rows it has no field for: the member's overlays.
    case ChangeKind::AlterColumnCollation:
    case ChangeKind::ValidateConstraint:
      return true;
    default:
      // A partition and everything on it: drizzle-kit's ddl leaves partitions out.
      return partitions.contains(change.object);
  }
}

Schema drizzle_kit_part(Schema schema) {
  // Attributes drizzle-kit's rows have no field for: the member's overlays carry them.
  schema.collations.clear();
  for (auto& [name, view] : schema.views) {
    view.column_names.clear();
    std::erase_if(view.with,
                  [](const auto& option) { return !v9_view_option_listed(option.first); });
  }
  for (auto& [name, table] : schema.tables) {
    for (Column& column : table.columns) {
      column.collation.clear();
      column.statistics = -1;
      column.storage.clear();
      column.compression.clear();
      column.options.clear();
    }
    table.replica_identity = "default";
    table.replica_identity_index.clear();
    table.cluster_on.clear();
    table.statistics.clear();
    for (auto& [key, member] : table.foreign_keys) {
      member.match = "simple";
      member.deferrable = member.initially_deferred = false;
      member.valid = true;
    }
    for (auto& [key, member] : table.unique_constraints)
      member.deferrable = member.initially_deferred = false;
    if (table.primary_key)
      table.primary_key->deferrable = table.primary_key->initially_deferred = false;
    for (auto& [key, member] : table.check_constraints) {
      member.no_inherit = false;
      member.valid = true;
    }
    for (auto& [key, member] : table.indexes) {
      member.include.clear();
      member.nulls_not_distinct = false;
      for (IndexElement& element : member.elements) element.collation.clear();
    }
  }
  return without_comments(std::move(schema));
}

Schema without_comments(Schema schema) {
  for (auto& [name, ns] : schema.namespaces) ns.comment.reset();
  for (auto& [name, type] : schema.enums) type.comment.reset();
  for (auto& [name, sequence] : schema.sequences) sequence.comment.reset();
  for (auto& [name, view] : schema.views) view.comment.reset();
  for (auto& [name, table] : schema.tables) {
    table.comment.reset();
    for (Column& column : table.columns) column.comment.reset();
    if (table.primary_key) table.primary_key->comment.reset();
    for (auto& [key, member] : table.foreign_keys) member.comment.reset();
    for (auto& [key, member] : table.unique_constraints) member.comment.reset();
    for (auto& [key, member] : table.check_constraints) member.comment.reset();
    for (auto& [key, member] : table.indexes) member.comment.reset();
    for (auto& [key, member] : table.policies) member.comment.reset();
  }
  return schema;
}

}  // namespace sleet::plan_internal
