// plan_pull / write_pull: inspect, check that nothing would be lost or half-done, render, and
// write the files plus the baseline migration.
#include <fmt/format.h>
#include <fnmatch.h>
#include <stdlib.h>

#include <algorithm>
#include <set>

#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/pull.h"
#include "sleet/rename_resolvers.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

// A private directory under the system's temporary directory, removed on destruction.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "sleet-pull-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      throw Error(ErrorKind::Failure, "cannot create a temporary directory",
                  fs::temp_directory_path().string(), "check TMPDIR and free space");
    }
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string joined(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

// A baseline describes the database from nothing, so it must be the folder's first migration.
void require_new_migration_folder(const fs::path& out) {
  std::error_code error;
  if (!fs::exists(out, error)) return;
  if (!fs::is_directory(out, error)) {
    throw Error(ErrorKind::Usage, "the migration folder is not a directory", out.string(),
                "set `out` in sleet.toml (or --out) to a folder");
  }
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(out, error)) {
    if (entry.path().filename() != "meta") found.push_back(entry.path().filename().string());
  }
  if (fs::is_directory(out / "meta", error)) {
    for (const auto& entry : fs::directory_iterator(out / "meta", error)) {
      if (entry.path().filename() != "_journal.json") {
        found.push_back("meta/" + entry.path().filename().string());
      }
    }
    if (fs::exists(out / "meta" / "_journal.json", error) &&
        !MigrationFolder::open(out).journal().entries.empty()) {
      found.push_back("journal entries");
    }
  }
  if (found.empty()) return;
  std::sort(found.begin(), found.end());
  throw Error(ErrorKind::Usage,
              fmt::format("the migration folder is not empty ({}); a baseline must be its first "
                          "migration",
                          joined(found)),
              out.string(),
              "pull into a new folder (--out DIR or `out` in sleet.toml); if the folder already "
              "describes this database, keep it and use sleet generate / sleet migrate instead");
}

// The schemas of the database `options` selects; throws when there are none.
std::vector<std::string> selected_schemas(db::Connection& connection,
                                          const InspectOptions& options) {
  auto result = connection.execute("select nspname from pg_namespace order by nspname");
  std::vector<std::string> available;
  std::vector<std::string> selected;
  for (int i = 0; i < result.rows(); ++i) {
    std::string name(result.value(i, 0));
    bool system = name.starts_with("pg_") || name == "information_schema";
    if (schema_selected(options, name) && !system) selected.push_back(name);
    if (!system) available.push_back(name);
  }
  if (!selected.empty()) return selected;
  throw Error(
      ErrorKind::Usage,
      fmt::format("schema_filter [{}] matches no schema in the database",
                  joined(options.schema_filter)),
      connection.settings().describe(),
      fmt::format("the database has: {}; set schema_filter in sleet.toml", joined(available)));
}

// Rows in the tracking table belong to another folder's history: a baseline recorded among
// them would make that history wrong. With an explicit --out the baseline is written there
// and not recorded (the plan says why); otherwise pull refuses.
void check_tracking_rows(db::Connection& connection, PullPlan& plan) {
  const MigrateOptions& tracking = plan.options.tracking;
  std::vector<TrackingRow> rows = tracking_rows(connection, tracking);
  if (rows.empty()) return;
  std::string records = fmt::format(
      "the database already records {} applied migration{} in \"{}\".\"{}\"", rows.size(),
      rows.size() == 1 ? "" : "s", tracking.migrations_schema, tracking.migrations_table);
  if (plan.options.explicit_out) {
    plan.not_recorded = fmt::format(
        "{}, the history of another folder; recording a baseline among them would make that "
        "history wrong. {} can create this schema in a new database (sleet migrate --out {})",
        records, plan.options.out.string(), plan.options.out.string());
    return;
  }
  throw Error(ErrorKind::Usage, records + "; a baseline must be the first",
              connection.settings().describe(),
              "restore the migration folder those rows belong to (sleet status compares them); "
              "to write a baseline for new databases, pull into a new folder with --out (it is "
              "not recorded here); to start a new history from this schema, empty that table");
}

// Runs a check that protects files or history: in a dry run, which writes and records
// nothing, its refusal becomes a line of plan.would_refuse instead.
template <typename Check>
void protect(PullPlan& plan, Check&& check) {
  try {
    check();
  } catch (const Error& e) {
    if (!plan.options.dry_run || e.kind() != ErrorKind::Usage) throw;
    plan.would_refuse.push_back(e.where().empty() ? e.what()
                                                  : fmt::format("{}: {}", e.where(), e.what()));
  }
}

bool is_hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return name.starts_with(".") && name != "." && name != "..";
}

// .sql files under `directory` the schema globs would read, except `ours`.
std::vector<std::string> other_schema_files(const fs::path& directory,
                                            const std::set<fs::path>& ours) {
  std::vector<std::string> others;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return others;
  fs::recursive_directory_iterator it(directory, error), end;
  for (; !error && it != end; it.increment(error)) {
    if (is_hidden(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().extension() == ".sql" && !ours.count(it->path().lexically_normal())) {
      others.push_back(it->path().lexically_relative(directory).string());
    }
  }
  std::sort(others.begin(), others.end());
  return others;
}

void write_files(const fs::path& directory, const std::vector<PulledFile>& files) {
  for (const PulledFile& file : files) {
    fs::path path = directory / file.path;
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error) {
      throw Error(ErrorKind::Usage, fmt::format("cannot create a folder: {}", error.message()),
                  path.parent_path().string(), "check the path and its permissions");
    }
    write_text_file(path, file.sql);
  }
}

// The schema files of `relative` placed in the schema directory: refuses (through protect)
// files that exist without force and other .sql files that would stay part of the schema.
void place_files(PullPlan& plan, const std::vector<PulledFile>& relative) {
  const PullOptions& options = plan.options;
  const fs::path& directory = options.schema_directory;
  std::set<fs::path> ours;
  std::vector<std::string> existing;
  for (const PulledFile& file : relative) {
    fs::path path = (directory / file.path).lexically_normal();
    ours.insert(path);
    std::error_code error;
    if (fs::exists(path, error)) {
      plan.overwritten.push_back(path);
      existing.push_back(file.path.string());
    }
    plan.files.push_back({path, file.sql});
  }
  protect(plan, [&] {
    if (existing.empty() || options.force) return;
    throw Error(ErrorKind::Usage,
                fmt::format("{} schema file{} exist{} already: {}", existing.size(),
                            existing.size() == 1 ? "" : "s", existing.size() == 1 ? "s" : "",
                            joined(existing)),
                directory.string(),
                "pass --force to replace them, or pull into another --schema-dir");
  });
  std::vector<std::string> others = other_schema_files(directory, ours);
  std::erase_if(others, [&](const std::string& other) {
    fs::path path = (directory / other).lexically_normal();
    auto replaceable = options.replaceable.find(path);
    std::error_code error;
    if (replaceable == options.replaceable.end() || !fs::is_regular_file(path, error)) {
      return false;
    }
    if (read_text_file(path) != replaceable->second) return false;
    plan.removed.push_back(path);
    return true;
  });
  protect(plan, [&] {
    if (others.empty()) return;
    throw Error(ErrorKind::Usage,
                fmt::format("the schema folder holds .sql files pull would not write, which would "
                            "stay part of the schema: {}",
                            joined(others)),
                directory.string(), "move or delete them, or pull into another --schema-dir");
  });
}

// generate's first migration of `relative`, parsed from a scratch copy so nothing real is
// written before everything is known to work. Prepared as into an empty folder (a dry run's
// `out` may hold migrations), with the paths of `out`.
void prepare_baseline(PullPlan& plan, const std::vector<PulledFile>& relative) {
  const PullOptions& options = plan.options;
  ScratchDirectory scratch;
  write_files(scratch.path(), relative);
  GenerateOptions generate;
  generate.out = scratch.path() / ".out";
  for (const PulledFile& file : relative)
    generate.schema_files.push_back(scratch.path() / file.path);
  generate.prefix = options.prefix;
  generate.breakpoints = options.breakpoints;
  generate.name = options.name;
  generate.when = options.when;
  generate.down_script = false;
  generate.new_folder_format = options.format;
  if (auto existing = detect_folder_format(options.out)) generate.new_folder_format = *existing;
  NoRenames resolver;  // from an empty folder nothing is dropped: never asked
  try {
    plan.baseline = prepare_migration(generate, resolver);
  } catch (const Error& e) {
    if (e.where().rfind(scratch.path().string(), 0) != 0) throw;
    throw Error(ErrorKind::Failure,
                fmt::format("the pulled schema does not parse back: {}", e.what()),
                e.where().substr(scratch.path().string().size() + 1),
                "this is a bug in sleet; please report it with the object named");
  }
  PreparedMigration& baseline = plan.baseline;
  baseline.options.out = options.out;
  baseline.sql_file = options.out / baseline.sql_file.lexically_relative(generate.out);
  baseline.snapshot_file = options.out / baseline.snapshot_file.lexically_relative(generate.out);
  baseline.options.schema_files.clear();
  for (const PulledFile& file : plan.files) baseline.options.schema_files.push_back(file.path);
  if (!baseline.cannot_write) return;
  // generate's v3 writer does not cover an object pulled (sleet.toml format = "v3").
  // The writer's message ends with the change it refuses ("...: create view shop.totals").
  std::string cause = baseline.cannot_write->what();
  std::size_t colon = cause.rfind(": ");
  std::string change = colon == std::string::npos ? cause : cause.substr(colon + 2);
  baseline.cannot_write.reset();
  protect(plan, [&] {
    throw Error(
        ErrorKind::Usage,
        fmt::format("the baseline cannot be written as a drizzle-kit 1.0 (v3) migration: sleet "
                    "does not write {} into a v3 snapshot yet",
                    change),
        options.out.string(),
        "pull into a folder of drizzle-kit 0.x's layout (format = \"journal\" in sleet.toml, "
        "the default), or leave the object out of the pull (schema_filter, "
        "tables_filter); docs/drizzle-kit-1.md lists what sleet writes into a v3 folder");
  });
}

// Keeps in `schema.roles` the roles the pulled files name (grantees, default privileges' roles,
// policies' roles) and those `configured` selects, never PUBLIC or the connecting role: the
// files then create what they grant to, and load into a cluster that lacks those roles.
void keep_named_roles(db::Connection& connection, Schema& schema,
                      const std::vector<std::string>& configured) {
  std::set<std::string> named;
  for (const auto& [grant, state] : schema.grants) named.insert(grant.grantee);
  for (const auto& [privilege, state] : schema.default_privileges) {
    named.insert(privilege.grantee);
    named.insert(privilege.role);
  }
  for (const auto& [name, table] : schema.tables) {
    for (const auto& [policy_name, policy] : table.policies)
      named.insert(policy.roles.begin(), policy.roles.end());
  }
  std::string current(connection.query("select current_user::text").value(0, 0));
  std::erase_if(schema.roles, [&](const auto& entry) {
    const std::string& name = entry.first;
    if (name == current) return true;
    if (named.contains(name)) return false;
    return std::none_of(configured.begin(), configured.end(), [&](const std::string& glob) {
      return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
    });
  });
}

}  // namespace

PullPlan plan_pull(db::Connection& connection, const PullOptions& options) {
  PullPlan plan;
  plan.options = options;
  plan.options.schema_directory = fs::absolute(options.schema_directory).lexically_normal();
  plan.options.out = fs::absolute(options.out).lexically_normal();

  protect(plan, [&] { require_new_migration_folder(plan.options.out); });
  std::vector<std::string> schemas = selected_schemas(connection, options.inspect);
  protect(plan, [&] { check_tracking_rows(connection, plan); });

  InspectOptions inspect = options.inspect;
  // Every role's privileges are pulled (the owner's own are never reported): the files then
  // name the roles they grant to, which push and status compare.
  if (inspect.grantees.empty()) inspect.grantees = {"*"};
  // The roles they name are read too, and declared (CREATE ROLE) in the files.
  inspect.roles = {"*"};
  plan.schema = inspect_database(connection, inspect);
  keep_named_roles(connection, plan.schema, options.inspect.roles);
  Schema objects = plan.schema;
  objects.roles.clear();
  if (objects.empty()) {
    throw Error(ErrorKind::Usage,
                fmt::format("nothing to pull: the selected schemas [{}] hold no objects{}",
                            joined(options.inspect.schema_filter),
                            options.inspect.tables_filter.empty()
                                ? ""
                                : fmt::format(" matching tables_filter [{}]",
                                              joined(options.inspect.tables_filter))),
                connection.settings().describe(),
                "check schema_filter / tables_filter in sleet.toml; to start a schema from "
                "nothing, write schema files and run sleet generate");
  }
  plan.not_pulled = find_not_pulled(connection, plan.schema, schemas);

  std::vector<PulledFile> relative = render_pulled_schema(plan.schema, options.split);
  place_files(plan, relative);
  prepare_baseline(plan, relative);
  return plan;
}

bool write_pull(db::Connection& connection, const PullPlan& plan) {
  if (plan.options.dry_run) {
    throw Error(ErrorKind::Usage, "a dry run's pull plan cannot be written",
                plan.options.out.string(), "plan again without dry_run");
  }
  std::vector<PulledFile> relative;
  for (const PulledFile& file : plan.files) {
    relative.push_back({file.path.lexically_relative(plan.options.schema_directory), file.sql});
  }
  for (const fs::path& path : plan.removed) fs::remove(path);
  write_files(plan.options.schema_directory, relative);
  write_migration(plan.baseline);
  if (!plan.not_recorded.empty()) return false;
  MigrationFolder folder = MigrationFolder::open(plan.options.out);
  return record_as_applied(connection, folder, plan.baseline.tag, plan.options.tracking);
}

}  // namespace sleet
