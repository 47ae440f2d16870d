// sleet diff: print the migration SQL that turns one schema source into another. Sources
// are schema files, directories of them, migration folders (their latest snapshot) or live
// databases (postgres:// URLs, inspected read-only); no config file is involved, and nothing
// is written.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli.h"
#include "cli/rename_answers.h"
#include "cli/target_runner.h"
#include "sleet/custom_migrations.h"
#include "sleet/db.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/inspect.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"
#include "sleet/normalize.h"
#include "sleet/plan.h"
#include "sleet/push.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"

namespace sleet::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kSourceForms =
    "give a .sql or drizzle .ts file, a glob, a directory, a migration folder or a postgres:// "
    "URL";

struct DiffFlags {
  std::string from;
  std::string to;
  std::vector<std::string> renames;
  std::vector<std::string> schema_filters;
  std::string casing;  // drizzle's casing, for TypeScript schema sources
};

bool is_glob(const std::string& text) {
  return text.find_first_of("*?[") != std::string::npos;
}

bool is_database_url(const std::string& spec) {
  return spec.starts_with("postgres://") || spec.starts_with("postgresql://");
}

// The schema files of `spec` (a glob, a .sql or TypeScript file or a directory); `flag` names
// it in errors.
std::vector<fs::path> schema_files(const std::string& spec, const std::string& flag) {
  auto expand = [&] { return expand_globs({spec}, flag, flag, fs::current_path()); };
  if (is_glob(spec)) return expand();
  if (fs::is_directory(spec)) {
    // expand_globs rejects a directory without .sql files; here it is the empty schema.
    bool any = false;
    for (const auto& entry : fs::recursive_directory_iterator(spec)) {
      if (entry.is_regular_file() &&
          (entry.path().extension() == ".sql" || is_typescript_schema_file(entry.path()))) {
        any = true;
        break;
      }
    }
    if (!any) return {};
  }
  return expand();
}

// The schema a file source (`spec`, given to `flag`) declares.
// `drizzle_snapshot`, when given, is set when the schema is a snapshot drizzle-kit wrote (no
// "sleet" member): it cannot hold extensions or comments.
Schema load_declared(const std::string& spec, const std::string& flag, const DiffFlags& flags,
                     const Output& output, bool* drizzle_snapshot = nullptr) {
  if (spec.empty())
    throw Error(ErrorKind::Usage, fmt::format("{} is empty", flag), flag, kSourceForms);
  if (std::size_t scheme_end = spec.find("://");
      scheme_end != std::string::npos && scheme_end > 0 &&
      std::all_of(spec.begin(), spec.begin() + scheme_end,
                  [](unsigned char c) { return std::isalpha(c) != 0; })) {
    // Not echoed: a URL with another scheme (a typo of postgres://) may hold a password.
    throw Error(ErrorKind::Usage,
                fmt::format("{} is a {}:// URL; only postgres:// and postgresql:// URLs name a "
                            "database",
                            flag, spec.substr(0, scheme_end)),
                flag, kSourceForms);
  }
  // /dev/null, as in `diff /dev/null file`: the empty schema (the whole other side).
  if (!is_glob(spec) && fs::is_character_file(spec)) {
    output.note(fmt::format("{}: {} (the empty schema)", flag, spec));
    return Schema{};
  }
  if (!is_glob(spec) && !fs::exists(spec)) {
    throw Error(ErrorKind::Usage, fmt::format("no such file or directory (given to {})", flag),
                spec, kSourceForms);
  }
  if (fs::is_directory(spec) && detect_folder_format(spec)) {
    MigrationFolder folder = MigrationFolder::open(spec);
    std::optional<fs::path> snapshot = folder.latest_snapshot();
    if (!snapshot) {
      output.note(
          fmt::format("{}: migration folder {} has no snapshot (empty schema)", flag, spec));
      return Schema{};
    }
    output.note(fmt::format("{}: snapshot {}", flag, snapshot->string()));
    Snapshot read = read_latest_snapshot(folder, *snapshot);
    if (drizzle_snapshot) *drizzle_snapshot = !read.has_sleet_member;
    CustomMigrationFold custom = fold_custom_migrations(folder, read.schema, snapshot->string());
    if (!custom.tags.empty()) {
      output.note(fmt::format("{}: with custom migration(s) {}", flag, fmt::join(custom.tags, ", ")));
    }
    for (const std::string& note : custom.notes) output.note(fmt::format("{}: {}", flag, note));
    return std::move(read.schema);
  }
  std::vector<fs::path> files = schema_files(spec, flag);
  output.note(fmt::format("{}: {} schema file(s) from {}", flag, files.size(), spec));
  TypeScriptSchemaOptions typescript;
  typescript.casing = flags.casing;
  Schema schema = parse_schema_files(files, typescript);
  // A pg_dump of a migrated database holds the tracking table, which a database source never
  // shows: left out alike, so `diff --from dump.sql --to schema` compares the schemas only.
  for (const QualifiedName& table : remove_tracking_tables(schema, InspectOptions{})) {
    output.note(fmt::format("{}: left out the migration tracking table {}", flag,
                            table.display()));
  }
  return schema;
}

// An open connection to the database a URL source names. The URL itself is never echoed:
// it may hold a password.
db::Connection connect_source(const std::string& spec, const std::string& flag,
                              db::ConnectionSettings& settings) {
  try {
    settings = db::parse_connection_string(spec);
  } catch (const Error& e) {
    throw Error(
        ErrorKind::Usage,
        fmt::format("{} is not a valid database URL: {}", flag, db::scrub_password(e.what())), flag,
        "write it as postgres://user:password@host:port/database, percent-encoding "
        "special characters");
  }
  try {
    return db::Connection(settings);
  } catch (const Error& e) {
    throw Error(e.kind(), e.what(), fmt::format("{} {}", flag, e.where()), e.hint());
  }
}

// Every schema of the database except the system's, and except the tracking schema while it
// holds nothing but drizzle's tracking table and sleet's history table (and their sequences).
std::vector<std::string> user_schemas(db::Connection& connection) {
  const MigrateOptions tracking;
  db::Result result = connection.query(
      "SELECT n.nspname FROM pg_catalog.pg_namespace n "
      "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' "
      "AND NOT (n.nspname = $1 "
      "  AND NOT EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid "
      "    AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relname NOT IN ($2, $3) "
      "    AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_catalog.pg_depend d "
      "      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid "
      "      AND d.deptype IN ('a', 'i')))) "
      "  AND NOT EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.typnamespace = n.oid "
      "    AND t.typtype IN ('e', 'd') )) "
      "ORDER BY n.nspname",
      tracking.migrations_schema, tracking.migrations_table, tracking.history_table);
  std::vector<std::string> names;
  for (int row = 0; row < result.rows(); ++row) names.emplace_back(result.value(row, 0));
  return names;
}

struct Sources {
  Schema from;
  Schema to;
};

// Both sides are databases: both are read from the catalog, so they compare as they are.
// Without --schema-filter, every schema either database has is read, so a schema only the
// --to database has is created rather than missed.
Sources inspect_both(const DiffFlags& flags, const Output& output) {
  db::ConnectionSettings from_settings;
  db::ConnectionSettings to_settings;
  db::Connection from = connect_source(flags.from, "--from", from_settings);
  db::Connection to = connect_source(flags.to, "--to", to_settings);
  InspectOptions options;
  if (!flags.schema_filters.empty()) {
    options.schema_filter = flags.schema_filters;
  } else {
    std::set<std::string> names;
    for (auto& name : user_schemas(from)) names.insert(name);
    for (auto& name : user_schemas(to)) names.insert(name);
    options.schema_filter.assign(names.begin(), names.end());
  }
  std::string schemas = fmt::format("{}", fmt::join(options.schema_filter, ", "));
  output.note(fmt::format("--from: database {} (schemas {})", from_settings.describe(), schemas));
  output.note(fmt::format("--to: database {} (schemas {})", to_settings.describe(), schemas));
  return {inspect_database(from, options), inspect_database(to, options)};
}

// One side is a database, the other declared: the declared side is normalised the way the
// catalog prints it, so what means the same compares equal.
Sources compare_declared(const DiffFlags& flags, bool from_is_database, const Output& output) {
  std::string declared_flag = from_is_database ? "--to" : "--from";
  std::string database_flag = from_is_database ? "--from" : "--to";
  bool drizzle_snapshot = false;
  Schema declared = load_declared(from_is_database ? flags.to : flags.from, declared_flag, flags,
                                  output, &drizzle_snapshot);
  db::ConnectionSettings settings;
  db::Connection connection =
      connect_source(from_is_database ? flags.from : flags.to, database_flag, settings);
  // No target here: a target's defaults (public plus the declared schemas and roles, the
  // default tracking table).
  InspectOptions options = inspect_options(Target{}, declared);
  if (!flags.schema_filters.empty()) options.schema_filter = flags.schema_filters;
  output.note(fmt::format("{}: database {} (schemas {})", database_flag, settings.describe(),
                          fmt::join(options.schema_filter, ", ")));
  DatabaseComparison comparison = compare_with_database(connection, declared, options);
  for (const std::string& message : comparison.unmatched_filters) {
    output.warning(message + "; check --schema-filter");
  }
  if (comparison.server_normalized) {
    output.note(fmt::format("{}: expressions normalised by the server", declared_flag));
  }
  if (!comparison.server_normalization_failed.empty()) {
    output.warning(fmt::format("{}: compared with the offline rules only ({}); an expression the "
                               "server stores differently may show as a change",
                               declared_flag, comparison.server_normalization_failed));
  }
  if (drizzle_snapshot) {
    output.note(fmt::format("{}: a drizzle-kit snapshot: extensions and comments not compared",
                            declared_flag));
    drop_what_drizzle_snapshots_cannot_hold(comparison.declared);
    drop_what_drizzle_snapshots_cannot_hold(comparison.database);
  }
  if (from_is_database) return {std::move(comparison.database), std::move(comparison.declared)};
  return {std::move(comparison.declared), std::move(comparison.database)};
}

Sources load_sources(const DiffFlags& flags, const Output& output) {
  bool from_database = is_database_url(flags.from);
  bool to_database = is_database_url(flags.to);
  if (from_database && to_database) return inspect_both(flags, output);
  if (from_database || to_database) return compare_declared(flags, from_database, output);
  if (!flags.schema_filters.empty()) {
    throw Error(ErrorKind::Usage, "--schema-filter needs a database source", "--schema-filter",
                "give --from or --to as a postgres:// URL, or drop --schema-filter");
  }
  // Compared as generate compares a snapshot with the schema files: both normalised.
  Schema from = load_declared(flags.from, "--from", flags, output);
  Schema to = load_declared(flags.to, "--to", flags, output);
  normalize::normalize_schema(from);
  normalize::normalize_schema(to);
  return {std::move(from), std::move(to)};
}

void run_diff(Context& context, const DiffFlags& flags) {
  Output output(context.options);
  Sources sources = load_sources(flags, output);

  RenameAnswers answers(rename_rules(flags.renames, nullptr),
                        can_prompt() && !context.options.json);
  std::vector<Change> changes = diff_schemas(sources.from, sources.to, answers.resolver());
  answers.throw_if_unanswered();
  throw_if_unused_flag(answers.unused_rules(), "sleet diff without --rename shows the changes");
  Plan plan = plan_changes(changes, sources.from, sources.to);

  if (context.options.json) {
    json_document().add({{"statements", to_json(plan)}});
    return;
  }
  if (plan.empty()) {
    // Standard output carries SQL only, so `sleet diff ... | psql` works either way.
    output.info("No differences");
    return;
  }
  for (size_t i = 0; i < plan.statements.size(); ++i) {
    if (i > 0) output.line("");
    output.line(plan.statements[i].sql);
  }
}

}  // namespace

void register_diff(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "diff", "Print the migration SQL between two schema sources (writes nothing)");
  auto flags = std::make_shared<DiffFlags>();
  command
      ->add_option("--from", flags->from,
                   "Source schema: .sql or drizzle .ts file, glob, directory of such files, "
                   "migration folder or postgres:// URL")
      ->required();
  command->add_option("--to", flags->to, "Target schema, same forms as --from")->required();
  command
      ->add_option("--rename", flags->renames,
                   "Answer a rename question: table:s.old=s.new, column:s.t.old=new, "
                   "create:column:s.t.name, ... (see docs/generate.md)")
      ->take_all();
  command
      ->add_option("--schema-filter", flags->schema_filters,
                   "PostgreSQL schema (name or glob) to read from a database source; repeatable "
                   "(default: the declared side's schemas and public, or every schema)")
      ->take_all();
  command
      ->add_option("--casing", flags->casing,
                   "drizzle's casing for TypeScript schema sources (snake_case or camelCase)")
      ->check(CLI::IsMember({"snake_case", "camelCase"}));
  command->callback([&context, flags] { run_diff(context, *flags); });
}

}  // namespace sleet::cli
