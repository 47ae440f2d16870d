// Connection settings: URL parsing, describing without passwords, precedence, .env files.
#include <gtest/gtest.h>

#include "sleet/db.h"
#include "support/test_files.h"

namespace sleet::db {
namespace {

TEST(ParseConnectionString, DecodesPercentEncodedPassword) {
  auto settings = parse_connection_string("postgres://app:p%40ss%2Fw0rd@db.example:6543/shop");
  EXPECT_EQ(settings.user, "app");
  EXPECT_EQ(settings.password, "p@ss/w0rd");
  EXPECT_EQ(settings.host, "db.example");
  EXPECT_EQ(settings.port, 6543);
  EXPECT_EQ(settings.database, "shop");
  EXPECT_TRUE(settings.options.empty());
}

TEST(ParseConnectionString, AcceptsIpv6HostAndQueryParameters) {
  auto settings = parse_connection_string(
      "postgresql://u@[::1]:5433/db?sslmode=disable&application_name=sleet&connect_timeout=3");
  EXPECT_EQ(settings.host, "::1");
  EXPECT_EQ(settings.port, 5433);
  EXPECT_EQ(settings.options.at("sslmode"), "disable");
  EXPECT_EQ(settings.options.at("application_name"), "sleet");
  EXPECT_EQ(settings.options.at("connect_timeout"), "3");
  EXPECT_EQ(settings.describe(), "u@[::1]:5433/db");
}

TEST(ParseConnectionString, AcceptsKeywordValueForm) {
  auto settings = parse_connection_string("host=/var/run/postgresql dbname=x user=y");
  EXPECT_EQ(settings.host, "/var/run/postgresql");
  EXPECT_EQ(settings.database, "x");
  EXPECT_EQ(settings.user, "y");
  EXPECT_EQ(settings.port, 0);
}

TEST(ParseConnectionString, RejectsBadInputWithoutLeakingThePassword) {
  try {
    parse_connection_string("postgres://u:hunter2@[::1/db");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_EQ(error.describe().find("hunter2"), std::string::npos) << error.describe();
  }
  EXPECT_THROW(parse_connection_string("postgres://u@h:notaport/db"), Error);
  EXPECT_THROW(parse_connection_string("postgres://u@h:70000/db"), Error);
}

TEST(ConnectionSettings, DescribeNeverShowsThePassword) {
  auto settings = parse_connection_string("postgres://app:s3cr%3At@localhost:5432/shop");
  EXPECT_EQ(settings.describe(), "app@localhost:5432/shop");
  EXPECT_EQ(settings.url().find("s3cr"), std::string::npos);
  EXPECT_EQ(settings.url(), "postgres://app@localhost:5432/shop");
  // The full URL round-trips through libpq's parser.
  EXPECT_EQ(parse_connection_string(settings.url(true)), settings);
}

TEST(ConnectionSettings, UrlRoundTripsOptionsAndSocketHosts) {
  ConnectionSettings settings;
  settings.host = "/tmp/sock dir";
  settings.user = "me";
  settings.password = "a b&c";
  settings.database = "d/b";
  settings.options["sslmode"] = "disable";
  EXPECT_EQ(parse_connection_string(settings.url(true)), settings);
}

TEST(ScrubPassword, RemovesLiteralEncodedAndUrlForms) {
  EXPECT_EQ(scrub_password("failed for p@ss/w0rd and p%40ss%2Fw0rd", "p@ss/w0rd"),
            "failed for **** and ****");
  EXPECT_EQ(scrub_password("lower p%40ss%2fw0rd", "p@ss/w0rd"), "lower ****");
  EXPECT_EQ(scrub_password("see postgres://bob:xyz@host/db"), "see postgres://bob:****@host/db");
  EXPECT_EQ(scrub_password("host=h password='a b' user=u"), "host=h password=**** user=u");
}

Environment fake(std::map<std::string, std::string> variables) {
  return Environment::from_map(std::move(variables), "test");
}

TEST(ResolveConnection, UsesDefaultsWhenNothingIsSet) {
  auto resolved = resolve_connection({.environment = fake({})});
  EXPECT_EQ(resolved.settings.describe(), "postgres@localhost:5432/postgres");
  EXPECT_EQ(resolved.sources.at("host"), "default");
  EXPECT_FALSE(resolved.sources.contains("password"));
}

TEST(ResolveConnection, EachLayerBeatsTheOnesBelowFieldByField) {
  std::map<std::string, std::string> variables = {
      {"POSTGRES_HOST", "docker-host"}, {"POSTGRES_PORT", "1111"},
      {"POSTGRES_USER", "docker-user"}, {"POSTGRES_PASSWORD", "docker-pw"},
      {"POSTGRES_DB", "docker-db"},
  };
  auto resolved = resolve_connection({.environment = fake(variables)});
  EXPECT_EQ(resolved.settings.describe(), "docker-user@docker-host:1111/docker-db");
  EXPECT_EQ(resolved.settings.password, "docker-pw");
  EXPECT_EQ(resolved.sources.at("port"), "POSTGRES_PORT (test)");

  variables["PGHOST"] = "pg-host";
  variables["PGPASSWORD"] = "pg-pw";
  variables["PGSSLMODE"] = "require";
  resolved = resolve_connection({.environment = fake(variables)});
  EXPECT_EQ(resolved.settings.describe(), "docker-user@pg-host:1111/docker-db");
  EXPECT_EQ(resolved.settings.password, "pg-pw");
  EXPECT_EQ(resolved.settings.options.at("sslmode"), "require");
  EXPECT_EQ(resolved.sources.at("host"), "PGHOST (test)");
  EXPECT_EQ(resolved.sources.at("sslmode"), "PGSSLMODE (test)");

  variables["DATABASE_URL"] = "postgres://env-user@env-host/env-db?sslmode=disable";
  resolved = resolve_connection({.environment = fake(variables)});
  EXPECT_EQ(resolved.settings.describe(), "env-user@env-host:1111/env-db");
  EXPECT_EQ(resolved.settings.password, "pg-pw");  // the URL has none: a lower layer fills in
  EXPECT_EQ(resolved.settings.options.at("sslmode"), "disable");
  EXPECT_EQ(resolved.sources.at("user"), "DATABASE_URL (test)");

  ConnectionRequest request{.config_database = "config-db", .environment = fake(variables)};
  resolved = resolve_connection(request);
  EXPECT_EQ(resolved.settings.describe(), "env-user@env-host:1111/config-db");
  EXPECT_EQ(resolved.sources.at("database"), "config database");

  request.config_url = "postgres://config-user@config-host:2222/config-url-db";
  resolved = resolve_connection(request);
  EXPECT_EQ(resolved.settings.describe(), "config-user@config-host:2222/config-url-db");
  EXPECT_EQ(resolved.sources.at("host"), "config url");

  request.url_flag = "postgres://flag-user:flag-pw@flag-host/flag-db";
  resolved = resolve_connection(request);
  EXPECT_EQ(resolved.settings.describe(), "flag-user@flag-host:2222/flag-db");
  EXPECT_EQ(resolved.settings.password, "flag-pw");
  EXPECT_EQ(resolved.sources.at("password"), "--url");
  EXPECT_EQ(resolved.sources.at("port"), "config url");
}

TEST(ResolveConnection, DatabaseDefaultsToTheUser) {
  auto resolved = resolve_connection({.environment = fake({{"PGUSER", "alice"}})});
  EXPECT_EQ(resolved.settings.database, "alice");
}

TEST(ResolveConnection, NamesTheLayerOfABadValue) {
  try {
    resolve_connection({.environment = fake({{"PGPORT", "abc"}})});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_EQ(error.where(), "PGPORT (test)");
  }
  try {
    resolve_connection({.url_flag = "postgres://u:pw@[::1", .environment = fake({})});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), "--url");
    EXPECT_EQ(error.describe().find(":pw@"), std::string::npos);
  }
}

TEST(EnvFile, ParsesCommentsExportQuotesAndEscapes) {
  auto values = parse_env_file(
      "# a comment\n"
      "\n"
      "PLAIN=value # trailing comment\n"
      "export EXPORTED=yes\n"
      "SINGLE='it has # and \\n literally'\n"
      "DOUBLE=\"line1\\nline2 \\\"quoted\\\"\"\n"
      "SPACED = padded value  \r\n"
      "EMPTY=\n"
      "URL=postgres://u:p#x@h/db\n"
      "MULTI=\"first\n"
      "second\"\n",
      ".env");
  EXPECT_EQ(values.at("PLAIN"), "value");
  EXPECT_EQ(values.at("EXPORTED"), "yes");
  EXPECT_EQ(values.at("SINGLE"), "it has # and \\n literally");
  EXPECT_EQ(values.at("DOUBLE"), "line1\nline2 \"quoted\"");
  EXPECT_EQ(values.at("SPACED"), "padded value");
  EXPECT_EQ(values.at("EMPTY"), "");
  EXPECT_EQ(values.at("URL"), "postgres://u:p#x@h/db");
  EXPECT_EQ(values.at("MULTI"), "first\nsecond");
  EXPECT_EQ(values.size(), 8u);
}

TEST(EnvFile, ReportsTheLineOfAnError) {
  try {
    parse_env_file("A=1\nB=2\nthis is not an assignment\n", "app/.env");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_EQ(error.where(), "app/.env:3");
  }
  EXPECT_THROW(parse_env_file("A=\"never closed\n", ".env"), Error);
}

TEST(EnvFile, RealEnvironmentWinsOverTheFile) {
  testing::TemporaryDirectory project;
  auto file = project.write(".env", "DATABASE_URL=postgres://file@filehost/db\nPGPORT=7777\n");
  Environment real = fake({{"DATABASE_URL", "postgres://real@realhost/db"}});
  Environment merged = environment_with_env_file(real, project.path(), std::nullopt);
  EXPECT_EQ(merged.get("DATABASE_URL"), "postgres://real@realhost/db");
  EXPECT_EQ(merged.get("PGPORT"), "7777");
  EXPECT_EQ(merged.find("PGPORT")->origin, file.string());

  auto resolved = resolve_connection({.environment = merged});
  EXPECT_EQ(resolved.settings.describe(), "real@realhost:7777/db");
  EXPECT_EQ(resolved.sources.at("port"), "PGPORT (" + file.string() + ")");
}

TEST(EnvFile, ExplicitFileMustExistButProjectFileIsOptional) {
  testing::TemporaryDirectory project;
  Environment real = fake({{"X", "1"}});
  EXPECT_EQ(environment_with_env_file(real, project.path(), std::nullopt).get("X"), "1");
  EXPECT_THROW(environment_with_env_file(real, project.path(), project.path() / "missing.env"),
               Error);
  auto other = project.write("other.env", "Y=2\n");
  EXPECT_EQ(environment_with_env_file(real, project.path(), other).get("Y"), "2");
}

TEST(PoolOptions, ReadsTheEnvironmentAndRejectsNonsense) {
  auto defaults = PoolOptions::from_environment(fake({}));
  EXPECT_EQ(defaults.max_size, 10u);
  EXPECT_EQ(defaults.idle_timeout, std::chrono::seconds(30));
  auto custom = PoolOptions::from_environment(
      fake({{"DATABASE_POOL_SIZE", "3"}, {"DATABASE_IDLE_TIMEOUT", "1.5"}}));
  EXPECT_EQ(custom.max_size, 3u);
  EXPECT_EQ(custom.idle_timeout, std::chrono::milliseconds(1500));
  EXPECT_THROW(PoolOptions::from_environment(fake({{"DATABASE_POOL_SIZE", "0"}})), Error);
  EXPECT_THROW(PoolOptions::from_environment(fake({{"DATABASE_POOL_SIZE", "2.5"}})), Error);
  EXPECT_THROW(PoolOptions::from_environment(fake({{"DATABASE_IDLE_TIMEOUT", "soon"}})), Error);
}

}  // namespace
}  // namespace sleet::db
