// The bad-input catalogue's cases that need a misbehaving server (docs/reliability.md): one
// that drops the connection mid-migration, one that is not PostgreSQL, a read-only database,
// a role without CREATE. Each runs `sleet migrate` as a user would and checks the message,
// the exit code, that nothing was half-applied and that no password was printed.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "sleet/journal.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

void write_migrations(const fs::path& out,
                      const std::vector<std::pair<std::string, std::string>>& migrations) {
  MigrationFolder folder = MigrationFolder::open_or_create(out);
  std::int64_t when = 1700000000000;
  for (const auto& [name, text] : migrations) {
    folder.append({name, {text}, true, "", MigrationPrefix::Index, when += 1000});
  }
}

CommandResult migrate(const fs::path& directory, const std::string& url,
                      const std::string& extra = {}) {
  return run_sleet(fmt::format("migrate --url '{}' --out drizzle {}", url, extra), directory);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string single_value(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

int tracking_row_count(const std::string& database) {
  return std::stoi(single_value(
             "select count(*) from pg_tables where schemaname = 'drizzle' and tablename = "
             "'__drizzle_migrations'",
             database)) == 0
             ? 0
             : std::stoi(
                   single_value("select count(*) from drizzle.__drizzle_migrations", database));
}

// Waits (bounded, so a broken run fails instead of hanging) until `sql` returns a non-empty
// first value in `database`, and returns it.
std::string wait_for(const std::string& sql, const std::string& database) {
  for (int i = 0; i < 600; ++i) {
    auto result = test_cluster().execute(sql, database);
    if (result.rows() > 0 && !result.is_null(0, 0)) return std::string(result.value(0, 0));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

// The server ends the migrator's backend (pg_terminate_backend, as a failover or an admin
// does) while its second migration waits for a lock the test holds.
TEST(ServerFaults, ConnectionClosedMidMigration) {
  TemporaryDirectory dir;
  std::string database = test_cluster().fresh_database("terminated");
  test_cluster().execute("CREATE TABLE busy (id int)", database);
  write_migrations(dir.path() / "drizzle",
                   {{"a", "CREATE TABLE first_table (id int);"},
                    {"b",
                     "CREATE TABLE marker (id int);\n--> statement-breakpoint\n"
                     "ALTER TABLE busy ADD COLUMN note text;"}});
  db::Connection holder = test_cluster().connect(database);
  holder.execute("BEGIN");
  holder.execute("LOCK TABLE busy IN ACCESS SHARE MODE");
  std::string url = test_cluster().url(database);
  auto running =
      std::async(std::launch::async, [&] { return migrate(dir.path(), url, "--lock-timeout 60"); });
  std::string pid = wait_for(
      "select pid from pg_stat_activity where wait_event_type = 'Lock' and query like "
      "'%ALTER TABLE busy%' and pid <> pg_backend_pid()",
      database);
  ASSERT_FALSE(pid.empty()) << "the migration never waited for the lock";
  test_cluster().execute(fmt::format("select pg_terminate_backend({})", pid), database);
  CommandResult result = running.get();
  holder.execute("ROLLBACK");

  EXPECT_EQ(result.exit_code, 3) << result.err;
  // Off a terminal, migrate says which statement it starts, one plain line each.
  EXPECT_EQ(replace_all(result.err, dir.path().string() + "/", ""),
            "applying 0000_a: statement 1/1\n"
            "applying 0001_b: statement 1/2\n"
            "applying 0001_b: statement 2/2\n"
            "error: drizzle/0001_b.sql:3:1: migration 0001_b failed at statement 2 of 2: the "
            "server closed the connection: terminating connection due to administrator command\n"
            "  hint: the server rolled this migration back (earlier ones stay applied); when the "
            "server is back, run sleet migrate again\n");
  EXPECT_EQ(result.err.find(test_cluster().password()), std::string::npos);
  EXPECT_EQ(tracking_row_count(database), 1);
  EXPECT_EQ(single_value("select to_regclass('marker') is null", database), "t");

  CommandResult again = migrate(dir.path(), url);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(tracking_row_count(database), 2);
  EXPECT_EQ(single_value("select to_regclass('marker') is not null", database), "t");
}

// A TCP listener that answers every connection with an HTTP response and closes it: what a
// wrong port (a web server, a proxy) looks like.
class GarbageServer {
 public:
  GarbageServer() {
    socket_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(socket_, 16) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof address;
    getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      while (!stopping_) {
        int client = accept(socket_, nullptr, nullptr);
        if (client < 0) break;
        char buffer[512];
        [[maybe_unused]] auto received = recv(client, buffer, sizeof buffer, 0);
        const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
        [[maybe_unused]] auto sent = send(client, reply, sizeof reply - 1, MSG_NOSIGNAL);
        close(client);
      }
    });
  }
  ~GarbageServer() {
    stopping_ = true;
    shutdown(socket_, SHUT_RDWR);
    close(socket_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  int socket_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

TEST(ServerFaults, ServerThatIsNotPostgres) {
  TemporaryDirectory dir;
  write_migrations(dir.path() / "drizzle", {{"a", "CREATE TABLE a (id int);"}});
  GarbageServer server;
  std::string url =
      fmt::format("postgres://app:secret-pw@127.0.0.1:{}/app?connect_timeout=5", server.port());
  CommandResult result = migrate(dir.path(), url);
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_EQ(result.err,
            fmt::format("error: app@127.0.0.1:{0}/app: cannot connect to database "
                        "\"app\" on host 127.0.0.1 port {0} as user \"app\": the server on "
                        "127.0.0.1 port {0} is not a PostgreSQL server (it answered with "
                        "something other than the PostgreSQL protocol)\n"
                        "  hint: check the port (--url, DATABASE_URL, PGPORT): PostgreSQL listens "
                        "on 5432 unless configured otherwise\n",
                        server.port()));
  EXPECT_EQ(result.err.find("secret-pw"), std::string::npos);
}

TEST(ServerFaults, ReadOnlyDatabase) {
  TemporaryDirectory dir;
  std::string database = test_cluster().fresh_database("read_only");
  test_cluster().execute(
      fmt::format("ALTER DATABASE {} SET default_transaction_read_only = on", database));
  write_migrations(dir.path() / "drizzle", {{"a", "CREATE TABLE a (id int);"}});
  CommandResult result = migrate(dir.path(), test_cluster().url(database));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err,
            fmt::format("error: postgres@{}:{}/{}: database \"{}\" is read-only "
                        "(default_transaction_read_only is on): migrations cannot be applied to "
                        "it\n"
                        "  hint: connect to the primary if this is a replica's address; otherwise "
                        "turn it off: ALTER DATABASE ... SET default_transaction_read_only = off "
                        "(or ALTER ROLE ... SET, wherever it was set)\n",
                        test_cluster().host(), test_cluster().port(), database, database));
  EXPECT_EQ(result.err.find(test_cluster().password()), std::string::npos);
  EXPECT_EQ(single_value("select to_regclass('drizzle.__drizzle_migrations') is null", database),
            "t");
}

TEST(ServerFaults, RoleWithoutCreateOnTheSchema) {
  TemporaryDirectory dir;
  std::string database = test_cluster().fresh_database("no_create");
  test_cluster().execute(
      "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_reader') THEN "
      "CREATE ROLE app_reader LOGIN PASSWORD 'reader-pw'; END IF; END$$");
  test_cluster().execute(
      "CREATE SCHEMA drizzle; GRANT USAGE, CREATE ON SCHEMA drizzle TO app_reader; "
      "CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, "
      "created_at bigint); GRANT ALL ON ALL TABLES IN SCHEMA drizzle TO app_reader; "
      "GRANT ALL ON ALL SEQUENCES IN SCHEMA drizzle TO app_reader; "
      "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
      database);
  write_migrations(dir.path() / "drizzle", {{"a", "CREATE TABLE a (id int);"}});
  std::string url = fmt::format("postgres://app_reader:reader-pw@{}:{}/{}", test_cluster().host(),
                                test_cluster().port(), database);
  CommandResult result = migrate(dir.path(), url);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(replace_all(result.err, dir.path().string() + "/", ""),
            "applying 0000_a: statement 1/1\n"
            "error: drizzle/0000_a.sql:1:14: migration 0000_a failed at statement 1 of 1: "
            "permission denied for schema public\n"
            "  hint: role \"app_reader\" may not create objects in schema \"public\"; run "
            "GRANT CREATE ON SCHEMA \"public\" TO \"app_reader\" (as the schema's owner or a "
            "superuser), or migrate as the role that owns the schema\n"
            "  this migration was rolled back (earlier ones stay applied); fix it and run "
            "again\n");
  EXPECT_EQ(result.err.find("reader-pw"), std::string::npos);
  EXPECT_EQ(single_value("select to_regclass('public.a') is null", database), "t");
  EXPECT_EQ(tracking_row_count(database), 0);
}

}  // namespace
}  // namespace sleet::testing
