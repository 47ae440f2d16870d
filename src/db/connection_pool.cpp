// ConnectionPool: a bounded set of connections shared between threads.
#include <fmt/format.h>

#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "sleet/db.h"

namespace sleet::db {
namespace {

using Clock = std::chrono::steady_clock;

struct IdleConnection {
  std::unique_ptr<Connection> connection;
  Clock::time_point since;
};

std::optional<double> parse_positive_number(const std::string& text) {
  double value = 0;
  auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc() || end != text.data() + text.size() || !(value > 0)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

// Everything leases and the pool share; outlives the pool while leases exist.
struct ConnectionPool::Lease::Shared {
  ConnectionSettings settings;
  PoolOptions options;
  mutable std::mutex mutex;
  std::condition_variable returned;
  std::deque<IdleConnection> idle;  // most recently returned at the back
  std::size_t open = 0;             // idle plus leased
  bool closed = false;              // the pool object is gone
};

PoolOptions PoolOptions::from_environment(const Environment& environment) {
  PoolOptions options;
  if (auto found = environment.find("DATABASE_POOL_SIZE")) {
    auto value = parse_positive_number(found->value);
    if (!value || *value != static_cast<double>(static_cast<std::size_t>(*value))) {
      throw Error(ErrorKind::Usage,
                  fmt::format("DATABASE_POOL_SIZE must be a positive whole number, not \"{}\"",
                              found->value),
                  found->origin, "for example DATABASE_POOL_SIZE=10");
    }
    options.max_size = static_cast<std::size_t>(*value);
  }
  if (auto found = environment.find("DATABASE_IDLE_TIMEOUT")) {
    auto value = parse_positive_number(found->value);
    if (!value) {
      throw Error(ErrorKind::Usage,
                  fmt::format("DATABASE_IDLE_TIMEOUT must be a positive number of seconds, not "
                              "\"{}\"",
                              found->value),
                  found->origin, "for example DATABASE_IDLE_TIMEOUT=30");
    }
    options.idle_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(*value * 1000));
  }
  return options;
}

ConnectionPool::Lease::Lease(std::shared_ptr<Shared> pool, std::unique_ptr<Connection> connection)
    : pool_(std::move(pool)), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::move(other.pool_)), connection_(std::move(other.connection_)) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::move(other.pool_);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

ConnectionPool::Lease::~Lease() {
  release();
}

void ConnectionPool::Lease::release() noexcept {
  if (!pool_ || !connection_) return;
  std::unique_ptr<Connection> to_close;
  {
    std::lock_guard lock(pool_->mutex);
    // A connection left mid-transaction would leak that state into the next borrower.
    if (pool_->closed || !connection_->is_idle()) {
      to_close = std::move(connection_);
      --pool_->open;
    } else {
      connection_->take_notices();
      pool_->idle.push_back({std::move(connection_), Clock::now()});
    }
  }
  pool_->returned.notify_one();
  pool_.reset();
}

ConnectionPool::ConnectionPool(ConnectionSettings settings, PoolOptions options)
    : shared_(std::make_shared<Lease::Shared>()) {
  if (options.max_size == 0) options.max_size = 1;
  shared_->settings = std::move(settings);
  shared_->options = options;
}

ConnectionPool::~ConnectionPool() {
  std::deque<IdleConnection> to_close;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->closed = true;
    shared_->open -= shared_->idle.size();
    to_close.swap(shared_->idle);
  }
}

ConnectionPool::Lease ConnectionPool::acquire() {
  Lease::Shared& pool = *shared_;
  auto deadline = Clock::now() + pool.options.acquire_timeout;
  std::vector<IdleConnection> expired;  // closed after the lock is released
  std::unique_lock lock(pool.mutex);
  while (true) {
    auto now = Clock::now();
    while (!pool.idle.empty() && now - pool.idle.front().since > pool.options.idle_timeout) {
      expired.push_back(std::move(pool.idle.front()));
      pool.idle.pop_front();
      --pool.open;
    }
    if (!pool.idle.empty()) {
      auto connection = std::move(pool.idle.back().connection);
      pool.idle.pop_back();
      return Lease(shared_, std::move(connection));
    }
    if (pool.open < pool.options.max_size) {
      ++pool.open;
      lock.unlock();
      expired.clear();
      try {
        return Lease(shared_, std::make_unique<Connection>(pool.settings));
      } catch (...) {
        lock.lock();
        --pool.open;
        lock.unlock();
        pool.returned.notify_one();
        throw;
      }
    }
    if (pool.returned.wait_until(lock, deadline) == std::cv_status::timeout && pool.idle.empty() &&
        pool.open >= pool.options.max_size) {
      throw Error(ErrorKind::Failure,
                  fmt::format("no database connection became free within {} ms (all {} in use)",
                              pool.options.acquire_timeout.count(), pool.options.max_size),
                  pool.settings.describe(),
                  "raise DATABASE_POOL_SIZE, or release connections sooner");
    }
  }
}

std::size_t ConnectionPool::size() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->open;
}

std::size_t ConnectionPool::idle() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->idle.size();
}

const PoolOptions& ConnectionPool::options() const {
  return shared_->options;
}

}  // namespace sleet::db
