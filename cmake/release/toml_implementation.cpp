// toml++'s compiled part, for the release link. Debian ships toml++ as a shared library only;
// sleet's objects are compiled for that library (TOML_HEADER_ONLY=0), so the release binary
// gets the same definitions from this one translation unit instead, and sleet's objects stay
// byte-identical to the normal build's.
#define TOML_IMPLEMENTATION 1
#include <toml++/toml.h>
