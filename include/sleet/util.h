// What several modules need and none owns: reading and writing whole files, SHA-256 (the
// `hash` drizzle stores for a migration file, also seeds'), and the one worker pool.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sleet {

// Lowercase hex SHA-256 of `bytes` (OpenSSL).
std::string sha256_hex(std::string_view bytes);

// Reads `path` whole. Throws sleet::Error (Usage) naming the path when it cannot be read
// (missing, a directory, no permission).
std::string read_text_file(const std::filesystem::path& path);

// Writes `text` to `path` (replacing it). Throws sleet::Error (Usage) when it cannot.
void write_text_file(const std::filesystem::path& path, std::string_view text);

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
