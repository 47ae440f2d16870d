// The db module: where to connect (settings resolved from flags, config, the environment
// and .env), RAII libpq connections and results, a small connection pool, and waiting for
// a server. libpq stays behind this header; nothing here prints or exits.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sleet/environment.h"
#include "sleet/error.h"

struct pg_conn;
struct pg_result;

namespace sleet::db {

// ---------------------------------------------------------------------------------------
// Settings

// Where and as whom to connect. Empty strings and port 0 mean "not set". `options` holds
// any other libpq keyword (sslmode, application_name, connect_timeout, options, ...).
struct ConnectionSettings {
  std::string host;  // a name, an IP address, or a unix socket directory (starts with '/')
  int port = 0;
  std::string user;
  std::string password;
  std::string database;
  std::map<std::string, std::string> options;

  // "user@host:port/database" for messages; never contains the password. Unset parts
  // are shown as libpq would fill them ("localhost", 5432).
  std::string describe() const;
  // A postgres:// URL with every part percent-encoded. The password is included only
  // when `with_password` is true; such a URL must never be printed.
  std::string url(bool with_password = false) const;

  bool operator==(const ConnectionSettings&) const = default;
};

// Parses a postgres:// or postgresql:// URL, or a libpq "key=value" string, with libpq's
// own parser (percent-encoding, [::1] hosts, ?sslmode=... parameters). Throws
// sleet::Error (Usage) with libpq's reason; the message never contains the password.
ConnectionSettings parse_connection_string(std::string_view text);

// `text` with `password` (literally and percent-encoded) and any URL userinfo password
// or "password=..." pair replaced by "****". Use on every message that may echo
// connection details.
std::string scrub_password(std::string text, std::string_view password = {});

// ---------------------------------------------------------------------------------------
// Resolution

// Everything that can say where to connect, highest precedence first. See
// docs/connections.md for the full rules.
struct ConnectionRequest {
  std::optional<std::string> url_flag;         // --url
  std::optional<std::string> config_url;       // `url` of the selected config target
  std::optional<std::string> config_database;  // `database` of the config target
  // DATABASE_URL, PG*, POSTGRES_*. Empty by default: pass Environment::process(),
  // usually through environment_with_env_file().
  Environment environment;
};

// Settings plus, for each one set, the source it came from ("--url", "config url",
// "config database", "DATABASE_URL (environment)", "PGHOST (/app/.env)", "default").
// Keys are "host", "port", "user", "password", "database" and libpq option names.
struct ResolvedConnection {
  ConnectionSettings settings;
  std::map<std::string, std::string> sources;
};

// Resolves settings field by field: each field comes from the highest layer that sets it,
// in the order --url, config url, config database, DATABASE_URL, PG* variables, POSTGRES_*
// variables, then defaults (localhost, 5432, user postgres, database = user). Throws
// sleet::Error (Usage) when a URL or port does not parse, naming the layer.
ResolvedConnection resolve_connection(const ConnectionRequest& request);

// True when `resolved` names a database server: where or as whom to connect (host,
// hostaddr, port, user, password, database, service, passfile) comes from a layer other
// than the defaults and the config's `database` (which picks a database, not a server).
// Session options alone (PGOPTIONS, PGAPPNAME, PGSSLMODE, PGCONNECT_TIMEOUT, ...) do not.
bool names_a_server(const ResolvedConnection& resolved);

// Variables set in `environment` that look like connection settings but that sleet does
// not read, such as DB_HOST, DB_URL, DATABASE_HOST, PGSQL_USER, PG_PORT or POSTGRES_URL.
// Sorted by name.
std::vector<std::string> unread_connection_variables(const Environment& environment);

// The sleet.toml line that maps `variables` (from unread_connection_variables) onto a
// connection URL, e.g. `url = "postgresql://${DB_USER}@${DB_HOST}:${DB_PORT}/${DB_NAME}"`,
// or `url = "${DB_URL}"`; empty when they name neither a URL nor a host.
std::string url_line_for(const std::vector<std::string>& variables);

// The error for a command that needs a database when nothing names one: exit 3, "no
// database configured", `why` the development database is not used instead, every place
// sleet reads a connection from, the unread look-alike variables of `environment` with
// the url line that maps them, and `development_hint` (how to get the development
// database; empty where it must not be offered, e.g. in production).
Error no_database_configured(const Environment& environment, const std::string& why,
                             const std::string& development_hint = {});

// ---------------------------------------------------------------------------------------
// Results and connections

// The result of one statement. Move-only; owns the libpq result. Values are text.
class Result {
 public:
  Result() = default;
  explicit Result(pg_result* result);
  ~Result();
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  int rows() const;
  int columns() const;
  std::string column_name(int column) const;
  // The column's type OID (pg_type.oid), e.g. 23 for integer, 3802 for jsonb.
  unsigned column_type(int column) const;
  // The column's index, or -1 when no column has that name.
  int column_index(std::string_view name) const;
  bool is_null(int row, int column) const;
  // The text value ("" for NULL). Valid while this Result lives.
  std::string_view value(int row, int column) const;
  // The text value, or nullopt for NULL.
  std::optional<std::string> get(int row, int column) const;
  // Rows affected by INSERT/UPDATE/DELETE/..., 0 when the command reports none.
  std::int64_t affected_rows() const;
  // The command tag, e.g. "INSERT 0 1".
  std::string command() const;

 private:
  pg_result* result_ = nullptr;
};

// A failed statement: the server's message, SQLSTATE and, when the server reports one,
// the 1-based character position inside the statement text. The server's HINT, if any,
// is the Error's hint. Kind is always ErrorKind::Failure.
class DatabaseError : public Error {
 public:
  DatabaseError(std::string message, std::string where, std::string hint, std::string sqlstate,
                int position, std::string detail);

  const std::string& sqlstate() const { return sqlstate_; }
  // 1-based character offset into the statement, or 0 when unknown.
  int position() const { return position_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string sqlstate_;
  int position_;
  std::string detail_;
};

// A query parameter in text form; nullopt is SQL NULL.
using Parameter = std::optional<std::string>;

// Conversions for Connection::query's variadic form.
inline Parameter to_parameter(std::nullptr_t) {
  return std::nullopt;
}
inline Parameter to_parameter(std::nullopt_t) {
  return std::nullopt;
}
inline Parameter to_parameter(const char* value) {
  return value ? Parameter(value) : std::nullopt;
}
inline Parameter to_parameter(std::string_view value) {
  return std::string(value);
}
inline Parameter to_parameter(const std::string& value) {
  return value;
}
inline Parameter to_parameter(bool value) {
  return value ? "true" : "false";
}
template <typename T>
requires std::is_integral_v<T> &&(!std::is_same_v<T, bool>)Parameter to_parameter(T value) {
  return std::to_string(value);
}
template <typename T>
Parameter to_parameter(const std::optional<T>& value) {
  return value ? to_parameter(*value) : std::nullopt;
}

// One open libpq connection. Move-only (a moved-from Connection may only be destroyed or
// assigned); closing happens on destruction. Not thread-safe, except cancel(), which may
// be called from any thread while a statement runs.
class Connection {
 public:
  // Connects (connect_timeout defaults to 10 seconds). Throws sleet::Error (Connection)
  // naming host, port, database and user, with the server's reason and a hint; the
  // password never appears in it.
  explicit Connection(const ConnectionSettings& settings);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` with the simple query protocol: several statements separated by ';' are
  // allowed and run as one implicit transaction unless they contain BEGIN/COMMIT.
  // Returns the last statement's result. Throws DatabaseError on failure.
  Result execute(std::string_view sql);

  // Runs one statement with $1, $2, ... bound to `parameters` (text; nullopt is NULL).
  // Values are never spliced into the SQL. Throws DatabaseError on failure.
  Result query(std::string_view sql, const std::vector<Parameter>& parameters);
  template <typename... Args>
  Result query(std::string_view sql, const Args&... args) {
    return query(sql, std::vector<Parameter>{to_parameter(args)...});
  }

  // One query of a pipeline: its SQL and $1, $2, ... parameters.
  struct PipelinedQuery {
    std::string sql;
    std::vector<Parameter> parameters;
  };
  // Sends every query at once (libpq's pipeline mode), so the server runs them back to back
  // instead of waiting for the client between them, and calls `each(i, result)` for each in
  // order as it arrives: the caller's work on one result overlaps the server's on the next.
  // Throws DatabaseError for the first query that fails (the ones after it do not run), or
  // what `each` throws, only after every result was read: the connection stays usable.
  // Outside a transaction the queries run as one implicit transaction, as one simple-query
  // string of several statements does.
  void pipeline(const std::vector<PipelinedQuery>& queries,
                const std::function<void(std::size_t, Result)>& each);

  // Server notices (NOTICE, WARNING, ...) received since the last call, oldest first;
  // libpq would otherwise print them to stderr.
  std::vector<std::string> take_notices();

  // Asks the server to cancel the statement running on this connection; the statement
  // then fails with SQLSTATE 57014. Safe from another thread. Returns false when the
  // request could not be sent.
  bool cancel();

  // True while the connection is open and usable.
  bool is_open() const;
  // True when no transaction block is open (idle, not in a failed transaction).
  bool is_idle() const;
  // The server version number, e.g. 150004.
  int server_version() const;
  const ConnectionSettings& settings() const;
  // The underlying libpq handle, for code that needs libpq directly (COPY, ...).
  pg_conn* native() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// ---------------------------------------------------------------------------------------
// Transactions

struct TransactionOptions {
  enum class Isolation { Default, ReadCommitted, RepeatableRead, Serializable };
  Isolation isolation = Isolation::Default;
  bool read_only = false;
};

// One transaction block on a connection: BEGIN when constructed, COMMIT only through
// commit(), ROLLBACK otherwise when the scope ends (an exception, an early return). The
// rollback on scope exit never throws and never hides the error that caused it: when it
// fails, the connection is left as it is (libpq reports it broken or inside a failed
// transaction, and the server ends the transaction when the connection closes). Move-only;
// the connection must outlive it.
class Transaction {
 public:
  // BEGIN [ISOLATION LEVEL ...] [READ ONLY]. Throws DatabaseError when the server refuses
  // (e.g. a transaction is already open on the connection).
  explicit Transaction(Connection& connection, TransactionOptions options = {});
  ~Transaction();
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // COMMIT. Throws DatabaseError when it fails; the transaction is over either way.
  void commit();
  // ROLLBACK now. Throws DatabaseError when it fails; the transaction is over either way.
  void rollback();
  // True until commit() or rollback() is called.
  bool is_open() const { return connection_ != nullptr; }

 private:
  Connection* connection_;
};

// A savepoint inside an open transaction: SAVEPOINT when constructed, RELEASE through
// release(), ROLLBACK TO (undoing only what ran since it) through rollback() or when the
// scope ends. Like Transaction, the rollback on scope exit never throws. `name` must be a
// plain identifier.
class Savepoint {
 public:
  Savepoint(Connection& connection, std::string name);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  void release();
  void rollback();

 private:
  Connection* connection_;
  std::string name_;
};

// Waits until the server described by `settings` accepts connections, checking a few times
// a second for up to `seconds`, and returns as soon as it does (credentials and the
// database are not checked, so a deploy step can create the database next). Throws
// sleet::Error (Connection) when time runs out: "gave up after waiting N s: " and the
// server's or network's reason.
void wait_for_server(const ConnectionSettings& settings, double seconds);

// ---------------------------------------------------------------------------------------
// Pool

struct PoolOptions {
  std::size_t max_size = 10;
  std::chrono::milliseconds idle_timeout{30'000};     // idle longer than this: closed
  std::chrono::milliseconds acquire_timeout{30'000};  // wait for a free slot at most this

  // Defaults overridden by DATABASE_POOL_SIZE and DATABASE_IDLE_TIMEOUT (seconds). Throws
  // sleet::Error (Usage) when one is not a positive number.
  static PoolOptions from_environment(const Environment& environment);
};

// At most max_size connections to one database, shared between threads. Thread-safe.
// Leases may outlive the pool object; their connections are then closed on release.
class ConnectionPool {
 public:
  // A borrowed connection, returned to the pool on destruction. Move-only. A connection
  // returned broken or inside a transaction block is closed instead of reused.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    friend class ConnectionPool;
    struct Shared;
    Lease(std::shared_ptr<Shared> pool, std::unique_ptr<Connection> connection);
    void release() noexcept;
    std::shared_ptr<Shared> pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Opens nothing yet: connections are made on demand.
  ConnectionPool(ConnectionSettings settings, PoolOptions options = {});
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection (closing those idle longer than idle_timeout first), a new one
  // while fewer than max_size exist, or else waits for one to be returned. Throws
  // sleet::Error (Connection) when connecting fails, and sleet::Error (Failure) when no
  // connection became free within acquire_timeout.
  Lease acquire();

  // Connections currently open (idle plus leased).
  std::size_t size() const;
  // Open connections not leased.
  std::size_t idle() const;
  const PoolOptions& options() const;

 private:
  std::shared_ptr<Lease::Shared> shared_;
};

}  // namespace sleet::db

namespace sleet::db {

// ---------------------------------------------------------------------------------------
// Databases on a server

// Whether `settings.database` exists, asked through the server's `postgres` maintenance
// database with the same credentials. Throws sleet::Error (Connection) as Connection does.
bool database_exists(const ConnectionSettings& settings);

// Creates `settings.database` when it does not exist (a concurrent creator is fine).
// Returns true when this call created it. Throws sleet::Error (Failure) naming the server
// when CREATE DATABASE is refused (e.g. no CREATEDB privilege).
bool create_database_if_missing(const ConnectionSettings& settings);

// Drops `settings.database` when it exists; with `disconnect_sessions`, other sessions are
// ended first (DROP DATABASE ... WITH (FORCE) from PostgreSQL 13, pg_terminate_backend before
// it). Returns true when this call dropped it; false when it did not exist or another session
// dropped it meanwhile.
bool drop_database(const ConnectionSettings& settings, bool disconnect_sessions);

}  // namespace sleet::db
