// Compiled as part of the sources module: plan sits above sources, so this must not compile.
#include "sleet/plan.h"
