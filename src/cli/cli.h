// The sleet command line: shared options, output, and one register_* function per command
// (each in its own command_*.cpp). Commands parse flags, call the library and print; they
// hold no logic the library lacks.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/progress_line.h"
#include "sleet/config.h"
#include "sleet/db.h"
#include "sleet/lint.h"
#include "sleet/migrate.h"
#include "sleet/plan.h"
#include "sleet/sources.h"

namespace sleet::cli {

// Flags every command accepts.
struct GlobalOptions {
  bool json = false;
  bool verbose = false;
  bool no_color = false;
  std::string config_path;  // --config
  std::string target;       // --target
  bool all = false;         // --all
  std::string url;          // --url
  std::string env_file;     // --env-file
  int jobs = 0;             // --jobs: targets at once with --all (0: one per core)
  bool fail_fast = false;   // --fail-fast: stop starting targets after one failed
  bool dev = false;         // --dev: the project's development database, asked for
};

// What a command's connection is for, which decides whether the development database may
// stand in when nothing names a server (docs/commands/dev.md).
struct ConnectionUse {
  // --wait: a deploy step waiting for its server. Never the development database.
  bool waits_for_server = false;
};

// Where commands print. Colour only on a terminal and when neither --no-color nor NO_COLOR.
class Output {
 public:
  explicit Output(const GlobalOptions& options);
  // Output into `out` and `err` (never coloured), e.g. to keep one target's lines together.
  Output(const GlobalOptions& options, std::ostream& out, std::ostream& err);
  void line(const std::string& text) const;     // stdout
  void note(const std::string& text) const;     // stderr, only with --verbose
  void info(const std::string& text) const;     // stderr, always
  void warning(const std::string& text) const;  // stderr
  void error(const std::string& text) const;    // stderr, "error: ..." in red
  std::string bold(const std::string& text) const;
  std::string green(const std::string& text) const;
  bool verbose() const { return verbose_; }
  // Where a ProgressLine for this output draws, and how: Quiet for output collected into
  // streams, else as the terminal allows (progress_line.h).
  std::ostream& error_stream() const { return *err_; }
  ProgressMode progress_mode() const { return progress_mode_; }

 private:
  std::ostream* out_;
  std::ostream* err_;
  ProgressMode progress_mode_ = ProgressMode::Quiet;
  bool color_out_ = false;
  bool color_err_ = false;
  bool verbose_ = false;
};

// Milliseconds since `start`, for -v lines that time a phase of long work.
double milliseconds_since(std::chrono::steady_clock::time_point start);

// What a command needs of the project: the environment (process, then .env), the config
// and the selected targets. Loading is lazy so `init`/`help` work without a project.
class Project {
 public:
  explicit Project(const GlobalOptions& options);
  const Environment& environment();
  const Config& config();
  // True when a sleet.toml was given or found.
  bool has_config();
  // The directory of sleet.toml, or the current directory when there is none.
  std::filesystem::path project_directory();
  std::vector<Target> targets();
  // The selected targets, or one empty entry when there is no sleet.toml (commands then use
  // flags and the environment alone).
  std::vector<std::optional<Target>> targets_or_none();
  // Where to connect for `target` (nullptr: no config target; flags and environment only).
  // When nothing names a server (no --url, no config url, no DATABASE_URL, PG* or
  // POSTGRES_* variable), the project's development database when --dev asks for it, or
  // when it is running already or a developer is at a terminal, and never under CI, in a
  // production environment or for a deploy step waiting for its server: otherwise
  // db::no_database_configured (exit 3). It is started if needed; `note` then receives
  // one line saying so.
  db::ResolvedConnection connection(const Target* target,
                                    const std::function<void(const std::string&)>& note = {},
                                    ConnectionUse use = {});
  // Like connection(), but never starts the development database: nullopt when nothing
  // names a server and the development database is not running.
  std::optional<db::ResolvedConnection> existing_connection(const Target* target);

 private:
  // Why the development database may not stand in for an unnamed server, and how to get
  // it anyway (empty where it must not be offered), or nullopt when it may. Throws
  // Error(Usage) for --dev in a production environment or with --url.
  struct Refusal {
    std::string why;
    std::string offer;
  };
  std::optional<Refusal> development_database_refusal(ConnectionUse use);
  // connection() without recording the database in the --json document.
  db::ResolvedConnection resolve(const Target* target,
                                 const std::function<void(const std::string&)>& note,
                                 ConnectionUse use);

  const GlobalOptions& options_;
  std::optional<Environment> environment_;
  std::optional<Config> config_;
  std::mutex connection_mutex_;  // targets may resolve connections from several threads
};

// Thrown by a command that finished without an error but must exit with `code` (e.g.
// `status` reporting something that needs attention).
struct ExitStatus {
  int code;
};

struct Context {
  GlobalOptions& options;
};

// Per-target work shared between commands (reset runs migrate and seed).
// Migrates `target` (nullptr: flags and environment only), creating its database when
// `create_database`; returns a one-line result.
std::string migrate_target_default(Context& context, Project& project, const Target* target,
                                   bool create_database, Output& output);
// Pushes `target`'s schema files to its database without asking (the caller confirmed).
std::string push_target_default(Context& context, Project& project, const Target& target,
                                Output& output);
// Runs `target`'s seeds; without seed files, an error when `require_files`, else nothing.
std::string seed_target(Context& context, Project& project, const Target& target, bool all_files,
                        Output& output, bool require_files);

// How `target`'s TypeScript schema files become SQL: its project directory (the cache),
// schema_filter and casing. nullptr (no config): the defaults of export_typescript_schema.
TypeScriptSchemaOptions typescript_options(const Target* target);

// The migration folder a command works on: --out when given, else the target's `out`, else
// ./drizzle (no config); absolute.
std::filesystem::path migration_folder_path(const Target* target, const std::string& out_flag);

// MigrateOptions naming `target`'s tracking table (defaults without a target): what every
// command that reads or writes the tracking table needs.
MigrateOptions tracking_options(const Target* target);

// The example schema/schema.sql `sleet init` writes; pull replaces it while untouched.
extern const char* const kInitExampleSchema;

// Keeps freed memory in the process instead of returning it to the kernel (allocator.cpp);
// called once, first thing in main.
void tune_allocator();

void register_init(CLI::App& app, Context& context);
void register_export(CLI::App& app, Context& context);
void register_db(CLI::App& app, Context& context);
void register_dev(CLI::App& app, Context& context);
void register_seed(CLI::App& app, Context& context);
void register_reset(CLI::App& app, Context& context);
void register_migrate(CLI::App& app, Context& context);
void register_up(CLI::App& app, Context& context);
void register_status(CLI::App& app, Context& context);
void register_check(CLI::App& app, Context& context);
void register_drop(CLI::App& app, Context& context);
void register_rebase(CLI::App& app, Context& context);
void register_convert(CLI::App& app, Context& context);
void register_generate(CLI::App& app, Context& context);
void register_diff(CLI::App& app, Context& context);
void register_push(CLI::App& app, Context& context);
void register_pull(CLI::App& app, Context& context);
void register_lint(CLI::App& app, Context& context);

// command_lint.cpp, for generate and push, which lint their plans too: the [lint] levels of
// the project's sleet.toml (none without one), and a finding as lint prints it (two lines).
LintOptions lint_options(Project& project);
std::string describe(const LintFinding& finding);
// A finding on one statement of a plan; its line counts from the statement's first line.
struct PlanFinding {
  std::size_t statement;  // index into Plan::statements
  LintFinding finding;
};
// sleet lint's warnings and errors on the statements of `plan` that act on a table `before`
// already has, in plan order. A table the plan creates is empty and unseen: nothing on it
// takes a lock worth a finding, so those statements are not even parsed (a first migration
// of a thousand tables is not read twice).
std::vector<PlanFinding> lint_plan(const Plan& plan, const Schema& before,
                                   const LintOptions& options);
void register_studio(CLI::App& app, Context& context);

}  // namespace sleet::cli
