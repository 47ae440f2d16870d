// One libFuzzer target: SLEET_FUZZ_ENTRY names the function of entry_points.h it feeds.
#include <cstddef>
#include <cstdint>

#include "entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sleet::fuzz::SLEET_FUZZ_ENTRY({reinterpret_cast<const char*>(data), size});
  return 0;
}
