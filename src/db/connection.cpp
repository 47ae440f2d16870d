// Connection, Result and DatabaseError over libpq; wait_for_server.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <thread>
#include <utility>

#include "sleet/db.h"
#include "sleet/sql.h"

namespace sleet::db {

// ---------------------------------------------------------------------------------------
// Result

Result::Result(pg_result* result) : result_(result) {}
Result::~Result() {
  PQclear(result_);
}
Result::Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

int Result::rows() const {
  return result_ ? PQntuples(result_) : 0;
}
int Result::columns() const {
  return result_ ? PQnfields(result_) : 0;
}
std::string Result::column_name(int column) const {
  const char* name = result_ ? PQfname(result_, column) : nullptr;
  return name ? name : "";
}
unsigned Result::column_type(int column) const {
  return result_ ? PQftype(result_, column) : 0;
}
int Result::column_index(std::string_view name) const {
  // Called per value by the catalog readers: compare in place, no string made per column.
  // The names are short and differ early: no strlen of each column's name.
  if (name.empty()) return -1;
  int count = columns();
  for (int column = 0; column < count; ++column) {
    const char* found = PQfname(result_, column);
    if (found && found[0] == name[0] && std::strncmp(found, name.data(), name.size()) == 0 &&
        found[name.size()] == '\0')
      return column;
  }
  return -1;
}
bool Result::is_null(int row, int column) const {
  return !result_ || PQgetisnull(result_, row, column) == 1;
}
std::string_view Result::value(int row, int column) const {
  if (!result_ || row >= rows() || column >= columns()) return {};
  return std::string_view(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
}
std::optional<std::string> Result::get(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return std::string(value(row, column));
}
std::int64_t Result::affected_rows() const {
  const char* text = result_ ? PQcmdTuples(result_) : "";
  return *text ? std::strtoll(text, nullptr, 10) : 0;
}
std::string Result::command() const {
  const char* status = result_ ? PQcmdStatus(result_) : nullptr;
  return status ? status : "";
}

DatabaseError::DatabaseError(std::string message, std::string where, std::string hint,
                             std::string sqlstate, int position, std::string detail)
    : Error(ErrorKind::Failure, std::move(message), std::move(where), std::move(hint)),
      sqlstate_(std::move(sqlstate)),
      position_(position),
      detail_(std::move(detail)) {}

// ---------------------------------------------------------------------------------------
// Connection

namespace {

// libpq's keyword/value arrays for `settings`, with sleet's defaults for a few options.
class ConnectParameters {
 public:
  explicit ConnectParameters(const ConnectionSettings& settings) {
    add("host", settings.host);
    if (settings.port) add("port", std::to_string(settings.port));
    add("user", settings.user);
    add("password", settings.password);
    add("dbname", settings.database);
    for (const auto& [key, value] : settings.options) add(key, value);
    // Without a timeout libpq can wait for minutes on an unroutable host.
    if (!settings.options.contains("connect_timeout")) add("connect_timeout", "10");
    if (!settings.options.contains("client_encoding")) add("client_encoding", "UTF8");
    for (std::size_t i = 0; i < keywords_.size(); ++i) {
      keyword_pointers_.push_back(keywords_[i].c_str());
      value_pointers_.push_back(values_[i].c_str());
    }
    keyword_pointers_.push_back(nullptr);
    value_pointers_.push_back(nullptr);
  }

  void override(const std::string& keyword, const std::string& value) {
    for (std::size_t i = 0; i < keywords_.size(); ++i) {
      if (keywords_[i] == keyword) {
        values_[i] = value;
        value_pointers_[i] = values_[i].c_str();
      }
    }
  }

  const char* const* keywords() const { return keyword_pointers_.data(); }
  const char* const* values() const { return value_pointers_.data(); }

 private:
  void add(const std::string& keyword, const std::string& value) {
    if (value.empty()) return;
    keywords_.push_back(keyword);
    values_.push_back(value);
  }

  std::vector<std::string> keywords_, values_;
  std::vector<const char*> keyword_pointers_, value_pointers_;
};

// libpq's multi-line message as one line.
std::string one_line(std::string text) {
  std::string out;
  bool pending_break = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      pending_break = !out.empty();
      continue;
    }
    if (pending_break) {
      out += "; ";
      pending_break = false;
      if (c == '\t' || c == ' ') continue;
    }
    out += c;
  }
  return out;
}

// libpq's words for a peer that answered, but not in PostgreSQL's protocol (a web server, a
// proxy, another database on the port).
bool answered_in_another_protocol(const std::string& reason) {
  for (const char* tell : {"received invalid response to SSL negotiation",
                           "expected authentication request from server",
                           "received invalid response to GSSAPI negotiation",
                           "invalid integer value", "unexpected message from server"}) {
    if (reason.find(tell) != std::string::npos) return true;
  }
  return false;
}

std::string connection_hint(const ConnectionSettings& settings, const std::string& reason) {
  std::string host = settings.host.empty() ? "localhost" : settings.host;
  int port = settings.port ? settings.port : 5432;
  if (answered_in_another_protocol(reason)) {
    return "check the port (--url, DATABASE_URL, PGPORT): PostgreSQL listens on 5432 unless "
           "configured otherwise";
  }
  if (reason.find("password authentication failed") != std::string::npos ||
      reason.find("no password supplied") != std::string::npos ||
      reason.find("SCRAM") != std::string::npos) {
    return fmt::format(
        "check the password for user \"{}\" (in the URL, DATABASE_URL, PGPASSWORD, "
        "POSTGRES_PASSWORD or .env)",
        settings.user);
  }
  if (reason.find("database \"") != std::string::npos &&
      reason.find("does not exist") != std::string::npos) {
    return "check the database name, or create the database: `sleet up` creates it and "
           "migrates, as does `sleet migrate --create-database`; `sleet db create` only creates "
           "it";
  }
  if (reason.find("role \"") != std::string::npos &&
      reason.find("does not exist") != std::string::npos) {
    return "check the user name";
  }
  return fmt::format(
      "is the server running on {} and accepting connections on port {}? Start it, or "
      "check the host and port (--url, DATABASE_URL, PGHOST/PGPORT)",
      host, port);
}

Error connection_error(const ConnectionSettings& settings, const std::string& libpq_message) {
  std::string reason = scrub_password(one_line(libpq_message), settings.password);
  std::string hint = connection_hint(settings, reason);
  if (answered_in_another_protocol(reason)) {
    reason = fmt::format(
        "the server on {} port {} is not a PostgreSQL server (it answered with something other "
        "than the PostgreSQL protocol)",
        settings.host.empty() ? "localhost" : settings.host, settings.port ? settings.port : 5432);
  }
  std::string message = scrub_password(
      fmt::format("cannot connect to database \"{}\" on host {} port {} as user \"{}\": {}",
                  settings.database.empty() ? settings.user : settings.database,
                  settings.host.empty() ? "localhost" : settings.host,
                  settings.port ? settings.port : 5432, settings.user, reason),
      settings.password);
  return Error(ErrorKind::Connection, message,
               scrub_password(settings.describe(), settings.password),
               scrub_password(hint, settings.password));
}

// The object named in a server message: `permission denied for schema public` -> public.
std::string object_after(const std::string& message, const std::string& prefix) {
  auto at = message.find(prefix);
  if (at == std::string::npos) return "";
  std::string name = message.substr(at + prefix.size());
  return name.substr(0, name.find(' '));
}

// What to do about errors the server gives no hint for but a user can fix.
std::string hint_for_server_error(const std::string& sqlstate, const std::string& message,
                                  const std::string& user) {
  std::string role = user.empty() ? "the connecting role" : fmt::format("role \"{}\"", user);
  std::string grantee = user.empty() ? "ROLE" : sql::quote_identifier(user);
  if (sqlstate == "25006") {
    return "the database is read-only: default_transaction_read_only is on for it, or this "
           "is a standby (replica); connect to the primary, or turn it off with ALTER DATABASE "
           "... SET default_transaction_read_only = off";
  }
  if (sqlstate != "42501") return "";
  if (std::string schema = object_after(message, "permission denied for schema ");
      !schema.empty()) {
    return fmt::format(
        "{} may not create objects in schema \"{}\"; run GRANT CREATE ON SCHEMA {} TO {} (as "
        "the schema's owner or a superuser), or migrate as the role that owns the schema",
        role, schema, sql::quote_identifier(schema), grantee);
  }
  if (std::string database = object_after(message, "permission denied for database ");
      !database.empty()) {
    return fmt::format(
        "{} may not create schemas in database \"{}\" (sleet creates the schema of its "
        "tracking table); run GRANT CREATE ON DATABASE {} TO {}, or create the schema first "
        "and grant {} CREATE on it",
        role, database, sql::quote_identifier(database), grantee, user.empty() ? "the role" : user);
  }
  return fmt::format(
      "{} lacks a privilege the statement needs; grant it, or migrate as the "
      "role that owns the objects",
      role);
}

void collect_notice(void* notices, const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && text.back() == '\n') text.pop_back();
  static_cast<std::vector<std::string>*>(notices)->push_back(std::move(text));
}

}  // namespace

struct Connection::State {
  PGconn* connection = nullptr;
  PGcancel* canceller = nullptr;
  ConnectionSettings settings;
  std::vector<std::string> notices;

  ~State() {
    if (canceller) PQfreeCancel(canceller);
    if (connection) PQfinish(connection);
  }

  // Throws DatabaseError unless `result` is a success.
  Result check(PGresult* raw) {
    Result result(raw);
    ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY ||
        status == PGRES_COPY_IN || status == PGRES_COPY_OUT) {
      return result;
    }
    auto field = [&](int code) -> std::string {
      const char* value = raw ? PQresultErrorField(raw, code) : nullptr;
      return value ? scrub_password(value, settings.password) : "";
    };
    std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
    std::string sqlstate = field(PG_DIAG_SQLSTATE);
    if (message.empty()) {
      // libpq's own text: the server's last words ("FATAL:  terminating connection due to
      // administrator command") and then its guesses; the first line says what happened.
      std::string text = PQerrorMessage(connection);
      text = text.substr(0, text.find('\n'));
      for (const char* prefix : {"FATAL:  ", "ERROR:  "}) {
        if (text.starts_with(prefix)) text = text.substr(std::string_view(prefix).size());
      }
      message = scrub_password(text.empty() ? one_line(PQerrorMessage(connection)) : text,
                               settings.password);
      if (sqlstate.empty() && PQstatus(connection) == CONNECTION_BAD) sqlstate = "08006";
    }
    std::string hint = field(PG_DIAG_MESSAGE_HINT);
    if (hint.empty()) hint = hint_for_server_error(sqlstate, message, settings.user);
    std::string position_text = field(PG_DIAG_STATEMENT_POSITION);
    int position = position_text.empty() ? 0 : std::atoi(position_text.c_str());
    throw DatabaseError(message, settings.describe(), hint, sqlstate, position,
                        field(PG_DIAG_MESSAGE_DETAIL));
  }
};

Connection::Connection(const ConnectionSettings& settings) : state_(std::make_unique<State>()) {
  state_->settings = settings;
  ConnectParameters parameters(settings);
  state_->connection = PQconnectdbParams(parameters.keywords(), parameters.values(), 0);
  if (!state_->connection) {
    throw Error(ErrorKind::Connection, "cannot connect: out of memory", settings.describe());
  }
  if (PQstatus(state_->connection) != CONNECTION_OK) {
    throw connection_error(settings, PQerrorMessage(state_->connection));
  }
  PQsetNoticeProcessor(state_->connection, collect_notice, &state_->notices);
  state_->canceller = PQgetCancel(state_->connection);
}

Connection::~Connection() = default;
Connection::Connection(Connection&& other) noexcept = default;
Connection& Connection::operator=(Connection&& other) noexcept = default;

Result Connection::execute(std::string_view sql) {
  std::string text(sql);
  return state_->check(PQexec(state_->connection, text.c_str()));
}

Result Connection::query(std::string_view sql, const std::vector<Parameter>& parameters) {
  std::string text(sql);
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const Parameter& parameter : parameters) {
    values.push_back(parameter ? parameter->c_str() : nullptr);
  }
  return state_->check(PQexecParams(state_->connection, text.c_str(),
                                    static_cast<int>(values.size()), nullptr, values.data(),
                                    nullptr, nullptr, 0));
}

void Connection::pipeline(const std::vector<PipelinedQuery>& queries,
                          const std::function<void(std::size_t, Result)>& each) {
  PGconn* connection = state_->connection;
  if (PQenterPipelineMode(connection) != 1) {
    state_->check(nullptr);  // throws with libpq's reason
  }
  std::size_t sent = 0;
  for (const PipelinedQuery& query : queries) {
    std::vector<const char*> values;
    values.reserve(query.parameters.size());
    for (const Parameter& parameter : query.parameters)
      values.push_back(parameter ? parameter->c_str() : nullptr);
    if (PQsendQueryParams(connection, query.sql.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0) != 1) {
      break;
    }
    ++sent;
  }
  PQpipelineSync(connection);
  std::exception_ptr failure;
  for (std::size_t i = 0; i < sent; ++i) {
    PGresult* raw = PQgetResult(connection);
    // Each query's results end with a null result.
    while (PGresult* extra = raw ? PQgetResult(connection) : nullptr) PQclear(extra);
    if (failure || (raw && PQresultStatus(raw) == PGRES_PIPELINE_ABORTED)) {
      PQclear(raw);
      continue;
    }
    try {
      each(i, state_->check(raw));
    } catch (...) {
      failure = std::current_exception();
    }
  }
  // The sync point, then the connection leaves pipeline mode idle.
  while (PGresult* rest = PQgetResult(connection)) {
    const bool sync = PQresultStatus(rest) == PGRES_PIPELINE_SYNC;
    PQclear(rest);
    if (sync) break;
  }
  PQexitPipelineMode(connection);
  if (failure) std::rethrow_exception(failure);
  if (sent < queries.size()) state_->check(nullptr);
}

std::vector<std::string> Connection::take_notices() {
  return std::exchange(state_->notices, {});
}

bool Connection::cancel() {
  if (!state_ || !state_->canceller) return false;
  char error[256];
  return PQcancel(state_->canceller, error, sizeof error) == 1;
}

bool Connection::is_open() const {
  return state_ && state_->connection && PQstatus(state_->connection) == CONNECTION_OK;
}

bool Connection::is_idle() const {
  return is_open() && PQtransactionStatus(state_->connection) == PQTRANS_IDLE;
}

int Connection::server_version() const {
  return PQserverVersion(state_->connection);
}
const ConnectionSettings& Connection::settings() const {
  return state_->settings;
}
pg_conn* Connection::native() const {
  return state_ ? state_->connection : nullptr;
}

// ---------------------------------------------------------------------------------------
// wait_for_server

void wait_for_server(const ConnectionSettings& settings, double seconds) {
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(std::max(0.0, seconds)));
  ConnectParameters parameters(settings);
  while (true) {
    double remaining = std::chrono::duration<double>(deadline - Clock::now()).count();
    // libpq rounds connect_timeout below 2 up to 2; keep each attempt short anyway.
    int timeout = std::clamp(static_cast<int>(std::ceil(remaining)), 2, 5);
    if (!settings.options.contains("connect_timeout")) {
      parameters.override("connect_timeout", std::to_string(timeout));
    }
    PGPing ping = PQpingParams(parameters.keywords(), parameters.values(), 0);
    if (ping == PQPING_OK) return;
    if (ping == PQPING_NO_ATTEMPT) {
      throw Error(ErrorKind::Usage, "invalid connection settings", settings.describe(),
                  "check the connection URL and PG* variables");
    }
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(250), deadline - Clock::now()));
  }
  // The final attempt gives the server's (or the network's) reason.
  try {
    Connection last_try(settings);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("gave up after waiting {:g} s: {}", seconds, e.what()),
                e.where(), e.hint());
  }
}

}  // namespace sleet::db
