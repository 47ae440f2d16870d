#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--version") {
    std::printf("sleet %s\n", SLEET_VERSION);
    return 0;
  }
  return 0;
}
