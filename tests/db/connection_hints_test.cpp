// What names a server, and the look-alike variables the "no database configured" error
// names (pure: no server).
#include <gtest/gtest.h>

#include "sleet/db.h"

namespace sleet::db {
namespace {

ResolvedConnection resolve(std::map<std::string, std::string> variables,
                           std::optional<std::string> config_database = std::nullopt) {
  ConnectionRequest request;
  request.environment = Environment::from_map(std::move(variables));
  request.config_database = std::move(config_database);
  return resolve_connection(request);
}

TEST(ConnectionHints, SessionOptionsAndAConfigDatabaseNameNoServer) {
  EXPECT_FALSE(names_a_server(resolve({})));
  EXPECT_FALSE(names_a_server(resolve({{"PGOPTIONS", "-c work_mem=1MB"}})));
  EXPECT_FALSE(names_a_server(resolve({{"PGAPPNAME", "api"}, {"PGSSLMODE", "disable"}})));
  EXPECT_FALSE(names_a_server(resolve({}, "app_db")));
  EXPECT_TRUE(names_a_server(resolve({{"PGHOST", "db"}})));
  EXPECT_TRUE(names_a_server(resolve({{"PGDATABASE", "app"}})));
  EXPECT_TRUE(names_a_server(resolve({{"POSTGRES_PASSWORD", "x"}})));
  EXPECT_TRUE(names_a_server(resolve({{"DATABASE_URL", "postgres://h/d"}})));
  EXPECT_TRUE(names_a_server(resolve({{"PGSERVICE", "prod"}})));
}

TEST(ConnectionHints, LookAlikesAreNamedAndMappedOntoOneUrlLine) {
  Environment environment = Environment::from_map({{"DB_HOST", "db"},
                                                   {"DB_PORT", "5432"},
                                                   {"DB_USER", "app"},
                                                   {"DB_PASSWORD", "s3cret"},
                                                   {"DB_NAME", "shop"},
                                                   {"POSTGRES_HOST", "read by sleet"},
                                                   {"DB_EMPTY", ""},
                                                   {"UNRELATED", "x"}});
  auto names = unread_connection_variables(environment);
  EXPECT_EQ(names, (std::vector<std::string>{"DB_HOST", "DB_NAME", "DB_PASSWORD", "DB_PORT",
                                             "DB_USER"}));
  EXPECT_EQ(url_line_for(names),
            R"(url = "postgresql://${DB_USER}@${DB_HOST}:${DB_PORT}/${DB_NAME}")");

  EXPECT_EQ(url_line_for({"DB_HOST"}), R"(url = "postgresql://${DB_HOST}/DBNAME")");
  EXPECT_EQ(url_line_for({"DATABASE_HOST", "DATABASE_USER", "PGSQL_USER"}),
            R"(url = "postgresql://${DATABASE_USER}@${DATABASE_HOST}/DBNAME")");
  EXPECT_EQ(url_line_for({"DB_URL", "DB_HOST"}), R"(url = "${DB_URL}")");
  EXPECT_EQ(url_line_for({"DB_PORT"}), "");
  EXPECT_EQ(unread_connection_variables(Environment::from_map({{"POSTGRES_URL", "x"}})),
            std::vector<std::string>{"POSTGRES_URL"});
  EXPECT_TRUE(unread_connection_variables(
                  Environment::from_map({{"DATABASE_URL", "x"}, {"POSTGRES_DB", "y"}}))
                  .empty());
}

TEST(ConnectionHints, TheErrorIsAConnectionErrorListingWhatSleetReads) {
  Error error = no_database_configured(
      Environment::from_map({{"DB_HOST", "db"}, {"DB_PASSWORD", "s3cret"}}), "CI is set",
      "pass --dev");
  EXPECT_EQ(error.exit_code(), 3);
  std::string text = error.describe();
  EXPECT_NE(text.find("no database configured: CI is set"), std::string::npos) << text;
  EXPECT_NE(text.find("DATABASE_URL"), std::string::npos) << text;
  EXPECT_NE(text.find("DB_HOST, DB_PASSWORD"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(url = "postgresql://${DB_HOST}/DBNAME")"), std::string::npos) << text;
  EXPECT_NE(text.find("hint: pass --dev"), std::string::npos) << text;
  std::string production =
      no_database_configured(Environment::from_map({}), "marked production").describe();
  EXPECT_EQ(production.find("--dev"), std::string::npos) << "nothing offered: " << production;
  EXPECT_EQ(text.find("s3cret"), std::string::npos) << "values are never printed";
}

}  // namespace
}  // namespace sleet::db
