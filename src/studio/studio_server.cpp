#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "sleet/error.h"
#include "sleet/studio.h"
#include "studio/access_guard.h"
#include "studio/studio_api.h"

namespace sleet::studio {

namespace {

// Ports tried after kDefaultPort when it is taken.
constexpr int kPortsToTry = 100;

bool is_wildcard_host(const std::string& host) {
  return host == "0.0.0.0" || host == "::" || host.empty();
}

// The Host names the studio answers to: the loopback names and the bound host.
std::vector<std::string> served_hosts(const std::string& host) {
  std::vector<std::string> hosts = {"127.0.0.1", "localhost", "::1"};
  if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
  return hosts;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, text.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

struct StudioServer::State {
  StudioOptions options;
  httplib::Server server;
  int port = 0;
  bool moved = false;
  std::unique_ptr<AccessGuard> guard;
  std::unique_ptr<StudioApi> api;
  // httplib's stop() does nothing before the loop runs: a stop asked for while run() starts
  // waits for the loop, and a stop asked for before run() makes run() return at once.
  std::mutex run_mutex;
  bool stopping = false;
  std::atomic<bool> in_run{false};

  void bind() {
    const std::string& host = options.host;
    if (options.port && *options.port == 0) {
      port = server.bind_to_any_port(host);
    } else if (options.port) {
      port = server.bind_to_port(host, *options.port) ? *options.port : -1;
      if (port < 0) {
        throw Error(ErrorKind::Failure, fmt::format("cannot listen on {}:{}", host, *options.port),
                    "",
                    "the port is taken (or the address is not this machine's); choose another "
                    "with --port, or leave --port out to take the first free one from 4983");
      }
    } else {
      port = -1;
      for (int candidate = kDefaultPort; candidate <= kDefaultPort + kPortsToTry; ++candidate) {
        if (server.bind_to_port(host, candidate)) {
          port = candidate;
          break;
        }
      }
      moved = port != kDefaultPort;
    }
    if (port <= 0) {
      throw Error(ErrorKind::Failure,
                  fmt::format("cannot listen on {}: ports {} to {} are taken", host, kDefaultPort,
                              kDefaultPort + kPortsToTry),
                  "", "choose a free port with --port");
    }
  }
};

StudioServer::StudioServer(StudioOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  StudioOptions& o = state_->options;
  if (!is_loopback_host(o.host) && !o.allow_remote) {
    throw Error(ErrorKind::Usage,
                fmt::format("--host {} is not a loopback address: anyone who can reach it could "
                            "try the studio",
                            o.host),
                "",
                "add --allow-remote to serve it anyway (the token is still required), or use "
                "an SSH tunnel to 127.0.0.1");
  }
  if (o.token.empty()) o.token = random_token();
  // httplib sets SO_REUSEPORT, which would let two studios share a port: only SO_REUSEADDR.
  state_->server.set_socket_options([](int socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  state_->server.set_keep_alive_timeout(2);
  state_->server.set_payload_max_length(16 * 1024 * 1024);
  state_->bind();
  std::vector<std::string> hosts = served_hosts(o.host);
  state_->guard =
      std::make_unique<AccessGuard>(o.token, hosts, state_->port, is_wildcard_host(o.host));
  state_->api = std::make_unique<StudioApi>(o, *state_->guard);
  state_->api->install(state_->server);
}

StudioServer::~StudioServer() {
  stop();
}

int StudioServer::port() const {
  return state_->port;
}

bool StudioServer::moved_from_default_port() const {
  return state_->moved;
}

const std::string& StudioServer::token() const {
  return state_->options.token;
}

std::string StudioServer::url() const {
  std::string host = state_->options.host;
  if (is_wildcard_host(host)) host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return fmt::format("http://{}:{}/?token={}", host, state_->port, state_->options.token);
}

bool StudioServer::run() {
  {
    std::lock_guard lock(state_->run_mutex);
    if (state_->stopping) return true;
    state_->in_run = true;
  }
  bool served = state_->server.listen_after_bind();
  state_->in_run = false;
  return served;
}

void StudioServer::stop() {
  {
    std::lock_guard lock(state_->run_mutex);
    state_->stopping = true;
  }
  while (state_->in_run && !state_->server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  state_->server.stop();
}

}  // namespace sleet::studio
