// sleet init: scaffold a project (sleet.toml, a schema folder with an example, the
// migration folder) without overwriting anything that exists.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "cli/cli.h"
#include "cli/target_runner.h"
#include "sleet/drizzle_config.h"
#include "sleet/error.h"

namespace sleet::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kConfig = R"(# sleet configuration: see docs/config.md for every key.

# The declared schema: any number of .sql files, in any order.
schema = "schema/*.sql"
# The migration folder, in drizzle-kit's format (NNNN_tag.sql + meta/).
out = "drizzle"
# The database. When unset, sleet reads DATABASE_URL, then PG* and POSTGRES_* variables
# (also from a .env file beside this one); when none names a server, it uses a private
# development database under .sleet/dev (`sleet dev stop` stops it).
# url = "${DATABASE_URL}"

# generate writes changes to existing tables in their online form (CREATE INDEX
# CONCURRENTLY, NOT VALID + VALIDATE, ...), which keeps writers running; sleet migrate
# applies such a file outside a transaction and resumes it if interrupted. drizzle-kit
# migrate cannot apply those files: set it to false if drizzle-kit applies this folder.
online = true

# PostgreSQL schemas sleet manages.
schema_filter = ["public"]
# Extensions to create before migrating.
# extensions = ["pgcrypto"]

# One database per service: `sleet --target auth ...`, SERVICE=auth, or --all.
# [targets.auth]
# schema = "services/auth/schema/*.sql"
# out = "services/auth/drizzle"
# database = "auth_db"
)";

}  // namespace

const char* const kInitExampleSchema =
    R"(-- The declared schema, in plain PostgreSQL DDL. Edit it, then run `sleet generate`
-- to write a migration with the difference. Split it across files as you like.

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  display_name varchar(64),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_created_at_idx ON users (created_at DESC);
)";

namespace {

constexpr const char* kEmptyJournal = R"({"version":"7","dialect":"postgresql","entries":[]})";

void write_new_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) {
    throw Error(ErrorKind::Failure, fmt::format("cannot write {}", path.string()), "",
                "check that the directory is writable");
  }
}

void refuse_existing_config(const fs::path& config, bool force, const std::string& replacement) {
  if (fs::exists(config) && !force) {
    throw Error(ErrorKind::Usage, "sleet.toml already exists", config.string(),
                "edit it, or pass --force to replace it with " + replacement);
  }
}

std::string setting_line(const DrizzleSetting& setting) {
  std::string target = setting.target.empty() ? "" : "[" + setting.target + "] ";
  return fmt::format("  {}{}: {}", target, setting.key, setting.result);
}

// What the import did, for the user: targets, mapped and unmapped settings, notes.
void print_import(const DrizzleConfigImport& import, const fs::path& config, Output& output) {
  output.line(fmt::format("created {} from {} (evaluated with drizzle-kit {}'s loader)",
                          config.string(), import.config_file.string(),
                          import.drizzle_kit_version));
  if (!import.targets.empty()) {
    std::string names;
    for (const std::string& name : import.targets) names += (names.empty() ? "" : ", ") + name;
    output.line(fmt::format(
        "services: the config reads SERVICE; of the {} names its files spell, {} gave a config "
        "of their own: one target each ({}); SERVICE=NAME selects one, as it did for "
        "drizzle-kit",
        import.tried_names.size(), import.targets.size(), names));
  }
  output.line("mapped:");
  for (const DrizzleSetting& setting : import.mapped) output.line(setting_line(setting));
  if (!import.not_mapped.empty()) output.line("not mapped:");
  for (const DrizzleSetting& setting : import.not_mapped) output.line(setting_line(setting));
  for (const std::string& note : import.notes) output.line("note: " + note);
  if (!import.variables.empty()) {
    std::string names;
    for (const std::string& name : import.variables) names += (names.empty() ? "" : ", ") + name;
    output.line(fmt::format("variables sleet.toml reads (environment or .env): {}", names));
  }
}

void init_from_drizzle(const fs::path& root, const std::string& drizzle_config, bool force,
                       Output& output) {
  fs::path config = root / "sleet.toml";
  refuse_existing_config(config, force, "one made from the drizzle config");
  fs::path source = find_drizzle_config(
      root, drizzle_config.empty() ? std::nullopt : std::optional<fs::path>(drizzle_config));
  DrizzleConfigImport import = import_drizzle_config(source, root);
  // The file must load as sleet's own config, whatever the variables hold.
  std::map<std::string, std::string> placeholders;
  for (const std::string& name : import.variables) placeholders[name] = "x";
  parse_config(import.toml, config, Environment::from_map(placeholders));
  write_new_file(config, import.toml);
  print_import(import, config, output);
  output.line("next: `sleet generate` (write a migration) and `sleet migrate` (apply it)");
}

}  // namespace

void register_init(CLI::App& app, Context& context) {
  auto* command =
      app.add_subcommand("init", "Create sleet.toml, a schema folder and a migration folder");
  auto directory = std::make_shared<std::string>(".");
  auto force = std::make_shared<bool>(false);
  auto from_drizzle = std::make_shared<bool>(false);
  command->add_option("directory", *directory, "Project directory (default: current)");
  command->add_flag("--force", *force, "Overwrite an existing sleet.toml");
  command->add_flag("--from-drizzle", *from_drizzle,
                    "Write sleet.toml from drizzle.config.ts (--config names another file)");
  command->callback([&context, directory, force, from_drizzle] {
    Output output(context.options);
    fs::path root = fs::absolute(*directory).lexically_normal();
    if (!root.has_filename()) root = root.parent_path();  // "dir/" → "dir"
    if (*from_drizzle) {
      init_from_drizzle(root, context.options.config_path, *force, output);
      return;
    }
    fs::create_directories(root);
    fs::path config = root / "sleet.toml";
    refuse_existing_config(config, *force, "the template");
    write_new_file(config, kConfig);
    output.line(fmt::format("created {}", config.string()));
    nlohmann::ordered_json created = nlohmann::ordered_json::array({config.string()});

    fs::path schema_dir = root / "schema";
    fs::create_directories(schema_dir);
    fs::path example = schema_dir / "schema.sql";
    if (fs::exists(example)) {
      output.line(fmt::format("kept    {} (exists)", example.string()));
    } else {
      write_new_file(example, kInitExampleSchema);
      output.line(fmt::format("created {}", example.string()));
      created.push_back(example.string());
    }

    fs::path journal = root / "drizzle" / "meta" / "_journal.json";
    if (fs::exists(journal)) {
      output.line(fmt::format("kept    {} (exists)", journal.parent_path().parent_path().string()));
    } else {
      fs::create_directories(journal.parent_path());
      write_new_file(journal, kEmptyJournal);
      output.line(fmt::format("created {}", journal.parent_path().parent_path().string()));
      created.push_back(journal.parent_path().parent_path().string());
    }
    json_document().add({{"created", std::move(created)}});
    output.line(
        "next: edit schema/schema.sql, then `sleet generate` (write a migration) and "
        "`sleet up` (apply it)");
  });
}

}  // namespace sleet::cli
