// What counts as naming a server, and the error (with the look-alike variables sleet does
// not read) when nothing does.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "sleet/db.h"

namespace sleet::db {
namespace {

// The keys that say where or as whom to connect; the rest are session options.
constexpr std::array<std::string_view, 8> kServerKeys{
    "host", "hostaddr", "port", "user", "password", "database", "service", "passfile"};

enum class Role { Url, Host, Port, User, Password, Database };

// Prefixes and suffixes of the variables deploy scripts and hosting platforms use for a
// PostgreSQL connection. A name made of one of each is a look-alike unless sleet reads it.
constexpr std::array<std::string_view, 7> kPrefixes{
    "DB", "DATABASE", "PG", "PGSQL", "POSTGRES", "POSTGRESQL", "PSQL"};
constexpr std::array<std::pair<std::string_view, Role>, 18> kSuffixes{{
    {"URL", Role::Url},
    {"URI", Role::Url},
    {"DSN", Role::Url},
    {"CONNECTION_STRING", Role::Url},
    {"HOST", Role::Host},
    {"HOSTNAME", Role::Host},
    {"SERVER", Role::Host},
    {"ADDR", Role::Host},
    {"PORT", Role::Port},
    {"USER", Role::User},
    {"USERNAME", Role::User},
    {"PASSWORD", Role::Password},
    {"PASS", Role::Password},
    {"PWD", Role::Password},
    {"NAME", Role::Database},
    {"DATABASE", Role::Database},
    {"DB", Role::Database},
    {"DBNAME", Role::Database},
}};
// Whole names some platforms set (Vercel, Prisma, Heroku add-ons).
constexpr std::array<std::pair<std::string_view, Role>, 3> kWholeNames{{
    {"POSTGRES_PRISMA_URL", Role::Url},
    {"POSTGRES_URL_NON_POOLING", Role::Url},
    {"HEROKU_POSTGRESQL_URL", Role::Url},
}};

// Names sleet reads itself (docs/connections.md).
bool is_read_by_sleet(std::string_view name) {
  static const std::set<std::string_view> read{"DATABASE_URL",   "POSTGRES_HOST", "POSTGRES_PORT",
                                               "POSTGRES_USER",  "POSTGRES_PASSWORD",
                                               "POSTGRES_DB"};
  return read.contains(name);
}

struct Candidate {
  std::string name;
  std::string_view prefix;
  Role role;
};

std::vector<Candidate> candidates() {
  std::vector<Candidate> out;
  for (auto prefix : kPrefixes) {
    for (auto [suffix, role] : kSuffixes) {
      // "DATABASE_DATABASE", "DB_DB": nobody writes these.
      if (prefix == suffix) continue;
      std::string name = fmt::format("{}_{}", prefix, suffix);
      if (!is_read_by_sleet(name)) out.push_back({name, prefix, role});
    }
  }
  for (auto [name, role] : kWholeNames) out.push_back({std::string(name), "POSTGRES", role});
  return out;
}

const std::vector<Candidate>& all_candidates() {
  static const std::vector<Candidate> list = candidates();
  return list;
}

const Candidate* candidate_named(const std::string& name) {
  for (const auto& candidate : all_candidates()) {
    if (candidate.name == name) return &candidate;
  }
  return nullptr;
}

// The first of `variables` with `role`, preferring `prefix`.
std::optional<std::string> pick(const std::vector<std::string>& variables, Role role,
                                std::string_view prefix) {
  std::optional<std::string> any;
  for (const auto& name : variables) {
    const Candidate* candidate = candidate_named(name);
    if (!candidate || candidate->role != role) continue;
    if (candidate->prefix == prefix) return name;
    if (!any) any = name;
  }
  return any;
}

}  // namespace

bool names_a_server(const ResolvedConnection& resolved) {
  for (const auto& [key, source] : resolved.sources) {
    if (source == "default" || source == "config database") continue;
    if (std::find(kServerKeys.begin(), kServerKeys.end(), key) != kServerKeys.end()) return true;
  }
  return false;
}

std::vector<std::string> unread_connection_variables(const Environment& environment) {
  std::vector<std::string> found;
  for (const auto& candidate : all_candidates()) {
    auto value = environment.find(candidate.name);
    if (value && !value->value.empty()) found.push_back(candidate.name);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::string url_line_for(const std::vector<std::string>& variables) {
  if (auto url = pick(variables, Role::Url, "DB")) return fmt::format("url = \"${{{}}}\"", *url);
  auto host = pick(variables, Role::Host, "DB");
  if (!host) return "";
  std::string_view prefix = candidate_named(*host)->prefix;
  auto user = pick(variables, Role::User, prefix);
  auto port = pick(variables, Role::Port, prefix);
  auto database = pick(variables, Role::Database, prefix);
  return fmt::format("url = \"postgresql://{}${{{}}}{}/{}\"",
                     user ? fmt::format("${{{}}}@", *user) : "", *host,
                     port ? fmt::format(":${{{}}}", *port) : "",
                     database ? fmt::format("${{{}}}", *database) : "DBNAME");
}

Error no_database_configured(const Environment& environment, const std::string& why,
                             const std::string& development_hint) {
  std::string hint =
      "sleet reads the connection from --url, `url` in sleet.toml, DATABASE_URL, libpq's PG* "
      "variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSERVICE) and POSTGRES_HOST, "
      "POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB (from the environment or "
      ".env); set one of them (docs/connections.md)";
  std::vector<std::string> unread = unread_connection_variables(environment);
  if (!unread.empty()) {
    std::string names;
    for (const auto& name : unread) names += (names.empty() ? "" : ", ") + name;
    hint += fmt::format("\n  hint: set but not read by sleet: {}", names);
    if (std::string line = url_line_for(unread); !line.empty()) {
      hint += fmt::format("; to use them, put this line in sleet.toml:\n    {}", line);
      bool has_password = std::any_of(unread.begin(), unread.end(), [](const std::string& name) {
        const Candidate* candidate = candidate_named(name);
        return candidate && candidate->role == Role::Password;
      });
      if (has_password && line.find("postgresql://") != std::string::npos) {
        hint += "\n    and pass the password as PGPASSWORD (it may hold characters a URL cannot)";
      }
    }
  }
  if (!development_hint.empty()) hint += "\n  hint: " + development_hint;
  return Error(ErrorKind::Connection, fmt::format("no database configured: {}", why), "", hint);
}

}  // namespace sleet::db
