// sleet init: scaffold a project (sleet.toml, a schema folder with an example, the
// migration folder) without overwriting anything that exists.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "cli/cli.h"
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

const char* const kInitExampleSchema = R"(-- The declared schema, in plain PostgreSQL DDL. Edit it, then run `sleet generate`
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

}  // namespace

void register_init(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("init", "Create sleet.toml, a schema folder and a migration folder");
  auto directory = std::make_shared<std::string>(".");
  auto force = std::make_shared<bool>(false);
  command->add_option("directory", *directory, "Project directory (default: current)");
  command->add_flag("--force", *force, "Overwrite an existing sleet.toml");
  command->callback([&context, directory, force] {
    Output output(context.options);
    fs::path root = fs::absolute(*directory).lexically_normal();
    fs::create_directories(root);
    fs::path config = root / "sleet.toml";
    if (fs::exists(config) && !*force) {
      throw Error(ErrorKind::Usage, "sleet.toml already exists", config.string(),
                  "edit it, or pass --force to replace it with the template");
    }
    write_new_file(config, kConfig);
    output.line(fmt::format("created {}", config.string()));

    fs::path schema_dir = root / "schema";
    fs::create_directories(schema_dir);
    fs::path example = schema_dir / "schema.sql";
    if (fs::exists(example)) {
      output.line(fmt::format("kept    {} (exists)", example.string()));
    } else {
      write_new_file(example, kInitExampleSchema);
      output.line(fmt::format("created {}", example.string()));
    }

    fs::path journal = root / "drizzle" / "meta" / "_journal.json";
    if (fs::exists(journal)) {
      output.line(fmt::format("kept    {} (exists)", journal.parent_path().parent_path().string()));
    } else {
      fs::create_directories(journal.parent_path());
      write_new_file(journal, kEmptyJournal);
      output.line(fmt::format("created {}", journal.parent_path().parent_path().string()));
    }
    output.line("next: edit schema/schema.sql, then `sleet generate` (write a migration) and "
                "`sleet up` (apply it)");
  });
}

}  // namespace sleet::cli
