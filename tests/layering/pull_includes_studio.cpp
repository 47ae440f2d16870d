// Compiled as part of the pull module: the studio sits above pull, so this must not compile.
#include "sleet/studio.h"
