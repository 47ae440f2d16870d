// Internal: the names objects take in a PostgreSQL schema, for duplicate detection and for
// choosing the default names of unnamed constraints and indexes as the server does.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sleet/model.h"

namespace sleet::sources {

// Relation names (tables, views, sequences, indexes) and constraint names per schema.
class ObjectNames {
 public:
  // Records relation `name` of `kind` ("table", "index", ...) defined at `where`. Throws
  // sleet::Error (Usage) naming both places when the schema already has a relation so named.
  void add_relation(const QualifiedName& name, const std::string& kind, const std::string& where);
  bool has_relation(const QualifiedName& name) const { return relations_.contains(name); }
  void add_constraint(const QualifiedName& name) { constraints_.insert(name); }

  // Records a schema, extension, type or role. Returns where it was defined before (and
  // whether either definition said IF NOT EXISTS), or nullopt the first time.
  struct Earlier {
    std::string where;
    bool if_not_exists = false;
  };
  std::optional<Earlier> add_object(const std::string& kind, const std::string& name,
                                    const std::string& where, bool if_not_exists);

  // Records every name `schema` already holds, as defined at `where` (a snapshot the
  // statements of a migration apply to).
  void add_existing(const Schema& schema, const std::string& where);

  // PostgreSQL's ChooseRelationName: name1_name2_label, then label1, label2, ... until the
  // name is free among relations (and among constraints when `is_constraint`).
  std::string choose_relation_name(const std::string& schema, const std::string& name1,
                                   const std::string& name2, const std::string& label,
                                   bool is_constraint) const;
  // PostgreSQL's ChooseConstraintName: as above, free among the schema's constraints.
  std::string choose_constraint_name(const std::string& schema, const std::string& name1,
                                     const std::string& name2, const std::string& label) const;

 private:
  struct Site {
    std::string kind;
    std::string where;
  };
  std::map<QualifiedName, Site> relations_;
  std::set<QualifiedName> constraints_;
  std::map<std::pair<std::string, std::string>, Earlier> objects_;
};

// Column names joined with "_" and cut to 63 bytes, as the server builds the middle part of
// a default index or constraint name.
std::string name_addition(const std::vector<std::string>& column_names);

// ChooseIndexColumnNames' last step: `bases` (one per index column) with repeats made distinct
// by a digit ("v", "v" gives "v", "v1"), each cut to fit 63 bytes.
std::vector<std::string> distinct_index_column_names(const std::vector<std::string>& bases);

}  // namespace sleet::sources
