// pg_dump and pg_restore run for sleet: found by server version, given the password by file.
#include "sleet/backup.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <regex>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/process.h"

namespace sleet::db {

namespace fs = std::filesystem;

namespace {

// The major version `--version` prints ("pg_dump (PostgreSQL) 15.8 (Debian ...)"), or 0.
int major_version_of(const fs::path& program) {
  ProcessResult result = run_process({program.string(), "--version"}, fs::current_path());
  static const std::regex pattern("\\(PostgreSQL\\) (\\d+)");
  std::smatch match;
  if (result.exit_code != 0 || !std::regex_search(result.standard_output, match, pattern)) return 0;
  return std::stoi(match[1].str());
}

std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// A libpq key=value string for `settings`, with the password in `passfile` (mode 0600),
// which the caller removes.
std::string conninfo(const ConnectionSettings& settings, const fs::path& passfile) {
  std::string text;
  auto add = [&](const std::string& key, const std::string& value) {
    if (!value.empty()) text += key + "=" + quoted(value) + " ";
  };
  add("host", settings.host);
  add("port", settings.port ? std::to_string(settings.port) : "");
  add("user", settings.user);
  add("dbname", settings.database);
  for (const auto& [key, value] : settings.options) add(key, value);
  if (!settings.password.empty()) {
    auto escape = [](const std::string& part) {
      std::string out;
      for (char c : part) {
        if (c == ':' || c == '\\') out += '\\';
        out += c;
      }
      return out;
    };
    write_text_file(passfile, "*:*:*:*:" + escape(settings.password) + "\n");
    ::chmod(passfile.c_str(), 0600);
    add("passfile", passfile.string());
  }
  return text;
}

std::string utc_stamp() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

// Runs `arguments` with a password file beside `near`, removed afterwards.
ProcessResult run_with_password(std::vector<std::string> arguments,
                                const ConnectionSettings& settings, const fs::path& passfile) {
  arguments.push_back("--dbname=" + conninfo(settings, passfile));
  ProcessResult result;
  try {
    result = run_process(arguments, fs::current_path());
  } catch (...) {
    std::error_code error;
    fs::remove(passfile, error);
    throw;
  }
  std::error_code error;
  fs::remove(passfile, error);
  return result;
}

}  // namespace

fs::path find_postgres_tool(const std::string& tool, int server_major) {
  fs::path best;
  int best_major = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    int major = 0;
    try {
      major = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    fs::path program = entry.path() / "bin" / tool;
    if (major >= server_major && major > best_major && fs::exists(program, error)) {
      best = program;
      best_major = major;
    }
  }
  if (!best.empty()) return best;
  std::string found = "none";
  if (auto on_path = find_executable(tool)) {
    int major = major_version_of(*on_path);
    if (major >= server_major) return *on_path;
    found = fmt::format("{} (version {})", on_path->string(), major);
  }
  throw Error(ErrorKind::Usage,
              fmt::format("no {} able to work with a PostgreSQL {} server (found: {})", tool,
                          server_major, found),
              tool,
              fmt::format("install the client of version {} or later (Debian: apt-get install "
                          "postgresql-client-{}), or put it first on the PATH",
                          server_major, server_major));
}

fs::path backup_database(const ConnectionSettings& settings, int server_major,
                         const fs::path& directory, const std::string& label) {
  fs::path pg_dump = find_postgres_tool("pg_dump", server_major);
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    throw Error(ErrorKind::Usage, "cannot create the backup folder: " + error.message(),
                directory.string(),
                "set --backup (or `backup` in sleet.toml) to a writable folder");
  }
  fs::path file = fs::absolute(directory) /
                  fmt::format("{}-{}-before-{}.dump", settings.database, utc_stamp(), label);
  ProcessResult result =
      run_with_password({pg_dump.string(), "--format=custom", "--file=" + file.string()}, settings,
                        file.string() + ".pgpass");
  if (result.exit_code != 0) {
    fs::remove(file, error);
    throw Error(ErrorKind::Failure,
                "the backup failed, so nothing was migrated: " +
                    scrub_password(result.standard_error, settings.password),
                pg_dump.string(),
                "fix what pg_dump says (permissions, disk space), then run again");
  }
  return file;
}

void restore_database(const ConnectionSettings& settings, int server_major, const fs::path& file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    throw Error(ErrorKind::Usage, "no such backup file", file.string(),
                "name a file migrate --backup wrote (DATABASE-TIME-before-TAG.dump)");
  }
  fs::path pg_restore = find_postgres_tool("pg_restore", server_major);
  fs::path passfile = fs::temp_directory_path() / fmt::format("sleet-{}.pgpass", ::getpid());
  ProcessResult result = run_with_password(
      {pg_restore.string(), "--no-owner", "--exit-on-error", "--single-transaction", file.string()},
      settings, passfile);
  if (result.exit_code != 0) {
    throw Error(ErrorKind::Failure,
                "pg_restore failed: " + scrub_password(result.standard_error, settings.password),
                file.string(), "nothing was restored; fix what pg_restore says and run again");
  }
}

}  // namespace sleet::db
