// The studio's doors: the token (query, cookie, bearer), the Host and Origin checks, no CORS,
// loopback only unless allowed, and the port rules.
#include <gtest/gtest.h>

#include "sleet/error.h"
#include "studio_test_support.h"

namespace sleet::testing {
namespace {

class StudioSecurity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new std::string(test_cluster().fresh_database("sec"));
  }
  static std::string* database_;
};
std::string* StudioSecurity::database_ = nullptr;

bool has_cors_headers(const httplib::Response& response) {
  for (const auto& [name, value] : response.headers) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.starts_with("access-control-")) return true;
  }
  return false;
}

TEST_F(StudioSecurity, ApiNeedsTheToken) {
  RunningStudio studio(*database_);
  auto client = studio.client();
  auto none = client.Get("/api/info");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  auto wrong = client.Get("/api/info", {{"Authorization", "Bearer " + std::string(64, '0')}});
  EXPECT_EQ(wrong->status, 401);
  auto cookie_wrong = client.Get(
      "/api/info", {{"Cookie", "sleet_studio_" + std::to_string(studio.port()) + "=nope"}});
  EXPECT_EQ(cookie_wrong->status, 401);
  // The token in the address opens only the page, never the API.
  auto query = client.Get("/api/info?token=" + studio.token());
  EXPECT_EQ(query->status, 401);
  auto right = client.Get("/api/info", studio.bearer());
  ASSERT_EQ(right->status, 200) << right->body;
  EXPECT_NE(right->body.find("\"read_only\":false"), std::string::npos) << right->body;
  // The page without a token says what to do and shows nothing else.
  auto page = client.Get("/");
  EXPECT_EQ(page->status, 401);
  EXPECT_EQ(client.Get("/app.js")->status, 401);
}

TEST_F(StudioSecurity, FirstLoadSetsAStrictHttpOnlyCookie) {
  RunningStudio studio(*database_);
  auto client = studio.client();
  auto first = client.Get("/?token=" + studio.token());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 303);
  EXPECT_EQ(first->get_header_value("Location"), "/");
  std::string cookie = first->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  std::string pair = cookie.substr(0, cookie.find(';'));
  EXPECT_EQ(pair, "sleet_studio_" + std::to_string(studio.port()) + "=" + studio.token());

  httplib::Headers with_cookie = {{"Cookie", "other=1; " + pair}};
  auto page = client.Get("/", with_cookie);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>sleet studio</title>"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(client.Get("/api/info", with_cookie)->status, 200);
  EXPECT_EQ(client.Get("/app.js", with_cookie)->status, 200);
  // A wrong token in the address sets nothing.
  auto wrong = client.Get("/?token=abc");
  EXPECT_EQ(wrong->status, 401);
  EXPECT_FALSE(wrong->has_header("Set-Cookie"));
}

TEST_F(StudioSecurity, ForeignOriginIsForbiddenWithoutCors) {
  RunningStudio studio(*database_);
  auto client = studio.client();
  std::string own = "http://127.0.0.1:" + std::to_string(studio.port());
  httplib::Headers headers = studio.bearer();
  headers.emplace("Origin", "http://evil.example");
  auto foreign = client.Get("/api/info", headers);
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403);
  EXPECT_FALSE(has_cors_headers(*foreign));

  auto sql = client.Post("/api/sql", headers, R"({"sql":"select 1"})", "application/json");
  EXPECT_EQ(sql->status, 403);
  EXPECT_FALSE(has_cors_headers(*sql));
  // A preflight gets nothing that would let the browser go on.
  auto preflight = client.Options(
      "/api/sql", {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight->status, 403);
  EXPECT_FALSE(has_cors_headers(*preflight));
  // Another port of this machine is another origin too.
  headers = studio.bearer();
  headers.emplace("Origin", "http://127.0.0.1:1");
  EXPECT_EQ(client.Get("/api/info", headers)->status, 403);
  headers = studio.bearer();
  headers.emplace("Origin", "null");
  EXPECT_EQ(client.Get("/api/info", headers)->status, 403);
  headers = studio.bearer();
  headers.emplace("Sec-Fetch-Site", "cross-site");
  EXPECT_EQ(client.Get("/api/info", headers)->status, 403);

  for (std::string origin : {own, "http://localhost:" + std::to_string(studio.port())}) {
    headers = studio.bearer();
    headers.emplace("Origin", origin);
    auto ok = client.Get("/api/info", headers);
    EXPECT_EQ(ok->status, 200) << origin;
    EXPECT_FALSE(has_cors_headers(*ok));
  }
}

TEST_F(StudioSecurity, ForeignHostIsForbidden) {
  RunningStudio studio(*database_);
  auto client = studio.client();
  // DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends its own name.
  for (std::string host : std::vector<std::string>{"evil.example:" + std::to_string(studio.port()),
                                                   "127.0.0.1", "localhost:1", ""}) {
    httplib::Headers headers = studio.bearer();
    headers.emplace("Host", host);
    auto answer = client.Get("/api/info", headers);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 403) << host;
    EXPECT_FALSE(has_cors_headers(*answer));
  }
  httplib::Headers headers = studio.bearer();
  headers.emplace("Host", "localhost:" + std::to_string(studio.port()));
  EXPECT_EQ(client.Get("/api/info", headers)->status, 200);
}

TEST_F(StudioSecurity, NonLoopbackHostNeedsAllowRemote) {
  EXPECT_TRUE(studio::is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(studio::is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(studio::is_loopback_host("::1"));
  EXPECT_TRUE(studio::is_loopback_host("localhost"));
  EXPECT_FALSE(studio::is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(studio::is_loopback_host("192.168.1.10"));
  EXPECT_FALSE(studio::is_loopback_host("::"));
  EXPECT_FALSE(studio::is_loopback_host("example.com"));
  for (const char* host : {"0.0.0.0", "192.168.1.10", "::"}) {
    studio::StudioOptions options;
    options.host = host;
    options.port = 0;
    try {
      studio::StudioServer server(options);
      ADD_FAILURE() << host << " was accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Usage);
      EXPECT_NE(std::string(error.what()).find("not a loopback address"), std::string::npos);
      EXPECT_NE(error.hint().find("--allow-remote"), std::string::npos);
    }
  }
}

TEST_F(StudioSecurity, PortGivenMustBeFreeDefaultMovesOn) {
  RunningStudio first(*database_);
  studio::StudioOptions taken;
  taken.port = first.port();
  EXPECT_THROW(studio::StudioServer server(taken), Error);

  // Hold the default port (unless someone else already does), then ask for the default.
  httplib::Server holder;
  holder.bind_to_port("127.0.0.1", studio::kDefaultPort);
  studio::StudioOptions defaults;
  studio::StudioServer moved(defaults);
  EXPECT_NE(moved.port(), studio::kDefaultPort);
  EXPECT_TRUE(moved.moved_from_default_port());
  EXPECT_GT(moved.port(), studio::kDefaultPort);
  EXPECT_NE(moved.url().find("http://127.0.0.1:" + std::to_string(moved.port()) + "/?token="),
            std::string::npos);
  EXPECT_EQ(moved.token().size(), 64u);
  EXPECT_NE(moved.token(), first.token());
}

}  // namespace
}  // namespace sleet::testing
