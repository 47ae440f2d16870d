// sleet studio: the studio server for one target's database, until Ctrl-C.
#include <fmt/format.h>
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/cli.h"
#include "cli/drift.h"
#include "cli/rename_answers.h"
#include "sleet/generate.h"
#include "sleet/migrate.h"
#include "sleet/process.h"
#include "sleet/push.h"
#include "sleet/studio.h"

namespace sleet::cli {

namespace {

struct StudioFlags {
  std::optional<int> port;
  std::string host = "127.0.0.1";
  bool no_open = false;
  bool read_only = false;
  bool allow_remote = false;
};

// GET /api/migrations: what `sleet status --json` reports for the target.
nlohmann::ordered_json migrations_document(const db::ConnectionSettings& settings,
                                           const std::optional<Target>& target) {
  MigrateOptions options;
  std::filesystem::path out = std::filesystem::absolute("drizzle");
  if (target) {
    options.migrations_schema = target->migrations_schema;
    options.migrations_table = target->migrations_table;
    out = target->out;
  }
  std::error_code error;
  std::filesystem::path shown =
      std::filesystem::relative(out, std::filesystem::current_path(), error);
  if (error || shown.empty() || shown.string().starts_with("..")) shown = out;
  nlohmann::ordered_json document = {{"folder", shown.string()}};
  if (!std::filesystem::exists(out)) {
    document["status"] = nullptr;
    document["drift"] = {{"checked", false}, {"reason", "the migration folder does not exist"}};
    return document;
  }
  MigrationFolder folder = MigrationFolder::open(out);
  db::Connection connection(settings);
  StatusReport report = migration_status(connection, folder, options);
  document["status"] = report.to_json();
  document["drift"] =
      drift_json(check_drift(connection, folder, report, target ? &*target : nullptr));
  return document;
}

// GET /api/plan: what `sleet generate` would write now.
nlohmann::ordered_json plan_document(const std::optional<Target>& target) {
  if (!target) {
    return {{"status", "unavailable"}, {"reason", "no sleet.toml: no schema files to compare"}};
  }
  RenameAnswers answers(rename_rules({}, &*target), false);
  GenerateOptions options;
  options.out = target->out;
  options.prefix = target->prefix;
  options.breakpoints = target->breakpoints;
  options.schema_files = expand_schema_globs(*target);
  options.typescript = typescript_options(&*target);
  PreparedMigration migration = prepare_migration(options, answers.resolver());
  answers.throw_if_unanswered();
  if (migration.no_changes())
    return {{"status", "no_changes"}, {"statements", nlohmann::json::array()}};
  return {{"status", "changes"},
          {"tag", migration.tag},
          {"file", migration.sql_file.string()},
          {"notes", migration.notes},
          {"statements", to_json(migration.plan)}};
}

void open_browser(const std::string& url, const Output& output) {
  bool display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
  auto opener = find_executable("xdg-open");
  if (!display || !opener) {
    output.note("studio: no display or no xdg-open: open the address by hand");
    return;
  }
  // xdg-open may wait for the browser; the studio does not.
  std::thread([url, path = opener->string()] {
    try {
      run_process({path, url}, std::filesystem::current_path());
    } catch (const Error&) {
    }
  }).detach();
}

// Ctrl-C and SIGTERM stop the server: the signals are blocked in every thread and one thread
// waits for them.
class StopOnSignal {
 public:
  explicit StopOnSignal(studio::StudioServer& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    waiter_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&signals_, &signal);
      server.stop();
    });
  }
  ~StopOnSignal() {
    pthread_kill(waiter_.native_handle(), SIGTERM);  // wakes the waiter when nothing did
    waiter_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

 private:
  sigset_t signals_{};
  sigset_t previous_{};
  std::thread waiter_;
};

void run_studio(Context& context, const StudioFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  if (context.options.all) {
    throw Error(ErrorKind::Usage, "sleet studio serves one target", "",
                "choose it with --target NAME (or SERVICE)");
  }
  std::optional<Target> target = project.targets_or_none().front();
  db::ResolvedConnection resolved = project.connection(
      target ? &*target : nullptr, [&](const std::string& note) { output.info(note); });
  studio::StudioOptions options;
  options.host = flags.host;
  options.port = flags.port;
  options.allow_remote = flags.allow_remote;
  options.read_only = flags.read_only;
  options.connection = resolved.settings;
  // What the target selects (its filters, not its tracking table), as push reads it.
  options.inspect = target ? inspect_options(*target, Schema{}) : InspectOptions{};
  options.migrations = [settings = resolved.settings, target] {
    return migrations_document(settings, target);
  };
  options.plan = [target] { return plan_document(target); };
  studio::StudioServer server(options);
  if (!studio::is_loopback_host(flags.host)) {
    output.warning(
        fmt::format("studio: serving on {}, reachable from other machines; the token "
                    "is all that guards the database",
                    flags.host));
  }
  if (server.moved_from_default_port()) {
    output.info(
        fmt::format("studio: port {} is taken; using {}", studio::kDefaultPort, server.port()));
  }
  output.line(fmt::format("sleet studio: {}{} on {}", resolved.settings.describe(),
                          flags.read_only ? " (read-only)" : "", server.url()));
  std::cout.flush();
  StopOnSignal stop(server);
  if (!flags.no_open) open_browser(server.url(), output);
  if (!server.run()) throw Error(ErrorKind::Failure, "the studio could not start serving");
  output.info("studio: stopped");
}

}  // namespace

void register_studio(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "studio", "Browse and edit data, run SQL, see the schema, migrations and plan in a browser");
  auto flags = std::make_shared<StudioFlags>();
  command->add_option("--port", flags->port,
                      "Port (default: 4983, or the next free one; 0: any free port)");
  command->add_option("--host", flags->host, "Address to listen on (default 127.0.0.1)");
  command->add_flag("--no-open", flags->no_open, "Do not open a browser");
  command->add_flag("--read-only", flags->read_only,
                    "Refuse every write; console SQL runs in a read-only transaction");
  command->add_flag("--allow-remote", flags->allow_remote,
                    "Allow --host to be an address other machines can reach");
  command->callback([&context, flags] { run_studio(context, *flags); });
}

}  // namespace sleet::cli
