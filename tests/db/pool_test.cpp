// ConnectionPool against the real test cluster: size limit under concurrency, reuse, idle
// timeout, waiting and its timeout.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "sleet/db.h"
#include "support/test_cluster.h"

namespace sleet::db {
namespace {

using sleet::testing::test_cluster;

// Server-side count of connections whose application_name is `name`.
int connections_named(const std::string& name) {
  auto result = test_cluster().connect().query(
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", name);
  return std::stoi(std::string(result.value(0, 0)));
}

ConnectionSettings named_settings(const std::string& name) {
  ConnectionSettings settings = test_cluster().settings();
  settings.options["application_name"] = name;
  return settings;
}

TEST(ConnectionPool, NeverOpensMoreThanMaxSizeUnderConcurrency) {
  ConnectionPool pool(named_settings("pool_limit"), {.max_size = 3});
  std::atomic<int> in_use{0};
  std::atomic<int> most_in_use{0};
  std::atomic<int> server_peak{0};
  std::vector<std::thread> workers;
  for (int worker = 0; worker < 8; ++worker) {
    workers.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        auto lease = pool.acquire();
        int now = ++in_use;
        int seen = most_in_use.load();
        while (now > seen && !most_in_use.compare_exchange_weak(seen, now)) {
        }
        auto result = lease->query(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE application_name = 'pool_limit'");
        int on_server = std::stoi(std::string(result.value(0, 0)));
        int peak = server_peak.load();
        while (on_server > peak && !server_peak.compare_exchange_weak(peak, on_server)) {
        }
        lease->execute("SELECT pg_sleep(0.01)");
        --in_use;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_LE(most_in_use.load(), 3);
  EXPECT_GE(most_in_use.load(), 2);  // the threads really overlapped
  EXPECT_LE(server_peak.load(), 3);
  EXPECT_LE(pool.size(), 3u);
  EXPECT_EQ(pool.idle(), pool.size());
}

TEST(ConnectionPool, ReusesReturnedConnections) {
  ConnectionPool pool(named_settings("pool_reuse"), {.max_size = 2});
  std::string first_pid;
  {
    auto lease = pool.acquire();
    first_pid = lease->execute("SELECT pg_backend_pid()").value(0, 0);
  }
  auto lease = pool.acquire();
  EXPECT_EQ(lease->execute("SELECT pg_backend_pid()").value(0, 0), first_pid);
  EXPECT_EQ(pool.size(), 1u);
}

TEST(ConnectionPool, ClosesConnectionsIdleLongerThanTheTimeout) {
  ConnectionPool pool(named_settings("pool_idle"),
                      {.max_size = 2, .idle_timeout = std::chrono::milliseconds(200)});
  std::string first_pid;
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    first_pid = a->execute("SELECT pg_backend_pid()").value(0, 0);
  }
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(connections_named("pool_idle"), 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto lease = pool.acquire();
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_NE(lease->execute("SELECT pg_backend_pid()").value(0, 0), first_pid);
  // The server sees the close asynchronously.
  for (int i = 0; i < 50 && connections_named("pool_idle") != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(connections_named("pool_idle"), 1);
}

TEST(ConnectionPool, WaitsForAReturnAndTimesOut) {
  ConnectionPool pool(test_cluster().settings(),
                      {.max_size = 1, .acquire_timeout = std::chrono::milliseconds(300)});
  auto held = pool.acquire();
  auto started = std::chrono::steady_clock::now();
  try {
    auto second = pool.acquire();
    FAIL() << "expected a timeout";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Failure);
    EXPECT_NE(std::string(error.what()).find("no database connection became free"),
              std::string::npos);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250));

  std::thread returner([lease = std::move(held)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ConnectionPool::Lease dropped = std::move(lease);
  });
  auto next = pool.acquire();  // waits for the returner
  EXPECT_EQ(next->execute("SELECT 1").value(0, 0), "1");
  returner.join();
}

TEST(ConnectionPool, DropsConnectionsReturnedInsideATransaction) {
  ConnectionPool pool(test_cluster().settings(), {.max_size = 2});
  {
    auto lease = pool.acquire();
    lease->execute("BEGIN");
  }
  EXPECT_EQ(pool.size(), 0u);
  auto lease = pool.acquire();
  EXPECT_TRUE(lease->is_idle());
}

TEST(ConnectionPool, LeaseMayOutliveThePool) {
  std::optional<ConnectionPool::Lease> lease;
  {
    ConnectionPool pool(test_cluster().settings(), {.max_size = 1});
    lease.emplace(pool.acquire());
  }
  EXPECT_EQ((*lease)->execute("SELECT 7").value(0, 0), "7");
  lease.reset();  // closes the connection instead of returning it
}

TEST(ConnectionPool, ConnectFailureFreesTheSlot) {
  ConnectionSettings settings = test_cluster().settings("pool_missing_db");
  ConnectionPool pool(settings, {.max_size = 1});
  EXPECT_THROW(pool.acquire(), Error);
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_THROW(pool.acquire(), Error);  // not a timeout: the slot was given back
}

}  // namespace
}  // namespace sleet::db
