#include "db/connection_route.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <string>

namespace sleet::db {

bool is_behind_a_proxy(Connection& connection) {
  int socket = PQsocket(connection.native());
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (socket < 0 || getsockname(socket, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
    return true;  // unknown: assume the worst
  }
  auto seen = connection.execute("select inet_client_port(), pg_backend_pid()");
  if (local.ss_family == AF_UNIX) {
    // Over a unix socket the peer is the backend itself, or a pooler's process.
    ucred peer{};
    socklen_t peer_length = sizeof peer;
    if (getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &peer, &peer_length) != 0) return true;
    return std::to_string(peer.pid) != seen.value(0, 1);
  }
  int port = local.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
  return seen.is_null(0, 0) || std::string(seen.value(0, 0)) != std::to_string(port);
}

}  // namespace sleet::db
