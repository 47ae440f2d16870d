// Whether a connection reaches the server directly or through a proxy such as PgBouncer.
#pragma once

#include "sleet/db.h"

namespace sleet::db {

// True when something stands between this client and the server backend that answers it:
// the backend's view of its client (inet_client_addr/port, or for a unix socket the peer
// process) is not this client's socket. A connection pooler is such a proxy, and so is a
// NAT'd or forwarded port; callers must be correct either way and may only use the answer
// to avoid what breaks through a pooler (session state). Throws DatabaseError when the
// query fails.
bool is_behind_a_proxy(Connection& connection);

}  // namespace sleet::db
