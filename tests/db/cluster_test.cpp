// The test cluster helper and LocalCluster itself.
#include <gtest/gtest.h>
#include <signal.h>

#include "sleet/db.h"
#include "db/local_cluster.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet {
namespace {

using sleet::testing::test_cluster;

TEST(TestCluster, RunsPostgres15OnLoopback) {
  auto& cluster = test_cluster();
  auto version = cluster.execute("SELECT version()").value(0, 0);
  EXPECT_NE(version.find("PostgreSQL 15"), std::string::npos) << version;
  EXPECT_EQ(cluster.host(), "127.0.0.1");
  auto settings = cluster.execute(
      "SELECT current_setting('fsync'), current_setting('listen_addresses'), "
      "current_setting('server_encoding'), current_setting('lc_collate')");
  EXPECT_EQ(settings.value(0, 0), "off");
  EXPECT_EQ(settings.value(0, 1), "127.0.0.1");
  EXPECT_EQ(settings.value(0, 2), "UTF8");
  EXPECT_EQ(settings.value(0, 3), "C");
}

TEST(TestCluster, UrlConnectsAndHidesNothingButIsNeverDescribedWithThePassword) {
  auto& cluster = test_cluster();
  std::string url = cluster.url("postgres");
  EXPECT_EQ(url.rfind("postgres://postgres:", 0), 0u) << "url must carry the password";
  auto settings = db::parse_connection_string(url);
  EXPECT_EQ(settings.password, cluster.password());
  db::Connection connection(settings);
  EXPECT_EQ(connection.execute("SELECT current_user").value(0, 0), "postgres");
  EXPECT_EQ(settings.describe().find(cluster.password()), std::string::npos);
}

TEST(TestCluster, FreshDatabasesAreEmptyAndIsolated) {
  auto& cluster = test_cluster();
  std::string first = cluster.fresh_database("iso");
  std::string second = cluster.fresh_database("iso");
  EXPECT_NE(first, second);
  cluster.execute("CREATE TABLE only_here (x int); INSERT INTO only_here VALUES (1)", first);
  EXPECT_EQ(cluster.execute("SELECT to_regclass('only_here') IS NULL", second).value(0, 0), "t");
  EXPECT_EQ(cluster.execute("SELECT count(*) FROM only_here", first).value(0, 0), "1");
  // Nothing leaked into the template either.
  std::string third = cluster.fresh_database("iso");
  EXPECT_EQ(cluster.execute("SELECT count(*) FROM pg_class WHERE relname = 'only_here'", third)
                .value(0, 0),
            "0");
  cluster.drop_database(first);
  EXPECT_THROW(cluster.connect(first), Error);
}

TEST(TestCluster, UnixSocketNeedsNoPassword) {
  db::ConnectionSettings settings;
  settings.host = test_cluster().socket_directory().string();
  settings.port = test_cluster().port();
  settings.user = "postgres";
  settings.database = "postgres";
  EXPECT_EQ(db::Connection(settings).execute("SELECT 1").value(0, 0), "1");
}

TEST(LocalCluster, InitialisesStartsStopsAndRemoves) {
  testing::TemporaryDirectory scratch;
  std::filesystem::path directory = scratch.path() / "nested" / "cluster";
  LocalClusterOptions options;
  options.directory = directory;
  options.password = "local-pw";
  LocalCluster cluster(options);
  EXPECT_FALSE(cluster.is_initialized());
  cluster.initialize();
  EXPECT_TRUE(cluster.is_initialized());
  EXPECT_THROW(cluster.initialize(), Error);
  cluster.start();
  EXPECT_TRUE(cluster.is_running());
  EXPECT_GT(cluster.server_pid(), 0);
  EXPECT_EQ(kill(cluster.server_pid(), 0), 0);
  db::Connection connection(cluster.settings());
  EXPECT_EQ(connection.execute("SELECT 1").value(0, 0), "1");

  db::ConnectionSettings wrong = cluster.settings();
  wrong.password = "other";
  EXPECT_THROW(db::Connection{wrong}, Error);  // TCP requires the password

  pid_t pid = cluster.server_pid();
  int port = cluster.port();
  cluster.stop();
  EXPECT_FALSE(cluster.is_running());
  EXPECT_NE(kill(pid, 0), 0);
  db::ConnectionSettings stopped = cluster.settings();
  stopped.port = port;
  EXPECT_THROW(db::Connection{stopped}, Error);

  cluster.start();  // a stopped cluster starts again with its data
  EXPECT_EQ(db::Connection(cluster.settings()).execute("SELECT 2").value(0, 0), "2");
  cluster.remove();
  EXPECT_FALSE(cluster.is_running());
  EXPECT_FALSE(std::filesystem::exists(directory));
}

}  // namespace
}  // namespace sleet
