// The one worker pool: independent pieces of work on every core (schema files parsed, a
// folder's snapshots read).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace sleet {

// Calls `work(i)` for each i in [0, count), on up to `threads` threads (0: one per core),
// this one included; returns when all are done. `work` must not throw: callers keep each
// item's error and report them in order. Helper threads end here (libpg_query frees a
// thread's parser memory when the thread ends).
template <typename Work>
void for_each_index_in_parallel(std::size_t count, unsigned threads, Work work) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<std::size_t> next{0};
  auto run = [&] {
    for (std::size_t i = next++; i < count; i = next++) work(i);
  };
  std::size_t helpers = std::min<std::size_t>(threads - 1, count > 1 ? count - 1 : 0);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < helpers; ++t) pool.emplace_back(run);
  run();
  for (std::thread& thread : pool) thread.join();
}

}  // namespace sleet
